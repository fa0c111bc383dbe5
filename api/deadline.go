package api

import (
	"context"
	"time"

	"github.com/gin-gonic/gin"
)

// DefaultDBTimeout bounds the database calls of one request: a database
// that stopped answering costs a client this long, then a 503, rather
// than a connection held open until the client gives up. The slowest
// whole-record questions take well under a second on the shipped record.
const DefaultDBTimeout = 5 * time.Second

// WithDBTimeout bounds the database calls of each request (streams
// aside, which wait for changes by design) to d; zero or less keeps
// DefaultDBTimeout.
func WithDBTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.dbTimeout = d
		}
	}
}

// deadline gives the request's context a deadline, which every database
// call made for it inherits: past it the call is cut off and the request
// answered 503 (see httpx.Fail).
func (h *Handler) deadline(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), h.dbTimeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}
