// Package api serves the tracker's JSON API over HTTP: routing, request
// and response shapes, authentication and errors. Domain rules live in
// models; the board's pages in api/board, the OpenAPI document's
// generator in api/openapi, and the HTTP plumbing in api/internal.
package api

import (
	"log/slog"
	"net/http"
	"time"

	"unsc/api/board"
	"unsc/api/internal/cache"
	"unsc/api/internal/httpx"
	"unsc/api/internal/metrics"
	"unsc/api/internal/streams"
	"unsc/api/internal/throttle"

	"github.com/prometheus/client_golang/prometheus"
)

// MaxBodyBytes bounds a request body.
const MaxBodyBytes = httpx.MaxBodyBytes

// Store is what the API asks of the store: each resource's part is
// declared beside its handlers, so a handler reads without the store's
// internals; the board's reads, and the pools' figures for /metrics. The
// change counter the caches are stamped with is the stream's
// (streamStore.DataVersion).
type Store interface {
	authStore
	calendarStore
	draftStore
	feedStore
	healthStore
	linkStore
	meetingStore
	memberStore
	positionStore
	presidencyStore
	recordStore
	replayStore
	searchStore
	sourceStore
	voteStore
	streamStore
	webhookStore
	board.Store
	PoolCollectors() []prometheus.Collector
}

// Handler answers HTTP requests from the store.
type Handler struct {
	store    Store
	log      *slog.Logger
	board    *board.Board
	throttle *throttle.Auth
	research *throttle.Research
	// researchBurst and researchRate are the per-client research bounds,
	// for the problem that refuses a client over them.
	researchBurst int
	researchRate  float64
	cache         *cache.Cache
	ids           *httpx.RequestIDs
	metrics       *metrics.Metrics
	streams       *streams.Slots
	shutdown      <-chan struct{}              // closed when the server stops: streams end
	kinds         map[string]map[string]string // write route's method -> path -> the kind of write it makes
	public        string                       // the board's address, for absolute links (WithPublicURL)
	// embedAncestors are the sites that may frame the embed (WithEmbedAncestors).
	embedAncestors string
	// publicCache is the public reads' Cache-Control (WithCacheLifetimes).
	publicCache []string
	// dbTimeout bounds a request's database calls (WithDBTimeout).
	dbTimeout time.Duration
}

// New returns the tracker's HTTP handler; opts change its limits.
func New(store Store, log *slog.Logger, opts ...Option) http.Handler {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	h := &Handler{store: store, log: log, board: board.New(store, log, o.publicURL),
		throttle: throttle.New(time.Now, o.authFailures, o.authWindow, o.authTracked),
		ids:      httpx.NewRequestIDs(), metrics: metrics.New(store.PoolCollectors()...),
		streams: streams.NewSlots(o.streamsPerClient, o.streamsTotal, o.streamIdle), shutdown: o.shutdown, kinds: map[string]map[string]string{}, public: o.publicURL,
		embedAncestors: o.embedAncestors, dbTimeout: o.dbTimeout}
	h.cache = cache.New(store.DataVersion, h.fail)
	h.publicCache = publicCacheControl(o.cacheMaxAge, o.cacheStale)
	h.research = throttle.NewResearch(time.Now, o.researchBurst, o.researchRate, o.researchSlots, researchQueue, researchWait, researchTracked)
	h.researchBurst, h.researchRate = o.researchBurst, o.researchRate
	return h.router()
}
