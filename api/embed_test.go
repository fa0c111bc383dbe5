package api_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"unsc/api"
)

// TestEmbedDraft: the embed of S/2011/612 shows its vetoed outcome and the
// horseshoe's fifteen seats, links back to the draft's page in a new
// window, carries no script and no site header; other sites may frame it,
// and only it: the draft's own page keeps frame-ancestors 'none'.
func TestEmbedDraft(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	path := fmt.Sprintf("/embed/drafts/%d", e.oct)
	page := e.doc(path)
	banner := first(page, el("p", "banner"))
	if banner == nil || text(banner) != "Vetoed by China and the Russian Federation: 9 in favour, 2 against, 4 abstentions; 9 needed" ||
		!strings.Contains(attr(banner, "class"), "banner-vetoed") {
		t.Fatalf("%s: banner %v", path, banner)
	}
	seats := all(page, el("g", "seat"))
	votes := map[string]string{}
	for _, s := range seats {
		votes[attr(s, "data-code")] = attr(s, "data-label")
	}
	if first(page, el("svg", "")) == nil || len(seats) != 15 || votes["RUS"] != "no" || votes["FRA"] != "yes" || votes["BRA"] != "abstain" {
		t.Errorf("%s: the horseshoe's seats %v", path, votes)
	}
	back := all(page, withAttr("a", "href", fmt.Sprintf("/drafts/%d", e.oct)))
	for _, a := range back {
		if attr(a, "target") != "_blank" || attr(a, "rel") != "noopener" {
			t.Errorf("%s: link back %v opens in the frame or gives the page a handle on ours", path, a.Attr)
		}
	}
	if len(back) == 0 {
		t.Errorf("%s: no link back to the draft's page", path)
	}
	if first(page, el("script", "")) != nil || first(page, el("header", "site")) != nil || first(page, el("table", "")) != nil {
		t.Errorf("%s: a script, the site header or the positions table in the embed", path)
	}
	// Twice: the second answer comes from the response cache.
	for range 2 {
		framing(t, e.get(path).expect(200).header, "frame-ancestors *")
	}
	framing(t, e.get(fmt.Sprintf("/drafts/%d", e.oct)).expect(200).header, "frame-ancestors 'none'")
	framing(t, e.get("/").expect(200).header, "frame-ancestors 'none'")
	if r := e.get("/embed/drafts/999999").expect(404); !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("an unknown draft's embed answered %s", r.header.Get("Content-Type"))
	}
	e.get(path + "?on=2011-10-01").expect(400)
}

// framing checks the Content-Security-Policy's frame-ancestors, and that
// no X-Frame-Options contradicts it.
func framing(t *testing.T, h http.Header, want string) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	var got string
	for d := range strings.SplitSeq(csp, ";") {
		if d = strings.TrimSpace(d); strings.HasPrefix(d, "frame-ancestors ") {
			got = d
		}
	}
	if got != want || !strings.Contains(csp, "default-src 'none'") || h.Get("X-Frame-Options") != "" {
		t.Errorf("Content-Security-Policy %q, X-Frame-Options %q; want %s", csp, h.Get("X-Frame-Options"), want)
	}
}

// TestEmbedAncestorsConfigured: WithEmbedAncestors names the sites that
// may frame the embed, and nothing else changes.
func TestEmbedAncestorsConfigured(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	srv := httptest.NewServer(api.New(e.store, slog.New(slog.DiscardHandler), api.WithEmbedAncestors("  https://news.example.org\thttps://*.example.net ")))
	defer srv.Close()
	for path, want := range map[string]string{
		fmt.Sprintf("/embed/drafts/%d", e.arab): "frame-ancestors https://news.example.org https://*.example.net",
		fmt.Sprintf("/drafts/%d", e.arab):       "frame-ancestors 'none'",
	} {
		r, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != 200 {
			t.Fatalf("%s -> %d", path, r.StatusCode)
		}
		framing(t, r.Header, want)
	}
	for _, bad := range []string{"https://a.example; script-src *", "https://a.example, *", "https://a.example\r\nX: y"} {
		if api.CheckEmbedAncestors(bad) == nil {
			t.Errorf("%q accepted as frame-ancestors sources", bad)
		}
	}
}

