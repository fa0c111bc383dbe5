package api_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The board over the Council's whole record: the pages are parsed, and
// their structure checked, rather than searched for substrings.

// doc gets a board page and parses it.
func (e *env) doc(path string) *html.Node {
	e.t.Helper()
	n, err := html.Parse(strings.NewReader(e.page(path)))
	if err != nil {
		e.t.Fatalf("%s: %v", path, err)
	}
	return n
}

// all returns the elements under n that match, in document order.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

// first returns the first element under n that matches, or nil.
func first(n *html.Node, match func(*html.Node) bool) *html.Node {
	if found := all(n, match); len(found) > 0 {
		return found[0]
	}
	return nil
}

// mustFirst is first's match, ending the test with missing when there is
// none.
func mustFirst(t *testing.T, n *html.Node, match func(*html.Node) bool, missing string) *html.Node {
	t.Helper()
	found := first(n, match)
	if found == nil {
		t.Fatal(missing)
	}
	return found
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// el matches elements by tag and, when given, by one of their classes.
func el(tag, class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		return (tag == "" || n.Data == tag) && (class == "" || slices.Contains(strings.Fields(attr(n, "class")), class))
	}
}

// withAttr matches elements by tag and an attribute's value.
func withAttr(tag, name, value string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == tag && attr(n, name) == value }
}

// text is the text under n, its spaces collapsed; SVG titles and text
// count too, so callers pick the element they mean.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// meetingDates are the days of the meetings a page lists, in its order,
// and their symbols.
func meetingDates(t *testing.T, page *html.Node) (dates, symbols []string) {
	t.Helper()
	for _, m := range all(page, el("li", "meeting")) {
		tm := first(m, el("time", ""))
		sym := first(m, el("", "symbol"))
		if tm == nil {
			t.Fatal("a meeting without its date")
		}
		dates = append(dates, attr(tm, "datetime"))
		if sym != nil {
			symbols = append(symbols, text(sym))
		}
	}
	return dates, symbols
}

func newestFirst(t *testing.T, path string, dates []string) {
	t.Helper()
	if !slices.IsSortedFunc(dates, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("%s: the meetings are not newest first: %v", path, dates)
	}
}

// nextLink is the page's link to its next page, "" when there is none.
func nextLink(page *html.Node) string {
	if pager := first(page, el("p", "pager")); pager != nil {
		if a := first(pager, withAttr("a", "rel", "next")); a != nil {
			return attr(a, "href")
		}
	}
	return ""
}

// recordArab sets e.arab, S/2012/77's id, which the record's drafts push
// off the first page envOn reads.
func recordArab(e *env) *env {
	e.t.Helper()
	if e.arab == 0 {
		e.arab = int64(e.get("/v1/drafts?symbol=S/2012/77").list()[0]["id"].(float64))
	}
	return e
}

// TestBoardMeetings: the meetings page lists the record newest first, 50
// at a time, the next page following on; each vote names its outcome and
// tally and links its draft.
func TestBoardMeetings(t *testing.T) {
	t.Parallel()
	e := recordArab(newRecordEnv(t))
	page := e.doc("/meetings")
	dates, symbols := meetingDates(t, page)
	if len(dates) != 50 {
		t.Fatalf("the first page lists %d meetings, want 50", len(dates))
	}
	newestFirst(t, "/meetings", dates)
	next := nextLink(page)
	if !strings.HasPrefix(next, "/meetings?cursor=") {
		t.Fatalf("the next page's link is %q", next)
	}
	page2 := e.doc(next)
	dates2, symbols2 := meetingDates(t, page2)
	if len(dates2) == 0 || dates2[0] > dates[len(dates)-1] {
		t.Errorf("the second page starts at %v after the first ended at %s", dates2, dates[len(dates)-1])
	}
	for _, s := range symbols2 {
		if slices.Contains(symbols, s) {
			t.Errorf("%s is on both pages", s)
		}
	}
	// The decade and year links.
	for _, year := range []string{"1946", "1960", "2010"} {
		if first(page, withAttr("a", "href", "/meetings?year="+year)) == nil {
			t.Errorf("/meetings does not link /meetings?year=%s", year)
		}
	}

	// S/PV.6711: the vetoed draft with its tally, linked to its page.
	feb := e.doc("/meetings?from=2012-02-04&to=2012-02-04")
	var found bool
	for _, d := range all(feb, el("li", "decision")) {
		a := first(d, el("a", ""))
		if a == nil || attr(a, "href") != fmt.Sprintf("/drafts/%d", e.arab) {
			continue
		}
		found = true
		if got, want := text(d), "Draft not adopted S/2012/77: vetoed by China and the Russian Federation: 13–2–0"; got != want {
			t.Errorf("the decision reads %q, want %q", got, want)
		}
		if !slices.Contains(strings.Fields(attr(d, "class")), "decision-vetoed") {
			t.Errorf("the vetoed draft's class is %q", attr(d, "class"))
		}
	}
	if !found {
		t.Errorf("4 February 2012 does not list S/2012/77 linked to /drafts/%d", e.arab)
	}
	// The meeting's record opens on undocs.org.
	if first(feb, withAttr("a", "href", "https://undocs.org/en/S/PV.6711")) == nil {
		t.Error("S/PV.6711 is not linked to its record")
	}
}

