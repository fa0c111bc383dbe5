package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// positionStore is what the positions' handlers ask of the store.
type positionStore interface {
	ListPositions(ctx context.Context, f models.PositionQuery) (models.Page[models.Position], error)
	DraftPositions(ctx context.Context, draftID int64, f models.PositionFilter) (models.Page[models.Position], error)
	PositionHistory(ctx context.Context, draftID int64, code, cursor string, limit int) (models.Page[models.Position], error)
	ProjectDraft(ctx context.Context, draftID int64, on *models.Date) (models.Projection, error)
	RecordPosition(ctx context.Context, e edit[models.Position], draftID int64, code string, in models.PositionInput) (models.Position, error)
	RetractPosition(ctx context.Context, e edit[models.Position], draftID int64, code string, positionID int64, in models.RetractionInput) (models.Position, error)
}

type positionRequest struct {
	Stance   models.Stance     `json:"stance" required:"true" desc:"the member's stance, strongest support first; veto only for a permanent member"`
	AsOf     string            `json:"as_of" required:"true" format:"date" desc:"the day the stance was observed: one on which the member sits, not in the future"`
	Note     string            `json:"note" desc:"the recorder's note"`
	Evidence []evidenceRequest `json:"evidence" required:"true" desc:"what supports the stance: at least one quote"`
}

type evidenceRequest struct {
	Quote    string `json:"quote" required:"true" desc:"the words, verbatim from the source"`
	Speaker  string `json:"speaker" required:"true" desc:"who said them; the source's author where it reports in its own words"`
	SourceID int64  `json:"source_id" required:"true" desc:"the source the quote is from: add it with POST /v1/sources first"`
}

func (h *Handler) draftPositions(c *gin.Context) {
	id, found := httpx.PathID(c, "id", "draft")
	if !found {
		return
	}
	q, okq := httpx.NewQuery(c, "stance", "permanent", "on", "cursor", "limit")
	if !okq {
		return
	}
	f := models.PositionFilter{Stances: q.Stances("stance", true), Permanent: q.BoolPtr("permanent"), On: q.Date("on"),
		Cursor: q.Str("cursor"), Limit: q.Limit()}
	if !q.OK() {
		return
	}
	ps, err := h.store.DraftPositions(c.Request.Context(), id, f)
	h.replyTagged(c, listOf(ps), err)
}

// input is the observation the request records, noting in p what is
// wrong in it.
func (r positionRequest) input(p *models.Problems) models.PositionInput {
	in := models.PositionInput{Stance: r.Stance, AsOf: httpx.ParseDate(p, "as_of", r.AsOf), Note: r.Note, Evidence: []models.Evidence{}}
	for _, e := range r.Evidence {
		in.Evidence = append(in.Evidence, models.Evidence{Quote: e.Quote, Speaker: e.Speaker, SourceID: e.SourceID})
	}
	return in
}

func (h *Handler) recordPosition(c *gin.Context) {
	id, code, found := draftAndMember(c)
	if !found {
		return
	}
	in, ok := bodyInput(h, c, positionRequest.input)
	if !ok {
		return
	}
	write(h, c, positionRecorded, func(ctx context.Context, e edit[models.Position]) (models.Position, error) {
		return h.store.RecordPosition(ctx, e, id, code, in)
	})
}

func positionRecorded(p models.Position) answer {
	return jsonAnswer(http.StatusCreated, idPath("/v1/drafts/", p.DraftID, "/positions/"+p.Member.Code+"/history"), "", p)
}

func (h *Handler) positionHistory(c *gin.Context) {
	id, code, found := draftAndMember(c)
	if !found {
		return
	}
	cursor, limit, okq := httpx.PageQuery(c)
	if !okq {
		return
	}
	page, err := h.store.PositionHistory(c.Request.Context(), id, code, cursor, limit)
	h.replyTagged(c, listOf(page), err)
}

func (h *Handler) listPositions(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "member", "draft", "stance", "history", "cursor", "limit")
	if !okq {
		return
	}
	f := models.PositionQuery{Member: models.NormalizeCode(q.Str("member")), Draft: q.ID("draft"),
		Stances: q.Stances("stance", false), Cursor: q.Str("cursor"), Limit: q.Limit()}
	if h := q.BoolPtr("history"); h != nil {
		f.History = *h
	}
	if f.Member != "" && !models.ValidCode(f.Member) {
		q.Probs.Add("member", "must be an ISO 3166-1 alpha-3 code such as RUS")
	}
	if !q.OK() {
		return
	}
	page, err := h.store.ListPositions(c.Request.Context(), f)
	h.replyTagged(c, listOf(page), err)
}

func (h *Handler) projection(c *gin.Context) {
	id, on, found := httpx.DraftOn(c)
	if !found {
		return
	}
	p, err := h.store.ProjectDraft(c.Request.Context(), id, on)
	h.reply(c, p, err)
}

type retractionRequest struct {
	Reason string `json:"reason" required:"true" desc:"why the observation no longer stands, such as a misattributed quote"`
}

func (h *Handler) retractPosition(c *gin.Context) {
	id, code, found := draftAndMember(c)
	if !found {
		return
	}
	posID, req, found := pathIDAndBody[retractionRequest](c, "position_id", "position")
	if !found {
		return
	}
	in := models.RetractionInput{Reason: req.Reason}
	write(h, c, positionRetracted, func(ctx context.Context, e edit[models.Position]) (models.Position, error) {
		return h.store.RetractPosition(ctx, e, id, code, posID, in)
	})
}

// positionRetracted points at the history, where the retracted observation
// stays, marked.
func positionRetracted(p models.Position) answer {
	return jsonAnswer(http.StatusCreated, idPath("/v1/drafts/", p.DraftID, "/positions/"+p.Member.Code+"/history"), "", p)
}

// draftAndMember reads a draft id and a member code from the path.
func draftAndMember(c *gin.Context) (int64, string, bool) {
	id, found := httpx.PathID(c, "id", "draft")
	if !found {
		return 0, "", false
	}
	code, found := httpx.PathCode(c)
	return id, code, found
}
