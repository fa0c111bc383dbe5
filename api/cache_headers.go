package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// Defaults for how long a shared cache (a reverse proxy, a CDN) may serve
// a public read without asking again. Votes are live: a few seconds of
// freshness take most of the load of a crowd reloading the board while
// a vote is taken, and a write shows through the cache within that time.
const (
	// DefaultCacheMaxAge is the max-age of a public read.
	DefaultCacheMaxAge = 5 * time.Second
	// DefaultCacheStale is its stale-while-revalidate: how long past
	// max-age a cache may answer with what it holds while it fetches
	// the new answer in the background.
	DefaultCacheStale = 30 * time.Second
)

// WithCacheLifetimes sets the max-age and stale-while-revalidate of the
// public reads' Cache-Control. Zero is allowed (max-age=0 makes a cache
// revalidate every time, cheaply, with the ETag); a negative value keeps
// the default.
func WithCacheLifetimes(maxAge, stale time.Duration) Option {
	return func(o *options) {
		if maxAge >= 0 {
			o.cacheMaxAge = maxAge
		}
		if stale >= 0 {
			o.cacheStale = stale
		}
	}
}

// Cache-Control values. A read that needs a key is that key's alone: no
// cache may keep it, not even the client's. A write, a stream and the
// process's own figures (/metrics, /healthz, /readyz) are never kept.
// Problems say no-store themselves (httpx), whatever the route.
var (
	privateNoStore = []string{"private, no-store"}
	noStore        = []string{"no-store"}
	// longLived is for what changes only with a release: the document
	// and the stylesheet.
	longLived = []string{"public, max-age=300"}
)

// publicCacheControl is the Cache-Control of a public read. Public reads
// ignore any key a client sends, and the server does not compress or
// negotiate, so the answer depends on the URL alone: no Vary.
func publicCacheControl(maxAge, stale time.Duration) []string {
	return []string{fmt.Sprintf("public, max-age=%d, stale-while-revalidate=%d", seconds(maxAge), seconds(stale))}
}

func seconds(d time.Duration) int64 { return int64((d + time.Second - 1) / time.Second) }

// cacheable reports whether a route's GET answer is public and kept by
// the response cache: every read that depends on the database alone, the
// board's pages as much as the API's answers; not a stream, not the
// process's own figures, nor a read that needs a key.
func (rt route) cacheable() bool {
	return rt.method == http.MethodGet && !rt.live && !rt.write && (strings.HasPrefix(rt.path, "/v1/") || rt.doc.Media == "text/html")
}

// cacheControl sets the Cache-Control a route's answers carry, before the
// handler runs, so a 304 and an answer from the response cache carry it
// too.
func (h *Handler) cacheControl(rt route) gin.HandlerFunc {
	value := noStore
	switch {
	case rt.cacheable():
		value = h.publicCache
	case rt.write && rt.method == http.MethodGet:
		value = privateNoStore
	}
	return setCacheControl(value)
}

func setCacheControl(value []string) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Writer.Header()["Cache-Control"] = value
		c.Next()
	}
}

// tagged is the route's doc with what the response cache adds to a
// public read: a strong ETag, and 304 to an If-None-Match naming it.
func (rt route) tagged() op {
	doc := rt.doc
	if rt.research() && !slices.Contains(doc.Extra, http.StatusTooManyRequests) {
		doc.Extra = append(slices.Clone(doc.Extra), http.StatusTooManyRequests)
	}
	if rt.cacheable() {
		doc.ETag = true
		if !slices.Contains(doc.Headers, "ETag") {
			doc.Headers = append(slices.Clone(doc.Headers), "ETag")
		}
	}
	return doc
}
