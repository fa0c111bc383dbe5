package board

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// resultsPerPage is how many hits the board's search shows at a time.
const resultsPerPage = 20

// searchResult is a hit as the results page shows it: its board page
// where it has one.
type searchResult struct {
	models.SearchHit
	Page string
}

// Search is the results page of the search box in every page's header:
// the hits best first, each with its snippet's matched words marked, a
// page at a time. Without q it shows the box alone; a query it cannot
// read is shown back with what is wrong (422), not as a problem document.
func (b *Board) Search(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "q", "kind", "member", "from", "to", "cursor")
	if !okq {
		return
	}
	text := q.Str("q")
	f := models.SearchFilter{Kinds: httpx.OneOf(q, "kind", models.SearchKinds, true), Member: models.NormalizeCode(q.Str("member")),
		From: q.Date("from"), To: q.Date("to"), Cursor: q.Str("cursor"), Limit: resultsPerPage}
	data := map[string]any{"Title": "Search", "Query": text, "Kinds": models.SearchKinds, "Kind": strings.Join(httpx.Strings(f.Kinds), ","),
		"Member": f.Member, "From": f.From, "To": f.To}
	var e *models.Error
	if errors.As(f.Check(), &e) {
		q.Probs = append(q.Probs, e.Fields...)
	}
	if strings.TrimSpace(text) == "" && len(q.Probs) == 0 {
		b.renderStatus(c, http.StatusOK, searchPage, data)
		return
	}
	var err error
	if f.Query, err = models.ParseSearch(text); errors.As(err, &e) {
		q.Probs = append(q.Probs, e.Fields...)
	}
	if len(q.Probs) > 0 {
		data["Problems"] = q.Probs
		b.renderStatus(c, http.StatusUnprocessableEntity, searchPage, data)
		return
	}
	page, err := b.store.Search(c.Request.Context(), f)
	if err != nil {
		b.fail(c, err)
		return
	}
	results := make([]searchResult, len(page.Items))
	for i, h := range page.Items {
		results[i] = searchResult{SearchHit: h, Page: boardPage(h)}
	}
	data["Results"], data["Searched"] = results, true
	if page.Next != "" {
		v := c.Request.URL.Query()
		v.Set("cursor", page.Next)
		data["Next"] = "/search?" + v.Encode()
	}
	b.renderStatus(c, http.StatusOK, searchPage, data)
}

// boardPage is a hit's page on the board, or its API link where the board
// has no page of its own (a source).
func boardPage(h models.SearchHit) string {
	switch h.Kind {
	case models.SearchDraft, models.SearchPosition:
		if h.DraftID != 0 {
			return "/drafts/" + strconvID(h.DraftID)
		}
	case models.SearchMeeting:
		return "/meetings?" + url.Values{"from": {string(h.Date)}, "to": {string(h.Date)}}.Encode()
	}
	return h.Link
}
