package api_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

type change struct {
	ID         int64   `json:"id"`
	Kind       string  `json:"kind"`
	DraftID    *int64  `json:"draft_id"`
	Member     *string `json:"member"`
	PositionID *int64  `json:"position_id"`
	By         string  `json:"by"`
}

func TestChangeFeedResumes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var page struct {
		Items      []change `json:"items"`
		NextCursor string   `json:"next_cursor"`
	}
	json.Unmarshal(e.get("/v1/changes?limit=500").expect(200).body, &page)
	kinds := map[string]int{}
	for _, c := range page.Items {
		kinds[c.Kind]++
	}
	if kinds["member.created"] != 137 || kinds["position.recorded"] != 7 || kinds["vote.recorded"] != 1 || kinds["draft.created"] != 2 {
		t.Errorf("the seed's changes: %v", kinds)
	}
	since := page.NextCursor
	e.write("PUT", fmt.Sprintf("/v1/drafts/%d/positions/PAK", e.arab), map[string]any{"stance": "support", "as_of": "2012-02-01",
		"evidence": []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}}).expect(201)
	json.Unmarshal(e.get("/v1/changes?since="+since).expect(200).body, &page)
	if len(page.Items) != 1 || page.Items[0].Kind != "position.recorded" || *page.Items[0].Member != "PAK" ||
		*page.Items[0].DraftID != e.arab || page.Items[0].By != "desk" {
		t.Fatalf("after the cursor: %+v", page.Items)
	}
	json.Unmarshal(e.get("/v1/changes?since="+page.NextCursor).expect(200).body, &page)
	if len(page.Items) != 0 || page.NextCursor == "" {
		t.Errorf("nothing new should give no items and the same cursor: %+v", page)
	}
	e.get("/v1/changes?since=garbage").problem(422, "invalid")
}

// readEvents reads Server-Sent Events until n have arrived.
func readEvents(t *testing.T, sc *bufio.Scanner, n int) (ids []string, data []change) {
	t.Helper()
	var id string
	for len(data) < n && sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "id: "):
			id = strings.TrimPrefix(line, "id: ")
		case strings.HasPrefix(line, "data: "):
			var c change
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &c); err != nil {
				t.Fatal(err)
			}
			ids, data = append(ids, id), append(data, c)
		}
	}
	return ids, data
}

func TestChangeStream(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	open := func(query, lastID string) (*http.Response, *bufio.Scanner) {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/changes/stream"+query, nil)
		if lastID != "" {
			req.Header.Set("Last-Event-ID", lastID)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.Header.Get("Content-Type") != "text/event-stream" {
			t.Fatalf("Content-Type %q", res.Header.Get("Content-Type"))
		}
		return res, bufio.NewScanner(res.Body)
	}
	// Opened with neither Last-Event-ID nor since, the stream starts at
	// the present: its first event is the write made after it opened, not
	// the seed's first.
	res, sc := open("", "")
	start := time.Now()
	go e.write("PUT", fmt.Sprintf("/v1/drafts/%d/positions/TGO", e.arab), map[string]any{"stance": "abstain", "as_of": "2012-02-01",
		"evidence": []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}})
	_, live := readEvents(t, sc, 1)
	if len(live) != 1 || live[0].Kind != "position.recorded" || live[0].Member == nil || *live[0].Member != "TGO" {
		t.Fatalf("the first event of a stream opened without a cursor: %+v, want the write made after it opened", live)
	}
	t.Logf("a write reached the stream in %s", time.Since(start).Round(time.Millisecond))
	res.Body.Close()

	// since=0 replays the feed from its first change, the write included.
	res, sc = open("?since=0", "")
	all := e.count("SELECT COUNT(*) FROM changes")
	ids, past := readEvents(t, sc, all)
	res.Body.Close()
	if len(past) != all || past[0].Kind != "member.created" || past[all-1].Member == nil || *past[all-1].Member != "TGO" {
		t.Fatalf("since=0 replayed %d events from %+v, want all %d from the first", len(past), past[:1], all)
	}

	// Reconnecting with the last id but one resumes after it.
	res, sc = open("", ids[len(ids)-2])
	defer res.Body.Close()
	_, resumed := readEvents(t, sc, 1)
	if len(resumed) != 1 || resumed[0].Member == nil || *resumed[0].Member != "TGO" {
		t.Errorf("resumed with %+v, want the TGO position", resumed)
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.get(fmt.Sprintf("/v1/drafts/%d/positions", e.arab)).expect(200)
	e.get("/v1/nothing-here").expect(404)
	e.write("POST", "/v1/drafts", newDraft(1)).expect(201)
	e.spec = nil // the exposition format is text, not JSON
	r := e.get("/metrics").expect(200)
	body := string(r.body)
	for _, want := range []string{
		`unsc_http_requests_total{method="GET",route="/v1/drafts/:id/positions",status="200"} 1`,
		`unsc_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`unsc_writes_total{kind="createDraft"} 1`,
		`unsc_http_request_duration_seconds_bucket{method="POST",route="/v1/drafts"`,
		`go_sql_open_connections{db_name="writer"}`,
		`go_sql_max_open_connections{db_name="reader"} 8`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestChangeFeedCursorHasOneName checks that the feed's cursor is one
// value under one name: next_cursor is the last change's id, since=
// takes it back, and a bad one is refused naming since.
func TestChangeFeedCursorHasOneName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	page := e.get("/v1/changes?limit=2").expect(200).json()
	items := page["items"].([]any)
	last := items[len(items)-1].(map[string]any)
	if page["next_cursor"] != fmt.Sprint(int64(last["id"].(float64))) {
		t.Errorf("next_cursor %v, want the last change's id %v", page["next_cursor"], last["id"])
	}
	next := e.get("/v1/changes?limit=1&since=" + page["next_cursor"].(string)).expect(200).json()
	if first := next["items"].([]any)[0].(map[string]any); first["id"].(float64) != last["id"].(float64)+1 {
		t.Errorf("since=%v resumed at %v", page["next_cursor"], first["id"])
	}
	for _, bad := range []string{"abc", "-1", "1.5"} {
		p := e.get("/v1/changes?since="+bad).problem(422, "invalid")
		if f := fields(p); len(f) != 1 || f[0] != "since" {
			t.Errorf("since=%s: fields %v, want [since]", bad, f)
		}
	}
	e.get("/v1/changes?cursor=1").problem(400, "bad-request")
}

// TestBadLastEventIDIsNamed: a Last-Event-ID the stream never sent is a
// 422 naming that header, not the query parameter it stands for.
func TestBadLastEventIDIsNamed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.get("/v1/changes/stream", "Last-Event-ID", "not-an-id").problem(422, "invalid")
	if f := fields(p); len(f) != 1 || f[0] != "Last-Event-ID" {
		t.Errorf("fields %v, want [Last-Event-ID]", f)
	}
	p = e.get("/v1/changes/stream?since=nope").problem(422, "invalid")
	if f := fields(p); len(f) != 1 || f[0] != "since" {
		t.Errorf("fields %v, want [since]", f)
	}
}