// TestBoardMeetingsYear: a year's view holds that year's meetings only,
// every page of it, and marks the year among the links.
func TestBoardMeetingsYear(t *testing.T) {
	t.Parallel()
	e := newRecordEnv(t)
	path, n := "/meetings?year=1962", 0
	for pages := 0; path != ""; pages++ {
		if pages > 10 {
			t.Fatal("more than ten pages of 1962")
		}
		page := e.doc(path)
		dates, _ := meetingDates(t, page)
		newestFirst(t, path, dates)
		for _, d := range dates {
			if !strings.HasPrefix(d, "1962-") {
				t.Errorf("%s lists a meeting of %s", path, d)
			}
		}
		if pages == 0 {
			if len(dates) == 0 {
				t.Fatal("no meetings in 1962")
			}
			cur := all(page, withAttr("a", "aria-current", "page"))
			var labels []string
			for _, a := range cur {
				labels = append(labels, text(a))
			}
			if !slices.Equal(labels, []string{"1960s", "1962"}) {
				t.Errorf("the current decade and year are marked %v, want [1960s 1962]", labels)
			}
		}
		n += len(dates)
		if next := nextLink(page); next != "" && !strings.Contains(next, "year=1962") {
			t.Fatalf("the next page of 1962 forgets the year: %s", next)
		}
		path = nextLink(page)
	}
	if n < 30 {
		t.Errorf("%d meetings in 1962; the record has dozens", n)
	}
}

// TestBoardMeetingsFilters: the form's filters: agenda words, the kinds
// of decision, a period; empty fields are no filter; a wrong value is a
// problem.
func TestBoardMeetingsFilters(t *testing.T) {
	t.Parallel()
	e := newRecordEnv(t)
	page := e.doc("/meetings?agenda=Cyprus")
	if n := len(all(page, el("li", "meeting"))); n != 50 {
		t.Errorf("%d meetings on Cyprus on the first page, want 50", n)
	}
	for _, m := range all(page, el("li", "meeting")) {
		if ag := first(m, el("ul", "agenda")); ag == nil || !strings.Contains(strings.ToLower(text(ag)), "cyprus") {
			t.Errorf("a meeting without Cyprus on its agenda: %s", text(m))
		}
	}
	for _, m := range all(e.doc("/meetings?outcome=draft_not_adopted"), el("li", "meeting")) {
		if first(m, el("li", "decision-vetoed")) == nil && first(m, el("li", "decision-failed")) == nil {
			t.Errorf("a meeting without a draft not adopted: %s", text(m))
		}
	}
	for _, m := range all(e.doc("/meetings?outcome=none&year=1990"), el("li", "meeting")) {
		if first(m, el("ul", "decisions")) != nil {
			t.Errorf("a meeting with decisions among those with none: %s", text(m))
		}
	}
	dates, _ := meetingDates(t, e.doc("/meetings?from=2012-02-01&to=2012-02-29"))
	if len(dates) == 0 {
		t.Error("no meetings in February 2012")
	}
	for _, d := range dates {
		if d < "2012-02-01" || d > "2012-02-29" {
			t.Errorf("a meeting of %s in February 2012", d)
		}
	}
	// The form sends its empty fields: no filter.
	all1, _ := meetingDates(t, e.doc("/meetings"))
	all2, _ := meetingDates(t, e.doc("/meetings?year=&from=&to=&agenda=&outcome="))
	if !slices.Equal(all1, all2) {
		t.Error("the form's empty fields filtered the meetings")
	}
	// From and to narrow a year.
	dates, _ = meetingDates(t, e.doc("/meetings?year=2012&from=2011-06-01&to=2012-02-29"))
	if len(dates) == 0 || dates[len(dates)-1] < "2012-01-01" || dates[0] > "2012-02-29" {
		t.Errorf("2012 to 29 February: %v", dates)
	}
	e.allInvalid([]string{"outcome=won", "from=2012-02-30", "from=2013&to=2012"}, "/meetings?")
	e.get("/meetings?decade=1960").problem(400, "bad-request")
}

