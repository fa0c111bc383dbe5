package api

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// recordStore is what the questions of the record read.
type recordStore interface {
	MemberVotes(ctx context.Context, code string, f models.MemberVoteFilter) (models.Page[models.MemberVote], error)
	Vetoes(ctx context.Context, f models.VetoFilter) (models.Page[models.Veto], error)
	PairAgreement(ctx context.Context, x, y string, from, to *models.Date) (models.Agreement, error)
	AgreementMatrix(ctx context.Context, from, to models.Date, cursor string, limit int) (models.Page[models.Agreement], error)
	Alignment(ctx context.Context, f models.AlignmentFilter) (models.Alignment, error)
}

// The record's questions, answered directly: a member's votes, the veto
// list, how often two members voted alike, and whether votes kept to the
// positions before them. The rules are in models/record.go.

// voteOutcomes are the outcomes a recorded vote can have.
var voteOutcomes = []models.Outcome{models.OutcomeAdopted, models.OutcomeFailed, models.OutcomeVetoed}

// recordCasts are the votes a member's record shows: those a member can
// cast, and unknown where the record gives the tally only.
var recordCasts = append(slices.Clone(models.Casts), models.CastUnknown)

// memberVoteFilter reads a member record's filters; with paged, its
// cursor and limit too.
func memberVoteFilter(c *gin.Context, paged bool) (models.MemberVoteFilter, bool) {
	names := []string{"from", "to", "topic", "agenda", "outcome", "vote"}
	if paged {
		names = append(names, "cursor", "limit")
	}
	q, okq := httpx.NewQuery(c, names...)
	if !okq {
		return models.MemberVoteFilter{}, false
	}
	f := models.MemberVoteFilter{From: q.Date("from"), To: q.Date("to"), Topic: q.Str("topic"), Agenda: q.Str("agenda"),
		Outcomes: httpx.OneOf(q, "outcome", voteOutcomes, false), Votes: httpx.OneOf(q, "vote", recordCasts, false)}
	if paged {
		f.Cursor, f.Limit = q.Str("cursor"), q.Limit()
	}
	return f, q.OK()
}

// memberAndVoteFilter reads a member code from the path and the filter of
// its votes from the query (paged, or the whole record for CSV).
func memberAndVoteFilter(c *gin.Context, paged bool) (string, models.MemberVoteFilter, bool) {
	code, found := httpx.PathCode(c)
	if !found {
		return "", models.MemberVoteFilter{}, false
	}
	f, ok := memberVoteFilter(c, paged)
	return code, f, ok
}

func (h *Handler) memberVotes(c *gin.Context) {
	code, f, found := memberAndVoteFilter(c, true)
	if !found {
		return
	}
	page, err := h.store.MemberVotes(c.Request.Context(), code, f)
	h.reply(c, listOf(page), err)
}

func (h *Handler) memberVotesCSV(c *gin.Context) {
	code, f, found := memberAndVoteFilter(c, false)
	if !found {
		return
	}
	header := []string{"voted_on", "draft_id", "symbol", "title", "meeting", "vote", "outcome", "vetoed", "position", "agrees"}
	streamCSV(h, c, header, func(ctx context.Context, cursor string) ([][]string, string, error) {
		f.Cursor, f.Limit = cursor, models.MaxLimit
		page, err := h.store.MemberVotes(ctx, code, f)
		rows := make([][]string, len(page.Items))
		for i, v := range page.Items {
			position, agrees := "", ""
			if v.Position != nil {
				position = string(*v.Position)
			}
			if v.Agrees != nil {
				agrees = strconv.FormatBool(*v.Agrees)
			}
			rows[i] = []string{string(v.VotedOn), idText(v.Draft.ID), deref(v.Draft.Symbol), v.Draft.Title, v.Meeting,
				string(v.Vote), string(v.Outcome), strconv.FormatBool(v.Vetoed), position, agrees}
		}
		return rows, page.Next, err
	})
}

func (h *Handler) listVetoes(c *gin.Context) {
	f, okf := httpx.VetoFilter(c, true)
	if !okf {
		return
	}
	page, err := h.store.Vetoes(c.Request.Context(), f)
	h.reply(c, listOf(page), err)
}

func (h *Handler) vetoesCSV(c *gin.Context) {
	f, okf := httpx.VetoFilter(c, false)
	if !okf {
		return
	}
	header := []string{"voted_on", "draft_id", "symbol", "title", "meeting", "agenda", "vetoed_by", "yes", "no", "abstain", "absent"}
	streamCSV(h, c, header, func(ctx context.Context, cursor string) ([][]string, string, error) {
		f.Cursor, f.Limit = cursor, models.MaxLimit
		page, err := h.store.Vetoes(ctx, f)
		rows := make([][]string, len(page.Items))
		for i, v := range page.Items {
			rows[i] = []string{string(v.VotedOn), idText(v.Draft.ID), deref(v.Draft.Symbol), v.Draft.Title, v.Meeting, v.Agenda,
				strings.Join(v.VetoedBy, " "), countText(v.Yes), countText(v.No), countText(v.Abstain), countText(v.Absent)}
		}
		return rows, page.Next, err
	})
}

// countText is a count of a tally for CSV: empty where the record gives
// no tally.
func countText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// agreement answers for one pair of members: members=USA,RUS.
func (h *Handler) agreement(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "members", "from", "to")
	if !okq {
		return
	}
	codes := q.Codes("members")
	from, to := q.Date("from"), q.Date("to")
	if _, given := c.GetQuery("members"); !given {
		q.Probs.Add("members", "is required: two members, comma-separated, such as USA,RUS")
	} else if codes != nil && len(codes) != 2 {
		q.Probs.Add("members", "name exactly two members, comma-separated, such as USA,RUS")
	}
	if !q.OK() {
		return
	}
	a, err := h.store.PairAgreement(c.Request.Context(), codes[0], codes[1], from, to)
	h.reply(c, a, err)
}

// agreementMatrix answers for every pair of members voting in a period of
// at most models.MaxMatrixYears.
func (h *Handler) agreementMatrix(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "from", "to", "cursor", "limit")
	if !okq {
		return
	}
	from, to := q.Date("from"), q.Date("to")
	for _, name := range []string{"from", "to"} {
		if _, given := c.GetQuery(name); !given {
			q.Probs.Add(name, "is required: the matrix covers at most %d years", models.MaxMatrixYears)
		}
	}
	cursor, limit := q.Str("cursor"), q.Limit()
	if !q.OK() {
		return
	}
	page, err := h.store.AgreementMatrix(c.Request.Context(), *from, *to, cursor, limit)
	h.reply(c, listOf(page), err)
}

func (h *Handler) alignment(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "member", "from", "to", "cursor", "limit")
	if !okq {
		return
	}
	f := models.AlignmentFilter{From: q.Date("from"), To: q.Date("to"), Cursor: q.Str("cursor"), Limit: q.Limit()}
	if m, given := c.GetQuery("member"); given {
		if f.Member = models.NormalizeCode(m); !models.ValidCode(f.Member) {
			q.Probs.Add("member", "must be an ISO 3166-1 alpha-3 code such as IND")
		}
	}
	if !q.OK() {
		return
	}
	a, err := h.store.Alignment(c.Request.Context(), f)
	h.reply(c, a, err)
}
