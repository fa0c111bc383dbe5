package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/cache"
	"unsc/api/internal/httpx"
	"unsc/api/openapi"
)

// router builds the gin engine from the route table, with the document
// built from the same table.
func (h *Handler) router() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// No proxy is trusted: the client address is the connection's.
	_ = r.SetTrustedProxies(nil)
	r.Use(h.ids.Tag, httpx.SecurityHeaders, h.logRequests, h.recover)
	r.NoRoute(func(c *gin.Context) {
		httpx.WriteProblem(c, http.StatusNotFound, "no such resource: "+c.Request.URL.Path)
	})
	r.NoMethod(func(c *gin.Context) {
		httpx.WriteProblem(c, http.StatusMethodNotAllowed, c.Request.Method+" is not allowed here; see the Allow header")
	})
	spec := openapi.JSON(h.document())
	for _, rt := range h.routes() {
		h.mount(r, rt)
	}
	for path, serve := range map[string]gin.HandlerFunc{
		"/openapi.json":     func(c *gin.Context) { httpx.Tagged(c, "application/json", spec) },
		"/assets/board.css": h.board.CSS,
	} {
		r.GET(path, setCacheControl(longLived), serve)
		r.HEAD(path, setCacheControl(longLived), serve)
	}
	return r
}

// mount registers a route, behind the middleware its kind takes, and a
// GET's HEAD beside it.
func (h *Handler) mount(r *gin.Engine, rt route) {
	handlers := []gin.HandlerFunc{h.cacheControl(rt), canonical(rt)}
	// A request's database calls have a deadline; one served from the
	// response cache makes none (its check of the data's version is
	// bounded by the store), so a kept route's deadline starts behind it.
	bounded := !rt.live && !rt.paged
	if bounded && !rt.cacheable() {
		handlers = append(handlers, h.deadline)
	}
	if rt.embeddable {
		handlers = append(handlers, httpx.EmbedPolicy(h.embedAncestors))
	}
	if rt.write {
		handlers = append(handlers, h.authenticate)
		if h.kinds[rt.method] == nil {
			h.kinds[rt.method] = map[string]string{}
		}
		h.kinds[rt.method][rt.path] = rt.doc.ID
	}
	if rt.idempotent() {
		handlers = append(handlers, h.idempotent)
	}
	// Every public read is kept (see cacheable; a member's page reads
	// the record as its votes, vetoes and alignment do), and tagged.
	if rt.cacheable() {
		maxBody := cache.MaxBody
		if rt.doc.Media == "text/csv" {
			maxBody = cache.MaxBulkBody // a whole table at once
		}
		handlers = append(handlers, h.cache.Serve(maxBody))
		if bounded {
			handlers = append(handlers, h.deadline)
		}
	}
	// Behind the cache: only answers computed count.
	if rt.research() {
		handlers = append(handlers, h.admitResearch)
	}
	r.Handle(rt.method, rt.path, append(handlers, rt.handle)...)
	if rt.method == http.MethodGet {
		// HEAD answers what GET would, without the body (net/http drops
		// it); a stream's HEAD answers its headers and ends.
		head := append(handlers, rt.handle)
		if rt.live {
			head = []gin.HandlerFunc{handlers[0], handlers[1], func(c *gin.Context) { c.Header("Content-Type", rt.doc.Media); c.Status(http.StatusOK) }}
		}
		r.Handle(http.MethodHead, rt.path, head...)
	}
}

// canonical refuses the query parameters a route does not document and
// rewrites the request to its canonical form (httpx.Canonical), before
// anything reads it: the handler, the response cache's key, the
// idempotency fingerprint.
func canonical(rt route) gin.HandlerFunc {
	var allowed []string
	for _, p := range rt.doc.Params {
		if p.In == "query" {
			allowed = append(allowed, p.Name)
		}
	}
	return func(c *gin.Context) {
		if !httpx.Canonical(c, rt.path, allowed) {
			c.Abort()
			return
		}
		c.Next()
	}
}
