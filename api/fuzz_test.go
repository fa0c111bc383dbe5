package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"unsc/models"
)

// fuzzWrite sends body and checks what any write must do: never a 5xx;
// a refusal is a problem+json and stores nothing; an acceptance stores
// something and only for a body the oracle finds valid.
func fuzzWrite(t *testing.T, e *env, method, path string, body []byte, valid func(map[string]any) bool, headers ...string) *response {
	e.t = t
	tag := ""
	if method == "PATCH" {
		tag = e.get(path).header.Get("ETag")
	}
	before := e.rowCounts()
	r := e.write(method, path, body, headers...)
	after := e.rowCounts()
	switch {
	case r.status >= 500:
		t.Fatalf("%s %s -> %d for %q: %s", method, path, r.status, body, r.body)
	case r.status >= 300:
		if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
			t.Fatalf("refusal %d as %q", r.status, ct)
		}
		if after != before {
			t.Fatalf("a refused write (%d) changed the database: %q", r.status, body)
		}
	default:
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(body))
		if err := dec.Decode(&m); err != nil || dec.More() {
			t.Fatalf("accepted a body that is not one JSON object: %q", body)
		}
		if !valid(m) {
			t.Fatalf("accepted an invalid body: %q -> %s", body, r.body)
		}
		// Only a patch that changes nothing may store nothing, and then
		// it keeps the ETag.
		if after == before && (method != "PATCH" || r.header.Get("ETag") != tag) {
			t.Fatalf("a %d stored nothing: %q", r.status, body)
		}
	}
	return r
}

func str(m map[string]any, k string) (string, bool) {
	s, ok := m[k].(string)
	return s, ok
}

func nonBlank(m map[string]any, k string) bool {
	s, ok := str(m, k)
	return ok && strings.TrimSpace(s) != ""
}

func date(m map[string]any, k string) bool {
	s, ok := str(m, k)
	if !ok {
		return false
	}
	d, err := models.ParseDate(s)
	return err == nil && d <= models.DateOf(today) && d >= models.CharterSigned
}

func draftSeeds(f *testing.F) {
	for _, s := range []string{
		`{"title":"t","topic":"Syria","introduced_on":"2012-02-01"}`,
		`{"symbol":"S/2012/1","title":"t","topic":"Syria","introduced_on":"2012-02-01","sponsors":["FRA","Arab League"],"summary":"s","procedural":true,"status":"in_blue"}`,
		`{"title":"t","topic":"Syria","introduced_on":"2012-02-30"}`, `{"title":5}`, `[]`, `{"title":"t","title":"u"}`, `null`, ``,
	} {
		f.Add([]byte(s))
	}
}

func FuzzCreateDraft(f *testing.F) {
	draftSeeds(f)
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		r := fuzzWrite(t, e, "POST", "/v1/drafts", body, func(m map[string]any) bool {
			st, _ := str(m, "status")
			return nonBlank(m, "title") && nonBlank(m, "topic") && date(m, "introduced_on") &&
				(st == "" || st == "circulating" || st == "in_blue")
		})
		if r.status == 201 {
			var in, out map[string]any
			json.Unmarshal(body, &in)
			json.Unmarshal(r.body, &out)
			if in["title"] != out["title"] || in["introduced_on"] != out["introduced_on"] {
				t.Fatalf("stored %v for %v", out, in)
			}
		}
	})
}

func FuzzPatchDraft(f *testing.F) {
	draftSeeds(f)
	f.Add([]byte(`{"status":"withdrawn"}`))
	f.Add([]byte(`{"symbol":""}`))
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		e.t = t
		id := e.write("POST", "/v1/drafts", newDraft(1)).json()["id"]
		fuzzWrite(t, e, "PATCH", fmt.Sprintf("/v1/drafts/%v", id), body, func(m map[string]any) bool {
			st, has := str(m, "status")
			return !has || st == "circulating" || st == "in_blue" || st == "withdrawn"
		}, "If-Match", "*")
	})
}

func FuzzRecordPosition(f *testing.F) {
	f.Add("IND", []byte(`{"stance":"abstain","as_of":"2012-02-01","evidence":[{"quote":"q","speaker":"s","source_id":1}]}`))
	f.Add("RUS", []byte(`{"stance":"veto","as_of":"2012-02-01","note":"n","evidence":[{"quote":"q","speaker":"s","source_id":1}]}`))
	f.Add("IND", []byte(`{"stance":"veto","as_of":"2012-02-01","evidence":[{"quote":"q","speaker":"s","source_id":1}]}`))
	f.Add("BRA", []byte(`{"stance":"support","as_of":"2012-02-01","evidence":[{"quote":"q","speaker":"s","source_id":9}]}`))
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, code string, body []byte) {
		if code == "" || strings.ContainsAny(code, "/?#%") || !strings.HasPrefix(url.PathEscape(code), code) {
			return
		}
		fuzzWrite(t, e, "PUT", fmt.Sprintf("/v1/drafts/%d/positions/%s", e.arab, code), body, func(m map[string]any) bool {
			st, _ := str(m, "stance")
			ev, _ := m["evidence"].([]any)
			return models.Stance(st).Valid() && date(m, "as_of") && len(ev) > 0 && (st != "veto" || strings.Contains("CHN FRA GBR RUS USA", strings.ToUpper(code)))
		})
	})
}

