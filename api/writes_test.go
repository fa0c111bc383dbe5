package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"unsc/api"
)

func TestIdempotentRetries(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := newDraft(3)
	first := e.write("POST", "/v1/drafts", body, "Idempotency-Key", "retry-1").expect(201)
	again := e.write("POST", "/v1/drafts", body, "Idempotency-Key", "retry-1").expect(201)
	if again.header.Get("Location") != first.header.Get("Location") || string(again.body) != string(first.body) ||
		again.header.Get("Idempotent-Replayed") != "true" || again.header.Get("ETag") != first.header.Get("ETag") {
		t.Errorf("replay differs: %s %s / %s %s", first.header.Get("Location"), first.body, again.header.Get("Location"), again.body)
	}
	if n := e.count("SELECT COUNT(*) FROM drafts WHERE title = ?", body["title"]); n != 1 {
		t.Errorf("%d drafts stored after a retry, want 1", n)
	}
	other := newDraft(4)
	p := e.write("POST", "/v1/drafts", other, "Idempotency-Key", "retry-1").problem(422, "invalid")
	if fields(p)[0] != "Idempotency-Key" {
		t.Errorf("fields %v", fields(p))
	}
	if n := e.count("SELECT COUNT(*) FROM drafts WHERE title = ?", other["title"]); n != 0 {
		t.Error("a reused key wrote")
	}
	// The key belongs to the API key that sent it.
	token, err := e.store.CreateKey(context.Background(), "second-desk")
	if err != nil {
		t.Fatal(err)
	}
	e.req("POST", "/v1/drafts", other, "Authorization", "Bearer "+token, "Idempotency-Key", "retry-1").expect(201)

	// A refused write keeps no key: fixed and sent again, it is written.
	bad := map[string]any{"stance": "veto", "as_of": "2012-02-01", "evidence": []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}}
	path := fmt.Sprintf("/v1/drafts/%d/positions/IND", e.arab)
	e.write("PUT", path, bad, "Idempotency-Key", "pos-1").problem(422, "invalid")
	bad["stance"] = "against"
	e.write("PUT", path, bad, "Idempotency-Key", "pos-1").expect(201)
	e.write("PUT", path, bad, "Idempotency-Key", "pos-1").expect(201)
	if n := e.count("SELECT COUNT(*) FROM positions WHERE member_code = 'IND' AND stance = 'against'"); n != 1 {
		t.Errorf("%d positions after a retried PUT, want 1", n)
	}
	e.write("POST", "/v1/drafts", body, "Idempotency-Key", strings.Repeat("k", 256)).problem(422, "invalid")
}

// TestConcurrentRetriesWriteOnce sends one request many times at once
// with one key: exactly one write, and every answer is the same.
func TestConcurrentRetriesWriteOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := map[string]any{"title": "Raced", "topic": "Testing", "introduced_on": "2012-02-01"}
	var wg sync.WaitGroup
	locations := make([]string, 16)
	statuses := make([]int, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := e.write("POST", "/v1/drafts", body, "Idempotency-Key", "race")
			locations[i], statuses[i] = r.header.Get("Location"), r.status
		}()
	}
	wg.Wait()
	for i := range 16 {
		if statuses[i] != 201 || locations[i] != locations[0] {
			t.Errorf("answer %d: %d %s, want 201 %s", i, statuses[i], locations[i], locations[0])
		}
	}
	if n := e.count("SELECT COUNT(*) FROM drafts WHERE title = 'Raced'"); n != 1 {
		t.Errorf("%d drafts written, want 1", n)
	}
}

func TestFailedAuthIsSlowedDown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for range 10 {
		e.req("POST", "/v1/drafts", newDraft(1), "Authorization", "Bearer unsc_guess").problem(401, "unauthorized")
	}
	r := e.req("POST", "/v1/drafts", newDraft(1), "Authorization", "Bearer unsc_guess")
	r.problem(429, "too-many-requests")
	if r.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	// The right token is checked first: only failures are slowed down.
	e.write("POST", "/v1/drafts", newDraft(1)).expect(201)
	if n := e.count("SELECT COUNT(*) FROM drafts"); n != 3 {
		t.Errorf("%d drafts", n)
	}
}

func TestRevokedKeyIsRefusedAtOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.write("POST", "/v1/drafts", newDraft(1)).expect(201)
	if err := e.store.RevokeKey(context.Background(), "desk"); err != nil {
		t.Fatal(err)
	}
	e.write("POST", "/v1/drafts", newDraft(2)).problem(401, "unauthorized")
}

func TestPositionsNotModified(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	path := fmt.Sprintf("/v1/drafts/%d/positions", e.arab)
	tag := e.get(path).expect(200).header.Get("ETag")
	e.get(path, "If-None-Match", tag).expect(304)
	e.write("PUT", path+"/CHN", map[string]any{"stance": "abstain", "as_of": "2012-02-01",
		"evidence": []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}}).expect(201)
	if r := e.get(path, "If-None-Match", tag).expect(200); r.header.Get("ETag") == tag {
		t.Error("ETag unchanged after a new position")
	}
}

func TestLimitsNameTheField(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ev := func(quote, speaker string, n int) []map[string]any {
		var out []map[string]any
		for range n {
			out = append(out, map[string]any{"quote": quote, "speaker": speaker, "source_id": e.source})
		}
		return out
	}
	path := fmt.Sprintf("/v1/drafts/%d/positions/IND", e.arab)
	long := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		name  string
		path  string
		body  map[string]any
		field string
	}{
		{"quote", path, map[string]any{"stance": "abstain", "as_of": "2012-02-01", "evidence": ev(long(5001), "s", 1)}, "evidence[0].quote"},
		{"speaker", path, map[string]any{"stance": "abstain", "as_of": "2012-02-01", "evidence": ev("q", long(301), 1)}, "evidence[0].speaker"},
		{"note", path, map[string]any{"stance": "abstain", "as_of": "2012-02-01", "note": long(5001), "evidence": ev("q", "s", 1)}, "note"},
		{"evidence count", path, map[string]any{"stance": "abstain", "as_of": "2012-02-01", "evidence": ev("q", "s", 51)}, "evidence"},
		{"summary", "/v1/drafts", map[string]any{"title": "t", "topic": "t", "introduced_on": "2012-01-01", "summary": long(10001)}, "summary"},
		{"topic", "/v1/drafts", map[string]any{"title": "t", "topic": long(101), "introduced_on": "2012-01-01"}, "topic"},
		{"sponsors count", "/v1/drafts", map[string]any{"title": "t", "topic": "t", "introduced_on": "2012-01-01", "sponsors": strings.Split(strings.Repeat("x,", 101), ",")[:101]}, "sponsors"},
		{"member name", "/v1/members", map[string]any{"code": "JPN", "name": long(201)}, "name"},
		{"source title", "/v1/sources", map[string]any{"title": long(501), "publisher": "p", "published_on": "2012-01-01"}, "title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.t = t
			method := "POST"
			if strings.Contains(tt.path, "/positions/") {
				method = "PUT"
			}
			p := e.write(method, tt.path, tt.body).problem(422, "invalid")
			if got := fields(p); len(got) == 0 || got[0] != tt.field {
				t.Errorf("fields %v, want %s first", got, tt.field)
			}
		})
	}
	p := e.get("/v1/drafts?q="+strings.Repeat("a", 501)).problem(422, "invalid")
	if fields(p)[0] != "q" {
		t.Errorf("fields %v", fields(p))
	}
}

