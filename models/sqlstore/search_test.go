package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"testing"

	"unsc/models"
	"unsc/models/dbtest"

	"github.com/pressly/goose/v3"
)

// TestSearchIndexesRowsAlreadyStored: a database written before search
// existed has its drafts, positions with evidence, sources and meetings
// indexed by the migration that adds it, on either database.
func TestSearchIndexesRowsAlreadyStored(t *testing.T) {
	t.Parallel()
	location, db := storedBeforeSearch(t)
	for _, q := range []string{
		"INSERT INTO meetings (symbol, number, met_on, procedure, source) VALUES ('S/PV.6711', 6711, '2012-02-04', 'meeting', 'x')",
		"INSERT INTO meeting_agenda (meeting, ord, item) VALUES ('S/PV.6711', 1, 'Middle East situation')",
		"INSERT INTO meeting_decisions (meeting, ord, kind, symbol, text) VALUES ('S/PV.6711', 1, 'draft_not_adopted', 'S/2012/77', 'vetoed')",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	ctx := context.Background()
	s, err := Open(location)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for q, want := range map[string][]string{
		"arab league":  {"draft:1"},
		"S/RES/9999":   {"draft:1"},
		"S/2012/77":    {"draft:1", "meeting:S/PV.6711"},
		"gatilov":      {"position:1"},
		"churkin":      {"position:1"},
		"unacceptable": {"position:1"},
		"firm":         {"position:1"},
		"renee levy":   {"source:1"},
		"vetoed":       {"meeting:S/PV.6711"},
		"middle east":  {"draft:1", "meeting:S/PV.6711"},
	} {
		query, err := models.ParseSearch(q)
		if err != nil {
			t.Fatal(err)
		}
		page, err := s.Search(ctx, models.SearchFilter{Query: query})
		if err != nil {
			t.Fatal(q, err)
		}
		var got []string
		for _, h := range page.Items {
			got = append(got, string(h.Kind)+":"+h.ID)
		}
		if q == "S/2012/77" && len(got) > 0 && got[0] != "draft:1" {
			t.Errorf("%s: the draft of that symbol is not first: %v", q, got)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", q, got, want)
		}
	}
}

// TestPositionDocumentsAsTheMigrationMadeThem: a position the store
// writes, alone or in a batch, gets the search document the migration made
// for a position stored before search existed (note, then each piece of
// evidence as "speaker: quote"), written once with all its evidence.
func TestPositionDocumentsAsTheMigrationMadeThem(t *testing.T) {
	t.Parallel()
	location, db := storedBeforeSearch(t)
	ctx := context.Background()
	s, err := Open(location)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	in := models.PositionInput{Stance: "veto", AsOf: "2012-01-30", Note: "Firm against", Evidence: []models.Evidence{
		{Quote: "Unacceptable text", Speaker: "Gatilov", SourceID: 1}, {Quote: "Regime change", Speaker: "Churkin", SourceID: 1}}}
	alone, err := s.RecordPosition(ctx, Edit[models.Position]{By: "desk"}, 1, "RUS", in)
	if err != nil {
		t.Fatal(err)
	}
	var batched models.Position
	err = s.InBatch(ctx, "desk", func(b *Batch) error {
		batched, err = b.RecordPosition(1, "RUS", in)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	type doc struct{ Ref, Member, Day, Title, Head, Body string }
	var docs []doc
	dbtest.Rows(t, db, "SELECT ref, member, day, title, head, body FROM search_docs WHERE kind = 'position' ORDER BY id", func(read func(...any)) {
		var d doc
		read(&d.Ref, &d.Member, &d.Day, &d.Title, &d.Head, &d.Body)
		docs = append(docs, d)
	})
	if len(docs) != 3 || docs[1].Ref != idText(alone.ID) || docs[2].Ref != idText(batched.ID) {
		t.Fatalf("position documents %+v, want the migration's and one for each of %d and %d", docs, alone.ID, batched.ID)
	}
	want := doc{Member: "RUS", Day: "2012-01-30", Title: "Russian Federation on S/2012/77", Head: "Russian Federation",
		Body: "Firm against Gatilov: Unacceptable text Churkin: Regime change"}
	for _, d := range docs {
		d.Ref = ""
		if d != want {
			t.Errorf("document %+v, want %+v", d, want)
		}
	}
}

// storedBeforeSearch is a database at the version before search, holding
// a member, a draft, a source and a position with two pieces of evidence.
func storedBeforeSearch(t *testing.T) (string, *sql.DB) {
	location := dbtest.Location(t)
	db := dbtest.Open(t, location)
	dialect := goose.DialectSQLite3
	if dbtest.Postgres() != "" {
		dialect = goose.DialectPostgres
	}
	migratedWith(t, db, dialect, 10,
		"INSERT INTO members (code, name, permanent, created_at) VALUES ('RUS', 'Russian Federation', true, '2026-01-01')",
		"INSERT INTO drafts (id, symbol, resolution, title, topic, introduced_on, status, summary, agenda, created_at, updated_at) VALUES (1, 'S/2012/77', 'S/RES/9999 (2012)', 'Syria draft', 'Syria', '2012-01-27', 'circulating', 'Backs the Arab League plan', 'Middle East', '2026-01-01', '2026-01-01')",
		"INSERT INTO sources (id, title, publisher, author, published_on, created_at) VALUES (1, 'Envoys split', 'Agence France-Presse', 'Renée Lévy', '2012-01-30', '2026-01-01')",
		"INSERT INTO positions (id, draft_id, member_code, stance, as_of, note, recorded_by, recorded_at) VALUES (1, 1, 'RUS', 'veto', '2012-01-30', 'Firm against', 'seed', '2026-01-01')",
		"INSERT INTO evidence (position_id, ord, quote, speaker, source_id) VALUES (1, 0, 'Unacceptable text', 'Gatilov', 1)",
		"INSERT INTO evidence (position_id, ord, quote, speaker, source_id) VALUES (1, 1, 'Regime change', 'Churkin', 1)",
	)
	return location, db
}

// TestSearchRanksTheNewestMatchesOnly: a query matching more than
// maxRanked documents ranks the newest maxRanked of them and no others,
// so one search's work is bounded: the oldest matches, which would rank
// first by their words, are not found, and the newest is.
func TestSearchRanksTheNewestMatchesOnly(t *testing.T) {
	t.Parallel()
	location := dbtest.Location(t)
	s, err := Open(location)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const old = 50 // the oldest documents, each saying the word four times
	_, err = dbtest.Open(t, location).Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ` +
		strconv.Itoa(maxRanked+old) + `)
		INSERT INTO search_docs (kind, ref, day, title, head, body)
		SELECT 'source', CAST(i AS TEXT), '2012-01-01', 'Document ' || CAST(i AS TEXT),
			CASE WHEN i <= ` + strconv.Itoa(old) + ` THEN 'zorblat zorblat zorblat zorblat' ELSE 'zorblat' END, '' FROM n`)
	if err != nil {
		t.Fatal(err)
	}
	query, err := models.ParseSearch("zorblat")
	if err != nil {
		t.Fatal(err)
	}
	page, err := s.Search(context.Background(), models.SearchFilter{Query: query, Limit: models.MaxSearchLimit})
	if err != nil {
		t.Fatal(err)
	}
	newest := false
	for _, h := range page.Items {
		if n, _ := strconv.Atoi(h.ID); n <= old {
			t.Fatalf("document %s, older than the newest %d matches, was ranked", h.ID, maxRanked)
		}
		newest = newest || h.ID == strconv.Itoa(maxRanked+old)
	}
	if len(page.Items) != models.MaxSearchLimit || !newest {
		t.Errorf("%d hits, the newest among them: %v", len(page.Items), newest)
	}
}
