package board

import (
	"cmp"
	"context"
	"fmt"
	"net/url"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// Index is the front page: the record newest first, the latest meetings
// with their outcomes (on the first page) above the drafts with their
// votes, a page at a time, filtered by status and topic. The meetings
// follow the filters as far as they can: a topic is looked for in their
// agenda items, adopted keeps resolutions, failed and vetoed drafts not
// adopted; the other statuses are drafts' alone.
func (b *Board) Index(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "status", "topic", "cursor")
	if !okq {
		return
	}
	f := models.DraftFilter{Status: q.Status("status"), Topic: q.Str("topic"), Cursor: q.Str("cursor"), Limit: draftsPerPage}
	if !q.OK() {
		return
	}
	// A page makes its reads in turn and answers the first that failed
	// (cmp.Or), as the board's other pages do.
	ctx := c.Request.Context()
	page, err1 := b.store.ListDrafts(ctx, f)
	names, err2 := b.permanentNames(ctx)
	var meetings []meetingView
	var err3 error
	kinds := meetingKinds(f.Status)
	if f.Cursor == "" && kinds != nil {
		meetings, err3 = b.latestMeetings(ctx, f.Topic, kinds)
	}
	var week models.Calendar
	var err4 error
	if f.Cursor == "" {
		// This week in the Council: what is scheduled or expected from
		// today to six days on.
		today := b.store.Today()
		week, err4 = b.store.Calendar(ctx, today, today.AddDays(6))
	}
	if err := cmp.Or(err1, err2, err3, err4); err != nil {
		b.fail(c, err)
		return
	}
	next := ""
	if page.Next != "" {
		v := url.Values{}
		if f.Status != "" {
			v.Set("status", string(f.Status))
		}
		if f.Topic != "" {
			v.Set("topic", f.Topic)
		}
		v.Set("cursor", page.Next)
		next = "/?" + v.Encode()
	}
	b.render(c, indexPage, map[string]any{"Title": "The Council's record", "Drafts": page.Items, "Next": next, "Older": f.Cursor != "",
		"Meetings": meetings, "MeetingsShown": kinds != nil && f.Cursor == "", "Week": week,
		"Statuses": models.Statuses, "Status": f.Status, "Topic": f.Topic, "Names": names})
}

// meetingKinds are the decisions of the meetings the front page lists
// beside drafts of status s; nil when no meeting has such a decision.
func meetingKinds(s models.Status) []models.DecisionKind {
	switch s {
	case "":
		return []models.DecisionKind{models.DecisionResolution, models.DecisionDraftNotAdopted, models.DecisionPresidentialStatement,
			models.DecisionCommunique, models.DecisionOther}
	case models.StatusAdopted:
		return []models.DecisionKind{models.DecisionResolution}
	case models.StatusFailed, models.StatusVetoed:
		return []models.DecisionKind{models.DecisionDraftNotAdopted}
	}
	return nil
}

// latestMeetings are the newest meetings that took a decision of kinds,
// on agenda items with the words of topic, as the front page shows them.
func (b *Board) latestMeetings(ctx context.Context, topic string, kinds []models.DecisionKind) ([]meetingView, error) {
	page, err1 := b.store.ListMeetings(ctx, models.MeetingFilter{Agenda: topic, Kinds: kinds, Limit: latestMeetings})
	all, err2 := b.members(ctx)
	return meetingViews(page.Items, all), cmp.Or(err1, err2)
}

// Member shows a member's record: its votes beside its positions,
// its vetoes, and how often its votes kept to what it said.
func (b *Board) Member(c *gin.Context) {
	code, found := httpx.PathCode(c)
	if !found {
		return
	}
	ctx := c.Request.Context()
	m, err1 := b.store.GetMember(ctx, code)
	votes, err2 := b.store.MemberVotes(ctx, code, models.MemberVoteFilter{Limit: models.MaxLimit})
	vetoes, err3 := b.store.Vetoes(ctx, models.VetoFilter{Members: []string{code}, Limit: models.MaxLimit})
	alignment, err4 := b.store.Alignment(ctx, models.AlignmentFilter{Member: code, Limit: models.MaxLimit})
	names, err5 := b.permanentNames(ctx)
	if err := cmp.Or(err1, err2, err3, err4, err5); err != nil {
		b.fail(c, err)
		return
	}
	b.render(c, memberPage, map[string]any{"Title": m.Name, "Member": m, "Named": len(m.Names) > 1, "Votes": votes.Items, "More": votes.Next != "",
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
	vetoes, err1 := b.allVetoes(ctx, f)
	names, err2 := b.permanentNames(ctx)
	if err := cmp.Or(err1, err2); err != nil {
		b.fail(c, err)
		return
	}
	b.render(c, vetoesPage, map[string]any{"Title": "Vetoes", "Vetoes": vetoes, "Chart": vetoesByDecade(vetoes, names),
		"Names": names, "From": f.From, "To": f.To})
}

// Agreement draws the agreement of every pair of members that voted
// together in a year (year=, else the year of the latest vote) as a
// heatmap, with the figures of each pair in a table below it.
func (b *Board) Agreement(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "year")
	if !okq {
		return
	}
	ctx := c.Request.Context()
	var year int
	if _, asked := c.GetQuery("year"); asked {
		year = q.Year("year")
	} else {
		latest, err := b.latestYearVoted(ctx)
		if err != nil {
			b.fail(c, err)
			return
		}
		year = latest
	}
	if !q.OK() {
		return
	}
	pairs, err1 := b.allPairs(ctx, models.Date(fmt.Sprintf("%04d-01-01", year)), models.Date(fmt.Sprintf("%04d-12-31", year)))
	names, err2 := b.memberNames(ctx, models.Date(fmt.Sprintf("%04d-12-31", year)))
	if err := cmp.Or(err1, err2); err != nil {
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
