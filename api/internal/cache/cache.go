// Package cache keeps rendered GET responses while the database stays as
// it was.
package cache

import (
	"bytes"
	"context"
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
type Cache struct {
	version func(context.Context) (int64, error) // the store's data version

	mu      sync.RWMutex
	built   int64 // the data version the entries were built at
	entries map[string]*cachedResponse
	bytes   int // the bodies' total size
}

type cachedResponse struct {
	body        []byte
	contentType string
	etag        string
}

// Bounds on what the cache holds: when full it starts afresh.
const (
	maxCacheEntries = 4096
	maxCachedBody   = 1 << 20
	maxCacheBytes   = 64 << 20
)

// New returns an empty cache whose entries are good while version reads
// what it read when they were built.
func New(version func(context.Context) (int64, error)) *Cache {
	return &Cache{version: version, entries: map[string]*cachedResponse{}}
}

func (rc *Cache) get(version int64, key string) *cachedResponse {
	rc.mu.RLock()
	defer rc.mu.RUnlock()
	if rc.built != version {
		return nil
	}
	return rc.entries[key]
}

// put keeps an entry built at version. Entries of older versions are
// dropped as soon as a newer one arrives; an entry older than what the
// cache holds is not kept.
func (rc *Cache) put(version int64, key string, e *cachedResponse) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	switch {
	case version < rc.built:
		return
	case version > rc.built || len(rc.entries) >= maxCacheEntries || rc.bytes+len(e.body) > maxCacheBytes:
		rc.built = version
		clear(rc.entries)
		rc.bytes = 0
	}
	if old, ok := rc.entries[key]; ok {
		rc.bytes -= len(old.body)
	}
	rc.entries[key] = e
	rc.bytes += len(e.body)
}

// capture holds the body a handler writes, up to maxCachedBody, so the
// answer can be tagged from its bytes before anything goes out. A larger
// body goes out as it is written, untagged, and is not kept (nor held
// twice).
type capture struct {
	gin.ResponseWriter
	buf      bytes.Buffer
	overflow bool
}

func (w *capture) hold(n int) bool {
	if !w.overflow && w.buf.Len()+n > maxCachedBody {
		w.overflow = true
		w.ResponseWriter.Write(w.buf.Bytes())
		w.buf = bytes.Buffer{}
	}
	return !w.overflow
}

func (w *capture) Write(b []byte) (int, error) {
	if w.hold(len(b)) {
		return w.buf.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

func (w *capture) WriteString(s string) (int, error) {
	if w.hold(len(s)) {
		return w.buf.WriteString(s)
	}
	return w.ResponseWriter.WriteString(s)
}

// Serve serves a GET from the cache when the database has not changed
// since the response was built, and keeps fresh 200 responses. Every 200
// it serves carries a strong ETag (the handler's own, or one computed
// from the bytes) and an If-None-Match naming it is answered 304, so a
// cache in front revalidates for the price of a header.
func (rc *Cache) Serve(c *gin.Context) {
	version, err := rc.version(c.Request.Context())
	if err != nil {
		c.Next() // the handler reports the database's trouble
		return
	}
	key := c.Request.URL.RequestURI()
	if e := rc.get(version, key); e != nil {
		c.Writer.Header().Set("Content-Type", e.contentType)
		send(c, e)
		c.Abort()
		return
	}
	w := &capture{ResponseWriter: c.Writer}
	c.Writer = w
	c.Next()
	c.Writer = w.ResponseWriter
	if w.overflow {
		return
	}
	if w.Status() != http.StatusOK || w.Written() {
		// A problem, or a 304 the handler answered itself.
		w.ResponseWriter.Write(w.buf.Bytes())
		return
	}
	e := &cachedResponse{body: w.buf.Bytes(), contentType: w.Header().Get("Content-Type"), etag: w.Header().Get("ETag")}
	if e.etag == "" {
		e.etag = httpx.BodyTag(e.body)
	}
	rc.put(version, key, e)
	send(c, e)
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
