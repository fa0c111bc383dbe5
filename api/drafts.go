package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/models"
)

type draftRequest struct {
	Symbol       *string       `json:"symbol"`
	Title        string        `json:"title" required:"true"`
	Topic        string        `json:"topic" required:"true"`
	Sponsors     []string      `json:"sponsors"`
	IntroducedOn string        `json:"introduced_on" required:"true" format:"date"`
	Summary      string        `json:"summary"`
	Procedural   bool          `json:"procedural"`
	Status       models.Status `json:"status"`
}

type draftPatchRequest struct {
	Symbol       *string        `json:"symbol"`
	Title        *string        `json:"title"`
	Topic        *string        `json:"topic"`
	Sponsors     *[]string      `json:"sponsors"`
	IntroducedOn *string        `json:"introduced_on" format:"date"`
	Summary      *string        `json:"summary"`
	Procedural   *bool          `json:"procedural"`
	Status       *models.Status `json:"status"`
}

func (h *Handler) listDrafts(c *gin.Context) {
	q, okq := newQuery(c, "symbol", "status", "topic", "sponsor", "q", "cursor", "limit")
	if !okq {
		return
	}
	f := models.DraftFilter{Symbol: q.str("symbol"), Status: q.status("status"), Topic: q.str("topic"),
		Sponsor: q.str("sponsor"), Query: q.str("q"), Cursor: q.str("cursor"), Limit: q.limit()}
	if !q.ok() {
		return
	}
	page, err := h.store.ListDrafts(c.Request.Context(), f)
	if err != nil {
		h.fail(c, err)
		return
	}
	ok(c, http.StatusOK, listOf(page))
}

func (h *Handler) getDraft(c *gin.Context) {
	id, found := pathID(c, "id", "draft")
	if !found {
		return
	}
	d, err := h.store.GetDraft(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	if notModified(c, etag("d", d.ID, d.Version)) {
		return
	}
	ok(c, http.StatusOK, d)
}

func (h *Handler) createDraft(c *gin.Context) {
	var req draftRequest
	if !bind(c, &req) {
		return
	}
	var p models.Problems
	in := models.DraftInput{Symbol: req.Symbol, Title: req.Title, Topic: req.Topic, Sponsors: req.Sponsors,
		IntroducedOn: parseDate(&p, "introduced_on", req.IntroducedOn), Summary: req.Summary,
		Procedural: req.Procedural, Status: req.Status}
	if err := p.Err(); err != nil {
		h.fail(c, err)
		return
	}
	write(h, c, draftCreated, func(ctx context.Context, e models.Edit[models.Draft]) (models.Draft, error) {
		return h.store.CreateDraft(ctx, e, in)
	})
}

func draftCreated(d models.Draft) answer {
	return jsonAnswer(http.StatusCreated, idPath("/v1/drafts/", d.ID, ""), etag("d", d.ID, d.Version), d)
}

func draftChanged(d models.Draft) answer {
	return jsonAnswer(http.StatusOK, "", etag("d", d.ID, d.Version), d)
}

func (h *Handler) patchDraft(c *gin.Context) {
	id, found := pathID(c, "id", "draft")
	if !found {
		return
	}
	if c.GetHeader("If-Match") == "" {
		problem(c, http.StatusPreconditionRequired, "send If-Match with the draft's ETag, so that no one else's change is overwritten")
		return
	}
	var req draftPatchRequest
	if !bind(c, &req) {
		return
	}
	var p models.Problems
	patch := models.DraftPatch{Symbol: req.Symbol, Title: req.Title, Topic: req.Topic, Sponsors: req.Sponsors,
		Summary: req.Summary, Procedural: req.Procedural, Status: req.Status}
	if req.IntroducedOn != nil {
		d := parseDate(&p, "introduced_on", *req.IntroducedOn)
		patch.IntroducedOn = &d
	}
	if err := p.Err(); err != nil {
		h.fail(c, err)
		return
	}
	current, err := h.store.GetDraft(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	version := ifMatch(c, "d", id, current.Version)
	write(h, c, draftChanged, func(ctx context.Context, e models.Edit[models.Draft]) (models.Draft, error) {
		return h.store.PatchDraft(ctx, e, id, version, patch)
	})
}
