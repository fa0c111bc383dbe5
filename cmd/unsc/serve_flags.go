package main

import (
	"errors"
	"net/url"
	"time"

	"unsc/api"
	"unsc/api/webhook"
	"unsc/models"
)

// apiFlags adds serve's flags that tune the API, and returns what makes
// the API's options of them once they are parsed.
func apiFlags(c *command, addr *string) func(stopping chan struct{}) []api.Option {
	publicURL := new(string)
	c.Func("public-url", "the `URL` clients reach the board at, for the links of the calendar file and the feeds and the feeds' ids; default http:// and --addr (env UNSC_PUBLIC_URL)",
		func(v string) error {
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
				return errors.New("must be an absolute http or https URL without query or fragment, such as https://unsc.example.org")
			}
			*publicURL = v
			return nil
		})
	streamsPerClient := c.intFlag("streams-per-client", api.DefaultStreamsPerClient, 1,
		"`N` change streams one client address may hold open, at least 1; more get 429 (env UNSC_STREAMS_PER_CLIENT)")
	streamsTotal := c.intFlag("streams-total", api.DefaultStreamsTotal, 1,
		"`N` change streams open at once in all, at least 1; more get 503 (env UNSC_STREAMS_TOTAL)")
	streamIdle := c.durationFlag("stream-idle", api.DefaultStreamIdle,
		"close a change stream that delivered no event for this long (env UNSC_STREAM_IDLE)")
	authFailures := c.intFlag("auth-failures", api.DefaultAuthFailures, 1,
		"`N` failed authentications from one address or token within --auth-window before 429, at least 1 (env UNSC_AUTH_FAILURES)")
	authWindow := c.durationFlag("auth-window", api.DefaultAuthWindow,
		"the span failures are counted over, and how long a throttled client waits (env UNSC_AUTH_WINDOW)")
	authTracked := c.intFlag("auth-tracked", api.DefaultAuthTracked, 1,
		"`N` failing addresses and tokens remembered at most, at least 1 (env UNSC_AUTH_TRACKED)")
	cacheMaxAge := c.durationOrZeroFlag("cache-max-age", api.DefaultCacheMaxAge,
		"how long a shared cache may serve a public read without asking again; writes show through it within this time (env UNSC_CACHE_MAX_AGE)")
	cacheStale := c.durationOrZeroFlag("cache-stale", api.DefaultCacheStale,
		"how long past --cache-max-age a shared cache may serve a public read while it fetches the new one (stale-while-revalidate) (env UNSC_CACHE_STALE)")
	embedAncestors := embedFlag(c)
	research := researchFlags(c)
	return func(stopping chan struct{}) []api.Option {
		return []api.Option{api.WithStreamLimits(*streamsPerClient, *streamsTotal, *streamIdle),
			api.WithAuthThrottle(*authFailures, *authWindow, *authTracked), api.WithShutdown(stopping),
			api.WithPublicURL(publicOr(*publicURL, *addr)), api.WithEmbedAncestors(*embedAncestors),
			api.WithCacheLifetimes(*cacheMaxAge, *cacheStale), research()}
	}
}

// researchFlags adds serve's flags that bound the computation of the
// record's answers, and returns what makes the option of them.
func researchFlags(c *command) func() api.Option {
	burst := c.Int("research-burst", api.DefaultResearchBurst,
		"research answers one client address may have computed at once; answers from the cache are free (env UNSC_RESEARCH_BURST)")
	every := c.Duration("research-every", time.Duration(float64(time.Second)/api.DefaultResearchRate),
		"after --research-burst, one research answer computed per client address this often; more get 429 (env UNSC_RESEARCH_EVERY)")
	slots := c.Int("research-slots", api.DefaultResearchSlots,
		"research answers computed at once in all; more wait in line, then 503 (env UNSC_RESEARCH_SLOTS)")
	return func() api.Option {
		rate := 0.0
		if *every > 0 {
			rate = float64(time.Second) / float64(*every)
		}
		return api.WithResearchLimits(*burst, rate, *slots)
	}
}

// webhookFlagValues are serve's flags for sending webhooks.
type webhookFlagValues struct {
	private                  *bool
	timeout, first, retryFor *time.Duration
}

func webhookFlags(c *command) webhookFlagValues {
	return webhookFlagValues{
		private: c.Bool("webhooks-private", false,
			"let webhooks reach private, loopback and link-local addresses, for tests and local use (env UNSC_WEBHOOKS_PRIVATE)"),
		timeout: c.durationFlag("webhook-timeout", webhook.DefaultTimeout,
			"how long one webhook attempt may take, connecting to reading the answer (env UNSC_WEBHOOK_TIMEOUT)"),
		first: c.durationFlag("webhook-retry-first", models.DefaultRetry.First,
			"the first wait before a failed webhook delivery is tried again; each wait doubles, to at most 2h (env UNSC_WEBHOOK_RETRY_FIRST)"),
		retryFor: c.durationFlag("webhook-retry-for", models.DefaultRetry.For,
			"how long a failing webhook delivery is retried before its webhook is disabled (env UNSC_WEBHOOK_RETRY_FOR)"),
	}
}

// publicOr is the board's public address: the one given, else the
// listen address over plain HTTP.
func publicOr(public, addr string) string {
	if public != "" {
		return public
	}
	return "http://" + addr
}
