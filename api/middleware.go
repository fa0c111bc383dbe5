package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
)

// logRequests logs each request and counts it in the metrics, a write by
// the kind of write its route makes. The line goes straight to the
// handler: Logger.LogAttrs would also walk the stack for the caller's
// address on every request, a cost a hot read felt and the line never
// shows.
func (h *Handler) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	took := time.Since(start)
	h.metrics.Observe(c, h.kinds[c.Request.Method][c.FullPath()], took)
	ctx, log := c.Request.Context(), h.log.Handler()
	if !log.Enabled(ctx, slog.LevelInfo) {
		return
	}
	r := slog.NewRecord(start.Add(took), slog.LevelInfo, "request", 0)
	r.AddAttrs(
		slog.String("request_id", httpx.RequestID(c)),
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.String("route", c.FullPath()),
		slog.Int("status", c.Writer.Status()),
		slog.Int("bytes", c.Writer.Size()),
		slog.Duration("duration", took),
		slog.String("key", httpx.KeyName(c)),
	)
	_ = log.Handle(ctx, r)
}

// recover turns a panic into a 500 that says only "internal error".
func (h *Handler) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			h.fail(c, fmt.Errorf("panic: %v", v))
		}
	}()
	c.Next()
}
