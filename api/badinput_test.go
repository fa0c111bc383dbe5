package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// TestBadInputChangesNothing sends what careless or hostile clients send;
// each gets a clear problem, and the database stays as it was.
func TestBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	arab := fmt.Sprintf("/v1/drafts/%d", e.arab)
	oct := fmt.Sprintf("/v1/drafts/%d", e.oct)
	ev := []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}
	pos := func(stance, asOf string) map[string]any {
		return map[string]any{"stance": stance, "as_of": asOf, "evidence": ev}
	}
	sitting := map[string]string{}
	for _, m := range e.get("/v1/members?on=2012-02-04").list() {
		sitting[m["code"].(string)] = "yes"
	}
	rollCall := func(change func(map[string]any)) map[string]any {
		v := map[string]any{}
		for k, x := range sitting {
			v[k] = x
		}
		change(v)
		return map[string]any{"voted_on": "2012-02-04", "votes": v}
	}
	draft := func(change func(map[string]any)) map[string]any {
		d := newDraft(1)
		change(d)
		return d
	}
	big := `{"title": "` + strings.Repeat("x", 1<<20) + `"}`
	auth := "Bearer " + e.token
	tests := []struct {
		name         string
		method, path string
		body         any
		headers      []string
		status       int
		typ          string
		fields       []string
	}{
		{"malformed JSON", "POST", "/v1/drafts", `{"title": "x",`, nil, 400, "bad-request", nil},
		{"not an object", "POST", "/v1/drafts", `[1, 2]`, nil, 400, "bad-request", nil},
		{"unknown field", "POST", "/v1/drafts", `{"title": "x", "colour": "blue"}`, nil, 400, "bad-request", nil},
		{"trailing data", "POST", "/v1/drafts", `{"title": "x"} {"title": "y"}`, nil, 400, "bad-request", nil},
		{"repeated field", "POST", "/v1/drafts", `{"title": "x", "title": "y"}`, nil, 400, "bad-request", nil},
		{"empty body", "POST", "/v1/drafts", ``, nil, 400, "bad-request", nil},
		{"wrong type", "POST", "/v1/drafts", draft(func(d map[string]any) { d["title"] = 5 }), nil, 422, "invalid", []string{"title"}},
		{"impossible date", "POST", "/v1/drafts", draft(func(d map[string]any) { d["introduced_on"] = "2012-02-30" }), nil, 422, "invalid", []string{"introduced_on"}},
		{"date in another form", "POST", "/v1/drafts", draft(func(d map[string]any) { d["introduced_on"] = "30/01/2012" }), nil, 422, "invalid", []string{"introduced_on"}},
		{"future date", "POST", "/v1/drafts", draft(func(d map[string]any) { d["introduced_on"] = "2099-01-01" }), nil, 422, "invalid", []string{"introduced_on"}},
		{"missing title", "POST", "/v1/drafts", draft(func(d map[string]any) { delete(d, "title") }), nil, 422, "invalid", []string{"title"}},
		{"outcome by hand", "POST", "/v1/drafts", draft(func(d map[string]any) { d["status"] = "adopted" }), nil, 422, "invalid", []string{"status"}},
		{"unknown status", "POST", "/v1/drafts", draft(func(d map[string]any) { d["status"] = "passed" }), nil, 422, "invalid", []string{"status"}},
		{"sponsor twice", "POST", "/v1/drafts", draft(func(d map[string]any) { d["sponsors"] = []string{"FRA", "fra"} }), nil, 422, "invalid", []string{"sponsors[1]"}},
		{"title too long", "POST", "/v1/drafts", draft(func(d map[string]any) { d["title"] = strings.Repeat("t", 501) }), nil, 422, "invalid", []string{"title"}},
		{"duplicate symbol", "POST", "/v1/drafts", draft(func(d map[string]any) { d["symbol"] = "S/2012/77" }), nil, 409, "conflict", nil},
		{"body too large", "POST", "/v1/drafts", big, nil, 413, "too-large", nil},
		{"not JSON", "POST", "/v1/drafts", `title=x`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "unsupported-media-type", nil},
		{"no token", "POST", "/v1/drafts", newDraft(1), []string{"Authorization", ""}, 401, "unauthorized", nil},
		{"wrong token", "POST", "/v1/drafts", newDraft(1), []string{"Authorization", "Bearer unsc_wrong"}, 401, "unauthorized", nil},
		{"other scheme", "POST", "/v1/drafts", newDraft(1), []string{"Authorization", "Basic " + e.token}, 401, "unauthorized", nil},
		{"veto for an elected member", "PUT", arab + "/positions/IND", pos("veto", "2012-02-01"), nil, 422, "invalid", []string{"stance"}},
		{"unknown stance", "PUT", arab + "/positions/IND", pos("maybe", "2012-02-01"), nil, 422, "invalid", []string{"stance"}},
		{"position of a member not sitting", "PUT", arab + "/positions/BRA", pos("support", "2012-02-01"), nil, 422, "invalid", []string{"as_of"}},
		{"position before the member sat", "PUT", arab + "/positions/AZE", pos("support", "2011-12-31"), nil, 422, "invalid", []string{"as_of"}},
		{"position without evidence", "PUT", arab + "/positions/IND", map[string]any{"stance": "support", "as_of": "2012-02-01", "evidence": []any{}}, nil, 422, "invalid", []string{"evidence"}},
		{"evidence from no source", "PUT", arab + "/positions/IND", map[string]any{"stance": "support", "as_of": "2012-02-01", "evidence": []map[string]any{{"quote": "q", "speaker": "s", "source_id": 999}}}, nil, 422, "invalid", []string{"evidence[0].source_id"}},
		{"position of an unknown member", "PUT", arab + "/positions/XYZ", pos("support", "2012-02-01"), nil, 404, "not-found", nil},
		{"position on an unknown draft", "PUT", "/v1/drafts/999/positions/IND", pos("support", "2012-02-01"), nil, 404, "not-found", nil},
		{"non-member in a roll call", "PUT", arab + "/vote", rollCall(func(v map[string]any) { delete(v, "AZE"); v["BRA"] = "yes" }), nil, 422, "invalid", []string{"votes.AZE", "votes.BRA"}},
		{"more votes than seats", "PUT", arab + "/vote", rollCall(func(v map[string]any) { v["BRA"] = "yes" }), nil, 422, "invalid", []string{"votes"}},
		{"sitting member left out", "PUT", arab + "/vote", rollCall(func(v map[string]any) { delete(v, "TGO") }), nil, 422, "invalid", []string{"votes.TGO"}},
		{"member named twice", "PUT", arab + "/vote", rollCall(func(v map[string]any) { v["tgo"] = "no" }), nil, 422, "invalid", []string{"votes.TGO"}},
		{"unknown vote", "PUT", arab + "/vote", rollCall(func(v map[string]any) { v["TGO"] = "maybe" }), nil, 422, "invalid", []string{"votes.TGO"}},
		{"vote before the draft", "PUT", arab + "/vote", map[string]any{"voted_on": "2012-01-01", "votes": sitting}, nil, 422, "invalid", []string{"voted_on"}},
		{"vote again without If-Match", "PUT", oct + "/vote", map[string]any{"voted_on": "2011-10-04", "votes": map[string]string{"RUS": "yes"}}, nil, 428, "precondition-required", nil},
		{"patch without If-Match", "PATCH", arab, map[string]any{"title": "x"}, nil, 428, "precondition-required", nil},
		{"stale If-Match", "PATCH", arab, map[string]any{"title": "x"}, []string{"If-Match", `"d2.0"`}, 412, "precondition-failed", nil},
		{"outcome by PATCH", "PATCH", arab, map[string]any{"status": "vetoed"}, []string{"If-Match", "*"}, 422, "invalid", []string{"status"}},
		{"patch a voted draft's procedural flag", "PATCH", oct, map[string]any{"procedural": true}, []string{"If-Match", "*"}, 422, "invalid", []string{"procedural"}},
		{"sixth permanent member", "POST", "/v1/members", map[string]any{"code": "IND", "name": "India", "permanent": true}, nil, 409, "conflict", nil},
		{"member twice", "POST", "/v1/members", map[string]any{"code": "RUS", "name": "Russia"}, nil, 409, "conflict", nil},
		{"bad member code", "POST", "/v1/members", map[string]any{"code": "RU", "name": "Russia"}, nil, 422, "invalid", []string{"code"}},
		{"permanent member with terms", "POST", "/v1/members", map[string]any{"code": "JPN", "name": "Japan", "permanent": true, "terms": []map[string]int{{"start": 2012, "end": 2013}}}, nil, 422, "invalid", []string{"terms"}},
		{"eleventh elected seat", "POST", "/v1/members", map[string]any{"code": "BTN", "name": "Bhutan", "terms": []map[string]int{{"start": 2012, "end": 2013}}}, nil, 409, "conflict", []string{"terms[0]"}},
		{"seventh elected seat before 1966", "POST", "/v1/members", map[string]any{"code": "BTN", "name": "Bhutan", "terms": []map[string]int{{"start": 1965, "end": 1965}}}, nil, 409, "conflict", []string{"terms[0]"}},
		{"back-to-back terms", "POST", "/v1/members", map[string]any{"code": "BTN", "name": "Bhutan", "terms": []map[string]int{{"start": 2029, "end": 2030}, {"start": 2031, "end": 2031}}}, nil, 422, "invalid", []string{"terms[1]"}},
		{"three-year term", "POST", "/v1/members/IND/terms", map[string]int{"start": 2020, "end": 2022}, nil, 422, "invalid", []string{"end"}},
		{"term ending before it starts", "POST", "/v1/members/IND/terms", map[string]int{"start": 2020, "end": 2019}, nil, 422, "invalid", []string{"end"}},
		{"overlapping term", "POST", "/v1/members/IND/terms", map[string]int{"start": 2012, "end": 2013}, nil, 409, "conflict", nil},
		{"term for a permanent member", "POST", "/v1/members/RUS/terms", map[string]int{"start": 2020, "end": 2021}, nil, 422, "invalid", []string{"start"}},
		{"source with a bad URL", "POST", "/v1/sources", map[string]any{"title": "t", "publisher": "p", "published_on": "2012-01-01", "url": "javascript:alert(1)"}, nil, 422, "invalid", []string{"url"}},
		{"limit too large", "GET", "/v1/drafts?limit=501", nil, nil, 422, "invalid", []string{"limit"}},
		{"limit not a number", "GET", "/v1/drafts?limit=ten", nil, nil, 422, "invalid", []string{"limit"}},
		{"unknown query parameter", "GET", "/v1/drafts?stauts=vetoed", nil, nil, 400, "bad-request", nil},
		{"impossible date in a query", "GET", "/v1/members?on=2012-13-01", nil, nil, 422, "invalid", []string{"on"}},
		{"bad boolean", "GET", "/v1/members?permanent=yes", nil, nil, 422, "invalid", []string{"permanent"}},
		{"bad stance filter", "GET", arab + "/positions?stance=veto,maybe", nil, nil, 422, "invalid", []string{"stance"}},
		{"bad status filter", "GET", "/v1/drafts?status=passed", nil, nil, 422, "invalid", []string{"status"}},
		{"draft id not a number", "GET", "/v1/drafts/abc", nil, nil, 404, "not-found", nil},
		{"unknown draft", "GET", "/v1/drafts/999", nil, nil, 404, "not-found", nil},
		{"no vote yet", "GET", arab + "/vote", nil, nil, 404, "not-yet-recorded", nil},
		{"no such draft", "GET", "/v1/drafts/999/vote", nil, nil, 404, "not-found", nil},
		{"repeated query parameter", "GET", "/v1/drafts?topic=Syria&topic=Libya", nil, nil, 400, "bad-request", nil},
		{"invalid UTF-8", "POST", "/v1/sources", []byte("{\"title\":\"\xff\xfe\",\"publisher\":\"AFP\",\"published_on\":\"2012-02-01\"}"), nil, 400, "bad-request", nil},
		{"unknown member", "GET", "/v1/members/XYZ", nil, nil, 404, "not-found", nil},
		{"unknown route", "GET", "/v1/resolutions", nil, nil, 404, "not-found", nil},
	}
	before := e.digest()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.t = t
			headers := tt.headers
			if tt.method != http.MethodGet && !slices.Contains(headers, "Authorization") {
				headers = append([]string{"Authorization", auth}, headers...)
			}
			p := e.req(tt.method, tt.path, tt.body, headers...).problem(tt.status, tt.typ)
			if got := fields(p); tt.fields != nil && !slices.Equal(got, tt.fields) {
				t.Errorf("fields %v, want %v: %v", got, tt.fields, p)
			}
			if tt.status == 401 && !strings.HasPrefix(e.req(tt.method, tt.path, tt.body, headers...).header.Get("WWW-Authenticate"), "Bearer") {
				t.Error("401 without WWW-Authenticate: Bearer")
			}
			if after := e.digest(); after != before {
				t.Errorf("the database changed")
				before = after
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.req("DELETE", "/v1/drafts", nil)
	r.problem(405, "method-not-allowed")
	allow := r.header.Get("Allow")
	if !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
		t.Errorf("Allow %q", allow)
	}
}

// TestHeadWhereverGet asks HEAD of every GET route: the same status and
// headers as GET, and no body.
func TestHeadWhereverGet(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, path := range []string{"/v1/members", "/v1/drafts/1", "/v1/drafts/1/vote", fmt.Sprintf("/v1/drafts/%d/positions", e.arab),
		"/v1/votes.csv", "/v1/changes", "/", "/drafts/1", "/healthz", "/openapi.json"} {
		get := e.get(path).expect(200)
		srv := httptest.NewServer(e.h)
		res, err := http.Head(srv.URL + path)
		srv.Close()
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != get.header.Get("Content-Type") ||
			res.Header.Get("ETag") != get.header.Get("ETag") {
			t.Errorf("HEAD %s: %d %q %q, want 200 %q %q", path, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("ETag"),
				get.header.Get("Content-Type"), get.header.Get("ETag"))
		}
	}
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	res, err := http.Head(srv.URL + "/v1/changes/stream")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("HEAD of the stream: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
}
