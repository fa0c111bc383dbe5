package api

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"unsc/models"
)

// The vote board: server-rendered pages for people rather than programs.
// No JavaScript; everything it prints goes through html/template.

//go:embed board/*.html board/*.css
var boardFiles embed.FS

var boardFuncs = template.FuncMap{
	"join":        strings.Join,
	"statusWords": func(s models.Status) string { return strings.ReplaceAll(string(s), "_", " ") },
	"stanceWords": func(s models.Stance) string { return strings.ReplaceAll(string(s), "_", " ") },
	"day":         dayWords,
	"andList":     andList,
}

var (
	indexPage     = template.Must(template.New("index.html").Funcs(boardFuncs).ParseFS(boardFiles, "board/layout.html", "board/index.html"))
	vetoesPage    = template.Must(template.New("vetoes.html").Funcs(boardFuncs).ParseFS(boardFiles, "board/layout.html", "board/vetoes.html"))
	agreementPage = template.Must(template.New("agreement.html").Funcs(boardFuncs).ParseFS(boardFiles, "board/layout.html", "board/agreement.html"))
	memberPage    = template.Must(template.New("member.html").Funcs(boardFuncs).ParseFS(boardFiles, "board/layout.html", "board/member.html"))
	draftPage     = template.Must(template.New("draft.html").Funcs(boardFuncs).ParseFS(boardFiles, "board/layout.html", "board/draft.html"))
	boardCSS      = mustRead("board/board.css")
)

func mustRead(name string) []byte {
	b, err := boardFiles.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return b
}

func (h *Handler) render(c *gin.Context, t *template.Template, data any) {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		h.fail(c, err)
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", b.Bytes())
}

func (h *Handler) boardCSS(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, "text/css; charset=utf-8", boardCSS)
}

func (h *Handler) boardIndex(c *gin.Context) {
	q, okq := newQuery(c, "status", "topic", "cursor")
	if !okq {
		return
	}
	f := models.DraftFilter{Status: q.status("status"), Topic: q.str("topic"), Cursor: q.str("cursor"), Limit: 100}
	if !q.ok() {
		return
	}
	page, err := h.store.ListDrafts(c.Request.Context(), f)
	if err != nil {
		h.fail(c, err)
		return
	}
	names, err := h.permanentNames(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, indexPage, map[string]any{"Title": "Draft resolutions", "Drafts": page.Items, "Next": page.Next,
		"Statuses": models.Statuses, "Status": f.Status, "Topic": f.Topic, "Names": names})
}

// permanentNames names the permanent members by code, for the vetoes.
func (h *Handler) permanentNames(ctx context.Context) (map[string]string, error) {
	yes := true
	page, err := h.store.ListMembers(ctx, models.MemberFilter{Permanent: &yes, Limit: models.MaxLimit})
	names := map[string]string{}
	for _, m := range page.Items {
		names[m.Code] = m.Name
	}
	return names, err
}

// dayWords writes a date as "4 Feb 2012".
func dayWords(d models.Date) string {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return string(d)
	}
	return t.Format("2 Jan 2006")
}

// boardMember shows a member's record: its votes beside its positions,
// its vetoes, and how often its votes kept to what it said.
func (h *Handler) boardMember(c *gin.Context) {
	code, found := pathCode(c)
	if !found {
		return
	}
	ctx := c.Request.Context()
	m, err := h.store.GetMember(ctx, code)
	if err != nil {
		h.fail(c, err)
		return
	}
	votes, err := h.store.MemberVotes(ctx, code, models.MemberVoteFilter{Limit: models.MaxLimit})
	if err != nil {
		h.fail(c, err)
		return
	}
	vetoes, err := h.store.Vetoes(ctx, models.VetoFilter{Members: []string{code}, Limit: models.MaxLimit})
	if err != nil {
		h.fail(c, err)
		return
	}
	alignment, err := h.store.Alignment(ctx, models.AlignmentFilter{Member: code, Limit: models.MaxLimit})
	if err != nil {
		h.fail(c, err)
		return
	}
	names, err := h.permanentNames(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, memberPage, map[string]any{"Title": m.Name, "Member": m, "Votes": votes.Items, "More": votes.Next != "",
		"Vetoes": vetoes.Items, "Alignment": alignment, "Names": names})
}

