package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// recordFebruaryVote records S/2012/77's real vote: 4 February 2012,
// S/PV.6711, 13 in favour, China and Russia against.
func recordFebruaryVote(e *env) {
	e.t.Helper()
	e.write("PUT", fmt.Sprintf("/v1/drafts/%d/vote", e.arab), map[string]any{"voted_on": "2012-02-04", "meeting": "S/PV.6711",
		"votes": council2012("yes", map[string]string{"CHN": "no", "RUS": "no"})}).expect(201)
}

// page gets a board page and checks it is HTML.
func (e *env) page(path string) string {
	e.t.Helper()
	r := e.get(path).expect(200)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		e.t.Errorf("%s answered %s", path, ct)
	}
	return string(r.body)
}

func wantIn(t *testing.T, path, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("%s lacks %q", path, w)
		}
	}
}

// TestBoardIndexTallies: each voted draft shows its vote's day and tally.
func TestBoardIndexTallies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wantIn(t, "/", e.page("/"), "4 Oct 2011 · <span title=\"in favour–against–abstaining\">9–2–4</span> · vetoed by China and the Russian Federation")
	recordFebruaryVote(e)
	wantIn(t, "/", e.page("/"), "4 Feb 2012 · <span title=\"in favour–against–abstaining\">13–2–0</span> · vetoed by China and the Russian Federation")
}

// TestBoardDraftLabels: every cell of the positions table carries its
// column's label, which narrow screens print above the value.
func TestBoardDraftLabels(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	path := fmt.Sprintf("/drafts/%d", e.oct)
	page := e.page(path)
	wantIn(t, path, page, `<td data-label="Member">`, `data-label="Vote">no</td>`, `data-label="Last position before the vote">`, `<td data-label="Evidence">`)
	if n := strings.Count(page, `<td data-label="Evidence">`); n != 15 {
		t.Errorf("%d evidence cells labelled, want 15", n)
	}
}

// TestBoardMember: a member's page shows its roll calls newest first
// beside its last positions, its vetoes and the summary; the draft page
// links to it.
func TestBoardMember(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	recordFebruaryVote(e)
	page := e.page("/members/rus")
	wantIn(t, "/members/rus", page, "Russian Federation", "<h2>Vetoes</h2>",
		"4 Feb 2012 · S/PV.6711 · 13–2–0 · vetoed by China and the Russian Federation",
		"4 Oct 2011 · S/PV.6627 · 9–2–4 · vetoed by China and the Russian Federation",
		`data-label="Vote">no <strong>(veto)</strong>`, `data-label="Last position before">veto</td>`, `data-label="Kept to it">yes</td>`,
		"<strong>1</strong> kept to it and <strong>0</strong> did not; 1 had no such position")
	if feb, oct := strings.Index(page, "S/2012/77</span>"), strings.Index(page, "S/2011/612</span>"); feb < 0 || oct < 0 || feb > oct {
		t.Error("the votes are not newest first")
	}
	fra := e.page("/members/FRA")
	wantIn(t, "/members/FRA", fra, "No vetoes recorded.")
	wantIn(t, "draft page", e.page(fmt.Sprintf("/drafts/%d", e.arab)), `<a href="/members/RUS"><strong>RUS</strong>`)
	e.get("/members/XYZ").problem(404, "not-found")
	e.get("/members/12").problem(404, "not-found")
}

// TestBoardVetoes: the veto chart has a bar per permanent member and
// decade, each with its count, and the list below.
func TestBoardVetoes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	recordFebruaryVote(e)
	page := e.page("/vetoes")
	wantIn(t, "/vetoes", page, "2 vetoed drafts recorded", `<svg viewBox=`,
		`data-code="RUS" data-decade="2010s" data-count="2"`, `data-code="CHN" data-decade="2010s" data-count="2"`,
		`data-code="USA" data-decade="2010s" data-count="0"`, "Russian Federation, 2010s: 2 vetoes",
		`4 Feb 2012 (<a href="/agreement?year=2012">who voted with whom that year</a>) · S/PV.6711`,
		`4 Oct 2011 (<a href="/agreement?year=2011">who voted with whom that year</a>) · S/PV.6627`)
	if n := strings.Count(page, `<g class="bar `); n != 5 {
		t.Errorf("%d bars, want 5: one decade, five members", n)
	}
	wantIn(t, "/vetoes?from=2012", e.page("/vetoes?from=2012"), "1 vetoed draft recorded from 2012-01-01", "S/2012/77")
	wantIn(t, "/vetoes?to=2000", e.page("/vetoes?to=2000"), "No vetoes match.")
	e.get("/vetoes?from=soon").problem(422, "invalid")
	e.get("/vetoes?decade=2010").problem(400, "bad-request")
}

// TestBoardAgreement: the heatmap of a year has a cell per ordered pair
// of the members that voted together, each titled with the pair and the
// figures.
func TestBoardAgreement(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	page := e.page("/agreement?year=2011")
	wantIn(t, "/agreement?year=2011", page, "Who voted with whom in 2011",
		`<g class="cell share-4" data-pair="CHN,RUS" data-share="100">`,
		"<title>China and Russian Federation, 2011: 100% identical, 1 of 1 roll calls both voted in; 1 roll call together; yes or no alike in 1 of 1</title>",
		`<g class="cell share-0" data-pair="BRA,CHN" data-share="0">`)
	if n := strings.Count(page, `<g class="cell `); n != 15*14 {
		t.Errorf("%d cells, want 15×14", n)
	}
	wantIn(t, "/agreement?year=2012", e.page("/agreement?year=2012"), "No roll calls recorded in 2012.")
	recordFebruaryVote(e)
	page = e.page("/agreement?year=2012")
	wantIn(t, "/agreement?year=2012", page, `data-pair="RUS,CHN" data-share="100"`, `data-pair="USA,RUS" data-share="0"`,
		"United States and Morocco, 2012: 100% identical, 1 of 1")
	// Without a year, the year of the latest vote (none here but today's).
	wantIn(t, "/agreement", e.page("/agreement"), "Who voted with whom in 2026")
	e.allInvalid([]string{"year=12", "year=1900"}, "/agreement?")
	e.get("/agreement?year=2012&from=2011").problem(400, "bad-request")
}
