package board

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// Index lists the drafts, newest first, filtered by status and topic.
func (b *Board) Index(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "status", "topic", "cursor")
	if !okq {
		return
	}
	f := models.DraftFilter{Status: q.Status("status"), Topic: q.Str("topic"), Cursor: q.Str("cursor"), Limit: 100}
	if !q.OK() {
		return
	}
	page, err := b.store.ListDrafts(c.Request.Context(), f)
	if err != nil {
		b.fail(c, err)
		return
	}
	names, err := b.permanentNames(c.Request.Context())
	if err != nil {
		b.fail(c, err)
		return
	}
	b.render(c, indexPage, map[string]any{"Title": "Draft resolutions", "Drafts": page.Items, "Next": page.Next,
		"Statuses": models.Statuses, "Status": f.Status, "Topic": f.Topic, "Names": names})
}

// Member shows a member's record: its votes beside its positions,
// its vetoes, and how often its votes kept to what it said.
func (b *Board) Member(c *gin.Context) {
	code, found := httpx.PathCode(c)
	if !found {
		return
	}
	ctx := c.Request.Context()
	m, err := b.store.GetMember(ctx, code)
	if err != nil {
		b.fail(c, err)
		return
	}
	votes, err := b.store.MemberVotes(ctx, code, models.MemberVoteFilter{Limit: models.MaxLimit})
	if err != nil {
		b.fail(c, err)
		return
	}
	vetoes, err := b.store.Vetoes(ctx, models.VetoFilter{Members: []string{code}, Limit: models.MaxLimit})
	if err != nil {
		b.fail(c, err)
		return
	}
	alignment, err := b.store.Alignment(ctx, models.AlignmentFilter{Member: code, Limit: models.MaxLimit})
	if err != nil {
		b.fail(c, err)
		return
	}
	names, err := b.permanentNames(ctx)
	if err != nil {
		b.fail(c, err)
		return
	}
	b.render(c, memberPage, map[string]any{"Title": m.Name, "Member": m, "Votes": votes.Items, "More": votes.Next != "",
		"Vetoes": vetoes.Items, "Alignment": alignment, "Names": names})
}

// Vetoes charts the vetoes by permanent member and decade, and lists
// them.
func (b *Board) Vetoes(c *gin.Context) {
	f, okf := httpx.VetoFilter(c, false)
	if !okf {
		return
	}
	ctx := c.Request.Context()
	vetoes, err := b.allVetoes(ctx, f)
	if err != nil {
		b.fail(c, err)
		return
	}
	names, err := b.permanentNames(ctx)
	if err != nil {
		b.fail(c, err)
		return
	}
	b.render(c, vetoesPage, map[string]any{"Title": "Vetoes", "Vetoes": vetoes, "Chart": vetoesByDecade(vetoes, names),
		"Names": names, "From": f.From, "To": f.To})
}

// Agreement draws the agreement of every pair of members that voted
// together in a year as a heatmap.
func (b *Board) Agreement(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "year")
	if !okq {
		return
	}
	year := q.Year("year")
	if !q.OK() {
		return
	}
	ctx := c.Request.Context()
	pairs, err := b.allPairs(ctx, models.Date(fmt.Sprintf("%04d-01-01", year)), models.Date(fmt.Sprintf("%04d-12-31", year)))
	if err != nil {
		b.fail(c, err)
		return
	}
	names, err := b.memberNames(ctx, models.Date(fmt.Sprintf("%04d-12-31", year)))
	if err != nil {
		b.fail(c, err)
		return
	}
	b.render(c, agreementPage, map[string]any{"Title": fmt.Sprintf("Agreement in %d", year), "Year": year,
		"Prev": year - 1, "Next": year + 1, "Grid": agreementGrid(pairs, names)})
}

// memberNames names the members sitting on a day, by code.
func (b *Board) memberNames(ctx context.Context, on models.Date) (map[string]string, error) {
	page, err := b.store.ListMembers(ctx, models.MemberFilter{On: &on, Limit: models.MaxLimit})
	names := map[string]string{}
	for _, m := range page.Items {
		names[m.Code] = m.Name
	}
	return names, err
}

// Draft shows a draft: its seats around the horseshoe, the banner of
// its vote or projection, and each member's position with its evidence.
func (b *Board) Draft(c *gin.Context) {
	id, on, found := httpx.DraftOn(c)
	if !found {
		return
	}
	ctx := c.Request.Context()
	d, err := b.store.GetDraft(ctx, id)
	if err != nil {
		b.fail(c, err)
		return
	}
	var rows []boardRow
	if d.Vote != nil {
		for _, vm := range d.Vote.Members {
			rows = append(rows, boardRow{Code: vm.Member.Code, Name: vm.Member.Name, Permanent: vm.Member.Permanent, Vote: vm.Vote, Position: vm.Position})
		}
	} else {
		ps, err := b.store.DraftPositions(ctx, id, models.PositionFilter{On: on, Limit: models.MaxLimit})
		if err != nil {
			b.fail(c, err)
			return
		}
		for _, p := range ps.Items {
			rows = append(rows, boardRow{Code: p.Member.Code, Name: p.Member.Name, Permanent: p.Member.Permanent, Position: p})
		}
	}
	slices.SortFunc(rows, func(a, b boardRow) int { return strings.Compare(a.Name, b.Name) })
	sources, err := b.sourcesByID(c, rows)
	if err != nil {
		b.fail(c, err)
		return
	}
	proj, err := b.store.ProjectDraft(ctx, id, on)
	if err != nil {
		b.fail(c, err)
		return
	}
	names := map[string]string{}
	for _, r := range rows {
		names[r.Code] = r.Name
	}
	banner, kind := projectionWords(proj, names), string(proj.Outcome)
	if d.Vote != nil {
		banner, kind = voteWords(d.Vote.Tally, names), string(d.Vote.Outcome)
	}
	title := d.Title
	if d.Symbol != nil {
		title = *d.Symbol + " " + d.Title
	}
	b.render(c, draftPage, map[string]any{"Title": title, "Draft": d, "Rows": rows, "Seats": seats(rows, d.Vote != nil),
		"Banner": banner, "BannerKind": kind, "Sources": sources})
}

// sourcesByID loads the sources the rows' evidence cites.
func (b *Board) sourcesByID(c *gin.Context, rows []boardRow) (map[int64]models.Source, error) {
	out := map[int64]models.Source{}
	for _, r := range rows {
		for _, e := range r.Evidence {
			if _, ok := out[e.SourceID]; ok {
				continue
			}
			s, err := b.store.GetSource(c.Request.Context(), e.SourceID)
			if err != nil {
				return nil, err
			}
			out[e.SourceID] = s
		}
	}
	return out, nil
}

// permanentNames names the permanent members by code, for the vetoes.
func (b *Board) permanentNames(ctx context.Context) (map[string]string, error) {
	yes := true
	page, err := b.store.ListMembers(ctx, models.MemberFilter{Permanent: &yes, Limit: models.MaxLimit})
	names := map[string]string{}
	for _, m := range page.Items {
		names[m.Code] = m.Name
	}
	return names, err
}
