package board

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// Page sizes: a page of the board stays small enough to read on a phone
// and to be kept by the response cache.
const (
	meetingsPerPage = 50
	draftsPerPage   = 50
	latestMeetings  = 10
)

// meetingView is a meeting as the board lists it.
type meetingView struct {
	models.Meeting
	Link      string // the record on undocs.org, "" where its address is not known
	Decisions []decisionView
}

// decisionView is one decision in words.
type decisionView struct {
	Kind    string // in words: Resolution, Presidential statement...
	Class   string // the outcome, for its colour: adopted, vetoed, failed, or the kind
	Symbol  string
	Link    string // the document on undocs.org
	Text    string
	DraftID int64  // 0 for none
	Result  string // "adopted 13–0–2", "vetoed by the Soviet Union: 9–2–0"
}

var kindWords = map[models.DecisionKind]string{
	models.DecisionResolution:            "Resolution",
	models.DecisionPresidentialStatement: "Presidential statement",
	models.DecisionCommunique:            "Communiqué",
	models.DecisionDraftNotAdopted:       "Draft not adopted",
	models.DecisionOther:                 "Decision",
}

// outcomeChoices are the form's choices of outcome, each a value of the
// outcome parameter (a list of decision kinds).
var outcomeChoices = []struct{ Value, Label string }{
	{"", "any"},
	{"resolution,draft_not_adopted", "a vote"},
	{"resolution", "a resolution"},
	{"draft_not_adopted", "a draft not adopted"},
	{"presidential_statement", "a presidential statement"},
	{"communique", "a communiqué"},
	{"other", "another decision"},
	{"none", "no decision"},
}

// undocs links a UN document symbol to its text on undocs.org; a record
// with a suffix (a resumption, a part) has an address that cannot be
// told from its symbol, so it gets none.
func undocs(symbol string) string {
	if symbol == "" || (strings.HasPrefix(symbol, "S/PV.") && strings.Contains(symbol, " ")) {
		return ""
	}
	return "https://undocs.org/en/" + strings.ReplaceAll(symbol, " ", "")
}

// namer names members as they were named on a day (the USSR until
// December 1991).
type namer map[string]models.Member

// members reads every member that has sat, with its names over time.
func (b *Board) members(ctx context.Context) (namer, error) {
	page, err := b.store.ListMembers(ctx, models.MemberFilter{Limit: models.MaxLimit})
	out := namer{}
	for _, m := range page.Items {
		out[m.Code] = m
	}
	return out, err
}

// on names members by code as they were named on day d.
func (n namer) on(d models.Date) map[string]string {
	out := make(map[string]string, len(n))
	for code, m := range n {
		out[code] = m.NameOn(d)
	}
	return out
}

// tallyWords writes a tally as in favour–against–abstaining.
func tallyWords(c *models.Counts) string {
	if c == nil {
		return "tally not known"
	}
	s := fmt.Sprintf("%d–%d–%d", c.Yes, c.No, c.Abstain)
	if c.NonVoting > 0 {
		s += fmt.Sprintf(", %d not voting", c.NonVoting)
	}
	return s
}

// meetingViews puts meetings in words, each member named as it was on
// the meeting's day.
func meetingViews(ms []models.Meeting, names namer) []meetingView {
	out := make([]meetingView, len(ms))
	for i, m := range ms {
		v := meetingView{Meeting: m, Link: undocs(m.Symbol)}
		var then map[string]string
		for _, d := range m.Decisions {
			dv := decisionView{Kind: kindWords[d.Kind], Class: string(d.Kind), Symbol: d.Symbol, Link: undocs(d.Symbol), Text: d.Text}
			if d.DraftID != nil {
				dv.DraftID = *d.DraftID
			}
			if dv.Kind == "" {
				dv.Kind = string(d.Kind)
			}
			switch d.Outcome {
			case models.OutcomeVetoed:
				if then == nil {
					then = names.on(m.Date)
				}
				dv.Result = "vetoed by " + andList(d.VetoedBy, then) + ": " + tallyWords(d.Tally)
			case models.OutcomeFailed:
				dv.Result = "failed: " + tallyWords(d.Tally)
			case models.OutcomeAdopted:
				dv.Result = "adopted"
				if d.Tally != nil {
					dv.Result += " " + tallyWords(d.Tally)
				}
			}
			if d.Outcome != "" {
				dv.Class = string(d.Outcome)
			}
			v.Decisions = append(v.Decisions, dv)
		}
		out[i] = v
	}
	return out
}

// given reports whether a query parameter has a value: a form sends its
// empty fields as empty values, which mean no filter.
func given(c *gin.Context, name string) bool { return c.Query(name) != "" }

// yearLink is a link in the row of decades or years.
type yearLink struct {
	Label, Href string
	Current     bool
}

// yearLinks are the decades of the record, and with a year chosen, the
// years of its decade.
func yearLinks(year int, last models.Date) (decades, years []yearLink) {
	lastYear := last.Year()
	for d := httpx.FirstYear / 10 * 10; d <= lastYear; d += 10 {
		first := max(d, httpx.FirstYear)
		decades = append(decades, yearLink{Label: fmt.Sprintf("%ds", d), Href: fmt.Sprintf("/meetings?year=%d", first), Current: year/10*10 == d})
	}
	if year == 0 {
		return decades, nil
	}
	for y := max(year/10*10, httpx.FirstYear); y < year/10*10+10 && y <= lastYear; y++ {
		years = append(years, yearLink{Label: fmt.Sprint(y), Href: fmt.Sprintf("/meetings?year=%d", y), Current: y == year})
	}
	return decades, years
}

