package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds the browser; CI installs Debian's chromium, so there a
// missing browser is a failure, elsewhere a skip.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed (.ci/run installs it)")
	}
	t.Skip("chromium is not installed")
	return ""
}

// TestBoardInBrowser opens the vote board in headless Chromium: the seeded
// draft's fifteen seats with their labels, its banner and a quote; then
// the voted October draft. Set UNSC_SCREENSHOT=path to keep the picture
// (the README's is made so).
func TestBoardInBrowser(t *testing.T) {
	e := newEnv(t)
	ctx, base := browseBoard(t, e.h, 1400)

	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/drafts/%d?on=2012-01-30", base, e.arab)),
		chromedp.WaitVisible(chromedp.CSS(".banner"))); err != nil {
		t.Fatal(err)
	}
	seats := run(t, ctx, chromedp.Nodes(chromedp.CSSAll("g.seat")))
	banner := run(t, ctx, chromedp.Text(chromedp.CSS(".banner")))
	body := run(t, ctx, chromedp.Text(chromedp.CSS("body")))
	png := run(t, ctx, chromedp.FullScreenshot(100))
	// The stylesheet applies under the Content-Security-Policy.
	if edge := run(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".banner")).borderLeftWidth`)); edge != "6px" {
		t.Errorf("the banner's border is %q, not board.css's 6px: the stylesheet did not apply", edge)
	}
	if len(seats) != 15 {
		t.Fatalf("%d seats drawn, want 15", len(seats))
	}
	labels := map[string]string{}
	permanent := 0
	for _, n := range seats {
		labels[n.AttributeValue("data-code")] = n.AttributeValue("data-label")
		if strings.Contains(n.AttributeValue("class"), "permanent") {
			permanent++
		}
	}
	for code, want := range map[string]string{"RUS": "veto", "CHN": "veto", "IND": "hostile", "USA": "support", "MAR": "support", "AZE": "unknown"} {
		if labels[code] != want {
			t.Errorf("seat %s labelled %q, want %q", code, labels[code], want)
		}
	}
	if permanent != 5 {
		t.Errorf("%d seats marked permanent, want 5", permanent)
	}
	if !strings.HasPrefix(banner, "Likely vetoed by China and the Russian Federation") {
		t.Errorf("banner %q", banner)
	}
	if !strings.Contains(body, "The draft has statements in it calling on the member states to stop arms deliveries to Syria") ||
		!strings.Contains(body, "Gennady Gatilov") {
		t.Error("Gatilov's quote and name are not on the page")
	}
	shot := filepath.Join(t.TempDir(), "board.png")
	if p := os.Getenv("UNSC_SCREENSHOT"); p != "" {
		shot = p
	}
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the board: %s (%d bytes)", shot, len(png))

	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/drafts/%d", base, e.oct)),
		chromedp.WaitVisible(chromedp.CSS(".banner"))); err != nil {
		t.Fatal(err)
	}
	voted := run(t, ctx, chromedp.Nodes(chromedp.CSSAll("g.seat")))
	banner = run(t, ctx, chromedp.Text(chromedp.CSS(".banner")))
	if banner != "Vetoed by China and the Russian Federation: 9 in favour, 2 against, 4 abstentions; 9 needed" {
		t.Errorf("banner %q", banner)
	}
	votes := map[string]string{}
	for _, n := range voted {
		votes[n.AttributeValue("data-code")] = n.AttributeValue("data-label")
	}
	if len(voted) != 15 || votes["RUS"] != "no" || votes["BRA"] != "abstain" || votes["FRA"] != "yes" {
		t.Errorf("voted seats %v", votes)
	}
}

// browse starts headless Chromium with a window width by height pixels;
// it closes when the test ends.
func browse(t *testing.T, width, height int) context.Context {
	browser := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(width, height),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// browseBoard serves h and opens headless Chromium on it, with a window
// 900 pixels wide and height high; it returns the browser and the
// server's base URL, both closed when the test ends.
func browseBoard(t *testing.T, h http.Handler, height int) (ctx context.Context, base string) {
	t.Helper()
	ctx = browse(t, 900, height)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return ctx, srv.URL
}

// keepScreenshot writes png to $UNSC_SCREENSHOTS/name when that is set
// (the README's pictures are made so: UNSC_SCREENSHOTS=board), else to
// the test's temporary directory.
func keepScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	dir := os.Getenv("UNSC_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	shot := filepath.Join(dir, name)
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", shot, len(png))
}

// TestBoardOnPhone opens S/2012/77, its vote recorded, 390 pixels wide,
// as on a phone: the positions table turns to one block per member, each
// value under its column's label.
func TestBoardOnPhone(t *testing.T) {
	e := newEnv(t)
	recordFebruaryVote(e)
	ctx, base := browseBoard(t, e.h, 1400)
	// Headless windows are at least 500 pixels wide; the phone is emulated.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)), chromedp.Navigate(fmt.Sprintf("%s/drafts/%d", base, e.arab)),
		chromedp.WaitVisible(chromedp.CSS("table.positions"))); err != nil {
		t.Fatal(err)
	}
	if w := run(t, ctx, chromedp.Evaluate[float64](`window.innerWidth`)); w != 390 {
		t.Fatalf("the window is %v pixels wide, not 390", w)
	}
	labels := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("table.positions tbody tr:first-child td")].map(td => getComputedStyle(td, "::before").content)`))
	want := []string{`"Member"`, `"Vote"`, `"Last position before the vote"`, `"Evidence"`}
	if fmt.Sprint(labels) != fmt.Sprint(want) {
		t.Errorf("the first row's cells are labelled %q, want %q", labels, want)
	}
	if head := run(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("table.positions thead")).display`)); head != "none" {
		t.Errorf("the table's head shows (%s) on a phone", head)
	}
	// Nothing is wider than the phone.
	if sw := run(t, ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`)); sw > 390 {
		t.Errorf("the page is %v pixels wide on a 390-pixel phone", sw)
	}
	// The picture is the phone's screen at the table.
	run(t, ctx, chromedp.Evaluate[any](`window.scrollTo(0, document.querySelector("table.positions").offsetTop)`))
	keepScreenshot(t, "phone.png", run(t, ctx, chromedp.CaptureScreenshot()))
}