// TestOEmbed: a draft's page link, or its embed's, gives an oEmbed 1.0
// rich answer whose iframe shows the embed within the bounds asked; the
// draft page's head leads to it. Links not to a draft of this board are
// 404, XML 501, bad bounds 422.
func TestOEmbed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pageURL := fmt.Sprintf("%s/drafts/%d", api.DefaultPublicURL, e.oct)
	embedURL := fmt.Sprintf("%s/embed/drafts/%d", api.DefaultPublicURL, e.oct)
	for _, tc := range []struct {
		link, bounds string
		w, h         int
	}{{pageURL, "", 600, 400}, {embedURL, "&maxwidth=360&maxheight=2000", 360, 400}, {pageURL, "&format=json&maxwidth=800&maxheight=300", 600, 300}} {
		r := e.get("/oembed?url=" + url.QueryEscape(tc.link) + tc.bounds).expect(200)
		got := r.json()
		if got["version"] != "1.0" || got["type"] != "rich" || got["title"] != "S/2011/612 Western-backed draft resolution on Syria" ||
			got["provider_name"] != "UN Security Council tracker" || got["provider_url"] != api.DefaultPublicURL+"/" ||
			got["width"] != float64(tc.w) || got["height"] != float64(tc.h) {
			t.Errorf("oEmbed of %s%s: %v", tc.link, tc.bounds, got)
		}
		frag, err := html.ParseFragment(strings.NewReader(fmt.Sprint(got["html"])), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
		if err != nil || len(frag) != 1 || frag[0].Data != "iframe" || attr(frag[0], "src") != embedURL ||
			attr(frag[0], "width") != fmt.Sprint(tc.w) || attr(frag[0], "height") != fmt.Sprint(tc.h) {
			t.Errorf("oEmbed html %q (%d nodes, %v): want one iframe of %s, %dx%d", got["html"], len(frag), err, embedURL, tc.w, tc.h)
		}
	}
	for _, foreign := range []string{
		"https://elsewhere.example/drafts/1", fmt.Sprintf("http://127.0.0.1:9999/drafts/%d", e.oct), api.DefaultPublicURL + "/drafts/999999",
		api.DefaultPublicURL + "/members/RUS", api.DefaultPublicURL + "/drafts/01", "not a url at all",
	} {
		e.get("/oembed?url=" + url.QueryEscape(foreign)).expect(404)
	}
	e.get("/oembed?format=xml&url=" + url.QueryEscape(pageURL)).expect(501)
	for _, bad := range []string{"?url=", "?format=json", "?url=x&maxwidth=0", "?url=x&maxheight=wide", "?url=x&format=yaml"} {
		e.get("/oembed" + bad).expect(422)
	}
	e.get("/oembed?url=x&callback=f").expect(400)

	// The draft's page names its oEmbed address, which answers for it.
	link := first(e.doc(fmt.Sprintf("/drafts/%d", e.oct)), withAttr("link", "type", "application/json+oembed"))
	if link == nil || attr(link, "rel") != "alternate" {
		t.Fatal("the draft's page names no oEmbed link")
	}
	href, err := url.Parse(attr(link, "href"))
	if err != nil || !strings.HasPrefix(href.String(), api.DefaultPublicURL+"/oembed?") {
		t.Fatalf("oEmbed link %q", attr(link, "href"))
	}
	if got := e.get(href.RequestURI()).expect(200).json(); !strings.Contains(fmt.Sprint(got["html"]), embedURL) {
		t.Errorf("the page's oEmbed link answers %v", got)
	}
}