// TestBoardIndexRecord: the front page lists the latest meetings with
// their outcomes above the drafts with their votes, 50 at a time.
func TestBoardIndexRecord(t *testing.T) {
	t.Parallel()
	e := newRecordEnv(t)
	page := e.doc("/")
	latest := mustFirst(t, page, el("section", "latest"), "the front page lists no meetings")
	dates, _ := meetingDates(t, latest)
	if len(dates) != 10 {
		t.Errorf("%d latest meetings, want 10", len(dates))
	}
	newestFirst(t, "/", dates)
	drafts := all(first(page, el("ol", "drafts")), el("li", ""))
	if len(drafts) != 50 {
		t.Errorf("%d drafts on the first page, want 50", len(drafts))
	}
	next := nextLink(page)
	if !strings.HasPrefix(next, "/?cursor=") {
		t.Fatalf("the older drafts' link is %q", next)
	}
	older := e.doc(next)
	if first(older, el("section", "latest")) != nil {
		t.Error("the second page repeats the latest meetings")
	}
	if n := len(all(first(older, el("ol", "drafts")), el("li", ""))); n == 0 {
		t.Error("the second page has no drafts")
	}
	// The filters narrow both: vetoed drafts, and meetings with a draft not adopted.
	vetoed := e.doc("/?status=vetoed")
	for _, m := range all(first(vetoed, el("section", "latest")), el("li", "meeting")) {
		if first(m, el("li", "decision-vetoed")) == nil && first(m, el("li", "decision-failed")) == nil {
			t.Errorf("/?status=vetoed lists a meeting without a draft not adopted: %s", text(m))
		}
	}
	for _, d := range all(first(vetoed, el("ol", "drafts")), el("span", "status")) {
		if text(d) != "vetoed" {
			t.Errorf("/?status=vetoed lists a draft %s", text(d))
		}
	}
	if next := nextLink(vetoed); next != "" && !strings.Contains(next, "status=vetoed") {
		t.Errorf("the next page forgets the status: %s", next)
	}
}

