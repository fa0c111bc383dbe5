package api

import (
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
