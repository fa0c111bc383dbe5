package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// finerThanMicros matches a timestamp with more than six digits of a
// second, which PostgreSQL cannot keep.
var finerThanMicros = regexp.MustCompile(`\.\d{7,}`)

// TestTimestampsReadBackAsAnswered writes a draft, a position and a vote
// through the real binary, on its real clock, and reads each back: every
// timestamp the write answered reads back exactly, to the digit (on
// PostgreSQL, which keeps microseconds, a nanosecond answer came back
// shorter), and none is finer than a microsecond.
func TestTimestampsReadBackAsAnswered(t *testing.T) {
	t.Parallel()
	db, token := keyedDatabase(t, "clock")
	p := startBinary(t, db)
	defer p.cmd.Process.Kill()
	base := "http://" + p.addr
	res, draft := call(t, "POST", base+"/v1/drafts", token, map[string]any{"title": "Timed", "topic": "Clocks", "introduced_on": "2012-02-01"})
	if res.StatusCode != 201 {
		t.Fatalf("POST draft: %d %s", res.StatusCode, draft)
	}
	var d struct{ ID int64 }
	json.Unmarshal(draft, &d)
	_, readDraft := call(t, "GET", fmt.Sprintf("%s/v1/drafts/%d", base, d.ID), "", nil)
	sameTimes(t, "draft", draft, readDraft)

	res, pos := call(t, "PUT", fmt.Sprintf("%s/v1/drafts/%d/positions/FRA", base, d.ID), token, map[string]any{"stance": "support", "as_of": "2012-02-02",
		"evidence": []map[string]any{{"quote": "We support it.", "speaker": "desk", "source_id": 1}}})
	if res.StatusCode != 201 {
		t.Fatalf("PUT position: %d %s", res.StatusCode, pos)
	}
	_, readPos := call(t, "GET", fmt.Sprintf("%s/v1/drafts/%d/positions/FRA/history", base, d.ID), "", nil)
	sameTimes(t, "position", pos, firstItem(t, readPos))

	votes := map[string]string{}
	for _, c := range council2012 {
		votes[c] = "yes"
	}
	res, vote := call(t, "PUT", fmt.Sprintf("%s/v1/drafts/%d/vote", base, d.ID), token, map[string]any{"voted_on": "2012-02-04", "votes": votes})
	if res.StatusCode != 201 {
		t.Fatalf("PUT vote: %d %s", res.StatusCode, vote)
	}
	_, readVote := call(t, "GET", fmt.Sprintf("%s/v1/drafts/%d/vote", base, d.ID), "", nil)
	sameTimes(t, "vote", vote, readVote)
}

// firstItem is the first element of a page's items.
func firstItem(t *testing.T, page []byte) []byte {
	t.Helper()
	var p struct{ Items []json.RawMessage }
	if err := json.Unmarshal(page, &p); err != nil || len(p.Items) == 0 {
		t.Fatalf("no items in %s", page)
	}
	return p.Items[0]
}

// sameTimes checks that every field named *_at in the answer to a write
// is in the read too, with the same text, and is no finer than a
// microsecond.
func sameTimes(t *testing.T, what string, written, read []byte) {
	t.Helper()
	var w, r map[string]any
	if err := json.Unmarshal(written, &w); err != nil {
		t.Fatalf("%s: %v: %s", what, err, written)
	}
	if err := json.Unmarshal(read, &r); err != nil {
		t.Fatalf("%s read back: %v: %s", what, err, read)
	}
	n := 0
	for k, v := range w {
		s, ok := v.(string)
		if !ok || !strings.HasSuffix(k, "_at") {
			continue
		}
		n++
		if finerThanMicros.MatchString(s) {
			t.Errorf("%s.%s = %s: finer than a microsecond", what, k, s)
		}
		if r[k] != s {
			t.Errorf("%s.%s answered %s, read back %v", what, k, s, r[k])
		}
	}
	if n == 0 {
		t.Errorf("%s: no timestamp in %s", what, written)
	}
}
