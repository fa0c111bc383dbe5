package api_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestEmbedInBrowser opens, in headless Chromium, a newsroom's page served
// from another origin (127.0.0.2) that frames S/2011/612's embed: the
// frame draws the horseshoe (its green and red seats are in the frame's
// pixels). The same page framing the draft's board page gets nothing
// drawn, though that page drawn alone has those seats: frame-ancestors
// 'none' holds for every page but the embed. Alone, the embed fits
// 600x400 and a 360-pixel phone without scrolling, and runs no script.
// UNSC_SCREENSHOTS=dir keeps embed.png, the newsroom's page.
func TestEmbedInBrowser(t *testing.T) {
	e := newEnv(t)
	tracker := httptest.NewServer(e.h)
	defer tracker.Close()
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address for another origin: %v", err)
	}
	newsroom := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, newsroomPage, tracker.URL+r.URL.Query().Get("frame"), r.URL.Query().Get("height"))
	}))
	newsroom.Listener = ln
	newsroom.Start()
	defer newsroom.Close()
	ctx := browse(t, 900, 1500)

	embed, board := fmt.Sprintf("/embed/drafts/%d", e.oct), fmt.Sprintf("/drafts/%d", e.oct)
	framed := func(path string, height int64) (green, red int, shot []byte) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(680, height+200), chromedp.Navigate(newsroom.URL+"/?frame="+path+"&height="+fmt.Sprint(height)),
			chromedp.Poll[chromedp.Void](`window.loaded === 1`, chromedp.WithPollingTimeout(20*time.Second)),
			chromedp.Sleep(500*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		rect := run(t, ctx, chromedp.Evaluate[map[string]float64](`(() => { const r = document.querySelector("iframe").getBoundingClientRect(), s = devicePixelRatio;
			return {x: r.x*s, y: r.y*s, w: r.width*s, h: r.height*s} })()`))
		shot = run(t, ctx, chromedp.CaptureScreenshot())
		green, red = seatPixels(t, shot, image.Rect(int(rect["x"]), int(rect["y"]), int(rect["x"]+rect["w"]), int(rect["y"]+rect["h"])))
		return green, red, shot
	}
	green, red, shot := framed(embed, 400)
	if green < 200 || red < 50 {
		t.Errorf("the framed embed drew %d green and %d red seat pixels: the horseshoe is not in the frame", green, red)
	}
	keepScreenshot(t, "embed.png", shot)
	if green, red, _ := framed(board, 1300); green != 0 || red != 0 {
		t.Errorf("the board's own page drew %d green and %d red seat pixels inside another site's frame", green, red)
	}
	// The control: drawn alone, 600 pixels wide, the board's page shows
	// those seats within the frame's height.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(600, 1300), chromedp.Navigate(tracker.URL+board),
		chromedp.WaitVisible(chromedp.CSS("g.seat"))); err != nil {
		t.Fatal(err)
	}
	alone := run(t, ctx, chromedp.CaptureScreenshot())
	if green, _ := seatPixels(t, alone, image.Rect(0, 0, 600, 1300)); green < 200 {
		t.Fatalf("the board's page alone drew %d green pixels: the framing check above proves nothing", green)
	}
	for _, size := range [][2]int64{{600, 400}, {360, 400}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(size[0], size[1]), chromedp.Navigate(tracker.URL+embed),
			chromedp.WaitVisible(chromedp.CSS("g.seat"))); err != nil {
			t.Fatal(err)
		}
		fit := run(t, ctx, chromedp.Evaluate[map[string]float64](`({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight,
			svg: document.querySelector("svg").getBoundingClientRect().height, scripts: document.scripts.length})`))
		if fit["w"] > float64(size[0]) || fit["h"] > float64(size[1]) || fit["svg"] < 150 || fit["scripts"] != 0 {
			t.Errorf("the embed at %dx%d: %v; want it to fit, the horseshoe at least 150 pixels high, no script", size[0], size[1], fit)
		}
	}
}

// newsroomPage is another site's article framing a page of the tracker.
const newsroomPage = `<!doctype html><html><head><meta charset="utf-8"><title>A newsroom</title>
<script>var loaded = 0</script>
<style>body { margin: 0; padding: 16px 24px; font: 16px/1.5 Georgia, serif; color: #222 } h1 { font-size: 24px; margin: 0 0 8px }
iframe { display: block; border: 1px solid #ccc; margin: 12px 0; max-width: 100%% }</style></head>
<body><h1>Council fails to act on Syria</h1>
<p>A news site on another origin, embedding the tracker's view of the draft:</p>
<iframe src="%s" width="600" height="%s" title="The draft on the UN Security Council tracker" onload="loaded++"></iframe>
<p>The article goes on below the frame.</p></body></html>`

// seatPixels counts the pixels inside r of the seats' yes green (#4ac26b)
// and no red (#fa4549), within a little of each for colour management.
func seatPixels(t *testing.T, shot []byte, r image.Rectangle) (green, red int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	near := func(c [3]uint32, want [3]uint32) bool {
		for i := range 3 {
			if d := int(c[i]) - int(want[i]); d > 12 || d < -12 {
				return false
			}
		}
		return true
	}
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			c := [3]uint32{cr >> 8, cg >> 8, cb >> 8}
			if near(c, [3]uint32{0x4a, 0xc2, 0x6b}) {
				green++
			}
			if near(c, [3]uint32{0xfa, 0x45, 0x49}) {
				red++
			}
		}
	}
	return green, red
}