// boardVetoes charts the vetoes by permanent member and decade, and lists
// them.
func (h *Handler) boardVetoes(c *gin.Context) {
	f, okf := vetoFilter(c, false)
	if !okf {
		return
	}
	ctx := c.Request.Context()
	vetoes, err := h.allVetoes(ctx, f)
	if err != nil {
		h.fail(c, err)
		return
	}
	names, err := h.permanentNames(ctx)
	if err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, vetoesPage, map[string]any{"Title": "Vetoes", "Vetoes": vetoes, "Chart": vetoesByDecade(vetoes, names),
		"Names": names, "From": f.From, "To": f.To})
}

// boardAgreement draws the agreement of every pair of members that voted
// together in a year as a heatmap.
func (h *Handler) boardAgreement(c *gin.Context) {
	q, okq := newQuery(c, "year")
	if !okq {
		return
	}
	year := q.year("year")
	if !q.ok() {
		return
	}
	ctx := c.Request.Context()
	pairs, err := h.allPairs(ctx, models.Date(fmt.Sprintf("%04d-01-01", year)), models.Date(fmt.Sprintf("%04d-12-31", year)))
	if err != nil {
		h.fail(c, err)
		return
	}
	names, err := h.memberNames(ctx, models.Date(fmt.Sprintf("%04d-12-31", year)))
	if err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, agreementPage, map[string]any{"Title": fmt.Sprintf("Agreement in %d", year), "Year": year,
		"Prev": year - 1, "Next": year + 1, "Grid": agreementGrid(pairs, names)})
}

// memberNames names the members sitting on a day, by code.
func (h *Handler) memberNames(ctx context.Context, on models.Date) (map[string]string, error) {
	page, err := h.store.ListMembers(ctx, models.MemberFilter{On: &on, Limit: models.MaxLimit})
	names := map[string]string{}
	for _, m := range page.Items {
		names[m.Code] = m.Name
	}
	return names, err
}

// seat is one of the fifteen places drawn around the horseshoe.
type seat struct {
	Code, Name, Label, Class, Anchor string
	Permanent                        bool
	X, Y, LabelX, LabelY             float64
}

// boardRow is one member's line under the horseshoe.
type boardRow struct {
	Code, Name string
	Permanent  bool
	Vote       models.Cast
	models.Position
}