// TestBoardDraftDay: a draft's page says which day's Council it counts
// and offers the day as a control; S/2012/77 shows India's yes beside its
// position. A vote known by its tally only draws its unknown seats apart.
func TestBoardDraftDay(t *testing.T) {
	t.Parallel()
	e := recordArab(newRecordEnv(t))
	path := fmt.Sprintf("/drafts/%d", e.arab)
	page := e.doc(path)
	if got := text(first(page, el("p", "counted"))); !strings.HasPrefix(got, "Counts the Council of 4 February 2012, the day of the vote") {
		t.Errorf("%s says %q", path, got)
	}
	form := first(page, el("form", "on"))
	if form == nil || attr(form, "method") != "get" || attr(form, "action") != path ||
		first(form, func(n *html.Node) bool {
			return n.Data == "input" && attr(n, "name") == "on" && attr(n, "type") == "date"
		}) == nil {
		t.Errorf("%s offers no date control", path)
	}
	var india *html.Node
	for _, tr := range all(page, el("tr", "")) {
		if first(tr, withAttr("a", "href", "/members/IND")) != nil {
			india = tr
		}
	}
	if india == nil {
		t.Fatalf("%s has no row for India", path)
	}
	vote, stance := first(india, withAttr("td", "data-label", "Vote")), first(india, el("td", "stance"))
	if vote == nil || text(vote) != "yes" {
		t.Errorf("India's vote reads %v", vote)
	}
	if stance == nil || !strings.HasPrefix(text(stance), "hostile") {
		t.Errorf("India's position beside its vote is not hostile")
	}
	if got := text(first(page, el("p", "roll-call"))); !strings.HasPrefix(got, "Complete roll call") || !strings.Contains(got, "scact2012_table_en.html, row 202") {
		t.Errorf("the roll call is described as %q", got)
	}

	// The day before the vote: the positions then, the Council of that day.
	before := e.doc(path + "?on=2012-01-30")
	if got := text(first(before, el("p", "counted"))); !strings.HasPrefix(got, "Counts the Council of 30 January 2012, the day asked for") {
		t.Errorf("?on=2012-01-30 says %q", got)
	}
	if first(before, withAttr("td", "data-label", "Vote")) != nil {
		t.Error("the day before the vote shows votes")
	}
	if b := text(first(before, el("p", "banner"))); !strings.HasPrefix(b, "Likely vetoed by China and the Russian Federation") {
		t.Errorf("the banner before the vote reads %q", b)
	}
	if empty := e.page(path + "?on="); empty != e.page(path) {
		t.Error("an empty on= is not the vote's day")
	}
	e.get(path+"?on=soon").problem(422, "invalid")

	// S/1433 (1949): the tally, 2-9-0, and no member's vote.
	id := e.get("/v1/drafts?symbol=S/1433").list()[0]["id"]
	old := e.doc(fmt.Sprintf("/drafts/%v", id))
	if got := text(first(old, el("p", "roll-call"))); !strings.HasPrefix(got, "Tally only: 0 of 11 members' votes known") {
		t.Errorf("S/1433's roll call is described as %q", got)
	}
	if n := len(all(old, func(n *html.Node) bool { return el("g", "seat-unknown")(n) && attr(n, "data-label") == "not known" })); n != 11 {
		t.Errorf("%d seats drawn as not known, want 11", n)
	}
	for _, td := range all(old, withAttr("td", "data-label", "Vote")) {
		if text(td) != "vote not known" {
			t.Errorf("a vote of S/1433 reads %q", text(td))
		}
	}
}

// TestBoardMembers: the members page shows the Council of a day, each
// member linked; a member's page gives its names over time.
func TestBoardMembers(t *testing.T) {
	t.Parallel()
	e := newRecordEnv(t)
	page := e.doc("/members?on=1962-05-01")
	if h := text(first(page, el("h1", ""))); h != "The Council on 1 May 1962" {
		t.Errorf("the heading is %q", h)
	}
	var sitting []string
	for _, ul := range all(page, el("ul", "council")) {
		for _, a := range all(ul, el("a", "")) {
			sitting = append(sitting, text(a))
		}
	}
	if len(sitting) != 11 || !slices.Contains(sitting, "RUS Union of Soviet Socialist Republics") {
		t.Errorf("the Council of 1 May 1962: %v", sitting)
	}
	today := e.doc("/members")
	if n := len(all(today, func(n *html.Node) bool { return el("ul", "council")(n) })); n != 2 {
		t.Fatalf("%d lists of sitting members, want 2", n)
	}
	for _, ul := range all(today, el("ul", "council")) {
		for _, a := range all(ul, el("a", "")) {
			if !strings.HasPrefix(attr(a, "href"), "/members/") {
				t.Errorf("a member links %s", attr(a, "href"))
			}
		}
	}
	e.get("/members?on=1962-13-01").problem(422, "invalid")

	rus := e.doc("/members/RUS")
	names := mustFirst(t, rus, el("ol", "name-periods"), "Russia's page gives no names")
	var periods []string
	for _, li := range all(names, el("li", "")) {
		periods = append(periods, text(li))
	}
	want := []string{"Union of Soviet Socialist Republics: from 1 January 1946 to 23 December 1991",
		"Russian Federation: from 24 December 1991, its name today"}
	if !slices.Equal(periods, want) {
		t.Errorf("Russia's names: %q, want %q", periods, want)
	}
}

