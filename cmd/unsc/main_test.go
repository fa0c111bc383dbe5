package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unsc/models/dbtest"
)

// syncBuffer is a bytes.Buffer safe to write from the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// call makes one request and returns its answer with the body read.
func call(t *testing.T, method, url, token string, body any) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

// get is the body of the answer to a GET of path from the server at addr.
func get(t *testing.T, addr, path string) string {
	t.Helper()
	_, b := call(t, http.MethodGet, "http://"+addr+path, "", nil)
	return string(b)
}

func TestKeys(t *testing.T) {
	t.Parallel()
	db := dbtest.Location(t)
	token := createKey(t, db, "newsdesk")
	if !regexp.MustCompile(`^unsc_[A-Za-z0-9_-]{43}$`).MatchString(token) {
		t.Fatalf("last line %q is not a token", token)
	}
	_, list, _ := runCmd(t, "keys", "list", "--db", db)
	if !strings.Contains(list, "newsdesk") || strings.Contains(list, token) || strings.Contains(list, token[5:]) {
		t.Errorf("keys list = %q", list)
	}
	if code, _, _ := runCmd(t, "keys", "revoke", "newsdesk", "--db", db); code != 0 {
		t.Errorf("revoke: exit %d", code)
	}
	if code, _, _ := runCmd(t, "keys", "revoke", "newsdesk", "--db", db); code != 1 {
		t.Errorf("revoking twice: exit %d", code)
	}
	if code, _, _ := runCmd(t, "keys", "create", "--db", db); code != 2 {
		t.Errorf("keys create without --name: exit %d", code)
	}
}

// TestKeysCreateNameTaken: a second key of a name fails with nothing on
// stdout, so that TOKEN=$(unsc keys create ... | tail -n 1) is empty, and
// says on stderr what to do instead; doing it works.
func TestKeysCreateNameTaken(t *testing.T) {
	t.Parallel()
	db := dbtest.Location(t)
	createKey(t, db, "newsdesk")
	code, out, stderr := runCmd(t, "keys", "create", "--name", "newsdesk", "--db", db)
	if code != 1 || out != "" {
		t.Errorf("a second key named newsdesk: exit %d, stdout %q", code, out)
	}
	for _, want := range []string{"a key named newsdesk already exists", "choose another --name", "unsc keys revoke newsdesk"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q does not say %q", stderr, want)
		}
	}
	createKey(t, db, "newsdesk-2")
	if code, _, stderr := runCmd(t, "keys", "revoke", "newsdesk", "--db", db); code != 0 {
		t.Fatalf("revoke: %d %s", code, stderr)
	}
	// A revoked key keeps its name: the writes made with it record it.
	code, out, stderr = runCmd(t, "keys", "create", "--name", "newsdesk", "--db", db)
	if code != 1 || out != "" || !strings.Contains(stderr, "was revoked on ") || !strings.Contains(stderr, "choose another --name") {
		t.Errorf("a key named like a revoked one: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// TestSeedCommandIsIdempotent seeds a database again: the first seed is
// the one every test starting from a seeded database shares (on SQLite,
// seeded's file copied), the second runs on this test's copy of it.
func TestSeedCommandIsIdempotent(t *testing.T) {
	t.Parallel()
	db, first := seeded(t)
	_, second, _ := runCmd(t, "seed", "--db", db)
	if !strings.Contains(first, "added 137 members, 381 terms") || !strings.Contains(second, "added 0 members, 0 terms, 0 sources, 0 drafts, 0 positions, 0 votes") {
		t.Errorf("seed then seed: %q, %q", first, second)
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	if code, out, _ := runCmd(t, "version"); code != 0 || !regexp.MustCompile(`^unsc dev go1\.\d+`).MatchString(out) {
		t.Errorf("version: %d %q", code, out)
	}
	tests := []struct {
		args []string
		want string // on stderr
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"serve", "--port", "1"}, "flag provided but not defined: -port (see unsc serve --help)"},
		{[]string{"serve", "extra"}, "serve takes no arguments"},
		{[]string{"serve", "--embed-ancestors", "https://a.example; script-src *"}, `invalid value "https://a.example; script-src *" for flag -embed-ancestors: must not contain ';'`},
		{[]string{"serve", "--embed-ancestors", "https://a.example,https://b.example"}, "flag -embed-ancestors: must not contain ','"},
		{[]string{"serve", "--embed-ancestors", "https://a.example\r\nX-Frame-Options: DENY"}, "flag -embed-ancestors: must not contain control characters"},
		{[]string{"serve", "--embed-ancestors", " "}, "flag -embed-ancestors: must name at least one source"},
		{[]string{"keys"}, "keys needs a command: create, list, revoke"},
		{[]string{"keys", "frob"}, `unknown keys command "frob"`},
		{[]string{"keys", "revoke"}, "keys revoke needs the key's NAME"},
		{[]string{"import"}, "import needs a command: undl"},
		{[]string{"import", "csv", "x.csv"}, `unknown import command "csv"`},
		{[]string{"import", "undl"}, "usage: unsc import undl FILE.csv"},
		{[]string{"backup"}, "backup needs --to FILE"},
		{[]string{"version", "--short"}, "flag provided but not defined: -short"},
	}
	for _, tt := range tests {
		if code, out, stderr := runCmd(t, tt.args...); code != 2 || out != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.args, code, out, stderr, tt.want)
		}
	}
}