func (h *Handler) boardDraft(c *gin.Context) {
	id, on, found := draftOn(c)
	if !found {
		return
	}
	ctx := c.Request.Context()
	d, err := h.store.GetDraft(ctx, id)
	if err != nil {
		h.fail(c, err)
		return
	}
	var rows []boardRow
	if d.Vote != nil {
		for _, vm := range d.Vote.Members {
			rows = append(rows, boardRow{Code: vm.Member.Code, Name: vm.Member.Name, Permanent: vm.Member.Permanent, Vote: vm.Vote, Position: vm.Position})
		}
	} else {
		ps, err := h.store.DraftPositions(ctx, id, models.PositionFilter{On: on, Limit: models.MaxLimit})
		if err != nil {
			h.fail(c, err)
			return
		}
		for _, p := range ps.Items {
			rows = append(rows, boardRow{Code: p.Member.Code, Name: p.Member.Name, Permanent: p.Member.Permanent, Position: p})
		}
	}
	slices.SortFunc(rows, func(a, b boardRow) int { return strings.Compare(a.Name, b.Name) })
	sources, err := h.sourcesByID(c, rows)
	if err != nil {
		h.fail(c, err)
		return
	}
	proj, err := h.store.ProjectDraft(ctx, id, on)
	if err != nil {
		h.fail(c, err)
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
	h.render(c, draftPage, map[string]any{"Title": title, "Draft": d, "Rows": rows, "Seats": seats(rows, d.Vote != nil),
		"Banner": banner, "BannerKind": kind, "Sources": sources})
}

// sourcesByID loads the sources the rows' evidence cites.
func (h *Handler) sourcesByID(c *gin.Context, rows []boardRow) (map[int64]models.Source, error) {
	out := map[int64]models.Source{}
	for _, r := range rows {
		for _, e := range r.Evidence {
			if _, ok := out[e.SourceID]; ok {
				continue
			}
			s, err := h.store.GetSource(c.Request.Context(), e.SourceID)
			if err != nil {
				return nil, err
			}
			out[e.SourceID] = s
		}
	}
	return out, nil
}

// The horseshoe's geometry, in the SVG's units.
const (
	chamberX, chamberY = 320.0, 250.0 // centre
	seatRing           = 185.0        // radius of the seats' centres
	labelRing          = 236.0        // radius of the labels
	arcFrom, arcSweep  = 215.0, 250.0 // degrees: lower left, over the top, to lower right
)

// seats places the members around a horseshoe open at the bottom, in the
// order the rows come (alphabetical by name, as the Council sits), each
// with its stance or vote written outside the ring.
func seats(rows []boardRow, voted bool) []seat {
	out := make([]seat, len(rows))
	for i, row := range rows {
		frac := 0.5
		if len(rows) > 1 {
			frac = float64(i) / float64(len(rows)-1)
		}
		theta := (arcFrom - arcSweep*frac) * math.Pi / 180
		label := strings.ReplaceAll(string(row.Stance), "_", " ")
		class := string(row.Stance)
		if voted {
			label, class = string(row.Vote), string(row.Vote)
		}
		anchor := "middle"
		switch c := math.Cos(theta); {
		case c < -0.3:
			anchor = "end"
		case c > 0.3:
			anchor = "start"
		}
		out[i] = seat{Code: row.Code, Name: row.Name, Permanent: row.Permanent, Label: label, Class: class, Anchor: anchor,
			X: round1(chamberX + seatRing*math.Cos(theta)), Y: round1(chamberY - seatRing*math.Sin(theta)),
			LabelX: round1(chamberX + labelRing*math.Cos(theta)), LabelY: round1(chamberY - labelRing*math.Sin(theta))}
	}
	return out
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// theName puts "the" before the names that take it in English.
func theName(name string) string {
	for _, w := range []string{"United ", "Russian Federation", "Republic", "Kingdom", "Netherlands", "Philippines", "Gambia", "Emirates", "Islands", "Federation", "Democratic", "Holy See", "Bahamas", "Comoros", "Maldives", "Seychelles", "Sudan"} {
		if strings.HasPrefix(name, w) || strings.Contains(name, " "+strings.TrimSpace(w)) {
			if name == "Sudan" || name == "South Sudan" {
				return name
			}
			return "the " + name
		}
	}
	return name
}

// andList writes names as English prose: "A", "A and B", "A, B and C".
func andList(codes []string, names map[string]string) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = c
		if n, ok := names[c]; ok {
			parts[i] = theName(n)
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// voteWords says a recorded outcome in words, e.g. "Vetoed by China and
// the Russian Federation: 13 in favour, 2 against, 0 abstentions; 9 needed".
func voteWords(t models.Tally, names map[string]string) string {
	counts := fmt.Sprintf("%d in favour, %d against, %s", t.Yes, t.No, plural(t.Abstain, "abstention", "abstentions"))
	if t.Absent > 0 {
		counts += ", " + plural(t.Absent, "not voting", "not voting")
	}
	counts += fmt.Sprintf("; %d needed", t.Required)
	switch t.Outcome {
	case models.OutcomeVetoed:
		return "Vetoed by " + andList(t.VetoedBy, names) + ": " + counts
	case models.OutcomeAdopted:
		return "Adopted: " + counts
	}
	return fmt.Sprintf("Failed, short of %s in favour: ", numberWords(t.Required)) + counts
}

// projectionWords says a projection in words.
func projectionWords(p models.Projection, names map[string]string) string {
	counts := fmt.Sprintf("%d likely in favour, %d likely against, %d abstaining, %d uncertain; %d needed",
		p.LikelyYes.Count, p.LikelyNo.Count, p.Abstain.Count, p.Uncertain.Count, p.Required)
	switch p.Outcome {
	case models.LikelyVetoed:
		return "Likely vetoed by " + andList(p.PermanentAgainst, names) + " if put to a vote: " + counts
	case models.LikelyAdopted:
		return "Likely adopted if put to a vote: " + counts
	case models.LikelyFailed:
		return fmt.Sprintf("Likely to fail, short of %s in favour: ", numberWords(p.Required)) + counts
	}
	return "Outcome uncertain: " + counts
}

// numberWords writes the votes a decision needs as the Charter does: seven
// until 1965, nine since.
func numberWords(n int) string {
	if words, ok := map[int]string{7: "seven votes", 9: "nine votes"}[n]; ok {
		return words
	}
	return fmt.Sprintf("%d votes", n)
}
