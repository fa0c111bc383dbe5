package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
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

func TestKeys(t *testing.T) {
	db := filepath.Join(t.TempDir(), "unsc.db")
	code, out, stderr := runCmd(t, "keys", "create", "--name", "newsdesk", "--db", db)
	if code != 0 {
		t.Fatalf("keys create: %d %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token := lines[len(lines)-1]
	if !regexp.MustCompile(`^unsc_[A-Za-z0-9_-]{43}$`).MatchString(token) {
		t.Fatalf("last line %q is not a token", token)
	}
	if code, _, _ := runCmd(t, "keys", "create", "--name", "newsdesk", "--db", db); code != 1 {
		t.Errorf("a second key of the same name: exit %d", code)
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

func TestSeedCommandIsIdempotent(t *testing.T) {
	db := filepath.Join(t.TempDir(), "unsc.db")
	_, first, _ := runCmd(t, "seed", "--db", db)
	_, second, _ := runCmd(t, "seed", "--db", db)
	if !strings.Contains(first, "added 20 members") || !strings.Contains(second, "added 0 members, 0 terms, 0 sources, 0 drafts, 0 positions, 0 votes") {
		t.Errorf("seed then seed: %q, %q", first, second)
	}
}

func TestUsage(t *testing.T) {
	if code, out, _ := runCmd(t, "version"); code != 0 || !strings.HasPrefix(out, "unsc ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, _, _ := runCmd(t, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
	if code, _, _ := runCmd(t, "serve", "--port", "1"); code != 2 {
		t.Errorf("unknown flag: exit %d", code)
	}
	if code, _, stderr := runCmd(t, "seed", "--help"); code != 0 || !strings.Contains(stderr, "-scale") || !strings.Contains(stderr, "env UNSC_DB") {
		t.Errorf("seed --help: exit %d: %s", code, stderr)
	}
	if code, out, _ := runCmd(t, "--help"); code != 0 || !strings.Contains(out, "env UNSC_ADDR") || !strings.Contains(out, "import undl") {
		t.Errorf("--help: exit %d: %s", code, out)
	}
	if code, _, stderr := runCmd(t, "serve", "--help"); code != 0 || !strings.Contains(stderr, "env UNSC_DEBUG_ADDR") {
		t.Errorf("serve --help: exit %d: %s", code, stderr)
	}
}

// TestServe starts the real server on a fresh database, reads the seeded
// tracker over HTTP, and stops it as SIGTERM would.
func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "unsc.db")
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	done := make(chan int)
	go func() { done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--db", db}, io.Discard, &logs) }()
	addr := ""
	for deadline := time.Now().Add(10 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
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
	if len(body.Items) != 1 || body.Items[0].Status != "circulating" || res.Header.Get("X-Request-Id") == "" {
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
