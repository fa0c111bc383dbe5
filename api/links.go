package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// linkStore is what linking drafts asks of the store.
type linkStore interface {
	LinkDrafts(ctx context.Context, e edit[models.Draft], draftID int64, in models.LinkInput) (models.Draft, error)
}

type linkRequest struct {
	Kind    models.LinkKind `json:"kind" required:"true" desc:"how this draft relates to the other: revises, amends or competes_with; the other shows revised_by, amended_by or competes_with"`
	DraftID int64           `json:"draft_id" required:"true" desc:"the other draft, by id: an existing draft other than this one, not yet linked to it in this way"`
}

func (h *Handler) linkDrafts(c *gin.Context) {
	id, req, found := pathIDAndBody[linkRequest](c, "id", "draft")
	if !found {
		return
	}
	in := models.LinkInput{Kind: req.Kind, DraftID: req.DraftID}
	write(h, c, draftLinked, func(ctx context.Context, e edit[models.Draft]) (models.Draft, error) {
		return h.store.LinkDrafts(ctx, e, id, in)
	})
}

// draftLinked answers with the draft that names the link, now showing it.
func draftLinked(d models.Draft) answer {
	return jsonAnswer(http.StatusCreated, idPath("/v1/drafts/", d.ID, ""), httpx.ETag("d", d.ID, d.Version), d)
}
