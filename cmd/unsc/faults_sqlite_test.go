package main

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"unsc/models/dbtest"
)

// answer is one HTTP answer, read whole.
type answer struct {
	status int
	retry  string
	body   string
}

func ask(t *testing.T, method, url, token, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{status: res.StatusCode, retry: res.Header.Get("Retry-After"), body: string(b)}
}

// postDraft asks the server at addr to add draft S/2099/n.
func postDraft(t *testing.T, addr, token string, n int) answer {
	t.Helper()
	body := fmt.Sprintf(`{"symbol":"S/2099/%d","title":"Draft %d","topic":"Faults","introduced_on":"2026-01-01"}`, n, n)
	return ask(t, http.MethodPost, "http://"+addr+"/v1/drafts", token, body)
}

// refusedAsFault checks that a is a database fault answered with status,
// a Retry-After and a problem that names no internal cause.
func refusedAsFault(t *testing.T, what string, a answer, status int) {
	t.Helper()
	if a.status != status || a.retry == "" {
		t.Fatalf("%s: %d Retry-After %q, want %d with Retry-After: %s", what, a.status, a.retry, status, a.body)
	}
	for _, internal := range []string{"sqlite", "readonly", "malformed", "disk I/O", "SQLSTATE", "dial", "refused", "/tmp/"} {
		if strings.Contains(strings.ToLower(a.body), strings.ToLower(internal)) {
			t.Errorf("%s: the problem tells the client %q: %s", what, internal, a.body)
		}
	}
}

// waitReady polls /readyz until it answers want, for at most within.
func waitReady(t *testing.T, addr string, want int, within time.Duration) answer {
	t.Helper()
	var a answer
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if a = ask(t, http.MethodGet, "http://"+addr+"/readyz", "", ""); a.status == want {
			return a
		}
	}
	t.Fatalf("/readyz answered %d after %s, want %d: %s", a.status, within, want, a.body)
	return a
}

// seededFile seeds a new SQLite file (without the Council's record) in
// dir and returns its path and a write key's token.
func seededFile(t *testing.T, dir string) (db, token string) {
	t.Helper()
	return seededAt(t, filepath.Join(dir, "unsc.db"))
}

// TestReadOnlyDatabaseIsNotReady serves a database file that may not be
// written: /readyz says so, writes answer 503 with Retry-After (not 500),
// reads go on; once the file is writable again the server takes writes
// without a restart. As root, whom file modes do not stop, the binary
// runs as nobody.
func TestReadOnlyDatabaseIsNotReady(t *testing.T) {
	t.Parallel()
	dbtest.SQLiteOnly(t, "a fault of a SQLite file")
	dir := t.TempDir()
	db, token := seededFile(t, dir)
	cmd := exec.Command(binary(t), "serve", "--addr", "127.0.0.1:0", "--db", db, "--record=false")
	if os.Getuid() == 0 {
		asNobody(t, cmd, dir)
	}
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	p := startCmd(t, cmd)
	defer p.cmd.Process.Kill()
	ready := waitReady(t, p.addr, http.StatusServiceUnavailable, time.Second)
	refusedAsFault(t, "/readyz", ready, http.StatusServiceUnavailable)
	refusedAsFault(t, "a write", postDraft(t, p.addr, token, 1), http.StatusServiceUnavailable)
	if a := ask(t, http.MethodGet, "http://"+p.addr+"/v1/members", "", ""); a.status != http.StatusOK {
		t.Fatalf("a read of a read-only file: %d %s", a.status, a.body)
	}
	// SQLite gives the log and its index the file's mode.
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		if err := os.Chmod(f, 0o644); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	defer func() {
		if t.Failed() {
			t.Log(p.logs.String())
		}
	}()
	waitReady(t, p.addr, http.StatusOK, 5*time.Second)
	a := postDraft(t, p.addr, token, 2)
	if a.status != http.StatusCreated {
		t.Fatalf("a write once the file is writable: %d %s\n%s", a.status, a.body, p.logs.String())
	}
	if n := countDrafts(t, db, "S/2099/%"); n != 1 {
		t.Errorf("%d drafts S/2099/* stored, want the one acknowledged", n)
	}
}

// asNobody makes cmd run as the user nobody, owning dir and its files.
func asNobody(t *testing.T, cmd *exec.Cmd, dir string) {
	t.Helper()
	const nobody = 65534
	entries, _ := os.ReadDir(dir)
	for _, e := range append([]string{""}, names(entries)...) {
		if err := os.Chown(filepath.Join(dir, e), nobody, nobody); err != nil {
			t.Fatal(err)
		}
	}
	// nobody must be able to reach dir through its parents.
	for d := filepath.Dir(dir); d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	os.Chmod(filepath.Dir(cmd.Path), 0o755)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
}

func names(entries []os.DirEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// countDrafts counts the drafts stored whose symbol is like pattern.
func countDrafts(t *testing.T, db, pattern string) int {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow("SELECT COUNT(*) FROM drafts WHERE symbol LIKE ?", pattern).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// problemDetail is a problem's detail.
func problemDetail(t *testing.T, a answer) string {
	t.Helper()
	var p struct {
		Detail string `json:"detail"`
	}
	if err := json.Unmarshal([]byte(a.body), &p); err != nil {
		t.Fatalf("not a problem: %s", a.body)
	}
	return p.Detail
}
