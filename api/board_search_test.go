package api_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBoardSearch: every page's header has the search box; the results
// page lists the hits with their board pages and marked words, pages on,
// and shows a query it cannot read back with what is wrong.
func TestBoardSearch(t *testing.T) {
	t.Parallel()
	e := newRecordEnv(t)
	for _, path := range []string{"/", "/meetings", "/members", "/vetoes", "/agreement", fmt.Sprintf("/drafts/%d", e.arab), "/members/RUS", "/search"} {
		form := first(e.doc(path), withAttr("form", "action", "/search"))
		if form == nil || first(form, withAttr("input", "name", "q")) == nil {
			t.Errorf("%s has no search box in its header", path)
		}
	}

	doc := e.doc("/search?q=" + url.QueryEscape("Cote d'Ivoire") + "&kind=draft")
	results := all(doc, el("li", "result"))
	if len(results) != 20 {
		t.Fatalf("%d results on the first page, want 20", len(results))
	}
	for _, r := range results {
		link := first(r, el("a", ""))
		marks := all(r, el("mark", ""))
		if !strings.HasPrefix(attr(link, "href"), "/drafts/") || len(marks) < 2 || text(marks[0]) != "Côte" {
			t.Errorf("result %q links to %s, marks %d", text(r), attr(link, "href"), len(marks))
		}
	}
	next := mustFirst(t, doc, withAttr("a", "rel", "next"), "no link to more results")
	more := all(e.doc(attr(next, "href")), el("li", "result"))
	if len(more) == 0 || text(more[0]) == text(results[0]) {
		t.Errorf("the next page shows %d results, the first %q", len(more), text(more[0]))
	}

	if h := first(e.doc("/search?q=S%2FPV.6711"), el("li", "result")); h == nil || !strings.Contains(text(h), "S/PV.6711") {
		t.Errorf("S/PV.6711 is not the first result")
	}

	r := e.get("/search?q=%22unclosed")
	if r.status != 422 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.body), "closes it") {
		t.Errorf("malformed query: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if n := len(all(e.doc("/search"), el("li", "result"))); n != 0 {
		t.Errorf("the empty search page shows %d results", n)
	}
	if body := e.page("/search?q=zzzyqx"); !strings.Contains(body, "Nothing in the record matches") {
		t.Errorf("no results page: %s", body)
	}
}

// TestBoardSearchOnPhone: the results page 390 pixels wide, as on a
// phone: nothing wider than the screen, the box and the marks shown.
func TestBoardSearchOnPhone(t *testing.T) {
	e := newRecordEnv(t)
	ctx, base := browseBoard(t, e.h, 1400)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		chromedp.Navigate(base+"/search?q="+url.QueryEscape("Côte d'Ivoire")), chromedp.WaitVisible(chromedp.CSS("ol.results"))); err != nil {
		t.Fatal(err)
	}
	if sw := run(t, ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`)); sw > 390 {
		t.Errorf("the results page is %v pixels wide on a 390-pixel phone", sw)
	}
	if w := run(t, ctx, chromedp.Evaluate[float64](`document.querySelector("header.site form.search").getBoundingClientRect().right`)); w > 390 {
		t.Errorf("the search box reaches %v pixels", w)
	}
	if bg := run(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("ol.results mark")).backgroundColor`)); bg != "rgb(255, 243, 176)" {
		t.Errorf("marked words' background %s", bg)
	}
	keepScreenshot(t, "search.png", run(t, ctx, chromedp.CaptureScreenshot()))
}
