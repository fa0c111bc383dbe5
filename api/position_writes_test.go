package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// Position writes sent at once commit together (on PostgreSQL their
// statements go to the server in one round trip): each is written whole
// or refused with its own reason, whatever its neighbours in the batch,
// and the member's current position is the latest-dated of those written.
func TestConcurrentPositionWrites(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	members := []string{"IND", "PAK", "GBR", "FRA", "USA"}
	const n = 40
	statuses := make([]int, n)
	answers := make([]map[string]any, n)
	var wg sync.WaitGroup
	for i := range n {
		draft, source := e.arab, e.source
		switch i % 4 {
		case 1:
			source = 999999 // refused: no such source
		case 2:
			draft = 999999 // refused: no such draft
		}
		body := map[string]any{"stance": "against", "as_of": fmt.Sprintf("2012-02-%02d", 1+i%20), "note": fmt.Sprintf("concurrent %d", i),
			"evidence": []map[string]any{{"quote": fmt.Sprintf("quote %d", i), "speaker": "envoy", "source_id": e.source},
				{"quote": fmt.Sprintf("second quote %d", i), "speaker": "envoy", "source_id": source}}}
		wg.Go(func() {
			r := e.write(http.MethodPut, fmt.Sprintf("/v1/drafts/%d/positions/%s", draft, members[i%len(members)]), body)
			statuses[i] = r.status
			json.Unmarshal(r.body, &answers[i])
		})
	}
	wg.Wait()
	written := 0
	for i := range n {
		want := map[int]int{0: 201, 1: 422, 2: 404, 3: 201}[i%4]
		if statuses[i] != want {
			t.Errorf("write %d answered %d, want %d: %v", i, statuses[i], want, answers[i])
			continue
		}
		if want == 422 && fmt.Sprint(answers[i]["errors"]) == "" {
			t.Errorf("write %d refused without naming the field: %v", i, answers[i])
		}
		if want != 201 {
			if c := e.count("SELECT COUNT(*) FROM positions WHERE note = ?", fmt.Sprintf("concurrent %d", i)); c != 0 {
				t.Errorf("refused write %d stored %d positions", i, c)
			}
			continue
		}
		written++
		id := int64(answers[i]["id"].(float64))
		if c := e.count("SELECT COUNT(*) FROM positions WHERE id = ? AND note = ? AND draft_id = ? AND recorded_by = 'desk'", id, fmt.Sprintf("concurrent %d", i), e.arab); c != 1 {
			t.Errorf("write %d: position %d not stored as answered", i, id)
		}
		if c := e.count("SELECT COUNT(*) FROM evidence WHERE position_id = ? AND ((ord = 0 AND quote = ?) OR (ord = 1 AND quote = ?))", id, fmt.Sprintf("quote %d", i), fmt.Sprintf("second quote %d", i)); c != 2 {
			t.Errorf("write %d: %d of 2 evidence rows in order", i, c)
		}
		if c := e.count("SELECT COUNT(*) FROM changes WHERE kind = 'position.recorded' AND entity_id = ? AND draft_id = ? AND member_code = ?", fmt.Sprint(id), e.arab, members[i%len(members)]); c != 1 {
			t.Errorf("write %d: %d changes for position %d", i, c, id)
		}
	}
	if written != n/2 {
		t.Errorf("%d writes stored, want %d", written, n/2)
	}
	// Each member's current position is its latest-dated one (ties to the
	// one recorded last), however the writes were batched.
	for _, m := range members {
		if c := e.count(`SELECT COUNT(*) FROM current_positions c JOIN positions p ON p.id = c.position_id
			WHERE c.draft_id = ? AND c.member_code = ? AND p.id = (SELECT id FROM positions WHERE draft_id = ? AND member_code = ?
			ORDER BY as_of DESC, id DESC LIMIT 1)`, e.arab, m, e.arab, m); c != 1 {
			t.Errorf("%s: current position is not the latest-dated", m)
		}
	}
}
