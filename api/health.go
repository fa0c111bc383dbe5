package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models/sqlstore"
)

// healthStore is what the health checks ask of the store.
type healthStore interface {
	// Ready reports whether the database can take writes now; its answer
	// is kept briefly, so asking is cheap.
	Ready(ctx context.Context) error
}

func (h *Handler) healthz(c *gin.Context) { httpx.JSON(c, http.StatusOK, health{Status: "ok"}) }

// readyz answers 200 while the database can take writes, else 503 with
// Retry-After and what is wrong in words fit for a client (unreachable,
// read-only, full, damaged): a load balancer sends writes elsewhere, and
// takes the instance back by itself once the database recovers.
func (h *Handler) readyz(c *gin.Context) {
	err := h.store.Ready(c.Request.Context())
	if err == nil {
		httpx.JSON(c, http.StatusOK, health{Status: "ok"})
		return
	}
	h.log.WarnContext(c.Request.Context(), "not ready", "request_id", httpx.RequestID(c), "error", err)
	detail := "the database is not reachable"
	var rc *sqlstore.ReadyCause
	if errors.As(err, &rc) {
		detail = rc.Domain().Error()
	}
	c.Header("Retry-After", "5")
	httpx.WriteProblem(c, http.StatusServiceUnavailable, detail)
}

type health struct {
	Status string `json:"status"`
}
