package sqlstore

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// secretForms are a password in every form of connection string
// PostgreSQL accepts, each on a port where nothing listens.
var secretForms = []struct{ name, dsn string }{
	{"URL user part", "postgres://unsc:s3cret-pw@127.0.0.1:1/unsc?sslmode=disable&connect_timeout=2"},
	{"URL parameter", "postgresql://unsc@127.0.0.1:1/unsc?password=s3cret-pw&sslmode=disable&connect_timeout=2"},
	{"URL in upper case", "POSTGRES://unsc:s3cret-pw@127.0.0.1:1/unsc?sslmode=disable&connect_timeout=2"},
	{"URL in mixed case", "PostgreSQL://unsc@127.0.0.1:1/unsc?sslmode=disable&connect_timeout=2&password=s3cret-pw"},
	{"keyword/value", "host=127.0.0.1 port=1 dbname=unsc user=unsc password=s3cret-pw sslmode=disable connect_timeout=2"},
	{"keyword/value quoted", "host = 127.0.0.1 port=1 dbname=unsc user=unsc password = 's3cret-pw' connect_timeout=2"},
	{"keyword/value pgx's own", "password=s3cret-pw host=127.0.0.1 port=1 dbname=unsc default_query_exec_mode=exec connect_timeout=2"},
}

// TestConnectionStringForms: every form is taken for PostgreSQL, shown
// with its password masked and the rest intact, and refused by a store
// that cannot connect without the password in the error; a file name,
// even one with an = in it, stays a file name.
func TestConnectionStringForms(t *testing.T) {
	t.Parallel()
	for _, f := range secretForms {
		if !IsPostgres(f.dsn) {
			t.Errorf("%s: not taken for PostgreSQL", f.name)
		}
		shown := Redact(f.dsn)
		if strings.Contains(shown, "s3cret-pw") || !strings.Contains(shown, "127.0.0.1") || !strings.Contains(shown, masked) {
			t.Errorf("%s: shown as %s", f.name, shown)
		}
		_, err := Open(f.dsn)
		if err == nil || strings.Contains(err.Error(), "s3cret-pw") || !strings.Contains(err.Error(), "127.0.0.1") {
			t.Errorf("%s: Open's error: %v", f.name, err)
		}
	}
	for _, path := range []string{"/var/lib/unsc/unsc.db", "unsc.db", "data=2012.db", "./host=x.db"} {
		if IsPostgres(path) || Redact(path) != path {
			t.Errorf("%s: taken for PostgreSQL, or shown as %s", path, Redact(path))
		}
	}
	if got := Redact("host=db password='unterminated"); strings.Contains(got, "unterminated") {
		t.Errorf("an unreadable connection string shown as %s", got)
	}
}

// TestPgDumpGetsNoPasswordOnItsCommandLine: the pg_dump command built for
// every form carries the password in its environment alone; its command
// line, which any local user reads in ps, has the rest of the connection
// string, without pgx's own parameters that libpq refuses.
func TestPgDumpGetsNoPasswordOnItsCommandLine(t *testing.T) {
	t.Parallel()
	for _, f := range secretForms {
		cmd, err := pgDumpCommand(context.Background(), "/usr/bin/pg_dump", postgresDSN(f.dsn), "/tmp/backup.dump")
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		line := strings.Join(cmd.Args, " ")
		if strings.Contains(line, "s3cret-pw") || strings.Contains(line, "password") || strings.Contains(line, "default_query_exec_mode") {
			t.Errorf("%s: command line %s", f.name, line)
		}
		if !strings.Contains(line, "127.0.0.1") || !strings.Contains(line, "unsc") || !strings.Contains(line, "--file=/tmp/backup.dump") {
			t.Errorf("%s: command line lost the rest: %s", f.name, line)
		}
		if n := slices.Index(cmd.Env, "PGPASSWORD=s3cret-pw"); n < 0 {
			t.Errorf("%s: no PGPASSWORD in pg_dump's environment", f.name)
		}
	}
	if _, err := pgDumpCommand(context.Background(), "/usr/bin/pg_dump", "host=db password='s3cret-pw", "/tmp/b"); err == nil || strings.Contains(err.Error(), "s3cret-pw") {
		t.Errorf("an unreadable connection string: %v", err)
	}
}
