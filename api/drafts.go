package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// draftStore is what the drafts' handlers ask of the store.
type draftStore interface {
	ListDrafts(ctx context.Context, f models.DraftFilter) (models.Page[models.Draft], error)
	GetDraft(ctx context.Context, id int64) (models.Draft, error)
	CreateDraft(ctx context.Context, e edit[models.Draft], in models.DraftInput) (models.Draft, error)
	PatchDraft(ctx context.Context, e edit[models.Draft], id, version int64, p models.DraftPatch) (models.Draft, error)
}

type draftRequest struct {
	Symbol       *string       `json:"symbol" desc:"the official symbol, such as S/2012/77; unique; null or absent while unknown"`
	Title        string        `json:"title" required:"true" desc:"the draft's title"`
	Topic        string        `json:"topic" required:"true" desc:"what the draft is about, such as Syria"`
	Agenda       string        `json:"agenda" desc:"the Council's agenda item, as the record names it, such as The situation in the Middle East"`
	Sponsors     []string      `json:"sponsors" desc:"member codes and other sponsors' names, in order; each once, ignoring case"`
	IntroducedOn string        `json:"introduced_on" required:"true" format:"date" desc:"the day the draft was introduced: not in the future, not before 1946-01-17"`
	Summary      string        `json:"summary" desc:"what the draft says, in brief"`
	Procedural   bool          `json:"procedural" desc:"true for a procedural matter (UN Charter Art. 27(2)), which no veto can block; default false"`
	Status       models.Status `json:"status" desc:"circulating (the default) or in_blue; outcomes come only from a recorded vote"`
	// ExpectedVoteOn puts the draft's vote on the calendar.
	ExpectedVoteOn *string `json:"expected_vote_on" format:"date" desc:"the day the vote is expected, when announced: from today to 366 days ahead, not before introduced_on; null or absent when none"`
}

type draftPatchRequest struct {
	Symbol       httpx.Clearable `json:"symbol" desc:"a new symbol, unique; null, empty or blank removes it"`
	Resolution   httpx.Clearable `json:"resolution" desc:"the resolution symbol, such as S/RES/2085 (2012), of a draft a recorded vote adopted, with the vote's year; unique; null, empty or blank removes it"`
	Title        *string         `json:"title" desc:"a new title"`
	Topic        *string         `json:"topic" desc:"a new topic"`
	Agenda       *string         `json:"agenda" desc:"the Council's agenda item; empty removes it"`
	Sponsors     *[]string       `json:"sponsors" desc:"the sponsors, replacing the old list; each once, ignoring case"`
	IntroducedOn *string         `json:"introduced_on" format:"date" desc:"a new introduction date: not in the future, not before 1946-01-17, not after a recorded vote"`
	Summary      *string         `json:"summary" desc:"a new summary"`
	Procedural   *bool           `json:"procedural" desc:"procedural or substantive; fixed once a vote is recorded"`
	Status       *models.Status  `json:"status" desc:"circulating, in_blue or withdrawn, from circulating or in_blue; a withdrawn or voted draft keeps its status"`
	// ExpectedVoteOn moves the draft's vote on the calendar.
	ExpectedVoteOn httpx.Clearable `json:"expected_vote_on" format:"date" desc:"the day the vote is expected: from today to 366 days ahead, not before introduced_on, for a draft neither voted nor withdrawn; null removes it"`
}

func (h *Handler) listDrafts(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "symbol", "status", "topic", "resolution", "vetoed_by", "voted_from", "voted_to", "sponsor", "q", "cursor", "limit")
	if !okq {
		return
	}
	f := models.DraftFilter{Symbol: q.Str("symbol"), Statuses: httpx.OneOf(q, "status", models.Statuses, true), Topic: q.Str("topic"),
		Resolution: q.Str("resolution"), VetoedBy: q.Codes("vetoed_by"), VotedFrom: q.Date("voted_from"), VotedTo: q.Date("voted_to"),
		Sponsor: q.Str("sponsor"), Query: q.Str("q"), Cursor: q.Str("cursor"), Limit: q.Limit()}
	if !q.OK() {
		return
	}
	page, err := h.store.ListDrafts(c.Request.Context(), f)
	h.reply(c, listOf(page), err)
}

// pathDraft reads the draft the path names, answering the problem when
// there is none.
func (h *Handler) pathDraft(c *gin.Context) (models.Draft, bool) {
	_, d, found := pathResource(h, c, "draft", h.store.GetDraft)
	return d, found
}

func (h *Handler) getDraft(c *gin.Context) {
	d, found := h.pathDraft(c)
	if !found {
		return
	}
	if httpx.NotModified(c, httpx.ETag("d", d.ID, d.Version)) {
		return
	}
	httpx.JSON(c, http.StatusOK, d)
}

// input is the draft the request describes, noting in p what is wrong
// in it.
func (r draftRequest) input(p *models.Problems) models.DraftInput {
	in := models.DraftInput{Symbol: r.Symbol, Title: r.Title, Topic: r.Topic, Agenda: r.Agenda, Sponsors: r.Sponsors,
		IntroducedOn: httpx.ParseDate(p, "introduced_on", r.IntroducedOn), Summary: r.Summary,
		Procedural: r.Procedural, Status: r.Status}
	if r.ExpectedVoteOn != nil {
		d := httpx.ParseDate(p, "expected_vote_on", *r.ExpectedVoteOn)
		in.ExpectedVoteOn = &d
	}
	return in
}

func (h *Handler) createDraft(c *gin.Context) {
	writeInput(h, c, draftRequest.input, draftCreated, h.store.CreateDraft)
}

func draftCreated(d models.Draft) answer {
	return jsonAnswer(http.StatusCreated, idPath("/v1/drafts/", d.ID, ""), httpx.ETag("d", d.ID, d.Version), d)
}

func draftChanged(d models.Draft) answer {
	return jsonAnswer(http.StatusOK, "", httpx.ETag("d", d.ID, d.Version), d)
}

// patch is the change the request asks for, noting in p what is wrong
// in it.
func (r draftPatchRequest) patch(p *models.Problems) models.DraftPatch {
	patch := models.DraftPatch{Symbol: r.Symbol.Patch(), Resolution: r.Resolution.Patch(), Title: r.Title, Topic: r.Topic,
		Agenda: r.Agenda, Sponsors: r.Sponsors,
		Summary: r.Summary, Procedural: r.Procedural, Status: r.Status}
	if r.IntroducedOn != nil {
		d := httpx.ParseDate(p, "introduced_on", *r.IntroducedOn)
		patch.IntroducedOn = &d
	}
	if set, v := r.ExpectedVoteOn.Value(); set {
		d := models.Date("") // null: no vote expected any more
		if v != nil {
			d = httpx.ParseDate(p, "expected_vote_on", *v)
		}
		patch.ExpectedVoteOn = &d
	}
	return patch
}

func (h *Handler) patchDraft(c *gin.Context) {
	id, found := httpx.PathID(c, "id", "draft")
	if !found {
		return
	}
	if c.GetHeader("If-Match") == "" {
		httpx.WriteProblem(c, http.StatusPreconditionRequired, "send If-Match with the draft's ETag, so that no one else's change is overwritten")
		return
	}
	patch, ok := bodyInput(h, c, draftPatchRequest.patch)
	if !ok {
		return
	}
	current, err := h.store.GetDraft(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	version := httpx.IfMatch(c, "d", id, current.Version)
	write(h, c, draftChanged, func(ctx context.Context, e edit[models.Draft]) (models.Draft, error) {
		return h.store.PatchDraft(ctx, e, id, version, patch)
	})
}
