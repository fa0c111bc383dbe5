package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// nginxBlock is the README's nginx configuration (Behind a cache): the
// test runs that very text, so the two cannot drift apart.
var nginxBlock = regexp.MustCompile("(?s)```nginx\n(.*?)```")

// startNginx runs Debian's nginx in front of upstream with the README's
// configuration, its cache and temporary files in a folder of the test's,
// and returns its base URL. Without nginx the test is skipped, except
// under CI, which installs it.
func startNginx(t *testing.T, upstream string) string {
	t.Helper()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		bin = "/usr/sbin/nginx" // not on a non-root PATH
		if _, err := os.Stat(bin); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("nginx is missing: .ci/run installs it")
			}
			t.Skip("needs nginx (apt-get install nginx-light)")
		}
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := nginxBlock.FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no nginx block")
	}
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	site := strings.NewReplacer("/var/cache/nginx/unsc", filepath.Join(dir, "cache"),
		"listen 80;", fmt.Sprintf("listen 127.0.0.1:%d;", port),
		"127.0.0.1:8080", upstream).Replace(string(m[1]))
	if strings.Contains(site, "8080") || !strings.Contains(site, upstream) {
		t.Fatalf("the README's configuration did not take the test's addresses:\n%s", site)
	}
	// As root, nginx's workers would run as another user, who cannot
	// reach the test's folder.
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n"
	}
	conf := user + "worker_processes 1;\nerror_log stderr;\nevents { worker_connections 256; }\nhttp {\n" +
		"access_log off;\nclient_body_temp_path tmp/body;\nproxy_temp_path tmp/proxy;\nfastcgi_temp_path tmp/fastcgi;\n" +
		"uwsgi_temp_path tmp/uwsgi;\nscgi_temp_path tmp/scgi;\n" + site + "}\n"
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	cmd := exec.Command(bin, "-p", dir+"/", "-e", "stderr", "-c", filepath.Join(dir, "nginx.conf"),
		"-g", "daemon off; pid "+filepath.Join(dir, "nginx.pid")+";")
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// SIGTERM: the master stops its workers, which hold the log pipe too.
	cmd.WaitDelay = 5 * time.Second
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		if t.Failed() {
			t.Logf("nginx's log:\n%s", logs.String())
		}
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			return base
		}
		if time.Now().After(deadline) { // a wait, not a measure
			t.Fatalf("nginx did not start: %s", logs.String())
		}
	}
}

// upstreamRequests counts the requests for path the tracker logged.
func upstreamRequests(p *process, path string) int {
	return strings.Count(p.logs.String(), `"path":"`+path+`"`)
}

// TestBehindNginx runs the real binary behind Debian's nginx, configured
// as the README says, and checks what a shared cache does with its
// answers: a repeated public read is served by nginx alone, with a strong
// ETag; a write is never kept and shows through within max-age; one key's
// webhooks are never served to another key or to a client without one;
// the change stream's events pass through unbuffered.
func TestBehindNginx(t *testing.T) {
	t.Parallel()
	db, keyA := keyedDatabase(t, "desk-a")
	keyB := createKey(t, db, "desk-b")
	const maxAge = time.Second
	p := startBinary(t, db, "UNSC_CACHE_MAX_AGE=1s", "UNSC_CACHE_STALE=0s")
	t.Cleanup(func() { p.cmd.Process.Kill(); p.cmd.Wait() })
	base := startNginx(t, p.addr)

	t.Run("reads", func(t *testing.T) { cachedReads(t, p, base, keyA, maxAge) })
	t.Run("keys", func(t *testing.T) { keyedReads(t, base, keyA, keyB) })
	t.Run("stream", func(t *testing.T) { streamThrough(t, base, keyA) })
}

