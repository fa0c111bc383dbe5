package api

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/models/undl"
)

func (h *Handler) votesCSV(c *gin.Context) { h.undl(c, 0) }

func (h *Handler) draftVoteCSV(c *gin.Context) {
	id, found := pathID(c, "id", "draft")
	if !found {
		return
	}
	h.undl(c, id)
}

// undl answers the roll calls, of every draft or of one, as UN Digital
// Library CSV.
func (h *Handler) undl(c *gin.Context, draftID int64) {
	drafts, members, err := h.store.VotedDrafts(c.Request.Context(), draftID)
	if err != nil {
		h.fail(c, err)
		return
	}
	if draftID != 0 && len(drafts) == 0 {
		if _, err := h.store.GetDraft(c.Request.Context(), draftID); err != nil {
			h.fail(c, err)
			return
		}
		problem(c, http.StatusNotFound, fmt.Sprintf("no vote recorded on draft %d", draftID))
		return
	}
	var b bytes.Buffer
	if err := undl.Write(&b, drafts, members); err != nil {
		h.fail(c, err)
		return
	}
	c.Data(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
}