// TestEveryWriteNeedsAKey walks the OpenAPI document: every operation it
// marks as secured refuses a request without a token, and every other
// operation is a read; reading a key's webhooks needs the key too.
func TestEveryWriteNeedsAKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var doc struct {
		Paths map[string]map[string]struct {
			Security []any `json:"security"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(e.get("/openapi.json").body, &doc); err != nil {
		t.Fatal(err)
	}
	// Every write is refused once from one address: more than the
	// throttle lets fail by default.
	e.h = api.New(e.store, slog.New(slog.DiscardHandler), api.WithAuthThrottle(100, time.Minute, 1000))
	writes := 0
	for path, ops := range doc.Paths {
		concrete := strings.NewReplacer("{id}", fmt.Sprint(e.arab), "{code}", "IND", "{month}", "2026-11", "{delivery_id}", "1").Replace(path)
		for method, op := range ops {
			method = strings.ToUpper(method)
			// A key's webhooks are its own: reading them needs it.
			private := strings.HasPrefix(path, "/v1/webhooks")
			if method == "GET" && !private {
				if op.Security != nil {
					t.Errorf("GET %s needs a key: reads are public", path)
				}
				continue
			}
			if method == "GET" {
				if op.Security == nil {
					t.Errorf("GET %s is not secured", path)
				}
				e.req(method, concrete, nil).problem(401, "unauthorized")
				continue
			}
			writes++
			if op.Security == nil {
				t.Errorf("%s %s is not secured", method, path)
			}
			e.req(method, concrete, map[string]any{}).problem(401, "unauthorized")
		}
	}
	if writes != 17 {
		t.Errorf("%d writes in the document, want 17", writes)
	}
}

// TestReadAfterWriteIsFresh: a cached answer never outlives a write.
func TestReadAfterWriteIsFresh(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	path := fmt.Sprintf("/v1/drafts/%d/projection", e.arab)
	for i, stance := range []string{"support", "against", "abstain", "support"} {
		before := e.get(path).expect(200).json()
		e.write("PUT", fmt.Sprintf("/v1/drafts/%d/positions/CHN", e.arab), map[string]any{"stance": stance,
			"as_of": fmt.Sprintf("2012-02-%02d", i+1), "evidence": []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}}).expect(201)
		after := e.get(path).expect(200).json()
		yes := after["likely_yes"].(map[string]any)["members"].([]any)
		has := false
		for _, m := range yes {
			has = has || m == "CHN"
		}
		if has != (stance == "support") {
			t.Fatalf("round %d: projection after CHN %s still shows %v (before: %v)", i, stance, yes, before["likely_yes"])
		}
	}
}

// TestEmptyPatchChangesNothing sends PATCH {} and a patch that sets what
// is already there: 200, the same ETag, no change in the feed.
func TestEmptyPatchChangesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	path := fmt.Sprintf("/v1/drafts/%d", e.arab)
	tag := e.get(path).header.Get("ETag")
	changes := e.count("SELECT COUNT(*) FROM changes")
	before := e.digest()
	for _, body := range []map[string]any{{}, {"topic": "Syria"}} {
		r := e.write("PATCH", path, body, "If-Match", tag).expect(200)
		if r.header.Get("ETag") != tag {
			t.Errorf("PATCH %v: ETag %s, want the same %s", body, r.header.Get("ETag"), tag)
		}
	}
	if e.count("SELECT COUNT(*) FROM changes") != changes || e.digest() != before {
		t.Error("a patch that changes nothing wrote")
	}
	r := e.write("PATCH", path, map[string]any{"topic": "Syria, the Arab League plan"}, "If-Match", tag).expect(200)
	if r.header.Get("ETag") == tag {
		t.Error("a real change kept the ETag")
	}
}

// TestNullSymbolClears sets a draft's symbol, then PATCHes it to null.
func TestNullSymbolClears(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	path := fmt.Sprintf("/v1/drafts/%d", e.arab)
	tag := e.get(path).header.Get("ETag")
	tag = e.write("PATCH", path, map[string]any{"title": "Arab League-backed draft"}, "If-Match", tag).expect(200).header.Get("ETag")
	if e.count("SELECT COUNT(*) FROM drafts WHERE id = ? AND symbol = 'S/2012/77'", e.arab) != 1 {
		t.Fatal("a patch without symbol changed the symbol")
	}
	r := e.write("PATCH", path, map[string]any{"symbol": nil}, "If-Match", tag).expect(200)
	if r.json()["symbol"] != nil || e.count("SELECT COUNT(*) FROM drafts WHERE id = ? AND symbol IS NULL", e.arab) != 1 {
		t.Errorf("symbol after PATCH null: %v", r.json()["symbol"])
	}
}
