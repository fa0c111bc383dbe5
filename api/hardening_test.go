package api_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"unsc/api"
)

// clientFrom is an HTTP client whose connections come from ip, a loopback
// address, so that one test can be several clients to the server.
func clientFrom(t testing.TB, ip string, timeout time.Duration) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	tr := &http.Transport{DialContext: d.DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: timeout}
}

// openStream is a request for the change stream and its reader.
type openStream struct {
	res *http.Response
	sc  *bufio.Scanner
}

// streamOf opens the change stream, which starts at the present: what
// comes on an accepted one is live.
func streamOf(t *testing.T, c *http.Client, url string) *openStream {
	t.Helper()
	res, err := c.Get(url + "/v1/changes/stream")
	if err != nil {
		t.Fatal(err)
	}
	s := &openStream{res: res, sc: bufio.NewScanner(res.Body)}
	t.Cleanup(func() { res.Body.Close() })
	return s
}

// refusedStream checks that s was refused with status and problem type,
// and tells the client when to retry.
func refusedStream(t *testing.T, s *openStream, status int, typ string) {
	t.Helper()
	if s.res.StatusCode != status {
		s.res.Body.Close() // an accepted stream would never end
		t.Fatalf("status %d, want %d", s.res.StatusCode, status)
	}
	body, _ := io.ReadAll(s.res.Body)
	s.res.Body.Close()
	if s.res.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("status %d %q, want %d problem+json: %s", s.res.StatusCode, s.res.Header.Get("Content-Type"), status, body)
	}
	var p map[string]any
	if err := json.Unmarshal(body, &p); err != nil || p["type"] != "urn:unsc:problem:"+typ || p["status"] != float64(status) {
		t.Fatalf("problem %s, want type %s", body, typ)
	}
	if n, err := strconv.Atoi(s.res.Header.Get("Retry-After")); err != nil || n <= 0 {
		t.Errorf("Retry-After %q, want a number of seconds", s.res.Header.Get("Retry-After"))
	}
}

// metricValue reads one sample from the handler's /metrics.
func metricValue(t testing.TB, h http.Handler, sample string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for line := range strings.Lines(rec.Body.String()) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), sample+" "); ok {
			return v
		}
	}
	return ""
}

func TestChangeStreamsAreBounded(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := api.New(e.store, slog.New(slog.DiscardHandler), api.WithStreamLimits(2, 3, time.Hour))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close) // after the streams close: it waits for them
	a, b := clientFrom(t, "127.0.0.1", 0), clientFrom(t, "127.0.0.2", 0)

	a1, a2 := streamOf(t, a, srv.URL), streamOf(t, a, srv.URL)
	for _, s := range []*openStream{a1, a2} {
		if s.res.StatusCode != http.StatusOK {
			t.Fatalf("stream within the caps refused: %d", s.res.StatusCode)
		}
	}
	// One address over its share: 429.
	refusedStream(t, streamOf(t, a, srv.URL), http.StatusTooManyRequests, "too-many-requests")
	// Another address takes the last slot; then the server is full: 503.
	b1 := streamOf(t, b, srv.URL)
	if b1.res.StatusCode != http.StatusOK {
		t.Fatalf("second address refused: %d", b1.res.StatusCode)
	}
	refusedStream(t, streamOf(t, b, srv.URL), http.StatusServiceUnavailable, "unavailable")

	// Every other request is still answered, from either address.
	quick := clientFrom(t, "127.0.0.1", 5*time.Second)
	for _, path := range []string{"/healthz", "/v1/drafts"} {
		res, err := quick.Get(srv.URL + path)
		if err != nil {
			t.Fatalf("%s while the streams are full: %v", path, err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s while the streams are full: %d", path, res.StatusCode)
		}
	}
	if v := metricValue(t, h, "unsc_change_streams_open"); v != "3" {
		t.Errorf("unsc_change_streams_open %q, want 3", v)
	}
	for limit, want := range map[string]string{"client": "1", "total": "1"} {
		if v := metricValue(t, h, `unsc_change_streams_refused_total{limit="`+limit+`"}`); v != want {
			t.Errorf("streams refused by the %s limit: %q, want %s", limit, v, want)
		}
	}

	// The open streams still receive a new write.
	e.write("PUT", fmt.Sprintf("/v1/drafts/%d/positions/TGO", e.arab), map[string]any{"stance": "abstain", "as_of": "2012-02-01",
		"evidence": []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}}).expect(201)
	for i, s := range []*openStream{a1, a2, b1} {
		if _, live := readEvents(t, s.sc, 1); len(live) != 1 || live[0].Member == nil || *live[0].Member != "TGO" {
			t.Errorf("stream %d after the write: %+v", i, live)
		}
	}

	// A closed stream gives its slot back (once the server notices).
	a1.res.Body.Close()
	deadline := time.Now().Add(10 * time.Second)
	var again *openStream
	for again == nil || again.res.StatusCode != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatalf("no slot freed after a stream closed: %d", again.res.StatusCode)
		}
		if again != nil {
			again.res.Body.Close()
			time.Sleep(50 * time.Millisecond)
		}
		again = streamOf(t, a, srv.URL)
	}
	refusedStream(t, streamOf(t, a, srv.URL), http.StatusTooManyRequests, "too-many-requests")
}

