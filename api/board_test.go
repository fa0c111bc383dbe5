package api_test

import (
	"context"
	"fmt"
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
	browser := chromium(t)
	e := newEnv(t)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(900, 1400),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/drafts/%d?on=2012-01-30", srv.URL, e.arab)),
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

	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/drafts/%d", srv.URL, e.oct)),
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
