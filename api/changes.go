package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// changeList is a page of the change feed. Unlike other lists its cursor
// is always set: pass it back as since to get what comes next.
type changeList struct {
	Items      []models.Change `json:"items"`
	NextCursor string          `json:"next_cursor"`
}

func (h *Handler) listChanges(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "since", "limit")
	if !okq {
		return
	}
	since, limit := q.Str("since"), q.Limit()
	if !q.OK() {
		return
	}
	items, next, err := h.store.Changes(c.Request.Context(), since, limit)
	if err != nil {
		h.fail(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, changeList{Items: items, NextCursor: next})
}
