// Package dbtest gives each test a database of its own, on SQLite or on
// PostgreSQL, and reads a tracker database whole, for tests that check
// what a request or a command changed, or that it changed nothing. It
// finds the tables itself, so a new table is covered without touching any
// test.
package dbtest

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Tables lists the tracker's tables by name, leaving out the database's
// own, the migrations' bookkeeping and PostgreSQL's versions row (on
// SQLite the counts live in a file beside the database, not in a table).
func Tables(t testing.TB, db *sql.DB) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT LIKE 'search\_index%' ESCAPE '\' AND name NOT IN ('goose_db_version', 'goose_lock') ORDER BY name`
	if isPostgres(db) {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
		AND table_type = 'BASE TABLE' AND table_name NOT IN ('goose_db_version', 'goose_lock', 'unsc_versions', 'queue_migration_lock')
		ORDER BY table_name`
	}
	var out []string
	Rows(t, db, q, func(scan func(...any)) {
		var name string
		scan(&name)
		out = append(out, name)
	})
	return out
}

// Rows runs query on db and calls row once for each row it gives, with
// scan to read the row's columns into dest; an error querying, scanning
// or reading the rows fails the test.
func Rows(t testing.TB, db *sql.DB, query string, row func(scan func(dest ...any)), args ...any) {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	scan := func(dest ...any) {
		t.Helper()
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
	}
	for rows.Next() {
		row(scan)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// NoOrphans fails the test when SQLite's foreign_key_check finds a row
// whose parent is missing.
func NoOrphans(t testing.TB, db *sql.DB) {
	t.Helper()
	orphans := false
	Rows(t, db, "PRAGMA foreign_key_check", func(func(...any)) { orphans = true })
	if orphans {
		t.Error("foreign_key_check found orphans")
	}
}

// Dump is every row of the named tables (every table when none is
// named), in a stable order, as text.
func Dump(t testing.TB, db *sql.DB, tables ...string) string {
	t.Helper()
	if len(tables) == 0 {
		tables = Tables(t, db)
	}
	var b strings.Builder
	for _, table := range tables {
		fmt.Fprintf(&b, "%s:\n", table)
		dumpTable(t, db, table, &b)
	}
	return b.String()
}

func dumpTable(t testing.TB, db *sql.DB, table string, b *strings.Builder) {
	t.Helper()
	rows, err := db.Query("SELECT * FROM " + table + " ORDER BY 1, 2")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if i > 0 {
				b.WriteByte('|')
			}
			if raw, ok := v.([]byte); ok {
				v = string(raw)
			}
			fmt.Fprint(b, v)
		}
		b.WriteByte('\n')
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// Counts is how many rows each table holds and, where a table versions
// its rows, the sum of their versions: cheap enough to compare after every
// request of a fuzzing run, and it still sees an update in place.
func Counts(t testing.TB, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, table := range Tables(t, db) {
		q := "SELECT COUNT(*), 0 FROM " + table
		if versioned(t, db, table) {
			q = "SELECT COUNT(*), COALESCE(SUM(version), 0) FROM " + table
		}
		var n, v int64
		if err := db.QueryRow(q).Scan(&n, &v); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %d %d\n", table, n, v)
	}
	return b.String()
}

// versionedTables remembers, per database and table, whether the table
// has a version column: a schema does not change while tests count rows,
// and asking the catalogue before every count made the counting slow.
var versionedTables sync.Map

func versioned(t testing.TB, db *sql.DB, table string) bool {
	type key struct {
		db    *sql.DB
		table string
	}
	k := key{db, table}
	if v, ok := versionedTables.Load(k); ok {
		return v.(bool)
	}
	v := hasColumn(t, db, table, "version")
	versionedTables.Store(k, v)
	return v
}

func hasColumn(t testing.TB, db *sql.DB, table, column string) bool {
	t.Helper()
	q := "SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?"
	if isPostgres(db) {
		q = "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2"
	}
	var n int
	if err := db.QueryRow(q, table, column).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}
