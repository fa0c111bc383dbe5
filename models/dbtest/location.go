package dbtest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql's "pgx"
	_ "github.com/mattn/go-sqlite3"    // database/sql's "sqlite3"
)

// PostgresEnv names the variable that switches every test from SQLite to
// PostgreSQL: set to a database's connection string, each test gets a
// schema of its own in that database instead of a file.
const PostgresEnv = "UNSC_TEST_POSTGRES"

// Postgres returns the PostgreSQL connection string the tests run on, or
// "" when they run on SQLite files.
func Postgres() string { return os.Getenv(PostgresEnv) }

// Location returns where a new, empty database for this test lives, to
// give to sqlstore.Open or to the command's --db: a file in a temporary
// folder, or a new schema in the PostgreSQL database (dropped when the
// test ends), whose connection string puts it first on the search path.
func Location(t testing.TB) string {
	t.Helper()
	base := Postgres()
	if base == "" {
		return filepath.Join(t.TempDir(), "unsc.db")
	}
	schema := create(t, base, "CREATE SCHEMA %s", "DROP SCHEMA %s CASCADE")
	return InSchema(t, base, schema)
}

// create makes a new object in the cluster at base with a fresh name
// (the create and drop statements take it for %s), drops it when the test
// ends, and returns its name.
func create(t testing.TB, base, createSQL, dropSQL string) string {
	t.Helper()
	buf := make([]byte, 6)
	rand.Read(buf)
	name := "t_" + hex.EncodeToString(buf)
	exec := func(query string) error {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return err
		}
		defer admin.Close()
		_, err = admin.Exec(fmt.Sprintf(query, name))
		return err
	}
	if err := exec(createSQL); err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	t.Cleanup(func() {
		if err := exec(dropSQL); err != nil {
			t.Error(err)
		}
	})
	return name
}

// InSchema returns the connection string base with schema first on the
// search path (libpq's and pgx's options parameter, so that psql and
// pg_dump read it too).
func InSchema(t testing.TB, base, schema string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("options", "-c search_path="+schema)
	// %20, not +: libpq and pgx read a + as itself.
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	return u.String()
}

// SQLiteOnly skips a test that is about SQLite itself (its file, its
// pragmas, its shell) when the tests run on PostgreSQL.
func SQLiteOnly(t testing.TB, why string) {
	t.Helper()
	if Postgres() != "" {
		t.Skip("SQLite only: " + why)
	}
}

// PostgresOnly skips a test that is about PostgreSQL (several instances on
// one database, pg_dump) when the tests run on SQLite.
func PostgresOnly(t testing.TB, why string) {
	t.Helper()
	if Postgres() == "" {
		t.Skip("PostgreSQL only (set " + PostgresEnv + "): " + why)
	}
}

// Open opens the database at location directly, for a test that reads or
// edits the tables behind the tracker's back.
func Open(t testing.TB, location string) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite3", "file:"+(&url.URL{Path: location}).EscapedPath()+"?_foreign_keys=on&_busy_timeout=10000"
	if strings.HasPrefix(location, "postgres://") || strings.HasPrefix(location, "postgresql://") {
		driver, dsn = "pgx", location
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func isPostgres(db *sql.DB) bool {
	return !strings.Contains(fmt.Sprintf("%T", db.Driver()), "sqlite")
}

// Q returns query, written with ? placeholders, in the words of db's
// driver: PostgreSQL numbers them ($1, $2, ...). (The store rewrites its
// own statements the same way; dbtest cannot import sqlstore, whose own
// tests import dbtest.)
func Q(db *sql.DB, query string) string {
	if !isPostgres(db) {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// PgBouncerEnv names the variable holding the connection string of a
// database behind PgBouncer in transaction mode, for the test that runs
// the tracker behind a pooler.
const PgBouncerEnv = "UNSC_TEST_PGBOUNCER"

// Database returns the connection string of a new, empty database of its
// own in the PostgreSQL cluster the tests run on, dropped when the test
// ends: for what works on a whole database (pg_dump, pg_restore) rather
// than on a schema.
func Database(t testing.TB) string {
	t.Helper()
	PostgresOnly(t, "a database of its own")
	base := Postgres()
	name := create(t, base, "CREATE DATABASE %s", "DROP DATABASE %s WITH (FORCE)")
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// CopyFile copies a database file (or its -wal) made once for a package's
// tests to a test's own path, which must not exist yet: tests start from
// one expensive fixture without sharing its file.
func CopyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