func TestIdleChangeStreamIsClosed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const idle = 900 * time.Millisecond
	srv := httptest.NewServer(api.New(e.store, slog.New(slog.DiscardHandler), api.WithStreamLimits(1, 1, idle)))
	t.Cleanup(srv.Close) // after the streams close: it waits for them
	// Without the idle limit the stream would run until the client's
	// timeout, and the scan below would end in an error.
	c := clientFrom(t, "127.0.0.1", 20*time.Second)
	opened := time.Now()
	s := streamOf(t, c, srv.URL)
	heartbeats, closing := 0, false
	for s.sc.Scan() {
		switch line := s.sc.Text(); {
		case line == ": still here":
			heartbeats++
		case strings.HasPrefix(line, ": closing an idle stream"):
			closing = true
		case strings.HasPrefix(line, "data: "):
			t.Fatalf("an event on a quiet feed: %s", line)
		}
	}
	if err := s.sc.Err(); err != nil {
		t.Fatalf("the idle stream was not closed: %v", err)
	}
	if !closing {
		t.Error("the stream ended without saying why")
	}
	// Heartbeats were sent and did not keep the stream open.
	if heartbeats == 0 {
		t.Error("no heartbeat before the idle close")
	}
	if took := time.Since(opened); took < idle {
		t.Errorf("closed after %s, before the idle time %s", took, idle)
	}
	// Its slot is free again, for the one stream this server allows.
	again := streamOf(t, c, srv.URL)
	if again.res.StatusCode != http.StatusOK {
		t.Fatalf("after an idle close the next stream got %d", again.res.StatusCode)
	}
}

