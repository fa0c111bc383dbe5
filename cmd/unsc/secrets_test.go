package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"unsc/models/dbtest"
)

// connForms is one database's connection string, with its password, in
// every form PostgreSQL accepts.
func connForms(host, port, db, user, password string) map[string]string {
	u := url.URL{Scheme: "postgres", User: url.UserPassword(user, password), Host: host + ":" + port, Path: "/" + db,
		RawQuery: "sslmode=disable&connect_timeout=5"}
	inQuery := url.URL{Scheme: "postgresql", User: url.User(user), Host: host + ":" + port, Path: "/" + db,
		RawQuery: "sslmode=disable&password=" + url.PathEscape(password)}
	quoted := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(password)
	return map[string]string{
		"URL":             u.String(),
		"URL parameter":   inQuery.String(),
		"URL in capitals": "POSTGRES" + strings.TrimPrefix(u.String(), "postgres"),
		"keyword/value":   fmt.Sprintf("host=%s port=%s dbname=%s user=%s password='%s' sslmode=disable", host, port, db, user, quoted),
	}
}

// unscIn runs the real binary in dir with args, for at most a minute,
// and returns its exit status and all it wrote.
func unscIn(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "UNSC_RECORD=false")
	out, _ := cmd.CombinedOutput()
	return cmd.ProcessState.ExitCode(), string(out)
}

// TestPasswordsNeverShow gives the real binary a connection string with a
// password, in every form, to a port where nothing listens: every form is
// taken for PostgreSQL (before, a keyword/value string became the name of
// a new SQLite file, and one in capitals an error quoting it), the error
// names the host but never the password, and nothing is created.
func TestPasswordsNeverShow(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, dsn := range connForms("127.0.0.1", "1", "unsc", "unsc", "s3cret-pw") {
		for _, args := range [][]string{{"serve", "--addr", "127.0.0.1:0"}, {"backup", "--to", "copy.dump"}, {"keys", "list"}} {
			code, out := unscIn(t, dir, append(args, "--db", dsn)...)
			if code != 1 || strings.Contains(out, "s3cret-pw") || !strings.Contains(out, "127.0.0.1") {
				t.Errorf("%s, %s: exit %d: %s", name, args[0], code, out)
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("a connection string that cannot connect left %s behind", entries[0].Name())
	}
}

// TestBackupWithAPassword runs the real binary on PostgreSQL as a role
// that must give its password, in every form of connection string: the
// server logs no password, and backup passes it to pg_dump, which
// connects, through its environment; the archive is mode 0600 and
// restores.
func TestBackupWithAPassword(t *testing.T) {
	t.Parallel()
	dbtest.PostgresOnly(t, "a role with a password")
	admin, err := sql.Open("pgx", dbtest.Postgres())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	buf := make([]byte, 6)
	rand.Read(buf)
	role, password := "t_pw_"+hex.EncodeToString(buf), "s3 cr/et@'pw-"+hex.EncodeToString(buf)
	mustExec := func(query string) {
		if _, err := admin.Exec(query); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	mustExec(`DO $$ BEGIN CREATE ROLE unsc_password NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`)
	mustExec(fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s' IN ROLE unsc_password", role, strings.ReplaceAll(password, "'", "''")))
	t.Cleanup(func() { admin.Exec("DROP ROLE " + role) })
	db := dbtest.Database(t)
	u, _ := url.Parse(db)
	mustExec(fmt.Sprintf("ALTER DATABASE %s OWNER TO %s", strings.TrimPrefix(u.Path, "/"), role))
	forms := connForms(u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/"), role, password)
	wrong := connForms(u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/"), role, "not-the-password")["URL"]
	if probe, err := sql.Open("pgx", wrong); err == nil && probe.Ping() == nil {
		probe.Close()
		t.Skip("the cluster lets the role in without its password (.ci/postgres start makes one that does not)")
	}
	dir := t.TempDir()
	for name, dsn := range forms {
		p := startBinary(t, dsn)
		p.cmd.Process.Kill()
		p.cmd.Wait()
		if logs := p.logs.String(); strings.Contains(logs, password) || strings.Contains(logs, url.QueryEscape(password)) {
			t.Errorf("%s: the server logged the password: %s", name, logs)
		}
		file := filepath.Join(dir, strings.NewReplacer(" ", "-", "/", "-").Replace(name)+".dump")
		code, out := unscIn(t, dir, "backup", "--db", dsn, "--to", file)
		if code != 0 || strings.Contains(out, password) {
			t.Fatalf("%s: backup: exit %d: %s", name, code, out)
		}
		if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: backup file: %v; want mode 0600", name, fi)
		}
		if out, err := exec.Command("pg_restore", "--list", file).CombinedOutput(); err != nil || !strings.Contains(string(out), "TABLE DATA") {
			t.Errorf("%s: pg_restore --list: %v: %s", name, err, out)
		}
	}
}
