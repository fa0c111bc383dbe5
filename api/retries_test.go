package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestRetriesReplayEveryWrite sends every write that takes an
// Idempotency-Key twice with one key. Most of them could not be repeated
// (the symbol, member or term would clash, the first vote would need
// If-Match, the correction would be stale): the retry must get the first
// answer back, and the database must hold one write.
func TestRetriesReplayEveryWrite(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	voteBody := map[string]any{"voted_on": "2012-02-04", "meeting": "S/PV.6711", "votes": map[string]string{
		"AZE": "yes", "CHN": "no", "COL": "yes", "DEU": "yes", "FRA": "yes", "GBR": "yes", "GTM": "yes", "IND": "abstain",
		"MAR": "yes", "PAK": "yes", "PRT": "yes", "RUS": "no", "TGO": "yes", "USA": "yes", "ZAF": "abstain"}}
	cases := []struct {
		name, method, path string
		body               any
		headers            []string
		status             int
		count              string // a query that counts the write
	}{
		{"draft with a symbol", "POST", "/v1/drafts", map[string]any{"symbol": "S/2012/100", "title": "Retried",
			"topic": "Syria", "introduced_on": "2012-02-01"}, nil, 201, "SELECT COUNT(*) FROM drafts WHERE symbol = 'S/2012/100'"},
		{"member", "POST", "/v1/members", map[string]any{"code": "BTN", "name": "Bhutan", "terms": []map[string]int{{"start": 2029, "end": 2030}}},
			nil, 201, "SELECT COUNT(*) FROM members WHERE code = 'BTN'"},
		{"term", "POST", "/v1/members/BTN/terms", map[string]int{"start": 2033, "end": 2033}, nil, 201,
			"SELECT COUNT(*) FROM terms WHERE member_code = 'BTN' AND start_year = 2033"},
		{"source", "POST", "/v1/sources", map[string]any{"title": "Retried source", "publisher": "AFP", "published_on": "2012-02-01"},
			nil, 201, "SELECT COUNT(*) FROM sources WHERE title = 'Retried source'"},
		{"position", "PUT", fmt.Sprintf("/v1/drafts/%d/positions/IND", e.arab), map[string]any{"stance": "abstain", "as_of": "2012-02-02",
			"evidence": []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}}, nil, 201,
			"SELECT COUNT(*) FROM positions WHERE member_code = 'IND' AND stance = 'abstain'"},
		{"first vote", "PUT", fmt.Sprintf("/v1/drafts/%d/vote", e.arab), voteBody, nil, 201,
			fmt.Sprintf("SELECT COUNT(*) FROM changes WHERE kind = 'vote.recorded' AND draft_id = %d", e.arab)},
		{"vote correction", "PUT", fmt.Sprintf("/v1/drafts/%d/vote", e.oct), map[string]any{"voted_on": "2011-10-04", "meeting": "S/PV.6627",
			"votes": map[string]string{"BIH": "yes", "BRA": "abstain", "CHN": "no", "COL": "yes", "DEU": "yes", "FRA": "yes", "GAB": "yes",
				"GBR": "yes", "IND": "abstain", "LBN": "absent", "NGA": "yes", "PRT": "yes", "RUS": "no", "USA": "yes", "ZAF": "abstain"}},
			[]string{"If-Match", e.get(fmt.Sprintf("/v1/drafts/%d/vote", e.oct)).header.Get("ETag")}, 200,
			fmt.Sprintf("SELECT COUNT(*) FROM changes WHERE kind = 'vote.corrected' AND draft_id = %d", e.oct)},
	}
	for i, c := range cases {
		key := fmt.Sprintf("retry-%d", i)
		headers := append([]string{"Idempotency-Key", key}, c.headers...)
		first := e.write(c.method, c.path, c.body, headers...).expect(c.status)
		again := e.write(c.method, c.path, c.body, headers...)
		if again.status != c.status || !bytes.Equal(again.body, first.body) || again.header.Get("Idempotent-Replayed") != "true" ||
			again.header.Get("Location") != first.header.Get("Location") || again.header.Get("ETag") != first.header.Get("ETag") {
			t.Errorf("%s: retry answered %d %s, want the first answer %d %s", c.name, again.status, again.body, first.status, first.body)
		}
		if n := e.count(c.count); n != 1 {
			t.Errorf("%s: %d writes after a retry, want 1", c.name, n)
		}
		// The same key on another path, or with another body, is refused.
		other := e.write("POST", "/v1/sources", map[string]any{"title": "Other", "publisher": "AFP", "published_on": "2012-02-01"},
			"Idempotency-Key", key).problem(422, "invalid")
		if fields(other)[0] != "Idempotency-Key" {
			t.Errorf("%s: key reused on another path: fields %v", c.name, fields(other))
		}
	}
	if n := e.count("SELECT COUNT(*) FROM sources WHERE title = 'Other'"); n != 0 {
		t.Errorf("a reused key wrote %d sources", n)
	}
}

// TestRetryAfterTheClientGaveUp cancels the first request at various
// moments (before, during or after its write) and then retries it: the
// retry is answered 201, and exactly one draft exists, whether the first
// attempt was written or not.
func TestRetryAfterTheClientGaveUp(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	for i := range 12 {
		symbol := fmt.Sprintf("S/2012/%d", 200+i)
		body := fmt.Sprintf(`{"symbol":%q,"title":"Given up %d","topic":"Syria","introduced_on":"2012-02-01"}`, symbol, i)
		key := fmt.Sprintf("gave-up-%d", i)
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i)*300*time.Microsecond)
		req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/v1/drafts", bytes.NewBufferString(body))
		req.Header.Set("Authorization", "Bearer "+e.token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
		cancel()
		time.Sleep(20 * time.Millisecond) // let the first attempt finish on the server
		r := e.write("POST", "/v1/drafts", []byte(body), "Idempotency-Key", key)
		if r.status != 201 {
			t.Errorf("attempt %d: retry answered %d %s, want 201", i, r.status, r.body)
		}
		if n := e.count("SELECT COUNT(*) FROM drafts WHERE symbol = ?", symbol); n != 1 {
			t.Errorf("attempt %d: %d drafts, want 1", i, n)
		}
	}
}
