package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// memberStore is what the members' handlers ask of the store.
type memberStore interface {
	ListMembers(ctx context.Context, f models.MemberFilter) (models.Page[models.Member], error)
	GetMember(ctx context.Context, code string) (models.Member, error)
	CreateMember(ctx context.Context, e edit[models.Member], m models.Member) (models.Member, error)
	AddTerm(ctx context.Context, e edit[models.Member], code string, t models.Term) (models.Member, error)
}

type memberRequest struct {
	Code      string        `json:"code" required:"true" desc:"ISO 3166-1 alpha-3 code in any case, stored upper case; not already used"`
	Name      string        `json:"name" required:"true" desc:"the member's name"`
	Permanent bool          `json:"permanent" desc:"true for a permanent member (at most five), which has no terms; default false"`
	Terms     []termRequest `json:"terms" desc:"an elected member's terms, not overlapping, each in years with an elected seat free"`
}

type termRequest struct {
	Start int `json:"start" required:"true" desc:"first calendar year of the term"`
	End   int `json:"end" required:"true" desc:"last calendar year of the term: start or the year after (UN Charter Art. 23)"`
}

func (h *Handler) listMembers(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "on", "permanent", "cursor", "limit")
	if !okq {
		return
	}
	f := models.MemberFilter{On: q.Date("on"), Permanent: q.BoolPtr("permanent"), Cursor: q.Str("cursor"), Limit: q.Limit()}
	if !q.OK() {
		return
	}
	page, err := h.store.ListMembers(c.Request.Context(), f)
	h.reply(c, listOf(page), err)
}

// pathMember reads the member the path names, answering the problem when
// there is none.
func (h *Handler) pathMember(c *gin.Context) (models.Member, bool) {
	code, found := httpx.PathCode(c)
	if !found {
		return models.Member{}, false
	}
	m, err := h.store.GetMember(c.Request.Context(), code)
	if err != nil {
		h.fail(c, err)
		return m, false
	}
	return m, true
}

func (h *Handler) getMember(c *gin.Context) {
	if m, found := h.pathMember(c); found {
		httpx.JSON(c, http.StatusOK, m)
	}
}

func (h *Handler) createMember(c *gin.Context) {
	var req memberRequest
	if !httpx.Bind(c, &req) {
		return
	}
	m := models.Member{Code: models.NormalizeCode(req.Code), Name: req.Name, Permanent: req.Permanent, Terms: []models.Term{}}
	for _, t := range req.Terms {
		m.Terms = append(m.Terms, models.Term{Start: t.Start, End: t.End})
	}
	write(h, c, memberCreated, func(ctx context.Context, e edit[models.Member]) (models.Member, error) {
		return h.store.CreateMember(ctx, e, m)
	})
}

// memberCreated answers a new member, and a member given a new term.
func memberCreated(m models.Member) answer {
	return jsonAnswer(http.StatusCreated, "/v1/members/"+m.Code, "", m)
}

func (h *Handler) addTerm(c *gin.Context) {
	code, found := httpx.PathCode(c)
	if !found {
		return
	}
	var req termRequest
	if !httpx.Bind(c, &req) {
		return
	}
	t := models.Term{Start: req.Start, End: req.End}
	write(h, c, memberCreated, func(ctx context.Context, e edit[models.Member]) (models.Member, error) {
		return h.store.AddTerm(ctx, e, code, t)
	})
}

func (h *Handler) memberPositions(c *gin.Context) {
	code, found := httpx.PathCode(c)
	if !found {
		return
	}
	q, okq := httpx.NewQuery(c, "stance", "cursor", "limit")
	if !okq {
		return
	}
	f := models.PositionQuery{Member: code, Stances: q.Stances("stance", false), Cursor: q.Str("cursor"), Limit: q.Limit()}
	if !q.OK() {
		return
	}
	if _, err := h.store.GetMember(c.Request.Context(), code); err != nil {
		h.fail(c, err)
		return
	}
	page, err := h.store.ListPositions(c.Request.Context(), f)
	h.replyTagged(c, listOf(page), err)
}
