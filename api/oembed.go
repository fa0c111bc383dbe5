package api

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
)

// The embed's size when the consumer sets no bound, and the largest bound
// taken: an iframe's box, in CSS pixels.
const (
	embedWidth, embedHeight = 600, 400
	maxEmbedSide            = 10000
)

// oembed is an oEmbed 1.0 "rich" answer (https://oembed.com, 2.3.4).
type oembed struct {
	Version      string `json:"version" desc:"always 1.0"`
	Type         string `json:"type" desc:"always rich: html is an iframe of the draft's embed"`
	HTML         string `json:"html" desc:"the iframe to put in the page, its src /embed/drafts/{id}"`
	Width        int    `json:"width" desc:"the iframe's width in pixels, within maxwidth"`
	Height       int    `json:"height" desc:"the iframe's height in pixels, within maxheight"`
	Title        string `json:"title" desc:"the draft's symbol and title"`
	ProviderName string `json:"provider_name" desc:"UN Security Council tracker"`
	ProviderURL  string `json:"provider_url" desc:"the board's address"`
}

func (h *Handler) oembedRoutes() []route {
	side := func(name, what string, def int) param {
		return param{Name: name, In: "query", Desc: fmt.Sprintf("the largest %s the consumer takes, in pixels; absent, %d", what, def),
			Schema: map[string]any{"type": "integer", "minimum": 1, "maximum": maxEmbedSide}}
	}
	return []route{
		{method: http.MethodGet, path: "/oembed", handle: h.oembed,
			doc: op{ID: "oembed", Summary: "oEmbed 1.0 for a draft's board page or embed: an iframe of /embed/drafts/{id}; a URL not of this board's drafts is 404, format=xml 501",
				Params: []param{
					{Name: "url", In: "query", Required: true, Desc: "the draft's page, such as {public URL}/drafts/1, or its embed", Schema: map[string]any{"type": "string", "minLength": 1, "maxLength": httpx.MaxQueryValue}},
					{Name: "format", In: "query", Desc: "json, the only format served (xml: 501)", Schema: map[string]any{"type": "string", "enum": []string{"json"}}},
					side("maxwidth", "width", embedWidth), side("maxheight", "height", embedHeight)},
				Status: http.StatusOK, Resp: oembed{}, Extra: []int{http.StatusNotFound, http.StatusNotImplemented}}},
	}
}

// oembed answers a CMS given a draft's link: the iframe it embeds.
func (h *Handler) oembed(c *gin.Context) {
	q, ok := httpx.NewQuery(c, "url", "format", "maxwidth", "maxheight")
	if !ok {
		return
	}
	switch f := c.Query("format"); f {
	case "", "json":
	case "xml":
		httpx.WriteProblem(c, http.StatusNotImplemented, "only format=json is served")
		return
	default:
		q.Probs.Add("format", "must be json")
	}
	raw := q.Str("url")
	if _, given := c.GetQuery("url"); !given || raw == "" {
		q.Probs.Add("url", "is required: the link of a draft's page, such as %s/drafts/1", h.public)
	}
	width, height := side(c, q, "maxwidth", embedWidth), side(c, q, "maxheight", embedHeight)
	if !q.OK() {
		return
	}
	id, ours := h.draftOf(raw)
	if !ours {
		httpx.WriteProblem(c, http.StatusNotFound, "no draft of this board at that url: give "+h.public+"/drafts/{id}")
		return
	}
	d, err := h.store.GetDraft(c.Request.Context(), id)
	if err != nil {
		httpx.Fail(c, h.log, err)
		return
	}
	title := d.Title
	if d.Symbol != nil {
		title = *d.Symbol + " " + d.Title
	}
	src := fmt.Sprintf("%s/embed/drafts/%d", h.public, id)
	frame := fmt.Sprintf(`<iframe src="%s" width="%d" height="%d" title="%s" loading="lazy" style="border:0;max-width:100%%"></iframe>`,
		html.EscapeString(src), width, height, html.EscapeString(title))
	httpx.JSON(c, http.StatusOK, oembed{Version: "1.0", Type: "rich", HTML: frame, Width: width, Height: height,
		Title: title, ProviderName: "UN Security Council tracker", ProviderURL: h.public + "/"})
}

// side reads a bound on the embed's size: the embed's own size, or the
// bound when smaller.
func side(c *gin.Context, q *httpx.Query, name string, def int) int {
	v, given := c.GetQuery(name)
	if !given {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxEmbedSide {
		q.Probs.Add(name, "must be an integer from 1 to %d", maxEmbedSide)
		return def
	}
	return min(n, def)
}

// draftOf reads the draft's id from a link to its page or embed on this
// board, as serve --public-url names it; ours is false for anything else.
func (h *Handler) draftOf(raw string) (id int64, ours bool) {
	u, err := url.Parse(raw)
	base, berr := url.Parse(h.public)
	if err != nil || berr != nil || !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host) || u.User != nil {
		return 0, false
	}
	rest, found := strings.CutPrefix(u.Path, base.Path+"/drafts/")
	if !found {
		rest, found = strings.CutPrefix(u.Path, base.Path+"/embed/drafts/")
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	if !found || err != nil || n <= 0 || strconv.FormatInt(n, 10) != rest {
		return 0, false
	}
	return n, true
}