// Meetings lists the Council's meetings, newest first, a page at a time:
// a year's (year=), or a period's (from=, to=), narrowed by words of an
// agenda item and by the kinds of decision taken (outcome=).
func (b *Board) Meetings(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "year", "from", "to", "agenda", "outcome", "cursor")
	if !okq {
		return
	}
	f := models.MeetingFilter{Agenda: q.Str("agenda"), Cursor: q.Str("cursor"), Limit: meetingsPerPage}
	year := 0
	if given(c, "year") {
		if year = q.Year("year"); year != 0 {
			from, to := models.Date(fmt.Sprintf("%04d-01-01", year)), models.Date(fmt.Sprintf("%04d-12-31", year))
			f.From, f.To = &from, &to
		}
	}
	// From and to narrow a year further.
	if given(c, "from") {
		if d := q.YearOrDate("from", false); d != nil && (f.From == nil || *d > *f.From) {
			f.From = d
		}
	}
	if given(c, "to") {
		if d := q.YearOrDate("to", true); d != nil && (f.To == nil || *d < *f.To) {
			f.To = d
		}
	}
	outcome := c.Query("outcome")
	if outcome != "" {
		f.Kinds = httpx.OneOf(q, "outcome", append(append([]models.DecisionKind{}, models.DecisionKinds...), models.DecisionNone), true)
	}
	if !q.OK() {
		return
	}
	ctx := c.Request.Context()
	var page models.Page[models.Meeting]
	var err1 error
	// A period outside the year asked for holds no meeting.
	if year == 0 || *f.From <= *f.To {
		page, err1 = b.store.ListMeetings(ctx, f)
	}
	names, err2 := b.members(ctx)
	if err := cmp.Or(err1, err2); err != nil {
		b.fail(c, err)
		return
	}
	filters := url.Values{}
	for _, name := range []string{"year", "from", "to", "agenda", "outcome"} {
		if v := c.Query(name); v != "" {
			filters.Set(name, v)
		}
	}
	next := ""
	if page.Next != "" {
		nv := url.Values{}
		for k, v := range filters {
			nv[k] = v
		}
		nv.Set("cursor", page.Next)
		next = "/meetings?" + nv.Encode()
	}
	today := b.store.Today()
	decades, years := yearLinks(year, today)
	title := "Meetings of the Council"
	if year != 0 {
		title = fmt.Sprintf("Meetings of the Council in %d", year)
	}
	from, to := c.Query("from"), c.Query("to")
	b.render(c, meetingsPage, map[string]any{"Title": title, "Meetings": meetingViews(page.Items, names), "Next": next,
		"First": f.Cursor != "", "FirstHref": "/meetings?" + filters.Encode(),
		"Year": year, "Prev": year - 1, "After": year + 1, "Last": today.Year(), "Decades": decades, "Years": years,
		"From": from, "To": to, "Agenda": f.Agenda, "Outcome": outcome, "Outcomes": outcomeChoices})
}

// termOn is the elected member's term that covers year, "" for a
// permanent member.
func termOn(m models.Member, year int) string {
	for _, t := range m.Terms {
		if t.Start <= year && year <= t.End {
			if t.Start == t.End {
				return fmt.Sprint(t.Start)
			}
			return fmt.Sprintf("%d–%d", t.Start, t.End)
		}
	}
	return ""
}

// councilMember is a member as the members page lists it.
type councilMember struct {
	models.Member
	Term string
}

// Members shows the Council sitting on a day (on=, else today), each
// member linked to its page, and every state that has sat, under each of
// its names.
func (b *Board) Members(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "on")
	if !okq {
		return
	}
	day := b.store.Today()
	asked := given(c, "on")
	if asked {
		if d := q.Date("on"); d != nil {
			day = *d
		}
	}
	if !q.OK() {
		return
	}
	ctx := c.Request.Context()
	sitting, err1 := b.store.ListMembers(ctx, models.MemberFilter{On: &day, Limit: models.MaxLimit})
	all, err2 := b.store.ListMembers(ctx, models.MemberFilter{Limit: models.MaxLimit})
	if err := cmp.Or(err1, err2); err != nil {
		b.fail(c, err)
		return
	}
	var permanent, elected []councilMember
	for _, m := range sitting.Items {
		if m.Permanent {
			permanent = append(permanent, councilMember{Member: m})
		} else {
			elected = append(elected, councilMember{Member: m, Term: termOn(m, day.Year())})
		}
	}
	b.render(c, membersPage, map[string]any{"Title": "Members of the Council", "On": day, "Asked": asked,
		"Seats": models.CouncilOn(day).Seats, "Permanent": permanent, "Elected": elected, "All": all.Items})
}

// latestYearVoted is the year of the newest meeting that voted, else the
// year of today: the agreement page's year when none is asked for.
func (b *Board) latestYearVoted(ctx context.Context) (int, error) {
	page, err := b.store.ListMeetings(ctx, models.MeetingFilter{Kinds: []models.DecisionKind{models.DecisionResolution, models.DecisionDraftNotAdopted}, Limit: 1})
	if err != nil {
		return 0, err
	}
	if len(page.Items) > 0 {
		return page.Items[0].Date.Year(), nil
	}
	return b.store.Today().Year(), nil
}
