package sqlstore

import (
	"database/sql"
	"encoding/binary"
	"math"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"unsc/models"
)

// ftsMatch is q as an FTS4 MATCH expression (the enhanced syntax, which
// the driver's build enables): the terms to find, then NOT each excluded
// one. Words are letters and digits only, so nothing in them is syntax.
func ftsMatch(q models.SearchQuery) string {
	var find, leave []string
	for _, t := range q.Terms {
		s := strings.Join(t.Words, " ")
		if t.Prefix {
			s += "*"
		}
		if len(t.Words) > 1 {
			s = `"` + s + `"`
		}
		if t.Excluded {
			leave = append(leave, s)
		} else {
			find = append(find, s)
		}
	}
	m := "(" + strings.Join(find, " ") + ")"
	for _, l := range leave {
		m += " NOT " + l
	}
	return m
}

// searchSQLite ranks every match by BM25, worked out from FTS4's
// matchinfo, and keeps the n best after the cursor.
func searchSQLite(tx *gorm.DB, f models.SearchFilter, after *searchScored, n int) ([]searchScored, error) {
	filters, args := searchFilters(f)
	query := `SELECT docid, '', matchinfo(search_index, 'pcnalx') FROM search_index WHERE search_index MATCH ?
		ORDER BY docid DESC LIMIT ` + strconv.Itoa(maxRanked)
	if filters != "" || len(f.Query.Symbols) > 0 {
		// Only a filter or a symbol to boost needs the documents' rows.
		query = `SELECT d.id, d.symbols, matchinfo(search_index, 'pcnalx') FROM search_index
			JOIN search_docs d ON d.id = search_index.docid WHERE search_index MATCH ?` + filters +
			` ORDER BY search_index.docid DESC LIMIT ` + strconv.Itoa(maxRanked)
	}
	rows, err := tx.Raw(query, append([]any{ftsMatch(f.Query)}, args...)...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []searchScored
	var id int64
	var symbols string
	var info sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&id, &symbols, &info); err != nil {
			return nil, err
		}
		sc := searchScored{ID: id, Score: bm25(info) + boost(symbols, f.Query.Symbols)}
		if after == nil || sc.Score < after.Score || (sc.Score == after.Score && sc.ID < after.ID) {
			out = append(out, sc)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b searchScored) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return int(b.ID - a.ID)
	})
	return out[:min(n, len(out))], nil
}

// maxRanked bounds the work of one search: a query matching more
// documents than this (a word in most of the record) is ranked among the
// newest maxRanked of them. Ranking reads every match, and a page must not
// cost a read of the whole index.
const maxRanked = 10000

// BM25's parameters, and how much more a word in a document's head (its
// symbols and title) counts than one in its body.
const (
	bm25K1     = 1.2
	bm25B      = 0.75
	headWeight = 3.0
)

// bm25 is a row's BM25 score summed over its columns, weighted, from
// matchinfo 'pcnalx': phrases, columns, rows, the columns' average
// lengths, this row's lengths, then per phrase and column the hits in
// this row, in all rows and the rows with a hit.
func bm25(info []byte) float64 {
	var buf [64]float64
	v := buf[:0]
	for i := 0; i+4 <= len(info); i += 4 {
		v = append(v, float64(binary.LittleEndian.Uint32(info[i:])))
	}
	if len(v) < 3 {
		return 0
	}
	p, c, rows := int(v[0]), int(v[1]), v[2]
	if len(v) < 3+2*c+3*p*c {
		return 0
	}
	avg, length, x := v[3:3+c], v[3+c:3+2*c], v[3+2*c:]
	score := 0.0
	for i := range p {
		for j := range c {
			tf, docs := x[3*(i*c+j)], x[3*(i*c+j)+2]
			if tf == 0 {
				continue
			}
			idf := math.Log(1 + (rows-docs+0.5)/(docs+0.5))
			norm := 1 - bm25B + bm25B*length[j]/max(avg[j], 1)
			w := 1.0
			if j == 0 {
				w = headWeight
			}
			score += w * idf * tf * (bm25K1 + 1) / (tf + bm25K1*norm)
		}
	}
	return score
}

// boost is symbolBoost when a document's symbols (" S/2012/77 S/RES/2118 ")
// hold one the query names.
func boost(symbols string, named []string) float64 {
	for _, s := range named {
		if strings.Contains(symbols, " "+s+" ") {
			return symbolBoost
		}
	}
	return 0
}

// tsQuery is q as a PostgreSQL tsquery: each term ANDed, a phrase's words
// joined by <->, a prefix as :*, an excluded term negated. Lexemes are
// letters and digits only, quoted all the same.
func tsQuery(q models.SearchQuery) string {
	parts := make([]string, 0, len(q.Terms))
	for _, t := range q.Terms {
		words := make([]string, len(t.Words))
		for i, w := range t.Words {
			words[i] = "'" + w + "'"
		}
		if t.Prefix {
			words[len(words)-1] += ":*"
		}
		s := strings.Join(words, " <-> ")
		if len(words) > 1 {
			s = "(" + s + ")"
		}
		if t.Excluded {
			s = "!" + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " & ")
}

// searchPostgres ranks matches with ts_rank (the head weighted A, the
// body B) through the GIN index, and keeps the n best after the cursor.
func searchPostgres(tx *gorm.DB, f models.SearchFilter, after *searchScored, n int) ([]searchScored, error) {
	filters, args := searchFilters(f)
	boostSQL, boostArgs := "0", []any{}
	if len(f.Query.Symbols) > 0 {
		var named []string
		for _, s := range f.Query.Symbols {
			named = append(named, "position(? in d.symbols) > 0")
			boostArgs = append(boostArgs, " "+s+" ")
		}
		boostSQL = "CASE WHEN " + strings.Join(named, " OR ") + " THEN 1000 ELSE 0 END"
	}
	// The newest maxRanked matches are found first (MATERIALIZED keeps the
	// planner from walking the primary key backwards to find them), then
	// ranked.
	query := `WITH q AS (SELECT to_tsquery('simple', ?) AS q),
		m AS MATERIALIZED (SELECT d.id FROM search_docs d, q WHERE d.tsv @@ q.q` + filters + ` ORDER BY d.id DESC LIMIT ` + strconv.Itoa(maxRanked) + `)
		SELECT id, score FROM (SELECT d.id, ts_rank(d.tsv, q.q, 1)::float8 + ` + boostSQL + ` AS score
		FROM m JOIN search_docs d ON d.id = m.id, q) hits`
	all := append(append([]any{tsQuery(f.Query)}, args...), boostArgs...)
	if after != nil {
		query += " WHERE score < ? OR (score = ? AND id < ?)"
		all = append(all, after.Score, after.Score, after.ID)
	}
	var out []searchScored
	err := tx.Raw(query+" ORDER BY score DESC, id DESC LIMIT ?", append(all, n)...).Scan(&out).Error
	return out, err
}
