package api_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"unsc/api"
)

// served is one answer, read from a handler directly.
type served struct {
	status int
	etag   string
	body   string
	header http.Header
}

func serveFrom(h http.Handler, addr, method, path string) served {
	req := httptest.NewRequest(method, path, nil)
	req.RemoteAddr = addr + ":1234"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return served{status: rec.Code, etag: rec.Header().Get("ETag"), body: string(body), header: rec.Header()}
}

func computed(t *testing.T, h http.Handler) int {
	t.Helper()
	n, err := strconv.Atoi(metricValue(t, h, "unsc_research_computed_total"))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOneQuestionIsComputedOnce: every spelling of one question (member
// codes in any case, limit=050, parameters in any order, a lone ?,
// %-encoded letters in the path), asked at once by many clients, is
// computed once and answered with the same bytes; so is the whole record
// as CSV (6.2 MB).
func TestOneQuestionIsComputedOnce(t *testing.T) {
	t.Parallel()
	e := newRecordEnv(t)
	for _, spellings := range [][]string{
		{"/v1/alignment?member=usa&limit=050", "/v1/alignment?limit=50&member=USA", "/v1/alignment?member=Usa&limit=50",
			"/v1/alignment?%6Dember=USA&limit=0050", "/v1/alignment?limit=50&member=us%61"},
		{"/v1/members/usa/votes?from=2000-01-01", "/v1/members/US%41/votes?from=2000-01-01", "/v1/members/USA/votes?from=2000-01-01&"},
		{"/v1/vetoes", "/v1/vetoes?"},
		{"/v1/votes.csv", "/v1/votes.csv?"},
	} {
		before := computed(t, e.h)
		answers := make([]served, 50)
		var wg sync.WaitGroup
		for i := range answers {
			wg.Go(func() {
				answers[i] = serveFrom(e.h, fmt.Sprintf("198.51.100.%d", i+1), "GET", spellings[i%len(spellings)])
			})
		}
		wg.Wait()
		for i, a := range answers {
			if a.status != 200 || a.body != answers[0].body || a.etag != answers[0].etag || a.etag == "" {
				t.Fatalf("%s: %d %s, unlike %s (%d bytes, %s)", spellings[i%len(spellings)], a.status, a.etag, spellings[0], len(answers[0].body), answers[0].etag)
			}
		}
		if n := computed(t, e.h) - before; n != 1 {
			t.Errorf("%v asked 50 times at once: computed %d times, want once", spellings, n)
		}
		t.Logf("%s: %d bytes, computed once for 50 clients", spellings[0], len(answers[0].body))
	}
}

// TestUnknownParametersAreRefusedEverywhere: a parameter a route does not
// take is refused on every route, the board's and the process's own
// included, so that no parameter makes a new cache entry of one answer.
func TestUnknownParametersAreRefusedEverywhere(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, path := range []string{"/members/USA?x=1", "/v1/members/USA?x=1", "/readyz?verbose", "/healthz?x=", "/v1/alignment?members=USA",
		fmt.Sprintf("/v1/drafts/%d?cache=bust", e.arab), "/?page=2", "/v1/votes.csv?v=2"} {
		p := e.get(path).problem(400, "bad-request")
		if p["detail"] == nil {
			t.Errorf("%s: 400 without saying why", path)
		}
	}
	e.write("PUT", fmt.Sprintf("/v1/drafts/%d/positions/RUS?dry_run=true", e.arab), map[string]any{"stance": "veto", "as_of": "2012-02-01"}).
		problem(400, "bad-request")
	if n := e.count("SELECT COUNT(*) FROM positions WHERE member_code = 'RUS' AND stance = 'veto' AND as_of = '2012-02-01'"); n != 0 {
		t.Errorf("a write refused for its query stored %d positions", n)
	}
	e.get("/v1/alignment?member=%zz").problem(400, "bad-request")
}

// TestResearchIsLimitedPerClient: a client that has had its share of
// research answers computed is told to wait (429, Retry-After); answers
// already computed are still served to it, and other clients are not
// held back by it.
func TestResearchIsLimitedPerClient(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := api.New(e.store, slog.New(slog.DiscardHandler), api.WithResearchLimits(2, 0.01, 0))
	const a, b = "203.0.113.1", "203.0.113.2"
	first := serveFrom(h, a, "GET", "/v1/alignment?member=USA")
	// A mistyped date reads nothing and costs nothing.
	if r := serveFrom(h, a, "GET", "/v1/alignment?from=2012-02-30"); r.status != 422 {
		t.Fatalf("an invalid date: %d", r.status)
	}
	if first.status != 200 || serveFrom(h, a, "GET", "/v1/vetoes").status != 200 {
		t.Fatal("the first two research answers were refused")
	}
	r := serveFrom(h, a, "GET", "/v1/agreement?members=USA,RUS")
	if r.status != 429 || r.header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("a third answer to compute for one client: %d %s, want 429", r.status, r.body)
	}
	if s, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || s < 1 || s > 101 {
		t.Errorf("Retry-After %q, want the seconds until the client's next share (100 at 0.01 a second)", r.header.Get("Retry-After"))
	}
	if again := serveFrom(h, a, "GET", "/v1/alignment?member=usa"); again.status != 200 || again.body != first.body {
		t.Errorf("an answer already computed, asked again by the limited client: %d", again.status)
	}
	if other := serveFrom(h, b, "GET", "/v1/agreement?members=USA,RUS"); other.status != 200 {
		t.Errorf("another client: %d", other.status)
	}
	// Computed for b, it is in the cache: a is served it too.
	if shared := serveFrom(h, a, "GET", "/v1/agreement?members=usa,rus"); shared.status != 200 {
		t.Errorf("an answer computed for another client: %d to the limited one", shared.status)
	}
	if got := metricValue(t, h, `unsc_research_refused_total{limit="client"}`); got != "1" {
		t.Errorf("refused by the client limit: %q, want 1", got)
	}
}