// TestBoardChartsInBrowser opens Russia's page, the veto chart and the
// agreement heatmap of 2012 once S/2012/77's vote is recorded, and checks
// the SVG is drawn with board.css's colours. UNSC_SCREENSHOTS=dir keeps
// member.png, vetoes.png and agreement.png.
func TestBoardChartsInBrowser(t *testing.T) {
	e := newEnv(t)
	recordFebruaryVote(e)
	ctx, base := browseBoard(t, e.h, 1200)
	open := func(path, ready string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS(ready))); err != nil {
			t.Fatal(err)
		}
	}

	open("/members/RUS", "table.record")
	if rows := run(t, ctx, chromedp.Nodes(chromedp.CSSAll("table.record tbody tr"))); len(rows) != 2 {
		t.Errorf("Russia's page shows %d roll calls, want 2", len(rows))
	}
	keepScreenshot(t, "member.png", run(t, ctx, chromedp.FullScreenshot(100)))

	open("/vetoes", ".chart svg")
	heights := run(t, ctx, chromedp.Evaluate[map[string]float64](`Object.fromEntries([...document.querySelectorAll("g.bar")].map(g => [g.dataset.code, g.querySelector("rect").getBBox().height]))`))
	if len(heights) != 5 || heights["RUS"] == 0 || heights["RUS"] != heights["CHN"] || heights["USA"] != 0 {
		t.Errorf("bar heights %v: want China and Russia alike and tall, the United States none", heights)
	}
	if fill := run(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("g.bar-0 rect")).fill`)); fill != "rgb(201, 25, 11)" {
		t.Errorf("the first bar is filled %q: board.css did not apply", fill)
	}
	keepScreenshot(t, "vetoes.png", run(t, ctx, chromedp.FullScreenshot(100)))

	open("/agreement?year=2012", ".heatmap svg")
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("g.cell").length`)); n != 15*14 {
		t.Errorf("%d cells, want 15×14", n)
	}
	title := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('g.cell[data-pair="CHN,RUS"] title').textContent`))
	if !strings.HasPrefix(title, "China and Russian Federation, 2012: 100% identical, 1 of 1") {
		t.Errorf("the CHN,RUS cell's title is %q", title)
	}
	if fill := run(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('g.cell[data-pair="CHN,RUS"] rect')).fill`)); fill != "rgb(0, 90, 156)" {
		t.Errorf("the CHN,RUS cell is filled %q, not the darkest shade", fill)
	}
	keepScreenshot(t, "agreement.png", run(t, ctx, chromedp.FullScreenshot(100)))
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBoardEscapes shows that what clients wrote is printed as text.
func TestBoardEscapes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := newDraft(1)
	d["title"] = `<script>alert("x")</script>`
	d["topic"] = `"><img src=x onerror=alert(1)>`
	id := e.write("POST", "/v1/drafts", d).expect(201).json()["id"]
	for _, path := range []string{fmt.Sprintf("/drafts/%v", id), "/"} {
		r := e.get(path).expect(200)
		page := string(r.body)
		if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") {
			t.Errorf("%s prints markup a client sent", path)
		}
		if !strings.Contains(page, "&lt;script&gt;alert") {
			t.Errorf("%s lost the title", path)
		}
	}
	e.get("/?status=passed").problem(422, "invalid")
	e.get("/drafts/999").problem(404, "not-found")
	e.get("/?topic=Syria").expect(200)
}