// cachedReads: the second read is a HIT the tracker never saw; a write
// passes through, is not kept, and the read shows it within max-age.
func cachedReads(t *testing.T, p *process, base, key string, maxAge time.Duration) {
	const path = "/v1/drafts"
	url := base + path + "?q=cachedword"
	first, body := call(t, "GET", url, "", nil)
	if first.StatusCode != 200 || first.Header.Get("X-Cache-Status") != "MISS" {
		t.Fatalf("first read: %d %q", first.StatusCode, first.Header.Get("X-Cache-Status"))
	}
	if cc := first.Header.Get("Cache-Control"); cc != "public, max-age=1, stale-while-revalidate=0" {
		t.Fatalf("Cache-Control %q", cc)
	}
	if tag := first.Header.Get("ETag"); !strings.HasPrefix(tag, `"`) || first.Header.Get("Vary") != "" {
		t.Fatalf("ETag %q, Vary %q: want a strong tag and no Vary", tag, first.Header.Get("Vary"))
	}
	// The tracker logs a request once answered, and its log is read
	// apart: wait for the first read's line, and give the second's as long.
	logged := func(n int) bool {
		for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if upstreamRequests(p, path) >= n {
				return true
			}
		}
		return false
	}
	if !logged(1) {
		t.Fatalf("the tracker never logged the first read")
	}
	second, again := call(t, "GET", url, "", nil)
	if second.Header.Get("X-Cache-Status") != "HIT" || !bytes.Equal(body, again) || logged(2) {
		t.Fatalf("second read: %q, same body %v, tracker saw %d requests, want 1",
			second.Header.Get("X-Cache-Status"), bytes.Equal(body, again), upstreamRequests(p, path))
	}
	// A client holding the tag gets 304 from nginx, for a header's price.
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("If-None-Match", first.Header.Get("ETag"))
	if r, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	} else if r.Body.Close(); r.StatusCode != http.StatusNotModified {
		t.Fatalf("If-None-Match of the current tag: %d", r.StatusCode)
	}

	wrote, wb := call(t, "POST", base+path, key, map[string]any{"title": "A cachedword resolution", "topic": "Cache",
		"introduced_on": "2012-02-01", "sponsors": []string{"FRA"}})
	written := time.Now()
	if wrote.StatusCode != 201 || wrote.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("write: %d %q %s", wrote.StatusCode, wrote.Header.Get("Cache-Control"), wb)
	}
	if s := wrote.Header.Get("X-Cache-Status"); s != "" && s != "BYPASS" && s != "MISS" {
		t.Fatalf("the write went through the cache as %q", s)
	}
	for {
		res, b := call(t, "GET", url, "", nil)
		if strings.Contains(string(b), "A cachedword resolution") {
			break
		}
		// The slack is for nginx's clock, which counts whole seconds.
		if time.Since(written) > maxAge+1100*time.Millisecond {
			t.Fatalf("%s after the write the cache still answers without it (%s): %s", time.Since(written), res.Header.Get("X-Cache-Status"), b)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// keyedReads: a key's own webhooks are never kept, so never served to
// another key or to a client without one, however often they are read.
func keyedReads(t *testing.T, base, keyA, keyB string) {
	// A private address and an event no test here makes: nothing is sent.
	res, b := call(t, "POST", base+"/v1/webhooks", keyA, map[string]any{"url": "http://127.0.0.1:9/desk-a-hook", "events": []string{"vote.recorded"}})
	if res.StatusCode != 201 {
		t.Fatalf("create webhook: %d %s", res.StatusCode, b)
	}
	for range 2 {
		res, b := call(t, "GET", base+"/v1/webhooks", keyA, nil)
		if res.StatusCode != 200 || !strings.Contains(string(b), "desk-a-hook") ||
			res.Header.Get("Cache-Control") != "private, no-store" || res.Header.Get("X-Cache-Status") == "HIT" {
			t.Fatalf("A's read: %d %q %q %s", res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("X-Cache-Status"), b)
		}
		res, b = call(t, "GET", base+"/v1/webhooks", keyB, nil)
		if res.StatusCode != 200 || strings.Contains(string(b), "desk-a-hook") || !strings.Contains(string(b), `"items":[]`) {
			t.Fatalf("B's read: %d %s", res.StatusCode, b)
		}
		res, b = call(t, "GET", base+"/v1/webhooks", "", nil)
		if res.StatusCode != 401 || strings.Contains(string(b), "desk-a-hook") || res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("anonymous read: %d %q %s", res.StatusCode, res.Header.Get("Cache-Control"), b)
		}
	}
}

// streamThrough: the change stream is not kept nor buffered: its opening
// comment and then a write's event arrive through nginx at once.
func streamThrough(t *testing.T, base, key string) {
	res, err := http.Get(base + "/v1/changes/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("X-Cache-Status") != "" {
		t.Fatalf("stream: %d %q %q", res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("X-Cache-Status"))
	}
	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	// The bound is what "promptly" means to a board following live votes;
	// a buffering proxy holds the events until its buffer fills.
	within := func(what string, match func(string) bool) {
		timeout := time.After(3 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("the stream ended before %s", what)
				}
				if match(l) {
					return
				}
			case <-timeout:
				t.Fatalf("%s did not arrive through nginx within 3s", what)
			}
		}
	}
	within("the opening comment", func(l string) bool { return strings.HasPrefix(l, ":") })
	wrote, b := call(t, "POST", base+"/v1/drafts", key, map[string]any{"title": "A streamedword resolution", "topic": "Stream",
		"introduced_on": "2012-02-01", "sponsors": []string{"FRA"}})
	if wrote.StatusCode != 201 {
		t.Fatalf("write: %d %s", wrote.StatusCode, b)
	}
	var draft struct{ ID int64 }
	if err := json.Unmarshal(b, &draft); err != nil || draft.ID == 0 {
		t.Fatalf("write: %v %s", err, b)
	}
	within("the write's event", func(l string) bool {
		return strings.HasPrefix(l, "data:") && strings.Contains(l, `"kind":"draft.created"`) && strings.Contains(l, fmt.Sprintf(`"draft_id":%d,`, draft.ID))
	})
}