func FuzzRecordVote(f *testing.F) {
	f.Add([]byte(`{"voted_on":"2012-02-04","meeting":"S/PV.6711","votes":{"AZE":"yes","CHN":"no","COL":"yes","DEU":"yes","FRA":"yes","GBR":"yes","GTM":"yes","IND":"yes","MAR":"yes","PAK":"yes","PRT":"yes","RUS":"no","TGO":"yes","USA":"yes","ZAF":"yes"}}`))
	f.Add([]byte(`{"voted_on":"2012-02-04","votes":{"AZE":"yes","AZE":"no"}}`))
	f.Add([]byte(`{"voted_on":"2012-02-04","votes":{"BRA":"yes"}}`))
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		e.t = t
		id := e.write("POST", "/v1/drafts", newDraft(1)).json()["id"]
		fuzzWrite(t, e, "PUT", fmt.Sprintf("/v1/drafts/%v/vote", id), body, func(m map[string]any) bool {
			v, _ := m["votes"].(map[string]any)
			return date(m, "voted_on") && len(v) == 15
		})
	})
}

func FuzzCreateMember(f *testing.F) {
	f.Add([]byte(`{"code":"LUX","name":"Luxembourg","terms":[{"start":2013,"end":2014}]}`))
	f.Add([]byte(`{"code":"JPN","name":"Japan","permanent":true}`))
	f.Add([]byte(`{"code":"jp","name":""}`))
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzWrite(t, e, "POST", "/v1/members", body, func(m map[string]any) bool {
			c, _ := str(m, "code")
			return len(c) == 3 && nonBlank(m, "name")
		})
	})
}

func FuzzAddTerm(f *testing.F) {
	f.Add("IND", []byte(`{"start":2021,"end":2022}`))
	f.Add("RUS", []byte(`{"start":2021,"end":2022}`))
	f.Add("IND", []byte(`{"start":2021,"end":2029}`))
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, code string, body []byte) {
		if code == "" || strings.ContainsAny(code, "/?#%") || !strings.HasPrefix(url.PathEscape(code), code) {
			return
		}
		fuzzWrite(t, e, "POST", "/v1/members/"+code+"/terms", body, func(m map[string]any) bool {
			s, _ := m["start"].(float64)
			end, _ := m["end"].(float64)
			return s >= 1946 && end >= s && end-s <= 1
		})
	})
}

func FuzzCreateSource(f *testing.F) {
	f.Add([]byte(`{"title":"t","publisher":"AFP","author":"a","published_on":"2012-01-30","url":"https://example.org/a"}`))
	f.Add([]byte(`{"title":"t","publisher":"AFP","published_on":"2012-01-30","url":"ftp://x"}`))
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzWrite(t, e, "POST", "/v1/sources", body, func(m map[string]any) bool {
			u, _ := str(m, "url")
			return nonBlank(m, "title") && nonBlank(m, "publisher") && date(m, "published_on") &&
				(m["url"] == nil || strings.HasPrefix(u, "http"))
		})
	})
}

// FuzzQuery sends arbitrary query strings to every list: never a 5xx, and
// a 2xx is always a list.
func FuzzQuery(f *testing.F) {
	for _, q := range []string{"limit=3", "on=2012-01-30&permanent=true", "stance=veto,against", "cursor=eyJuIjoxfQ", "q=%25_", "limit=-1", "history=true&member=rus", "status=vetoed&topic=Syria&sponsor=FRA"} {
		f.Add(uint8(0), q)
	}
	e := newEnv(f)
	paths := []string{"/v1/members", "/v1/drafts", "/v1/positions", "/v1/sources", fmt.Sprintf("/v1/drafts/%d/positions", e.arab), "/v1/members/RUS/positions"}
	f.Fuzz(func(t *testing.T, which uint8, q string) {
		e.t = t
		u := paths[int(which)%len(paths)] + "?" + q
		if _, err := url.ParseRequestURI(u); err != nil || strings.ContainsAny(q, " #\x00\r\n") {
			return
		}
		r := e.get(u)
		if r.status >= 500 {
			t.Fatalf("GET %s -> %d: %s", u, r.status, r.body)
		}
		if r.status == 200 {
			var l struct{ Items []any }
			if err := json.Unmarshal(r.body, &l); err != nil || l.Items == nil {
				t.Fatalf("GET %s: not a list: %s", u, r.body)
			}
		}
	})
}
