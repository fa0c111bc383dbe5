package api

import (
	"errors"
	"strings"
	"time"
	"unicode"
)

// Defaults for the limits New applies when no Option changes them.
const (
	// DefaultStreamsPerClient is how many change streams one client
	// address may hold open: a newsroom behind one NAT address has a few
	// dozen desks, each with a board or a script following the feed.
	DefaultStreamsPerClient = 32
	// DefaultStreamsTotal is how many change streams the server holds
	// open in all. Each holds a connection, a file descriptor and a
	// goroutine; 512 stays well under the common soft limit of 1024
	// descriptors, leaving the rest for ordinary requests and the database.
	DefaultStreamsTotal = 512
	// DefaultStreamIdle is how long a change stream stays open without
	// delivering an event; heartbeats do not count. A client that still
	// wants the feed reconnects with Last-Event-ID and misses nothing.
	DefaultStreamIdle = 10 * time.Minute
	// DefaultAuthFailures is how many failed authentications within
	// DefaultAuthWindow make the failing client wait.
	DefaultAuthFailures = 10
	// DefaultAuthWindow is both the span over which failures are counted
	// and how long a client that reached DefaultAuthFailures waits.
	DefaultAuthWindow = time.Minute
	// DefaultAuthTracked is how many failing clients and presented token
	// prefixes the throttle remembers at most; beyond it the oldest are
	// forgotten.
	DefaultAuthTracked = 10000
)

// Option changes one of the limits New applies.
type Option func(*options)

type options struct {
	streamsPerClient, streamsTotal int
	streamIdle                     time.Duration
	authFailures, authTracked      int
	authWindow                     time.Duration
	shutdown                       <-chan struct{}
	publicURL                      string
	embedAncestors                 string
	cacheMaxAge, cacheStale        time.Duration
	dbTimeout                      time.Duration
	researchBurst, researchSlots   int
	researchRate                   float64
}

func defaultOptions() options {
	return options{
		streamsPerClient: DefaultStreamsPerClient, streamsTotal: DefaultStreamsTotal, streamIdle: DefaultStreamIdle,
		authFailures: DefaultAuthFailures, authWindow: DefaultAuthWindow, authTracked: DefaultAuthTracked,
		publicURL: DefaultPublicURL, embedAncestors: DefaultEmbedAncestors, cacheMaxAge: DefaultCacheMaxAge, cacheStale: DefaultCacheStale,
		dbTimeout:     DefaultDBTimeout,
		researchBurst: DefaultResearchBurst, researchRate: DefaultResearchRate, researchSlots: DefaultResearchSlots,
	}
}

// WithStreamLimits bounds the change streams (GET /v1/changes/stream):
// perClient open at once from one client address (more get 429), total
// open at once in all (more get 503), and idle, how long a stream stays
// open without delivering an event. A value of zero or less keeps that
// limit's default: no limit can be switched off.
func WithStreamLimits(perClient, total int, idle time.Duration) Option {
	return func(o *options) {
		setPositive(&o.streamsPerClient, perClient)
		setPositive(&o.streamsTotal, total)
		setPositive(&o.streamIdle, idle)
	}
}

// setPositive sets *dst to v unless v is zero or less: a limit can be
// changed, never switched off.
func setPositive[T int | time.Duration](dst *T, v T) {
	if v > 0 {
		*dst = v
	}
}

// WithAuthThrottle sets how failed authentication is slowed down: after
// failures failed attempts within window from one client address, or with
// one token prefix, further failures get 429 for window; tracked bounds how
// many addresses and prefixes are remembered. A valid token is never
// refused. A value of zero or less keeps that setting's default.
func WithAuthThrottle(failures int, window time.Duration, tracked int) Option {
	return func(o *options) {
		setPositive(&o.authFailures, failures)
		setPositive(&o.authWindow, window)
		setPositive(&o.authTracked, tracked)
	}
}

// WithShutdown ends every change stream when done is closed: a server
// shutting down waits for requests in flight, and a stream never ends by
// itself. Clients reconnect with Last-Event-ID and miss nothing.
func WithShutdown(done <-chan struct{}) Option {
	return func(o *options) { o.shutdown = done }
}

// DefaultPublicURL is where the board is reached when no WithPublicURL
// says otherwise.
const DefaultPublicURL = "http://127.0.0.1:8080"

// WithPublicURL is the address clients reach the board at, such as
// https://unsc.example.org, for the links of the calendar file, the feeds
// and oEmbed: their clients need absolute links, and taking them from the
// request's Host header would let one client's header reach everyone
// through the response cache. oEmbed takes only links to this address
// as its own. An empty value keeps the default.
func WithPublicURL(u string) Option {
	return func(o *options) {
		if u != "" {
			o.publicURL = strings.TrimRight(u, "/")
		}
	}
}

// DefaultEmbedAncestors lets any site frame a draft's embed: it shows
// what the board shows anyway, and a newsroom should not have to ask.
const DefaultEmbedAncestors = "*"

// WithEmbedAncestors names the sites that may frame /embed/drafts/{id}: a
// space-separated list of Content-Security-Policy frame-ancestors sources
// such as "https://news.example.org https://*.example.net", checked with
// CheckEmbedAncestors. Every other page keeps frame-ancestors 'none'. An
// empty value keeps the default, any site.
func WithEmbedAncestors(sources string) Option {
	return func(o *options) {
		if s := strings.Join(strings.Fields(sources), " "); s != "" {
			o.embedAncestors = s
		}
	}
}

// CheckEmbedAncestors refuses what would break out of the
// frame-ancestors directive: a semicolon would start another directive
// (and could undo the policy), a comma another policy, a control
// character another header line.
func CheckEmbedAncestors(sources string) error {
	for _, r := range sources {
		switch {
		case r == ';':
			return errors.New("must not contain ';': it would end the frame-ancestors directive")
		case r == ',':
			return errors.New("must not contain ',': sources are separated by spaces")
		case unicode.IsControl(r) && r != '\t':
			return errors.New("must not contain control characters")
		}
	}
	return nil
}
