// Package cache keeps rendered GET responses while the database stays as
// it was.
package cache

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
)

// Cache keeps rendered GET responses while the database stays as
// it was. Each request first reads the store's data version (an atomic
// load of the change counter that every write, in any process, bumps
// before it is acknowledged); an entry is served only if it was built at
// that very version, so a read that starts after a write's 2xx always
// sees the write.
//
// Entries are keyed by the request's canonical form (httpx.Canonical):
// every spelling of one question shares one entry. Identical requests
// that miss at once are computed once (flights). What one client alone
// asked for is bounded (see store.go), so that no client can evict what
// others use.
type Cache struct {
	version func(context.Context) (int64, error) // the store's data version
	fail    func(*gin.Context, error)            // answers an error as a problem
	flights flights

	mu    sync.Mutex
	built int64 // the data version the entries were built at
	kept  *entries
}

type cachedResponse struct {
	body        []byte
	contentType string
	etag        string
}

// New returns an empty cache whose entries are good while version reads
// what it read when they were built; fail answers a request whose version
// the database did not give within its deadline.
func New(version func(context.Context) (int64, error), fail func(*gin.Context, error)) *Cache {
	return &Cache{version: version, fail: fail, kept: newEntries()}
}

// get returns the answer kept under key at version, for the request c.
func (rc *Cache) get(version int64, key string, c *gin.Context) *cachedResponse {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.built != version {
		return nil
	}
	return rc.kept.get(key, func() string { return clientOf(c) })
}

// clientOf is whom the cache counts an answer against: the client's
// address, an IPv6 one by its /64.
func clientOf(c *gin.Context) string { return "client " + httpx.ClientKey(c.ClientIP()) }

// put keeps an entry built at version. Entries of older versions are
// dropped as soon as a newer one arrives; an entry older than what the
// cache holds is not kept.
func (rc *Cache) put(version int64, key, client string, e *cachedResponse) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	switch {
	case version < rc.built:
		return
	case version > rc.built:
		rc.built, rc.kept = version, newEntries()
	}
	rc.kept.put(key, client, e)
}

// Serve returns the middleware that serves a GET from the cache when the
// database has not changed since the response was built, and keeps fresh
// 200 responses up to maxBody bytes (MaxBody, or MaxBulkBody for a route
// that answers a whole table). Every 200 it serves carries a strong ETag
// (the handler's own, or one computed from the bytes) and an
// If-None-Match naming it is answered 304, so a cache in front
// revalidates for the price of a header.
func (rc *Cache) Serve(maxBody int) gin.HandlerFunc {
	return func(c *gin.Context) {
		version, err := rc.version(c.Request.Context())
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			// The database did not answer within the deadline of a
			// database call: asking it again for the answer itself
			// would make the client wait twice as long for the 503.
			rc.fail(c, err)
			c.Abort()
			return
		case err != nil:
			c.Next() // the handler reports the database's trouble
			return
		}
		// The request was made canonical before (httpx.Canonical).
		key := c.Request.URL.RequestURI()
		if e := rc.get(version, key, c); e != nil {
			answer(c, e)
			return
		}
		flight := strconv.FormatInt(version, 10) + " " + key
		e, led := rc.flights.do(c.Request.Context(), flight, func() *cachedResponse {
			if e := rc.get(version, key, c); e != nil {
				return e // kept by a flight that ended just now
			}
			return rc.build(c, version, key, clientOf(c), maxBody)
		})
		switch {
		case e != nil:
			answer(c, e)
		case led:
		case c.Request.Context().Err() != nil:
			c.Abort() // the client left while it waited
		default:
			// The leader's answer was not for sharing (a problem, a 304,
			// too large) or this client left: answer for itself.
			c.Next()
		}
	}
}

// build runs the handler, answers with what it wrote and keeps it when
// it is a fresh 200. It returns the kept answer, nil when it answered
// otherwise.
func (rc *Cache) build(c *gin.Context, version int64, key, client string, maxBody int) *cachedResponse {
	w := &capture{ResponseWriter: c.Writer, limit: maxBody}
	c.Writer = w
	c.Next()
	c.Writer = w.ResponseWriter
	if w.overflow {
		return nil
	}
	if w.Status() != http.StatusOK || w.Written() {
		// A problem, or a 304 the handler answered itself.
		w.ResponseWriter.Write(w.buf.Bytes())
		return nil
	}
	e := &cachedResponse{body: w.buf.Bytes(), contentType: w.Header().Get("Content-Type"), etag: w.Header().Get("ETag")}
	if e.etag == "" {
		e.etag = httpx.BodyTag(e.body)
	}
	rc.put(version, key, client, e)
	return e
}

// answer sends a kept response, and ends the request's handling.
func answer(c *gin.Context, e *cachedResponse) {
	c.Writer.Header().Set("Content-Type", e.contentType)
	send(c, e)
	c.Abort()
}

// send answers a kept response: 304 when the client holds it already.
func send(c *gin.Context, e *cachedResponse) {
	if httpx.NotModified(c, e.etag) {
		return
	}
	// With its length known, the body goes out in one write, not chunked.
	c.Writer.Header().Set("Content-Length", strconv.Itoa(len(e.body)))
	c.Writer.WriteHeader(http.StatusOK)
	c.Writer.Write(e.body)
}