func TestMetricLabelsAreBounded(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.spec = nil // the made-up methods are nowhere in the document
	probe := func(i int) {
		e.req(fmt.Sprintf("PROBE%d", i), "/v1/drafts", nil).expect(http.StatusMethodNotAllowed)
		e.req(fmt.Sprintf("MADEUP-%d", i), fmt.Sprintf("/nowhere/%d", i), nil).expect(http.StatusNotFound)
	}
	series := func() (n, size int) {
		body := e.get("/metrics").expect(200).body
		for line := range strings.Lines(string(body)) {
			if strings.HasPrefix(line, "unsc_http_requests_total{") || strings.HasPrefix(line, "unsc_http_request_duration_seconds_count{") {
				n++
			}
		}
		return n, len(body)
	}
	for i := range 5 {
		probe(i)
	}
	series() // so that /metrics itself is counted from here on
	n0, size0 := series()
	for i := 5; i < 1005; i++ {
		probe(i)
	}
	n1, size1 := series()
	if n1 != n0 {
		t.Errorf("%d series after 2,000 made-up methods, %d after 10", n1, n0)
	}
	if size1 > size0+4096 {
		t.Errorf("/metrics grew from %d to %d bytes", size0, size1)
	}
	body := string(e.get("/metrics").body)
	for _, want := range []string{
		`unsc_http_requests_total{method="other",route="unmatched",status="405"} 1005`,
		`unsc_http_requests_total{method="other",route="unmatched",status="404"} 1005`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// reqFrom sends a request from another client address than env's.
func (e *env) reqFrom(addr, method, path string, body any, headers ...string) *response {
	e.t.Helper()
	j, _ := json.Marshal(body)
	req := httptest.NewRequest(method, path, strings.NewReader(string(j)))
	req.RemoteAddr = addr
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return &response{t: e.t, status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

func TestGuesserDoesNotLockOutColleagues(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	guess := []string{"Authorization", "Bearer unsc_guessguessguessguessguess"}
	for i := range 12 {
		r := e.req("POST", "/v1/drafts", newDraft(i), guess...)
		if i < 10 {
			r.problem(401, "unauthorized")
			continue
		}
		r.problem(429, "too-many-requests")
		if n, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || n <= 0 || n > 61 {
			t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
		}
	}
	// Another failure from the guesser's address waits too, whatever the token.
	e.req("POST", "/v1/drafts", newDraft(1), "Authorization", "Bearer unsc_anotherguessentirely").problem(429, "too-many-requests")
	e.req("POST", "/v1/drafts", newDraft(1)).problem(429, "too-many-requests")

	// A colleague at the same address with a valid key writes.
	d := newDraft(99)
	d["title"] = "Written behind the shared address"
	id := e.write("POST", "/v1/drafts", d).expect(201).json()["id"]
	if n := e.count("SELECT COUNT(*) FROM drafts WHERE id = ? AND title = ?", id, d["title"]); n != 1 {
		t.Errorf("the colleague's draft is not stored")
	}
	if n := e.count("SELECT COUNT(*) FROM drafts"); n != 3 {
		t.Errorf("%d drafts, want the seed's 2 and the colleague's", n)
	}
	// Elsewhere, a mistyped key is simply refused; the guesser's token is
	// slowed down from any address.
	e.reqFrom("198.51.100.7:4000", "POST", "/v1/drafts", newDraft(2), "Authorization", "Bearer unsc_mistyped").problem(401, "unauthorized")
	e.reqFrom("198.51.100.8:4000", "POST", "/v1/drafts", newDraft(2), guess...).problem(429, "too-many-requests")
	e.reqFrom("198.51.100.8:4000", "POST", "/v1/drafts", newDraft(3), "Authorization", "Bearer "+e.token).expect(201)
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pages := []string{"/", "/?status=vetoed", fmt.Sprintf("/drafts/%d", e.arab), fmt.Sprintf("/drafts/%d", e.oct)}
	spec := e.spec
	e.spec = nil // the stylesheet is not part of the API's document
	answers := []*response{e.get("/assets/board.css").expect(200)}
	e.spec = spec
	answers = append(answers, e.get("/v1/drafts").expect(200), e.get("/v1/votes.csv").expect(200),
		e.get("/v1/nothing").expect(404), e.req("POST", "/v1/drafts", newDraft(1)).expect(401), e.get("/openapi.json").expect(200))
	for _, p := range pages {
		r := e.get(p).expect(200)
		// The policy allows no script and no inline style: the pages must
		// need neither.
		page := strings.ToLower(string(r.body))
		for _, banned := range []string{"<script", "<style", " style=", "javascript:", " onload=", " onclick="} {
			if strings.Contains(page, banned) {
				t.Errorf("%s contains %s, which the policy blocks", p, banned)
			}
		}
		answers = append(answers, r)
	}
	for _, r := range answers {
		if v := r.header.Get("X-Content-Type-Options"); v != "nosniff" {
			t.Errorf("%d %s: X-Content-Type-Options %q", r.status, r.header.Get("Content-Type"), v)
		}
		if v := r.header.Get("Referrer-Policy"); v != "no-referrer" {
			t.Errorf("Referrer-Policy %q", v)
		}
		csp := map[string]string{}
		for _, d := range strings.Split(r.header.Get("Content-Security-Policy"), ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
			csp[name] = value
		}
		for name, want := range map[string]string{"default-src": "'none'", "style-src": "'self'", "frame-ancestors": "'none'",
			"base-uri": "'none'", "form-action": "'self'"} {
			if csp[name] != want {
				t.Errorf("%s: Content-Security-Policy %s %q, want %q", r.header.Get("Content-Type"), name, csp[name], want)
			}
		}
		if _, ok := csp["script-src"]; ok {
			t.Errorf("the policy allows scripts: %v", csp)
		}
	}
}

func TestRequestIDMustBeShortAndPrintable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	fresh := regexp.MustCompile(`^[0-9a-f]{12}-[0-9a-z]+$`)
	for _, sane := range []string{"desk-7.retry_2", "a", strings.Repeat("x", 64)} {
		r := e.get("/v1/nothing", "X-Request-Id", sane)
		r.problem(404, "not-found")
		if got := r.header.Get("X-Request-Id"); got != sane {
			t.Errorf("sent %q, echoed %q", sane, got)
		}
		if got := r.json()["request_id"]; got != sane {
			t.Errorf("problem names request %q, want %q", got, sane)
		}
	}
	seen := map[string]bool{}
	for _, bad := range []string{"has space", " lead", "tab\there", "nul\x00x", "bell\x07", "line\r\nX-Evil: 1", "café",
		"<script>", "a/b", strings.Repeat("y", 65), strings.Repeat("z", 200)} {
		r := e.get("/v1/nothing", "X-Request-Id", bad)
		r.problem(404, "not-found")
		got := r.header.Get("X-Request-Id")
		if got == bad || !fresh.MatchString(got) || seen[got] {
			t.Errorf("sent %q, got %q; want a fresh id of our own", bad, got)
		}
		seen[got] = true
		if r.json()["request_id"] != got {
			t.Errorf("problem names request %v, header %q", r.json()["request_id"], got)
		}
	}
}
