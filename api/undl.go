package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
	"unsc/models/undl"
)

func (h *Handler) votesCSV(c *gin.Context) { h.undl(c, 0) }

func (h *Handler) draftVoteCSV(c *gin.Context) {
	id, found := httpx.PathID(c, "id", "draft")
	if !found {
		return
	}
	h.undl(c, id)
}

// undl answers the roll calls, of every draft or of one, as UN Digital
// Library CSV. The whole record is streamed a page of drafts at a time,
// so its size never sits in memory; a failure once rows are out can only
// cut the answer short. Each page's read has the database deadline (the
// route is paged): the whole answer may take longer, to a slow client.
func (h *Handler) undl(c *gin.Context, draftID int64) {
	ctx := c.Request.Context()
	page, members, err := h.votedDrafts(ctx, draftID, "")
	if err != nil {
		h.fail(c, err)
		return
	}
	if draftID != 0 && len(page.Items) == 0 {
		if _, err = h.store.GetVote(ctx, draftID); err == nil {
			err = models.NotFound("no vote on draft %d", draftID) // recorded a moment ago
		}
		h.fail(c, err) // no such draft, or no vote yet
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Status(http.StatusOK)
	w := undl.NewWriter(c.Writer)
	for {
		if err := w.Write(page.Items, members); err != nil {
			return // the client went away
		}
		if page.Next == "" {
			return
		}
		if page, members, err = h.votedDrafts(ctx, draftID, page.Next); err != nil {
			h.log.ErrorContext(ctx, "streaming CSV", "request_id", httpx.RequestID(c), "error", err)
			panic(http.ErrAbortHandler) // the client must not take a cut file for the whole
		}
	}
}

// votedDrafts reads a page of voted drafts within the database deadline.
func (h *Handler) votedDrafts(ctx context.Context, draftID int64, cursor string) (models.Page[models.Draft], []models.Member, error) {
	ctx, cancel := context.WithTimeout(ctx, h.dbTimeout)
	defer cancel()
	return h.store.VotedDrafts(ctx, draftID, cursor, models.MaxLimit)
}
