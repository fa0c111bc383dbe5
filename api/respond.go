package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// fail answers err as a problem; a cause the client must not see goes to
// the log.
func (h *Handler) fail(c *gin.Context, err error) { httpx.Fail(c, h.log, err) }

// reply answers a read: its error as a problem, else v as JSON.
func (h *Handler) reply(c *gin.Context, v any, err error) {
	if err != nil {
		h.fail(c, err)
		return
	}
	httpx.JSON(c, http.StatusOK, v)
}

// pathResource reads, with get, the resource whose id is the path's id
// (what names it in the problem when it is not one); false when it has
// answered a problem instead.
func pathResource[T any](h *Handler, c *gin.Context, what string, get func(context.Context, int64) (T, error)) (int64, T, bool) {
	id, found := httpx.PathID(c, "id", what)
	if !found {
		var none T
		return 0, none, false
	}
	v, err := get(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return id, v, false
	}
	return id, v, true
}

// readByID answers a read of the resource pathResource reads: writeByID's
// counterpart.
func readByID[T any](h *Handler, c *gin.Context, what string, get func(context.Context, int64) (T, error)) {
	if _, v, found := pathResource(h, c, what, get); found {
		httpx.JSON(c, http.StatusOK, v)
	}
}

// replyTagged answers a read like reply, with an ETag of its bytes.
func (h *Handler) replyTagged(c *gin.Context, v any, err error) {
	if err != nil {
		h.fail(c, err)
		return
	}
	httpx.JSONTagged(c, v)
}

// list is the shape of every list answer.
type list[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

func listOf[T any](p models.Page[T]) list[T] {
	l := list[T]{Items: p.Items}
	if p.Next != "" {
		l.NextCursor = &p.Next
	}
	return l
}