// TestHelp: every command and subcommand answers -h and --help on stdout,
// with exit status 0, naming its flags.
func TestHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want []string
	}{
		{nil, []string{"unsc [serve]", "--addr", "--db", "--debug-addr", "env UNSC_ADDR", "env UNSC_DB", "env UNSC_DEBUG_ADDR", "keys create --name NAME", "backup --to FILE", "import undl", "seed [--db PATH|URL] [--scale N]", "unsc version"}},
		{[]string{"serve"}, []string{"Usage: unsc serve", "-addr address", "-db location", "-debug-addr address", "env UNSC_ADDR", "env UNSC_DB", "env UNSC_DEBUG_ADDR", `default "127.0.0.1:8080"`}},
		{[]string{"seed"}, []string{"Usage: unsc seed", "-db location", "-scale N", "env UNSC_DB"}},
		{[]string{"keys"}, []string{"Usage: unsc keys COMMAND", "Usage: unsc keys create", "Usage: unsc keys list", "Usage: unsc keys revoke", "-name name", "-db location"}},
		{[]string{"keys", "create"}, []string{"Usage: unsc keys create --name NAME [--db PATH|URL]", "-name name", "-db location", "last line"}},
		{[]string{"keys", "list"}, []string{"Usage: unsc keys list [--db PATH|URL]", "-db location"}},
		{[]string{"keys", "revoke"}, []string{"Usage: unsc keys revoke NAME [--db PATH|URL]", "-db location"}},
		{[]string{"backup"}, []string{"Usage: unsc backup --to FILE [--db PATH|URL]", "-to file", "-db location"}},
		{[]string{"import"}, []string{"Usage: unsc import FORMAT FILE", "unsc import undl FILE.csv", "Usage: unsc import undl", "-db location"}},
		{[]string{"import", "undl"}, []string{"Usage: unsc import undl FILE.csv [--db PATH|URL]", "-db location", "line and column"}},
		{[]string{"version"}, []string{"Usage: unsc version", "revision"}},
	}
	for _, tt := range tests {
		for _, h := range []string{"--help", "-h"} {
			args := append(append([]string{}, tt.args...), h)
			code, out, stderr := runCmd(t, args...)
			if code != 0 || stderr != "" {
				t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
			}
			for _, want := range tt.want {
				if !strings.Contains(out, want) {
					t.Errorf("%q does not say %q:\n%s", args, want, out)
				}
			}
		}
	}
	// Flags before --help are read, not refused.
	if code, out, _ := runCmd(t, "keys", "create", "--name", "x", "--db", filepath.Join(t.TempDir(), "never.db"), "--help"); code != 0 || !strings.Contains(out, "-name name") {
		t.Errorf("keys create with flags and --help: exit %d: %s", code, out)
	}
}

// TestServe starts the real server on a fresh database, reads the seeded
// tracker over HTTP (the article's draft with the vote the Council's
// record gives it), and stops it as SIGTERM would.
func TestServe(t *testing.T) {
	t.Parallel()
	db := dbtest.Location(t)
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	done := make(chan int)
	go func() { done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--db", db}, io.Discard, &logs) }()
	addr := ""
	// A wait, not a measure: a new database gets the record first.
	for deadline := time.Now().Add(60 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := regexp.MustCompile(`"msg":"serving","addr":"([^"]+)"`).FindStringSubmatch(logs.String()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		t.Fatalf("server did not start: %s", logs.String())
	}
	res, err := http.Get("http://" + addr + "/v1/drafts?symbol=S/2012/77")
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Items []struct {
			Status string `json:"status"`
		} `json:"items"`
	}
	json.NewDecoder(res.Body).Decode(&body)
	res.Body.Close()
	if len(body.Items) != 1 || body.Items[0].Status != "vetoed" || res.Header.Get("X-Request-Id") == "" {
		t.Errorf("seeded draft over HTTP: %+v", body)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after shutdown: %s", code, logs.String())
		}
	case <-time.After(25 * time.Second):
		t.Fatal("server did not stop")
	}
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %s", line)
		}
	}
	if !strings.Contains(logs.String(), `"msg":"request"`) || !strings.Contains(logs.String(), `"request_id"`) {
		t.Errorf("no request log with an id: %s", logs.String())
	}
}

// TestVersionOfABuiltBinary builds the binary as a user would and asks it
// its version: it names the commit checked out, and -X main.version wins.
func TestVersionOfABuiltBinary(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	// binary is built with -buildvcs=auto: stamped with the commit
	// whatever GOFLAGS says, as go build does by default.
	out, err := exec.Command(binary(t), "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^unsc \S+ (\(revision [0-9a-f]{40}, [0-9TZ:-]+(, modified)?\) )?go1\.\d+\S*\n$`).Match(out) {
		t.Errorf("version: %q", out)
	}
	switch rev, checkout := gitCheckout(); {
	case rev == "":
		t.Logf("not in a git checkout: the revision is not checked")
	case !checkout:
		// Go looks for a .git directory; a linked worktree has a .git file
		// and is not stamped (go.dev/issue/58218).
		t.Logf("in a linked git worktree, which go build does not stamp: the revision is not checked")
	case !strings.Contains(string(out), "(revision "+rev+", ") || !strings.HasPrefix(string(out), "unsc v0.0.0-"):
		t.Errorf("version %q does not name the module version and revision %s", out, rev)
	}

	bin, err := build(t.TempDir(), "-ldflags", "-X main.version=v1.2.3-test")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "version").Output(); err != nil || !strings.HasPrefix(string(out), "unsc v1.2.3-test ") {
		t.Errorf("version with -X main.version: %q %v", out, err)
	}
}

// gitCheckout returns the commit checked out here, if this is a git
// checkout, and whether it is a main one rather than a linked worktree.
func gitCheckout() (rev string, main bool) {
	git := func(args ...string) string {
		out, err := exec.Command("git", args...).Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(out))
	}
	rev = git("rev-parse", "HEAD")
	dir, common := git("rev-parse", "--absolute-git-dir"), git("rev-parse", "--path-format=absolute", "--git-common-dir")
	return rev, rev != "" && dir == common
}
