package sqlstore

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unsc/models"
	"unsc/models/dbtest"

	"github.com/pressly/goose/v3"
	"gorm.io/gorm"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(dbtest.Location(t), WithClock(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// migratedWith migrates db to version (0: the latest; an earlier one is a
// database as an older release left it) and runs each insert on it.
func migratedWith(t *testing.T, db *sql.DB, dialect goose.Dialect, version int64, inserts ...string) {
	t.Helper()
	if err := Migrate(context.Background(), db, dialect, version); err != nil {
		t.Fatal(err)
	}
	for _, q := range inserts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
}

// TestEveryConnectionHasItsPragmas holds several connections of each pool
// open at once and checks the settings on each.
func TestEveryConnectionHasItsPragmas(t *testing.T) {
	dbtest.SQLiteOnly(t, "the pragmas are SQLite's")
	s := openTest(t)
	w, r := s.pools()
	ctx := context.Background()
	check := func(db *sql.DB, n int, queryOnly int) {
		var conns []*sql.Conn
		for range n {
			c, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
		}
		for i, c := range conns {
			var journal string
			var fk, busy, sync, qo int
			for q, dst := range map[string]any{"PRAGMA journal_mode": &journal, "PRAGMA foreign_keys": &fk,
				"PRAGMA busy_timeout": &busy, "PRAGMA synchronous": &sync, "PRAGMA query_only": &qo} {
				if err := c.QueryRowContext(ctx, q).Scan(dst); err != nil {
					t.Fatal(q, err)
				}
			}
			if journal != "wal" || fk != 1 || busy != 10000 || sync != 2 || qo != queryOnly {
				t.Errorf("connection %d: journal_mode=%s foreign_keys=%d busy_timeout=%d synchronous=%d query_only=%d",
					i, journal, fk, busy, sync, qo)
			}
		}
		for _, c := range conns {
			c.Close()
		}
	}
	check(w, 1, 0)
	check(r, 4, 1)
	if got := w.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("writer pool allows %d connections, want 1", got)
	}
	if got := r.Stats().MaxOpenConnections; got != ReadConns {
		t.Errorf("reader pool allows %d connections, want %d", got, ReadConns)
	}
}

// TestReadersCannotWrite checks that a read transaction refuses writes
// (on SQLite every reader connection does).
func TestReadersCannotWrite(t *testing.T) {
	s := openTest(t)
	insert := "INSERT INTO members (code, name, permanent, created_at) VALUES ('XXX', 'x', false, '2026-01-01')"
	err := s.read(context.Background(), func(tx *gorm.DB) error { return tx.Exec(insert).Error })
	if err == nil {
		t.Fatal("a read transaction wrote")
	}
	if dbtest.Postgres() == "" {
		if _, r := s.pools(); r != nil {
			if _, err := r.Exec(insert); err == nil {
				t.Fatal("a reader connection wrote")
			}
		}
	}
	if n, _ := s.NoMembers(context.Background()); !n {
		t.Error("a member was written")
	}
}

// TestMigrationsKeepData fills a database made at the first migration and
// migrates it to the latest: no row lost, foreign keys intact.
func TestMigrationsKeepData(t *testing.T) {
	dbtest.SQLiteOnly(t, "PostgreSQL databases begin at the latest schema")
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite3", DSN(path, true))
	if err != nil {
		t.Fatal(err)
	}
	migratedWith(t, db, goose.DialectSQLite3, 1,
		"INSERT INTO members (code, name, permanent, created_at) VALUES ('RUS', 'Russian Federation', true, '2026-01-01')",
		"INSERT INTO drafts (id, title, topic, introduced_on, status, created_at, updated_at) VALUES (1, 't', 'Syria', '2012-01-27', 'circulating', '2026-01-01', '2026-01-01')",
		"INSERT INTO sources (id, title, publisher, published_on, created_at) VALUES (1, 't', 'AFP', '2012-01-30', '2026-01-01')",
		"INSERT INTO positions (id, draft_id, member_code, stance, as_of, recorded_by, recorded_at) VALUES (1, 1, 'RUS', 'veto', '2012-01-30', 'seed', '2026-01-01')",
		"INSERT INTO evidence (position_id, ord, quote, speaker, source_id) VALUES (1, 0, 'q', 's', 1)",
		"INSERT INTO current_positions (draft_id, member_code, position_id) VALUES (1, 'RUS', 1)",
	)
	db.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w, _ := s.pools()
	for table, want := range map[string]int{"members": 1, "drafts": 1, "positions": 1, "evidence": 1, "current_positions": 1} {
		var n int
		if err := w.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil || n != want {
			t.Errorf("%s: %d rows (%v), want %d", table, n, err, want)
		}
	}
	dbtest.NoOrphans(t, w)
}

func TestCouncilSeats(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for i, c := range []string{"AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "III", "JJJ"} {
		start := 2012 - i%2
		if _, err := s.CreateMember(ctx, Edit[models.Member]{By: "test"}, models.Member{Code: c, Name: c, Terms: []models.Term{{Start: start, End: start + 1}}}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.CreateMember(ctx, Edit[models.Member]{By: "test"}, models.Member{Code: "KKK", Name: "K", Terms: []models.Term{{Start: 2012, End: 2012}}})
	if models.KindOf(err) != models.KindConflict {
		t.Errorf("an eleventh elected member in 2012: %v", err)
	}
	if _, err := s.CreateMember(ctx, Edit[models.Member]{By: "test"}, models.Member{Code: "KKK", Name: "K", Terms: []models.Term{{Start: 2014, End: 2015}}}); err != nil {
		t.Errorf("a free seat in 2014: %v", err)
	}
	for _, c := range []string{"CHN", "FRA", "GBR", "RUS", "USA"} {
		if _, err := s.CreateMember(ctx, Edit[models.Member]{By: "test"}, models.Member{Code: c, Name: c, Permanent: true}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateMember(ctx, Edit[models.Member]{By: "test"}, models.Member{Code: "JPN", Name: "Japan", Permanent: true}); models.KindOf(err) != models.KindConflict {
		t.Errorf("a sixth permanent member: %v", err)
	}
}

// TestPasswordsStayOutOfLogs checks what the server logs for a connection
// string, and the error for one that fails, on a port where nothing
// listens.
func TestPasswordsStayOutOfLogs(t *testing.T) {
	dsn := "postgres://unsc:s3cret-pw@127.0.0.1:1/unsc?sslmode=disable&connect_timeout=2"
	if got := Redact(dsn); strings.Contains(got, "s3cret-pw") || !strings.Contains(got, "127.0.0.1:1/unsc") {
		t.Errorf("Redact: %s", got)
	}
	if got := Redact("/var/lib/unsc/unsc.db"); got != "/var/lib/unsc/unsc.db" {
		t.Errorf("Redact of a path: %s", got)
	}
	_, err := Open(dsn)
	if err == nil || strings.Contains(err.Error(), "s3cret-pw") {
		t.Errorf("Open's error: %v", err)
	}
}

// TestOutsideEditsAreNoticedOwnWritesAreNot: the data version moves once
// for a write of the store's own and stays there (the watcher for outside
// edits must not see it again a second later and empty every cache), and
// moves for a commit made by another connection within a few seconds.
func TestOutsideEditsAreNoticedOwnWritesAreNot(t *testing.T) {
	dbtest.SQLiteOnly(t, "the watcher for outside edits is SQLite's")
	path := filepath.Join(t.TempDir(), "watched.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	before, _ := s.DataVersion(ctx)
	if _, err := s.CreateKey(ctx, "watcher"); err != nil {
		t.Fatal(err)
	}
	own, _ := s.DataVersion(ctx)
	if own != before+1 {
		t.Fatalf("a write of the store's own moved the data version from %d to %d, want %d", before, own, before+1)
	}
	time.Sleep(3 * outsideCheckEvery)
	if later, _ := s.DataVersion(ctx); later != own {
		t.Fatalf("the data version moved from %d to %d with nothing written outside", own, later)
	}

	outside, err := sql.Open("sqlite3", DSN(path, true))
	if err != nil {
		t.Fatal(err)
	}
	defer outside.Close()
	if _, err := outside.Exec("UPDATE api_keys SET name = 'renamed' WHERE name = 'watcher'"); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * outsideCheckEvery); time.Now().Before(deadline); time.Sleep(outsideCheckEvery / 10) {
		if v, _ := s.DataVersion(ctx); v > own {
			return
		}
	}
	t.Fatal("an edit committed by another connection never moved the data version")
}
