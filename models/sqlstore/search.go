package sqlstore

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"unsc/models"
)

// searchScored is a document the index matched and its rank.
type searchScored struct {
	ID    int64
	Score float64
}

// searchDoc is what a page's hits show, read once the page is known.
type searchDoc struct {
	ID      int64
	Kind    string
	Ref     string
	DraftID *int64
	Member  *string
	Day     string
	Title   string
	Head    string
	Body    string
}

// Search finds documents of the record matching f's query, best first,
// (the newest first among equals) through each database's own full-text index (FTS4 ranked by BM25 on
// SQLite, tsvector and ts_rank on PostgreSQL). A document whose symbol is
// one the query names as written ranks above the rest.
func (s *Store) Search(ctx context.Context, f models.SearchFilter) (models.Page[models.SearchHit], error) {
	k, _, err := models.PageArgs(f.Cursor, 0)
	if err != nil {
		return models.Page[models.SearchHit]{}, err
	}
	limit := min(models.ClampLimit(f.Limit), models.MaxSearchLimit)
	after := searchCursor(f.Cursor, k)
	var hits []models.SearchHit
	err = s.read(ctx, func(tx *gorm.DB) error {
		var scored []searchScored
		var err error
		if s.r.Dialector.Name() == "postgres" {
			scored, err = searchPostgres(tx, f, after, limit+1)
		} else {
			scored, err = searchSQLite(tx, f, after, limit+1)
		}
		if err != nil {
			return err
		}
		hits, err = searchHits(tx, scored, f.Query)
		return err
	})
	if err != nil {
		return models.Page[models.SearchHit]{}, err
	}
	return models.PageOf(hits, limit, func(h models.SearchHit) models.CursorKey {
		return models.CursorKey{S: strconv.FormatFloat(h.Score, 'g', -1, 64), N: h.Doc}
	}, models.SearchHit.Size), nil
}

// searchCursor is the rank and document after which a page starts (nil
// for the first page). A cursor of another list, well formed but with no
// rank in it, starts at the first page, as other lists take one another's.
func searchCursor(cursor string, k models.CursorKey) *searchScored {
	score, err := strconv.ParseFloat(k.S, 64)
	if cursor == "" || err != nil {
		return nil
	}
	return &searchScored{ID: k.N, Score: score}
}

// searchFilters is the SQL narrowing documents d to f's kinds, member and
// days, and its arguments.
func searchFilters(f models.SearchFilter) (string, []any) {
	var where []string
	var args []any
	if len(f.Kinds) > 0 {
		where = append(where, "d.kind IN ?")
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = string(k)
		}
		args = append(args, kinds)
	}
	if f.Member != "" {
		where = append(where, `(d.member = ? OR (d.kind = 'draft' AND EXISTS (SELECT 1 FROM draft_sponsors s
			WHERE s.draft_id = d.draft_id AND UPPER(s.sponsor) = ?)))`)
		args = append(args, f.Member, f.Member)
	}
	if f.From != nil {
		where = append(where, "d.day >= ?")
		args = append(args, string(*f.From))
	}
	if f.To != nil {
		where = append(where, "d.day <= ?")
		args = append(args, string(*f.To))
	}
	if len(where) == 0 {
		return "", nil
	}
	return " AND " + strings.Join(where, " AND "), args
}

// symbolBoost lifts a document whose symbols hold one the query names
// above any rank the engines give.
const symbolBoost = 1000

// searchHits reads the documents of a page's hits, in rank order, with
// their snippets.
func searchHits(tx *gorm.DB, scored []searchScored, q models.SearchQuery) ([]models.SearchHit, error) {
	if len(scored) == 0 {
		return []models.SearchHit{}, nil
	}
	ids := make([]int64, len(scored))
	for i, sc := range scored {
		ids[i] = sc.ID
	}
	var docs []searchDoc
	if err := tx.Table("search_docs").Select("id, kind, ref, draft_id, member, day, title, head, body").
		Where("id IN ?", ids).Scan(&docs).Error; err != nil {
		return nil, err
	}
	byID := map[int64]searchDoc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	out := make([]models.SearchHit, 0, len(scored))
	for _, sc := range scored {
		d, ok := byID[sc.ID]
		if !ok {
			continue
		}
		out = append(out, searchHit(d, sc.Score, q))
	}
	return out, nil
}

// searchHit is a document as a hit: its link, and a snippet of its body,
// or of its head when the body holds none of the words.
func searchHit(d searchDoc, score float64, q models.SearchQuery) models.SearchHit {
	h := models.SearchHit{Kind: models.SearchKind(d.Kind), ID: d.Ref, Title: d.Title, Date: models.Date(d.Day), Score: score}
	if d.Member != nil {
		h.Member = *d.Member
	}
	if d.DraftID != nil {
		h.DraftID = *d.DraftID
	}
	switch h.Kind {
	case models.SearchDraft:
		h.Link = "/v1/drafts/" + d.Ref
	case models.SearchMeeting:
		h.Link = "/v1/meetings/" + url.PathEscape(d.Ref)
	case models.SearchPosition:
		h.Link = fmt.Sprintf("/v1/drafts/%d/positions/%s/history", h.DraftID, h.Member)
	case models.SearchSource:
		h.Link = "/v1/sources/" + d.Ref
	}
	h.Snippet = models.Snippet(d.Body, q)
	if !slices.ContainsFunc(h.Snippet, func(p models.SnippetPart) bool { return p.Match }) {
		if head := models.Snippet(d.Head, q); slices.ContainsFunc(head, func(p models.SnippetPart) bool { return p.Match }) || len(h.Snippet) == 0 {
			h.Snippet = head
		}
	}
	h.Doc = d.ID
	return h
}
