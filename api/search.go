package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/api/openapi"
	"unsc/models"
)

// searchStore is what search asks of the store.
type searchStore interface {
	Search(ctx context.Context, f models.SearchFilter) (models.Page[models.SearchHit], error)
}

// searchDefaultLimit is the page size of a search when none is asked for.
const searchDefaultLimit = 20

// searchRoutes are the routes of full-text search.
func (h *Handler) searchRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/v1/search", handle: h.search,
			doc: op{ID: "search", Summary: "Full-text search of the record: drafts, meetings, positions with their evidence, and sources, best match first, each hit with a link and a snippet with the matched words marked",
				Params: searchParams(),
				Status: http.StatusOK, Resp: list[models.SearchHit]{}}},
	}
}

// searchParams are the parameters of the API's search and the board's.
func searchParams() []param {
	return []param{
		{Name: "q", In: "query", Required: true,
			Desc:   `what to find: words (each must match), "exact phrases", prefix* (at least 2 letters), -excluded words or phrases; case and accents do not matter, and a symbol such as S/2012/77 or S/PV.6711 is found as written. At most 256 bytes and 12 words`,
			Schema: map[string]any{"type": "string", "minLength": 1, "maxLength": models.MaxSearchLen}},
		{Name: "kind", In: "query", Desc: "only hits of these kinds, comma-separated, such as draft,meeting; empty for all",
			Schema: openapi.OptionalListSchema(httpx.Strings(models.SearchKinds))},
		{Name: "member", In: "query", Desc: "only a member's positions and the drafts it sponsored, by code in any case; empty for all",
			Schema: map[string]any{"type": "string", "maxLength": httpx.MaxQueryValue, "pattern": openapi.OptionalCodePattern}},
		{Name: "from", In: "query", Desc: "only hits of this day or later: the day a draft was introduced, a meeting met, a position was observed, a source published", Schema: openapi.DateSchema()},
		{Name: "to", In: "query", Desc: "only hits of this day or earlier; not before from", Schema: openapi.DateSchema()},
		pCursor,
		{Name: "limit", In: "query", Desc: "page size", Schema: map[string]any{"type": "integer", "minimum": 1, "maximum": models.MaxSearchLimit, "default": searchDefaultLimit}},
	}
}

// boardSearchParams are the search page's: the API's, with q optional (the
// page shows its box alone) and no page size.
func boardSearchParams() []param {
	var out []param
	for _, p := range searchParams() {
		switch p.Name {
		case "q":
			p.Required = false
			p.Schema = map[string]any{"type": "string", "maxLength": models.MaxSearchLen}
		case "limit":
			continue
		}
		out = append(out, p)
	}
	return out
}

func (h *Handler) search(c *gin.Context) {
	f, ok := searchFilter(c)
	if !ok {
		return
	}
	page, err := h.store.Search(c.Request.Context(), f)
	h.reply(c, listOf(page), err)
}

// searchFilter reads a search's query string, answering 400 or 422 for
// what it cannot take.
func searchFilter(c *gin.Context) (models.SearchFilter, bool) {
	q, okq := httpx.NewQuery(c, "q", "kind", "member", "from", "to", "cursor", "limit")
	if !okq {
		return models.SearchFilter{}, false
	}
	f := models.SearchFilter{Kinds: httpx.OneOf(q, "kind", models.SearchKinds, true), Member: models.NormalizeCode(q.Str("member")),
		From: q.Date("from"), To: q.Date("to"), Cursor: q.Str("cursor"), Limit: searchDefaultLimit}
	if _, given := c.GetQuery("limit"); given {
		f.Limit = q.Limit()
	}
	query, err := models.ParseSearch(c.Query("q"))
	if err != nil {
		q.Probs = append(q.Probs, fieldsOf(err)...)
	}
	f.Query = query
	if err := f.Check(); err != nil {
		q.Probs = append(q.Probs, fieldsOf(err)...)
	}
	return f, q.OK()
}

// fieldsOf is the fields an invalid-input error names.
func fieldsOf(err error) []models.FieldError {
	var e *models.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return []models.FieldError{{Field: "q", Message: "cannot be read"}}
}