// TestBoardAgreementFigures: every pair's figures are in a table, as
// text, the same share the heatmap shades.
func TestBoardAgreementFigures(t *testing.T) {
	t.Parallel()
	e := newRecordEnv(t)
	page := e.doc("/agreement?year=2012")
	table := mustFirst(t, page, el("table", "figures"), "no table of figures")
	rows := map[string][]string{}
	for _, tr := range all(table, el("tr", "")) {
		if pair := attr(tr, "data-pair"); pair != "" {
			var cells []string
			for _, td := range all(tr, el("td", "")) {
				cells = append(cells, text(td))
			}
			rows[pair] = cells
		}
	}
	if len(rows) != 15*14/2 {
		t.Errorf("%d pairs in the table, want %d", len(rows), 15*14/2)
	}
	for _, g := range all(page, el("g", "cell")) {
		pair := strings.Split(attr(g, "data-pair"), ",")
		slices.Sort(pair)
		cells, ok := rows[strings.Join(pair, ",")]
		if !ok {
			t.Errorf("the table lacks %v", pair)
			continue
		}
		want := "—"
		if s := attr(g, "data-share"); s != "" {
			want = s + "%"
		}
		if cells[0] != want {
			t.Errorf("%v: the table says %q, the heatmap %q", pair, cells[0], want)
		}
	}
	if cells := rows["CHN,RUS"]; len(cells) != 4 || !strings.Contains(cells[1], " of ") {
		t.Errorf("China and Russia's figures: %v", cells)
	}
}

// TestBoardHeader: every page links every other from its header, stays
// small enough for the response cache, and is served from it the second
// time.
func TestBoardHeader(t *testing.T) {
	t.Parallel()
	e := recordArab(newRecordEnv(t))
	want := []string{"/", "/meetings", "/members", "/vetoes", "/agreement"}
	paths := []string{"/", "/?status=vetoed", "/meetings", "/meetings?year=1962", "/members", "/members?on=1950-06-27", "/members/RUS",
		fmt.Sprintf("/drafts/%d", e.arab), fmt.Sprintf("/drafts/%d?on=2012-01-30", e.arab), "/vetoes", "/agreement", "/agreement?year=1962"}
	firstTime := map[string]string{}
	for _, path := range paths {
		body := e.page(path)
		firstTime[path] = body
		if len(body) >= 1<<20 {
			t.Errorf("%s is %d bytes: too big for the response cache", path, len(body))
		}
		page, err := html.Parse(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		nav := first(page, func(n *html.Node) bool { return n.Data == "nav" && n.Parent != nil && el("header", "site")(n.Parent) })
		if nav == nil {
			t.Errorf("%s has no header navigation", path)
			continue
		}
		var links []string
		for _, a := range all(nav, el("a", "")) {
			links = append(links, attr(a, "href"))
		}
		if !slices.Equal(links, want) {
			t.Errorf("%s's header links %v, want %v", path, links, want)
		}
	}
	// A member's first roll-call read moves the data version (once), which
	// empties the cache: read every page again, then, with the reader pool
	// closed, only the cache can answer.
	for _, path := range paths {
		firstTime[path] = e.page(path)
	}
	e.store.ReadPool().Close()
	for _, path := range paths {
		if r := e.get(path); r.status != 200 || string(r.body) != firstTime[path] {
			t.Errorf("%s was not served from the cache the second time: %d", path, r.status)
		}
	}
}

// TestBoardVetoesWithoutTally: a veto the record gives without its tally
// (S/2022/431: the table's 13-0-2 contradicts the two vetoes it names)
// says so on the veto list and on the member's page, never "<nil>" or a
// made-up 0-0-0.
func TestBoardVetoesWithoutTally(t *testing.T) {
	t.Parallel()
	e := newRecordEnv(t)
	for _, path := range []string{"/vetoes?from=2022-05-26&to=2022-05-26", "/members/CHN", "/"} {
		body := string(e.get(path).expect(200).body)
		if strings.Contains(body, "<nil>") || strings.Contains(body, "0–0–0") {
			t.Errorf("%s shows a missing tally as <nil> or 0–0–0", path)
		}
		if path != "/" && !strings.Contains(body, "tally not given in the record") {
			t.Errorf("%s does not say S/2022/431's tally is not given", path)
		}
	}
}
