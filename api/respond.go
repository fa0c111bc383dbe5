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

// readByID answers a read of the resource whose id is the path's id
// (what names it in the problem when it is not one), as get reads it:
// writeByID's counterpart.
func readByID[T any](h *Handler, c *gin.Context, what string, get func(context.Context, int64) (T, error)) {
	id, found := httpx.PathID(c, "id", what)
	if !found {
		return
	}
	v, err := get(c.Request.Context(), id)
	h.reply(c, v, err)
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
