package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
)

// healthStore is what the health checks ask of the store.
type healthStore interface {
	Ping(ctx context.Context) error
}

func (h *Handler) healthz(c *gin.Context) { httpx.JSON(c, http.StatusOK, health{Status: "ok"}) }

func (h *Handler) readyz(c *gin.Context) {
	if err := h.store.Ping(c.Request.Context()); err != nil {
		h.log.ErrorContext(c.Request.Context(), "database not reachable", "error", err)
		httpx.WriteProblem(c, http.StatusServiceUnavailable, "the database is not reachable")
		return
	}
	httpx.JSON(c, http.StatusOK, health{Status: "ok"})
}

type health struct {
	Status string `json:"status"`
}
