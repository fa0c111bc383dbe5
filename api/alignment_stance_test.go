package api_test

import (
	"fmt"
	"testing"
)

// Alignment reads the stance before each vote from the vote's row, kept
// up by every write it depends on: a position recorded before or after
// the vote, a retraction, the vote's day corrected, the casts replaced.
func TestAlignmentFollowsEveryWrite(t *testing.T) {
	t.Parallel()
	e := withFebruaryVote(t)
	zaf := func() string {
		t.Helper()
		a := e.get("/v1/alignment?member=ZAF").expect(200).json()
		var ms []string
		for _, m := range a["mismatches"].([]any) {
			m := m.(map[string]any)
			ms = append(ms, fmt.Sprint(m["voted_on"], " ", m["stance"], "->", m["vote"]))
		}
		return fmt.Sprintf("matched=%v mismatched=%v uncheckable=%v %v", a["matched"], a["mismatched"], a["uncheckable"], ms)
	}
	position := func(stance, asOf string) float64 {
		t.Helper()
		return e.write("PUT", fmt.Sprintf("/v1/drafts/%d/positions/ZAF", e.arab), map[string]any{"stance": stance, "as_of": asOf,
			"evidence": []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}}).expect(201).json()["id"].(float64)
	}
	check := func(step, want string) {
		t.Helper()
		if got := zaf(); got != want {
			t.Errorf("%s:\n got %s\nwant %s", step, got, want)
		}
	}
	check("no position", "matched=0 mismatched=0 uncheckable=2 []")
	first := position("abstain", "2012-02-02")
	check("abstain before the vote", "matched=0 mismatched=1 uncheckable=1 [2012-02-04 abstain->yes]")
	position("support", "2012-02-05")
	check("support after the vote changes nothing", "matched=0 mismatched=1 uncheckable=1 [2012-02-04 abstain->yes]")
	second := position("against", "2012-02-03")
	check("a later stance before the vote", "matched=0 mismatched=1 uncheckable=1 [2012-02-04 against->yes]")
	e.write("POST", fmt.Sprintf("/v1/drafts/%d/positions/ZAF/history/%v/retraction", e.arab, second), map[string]any{"reason": "misheard"}).expect(201)
	check("the later one retracted", "matched=0 mismatched=1 uncheckable=1 [2012-02-04 abstain->yes]")
	e.write("POST", fmt.Sprintf("/v1/drafts/%d/positions/ZAF/history/%v/retraction", e.arab, first), map[string]any{"reason": "misheard"}).expect(201)
	check("both retracted", "matched=0 mismatched=0 uncheckable=2 []")
	vote := fmt.Sprintf("/v1/drafts/%d/vote", e.arab)
	e.write("PUT", vote, map[string]any{"voted_on": "2012-02-06", "meeting": "S/PV.6711",
		"votes": council2012("yes", map[string]string{"CHN": "no", "RUS": "no"})}, "If-Match", etagOf(e, vote)).expect(200)
	check("the vote moved after the support", "matched=1 mismatched=0 uncheckable=1 []")
	e.write("PUT", vote, map[string]any{"voted_on": "2012-02-06", "meeting": "S/PV.6711",
		"votes": council2012("yes", map[string]string{"CHN": "no", "RUS": "no", "ZAF": "abstain"})}, "If-Match", etagOf(e, vote)).expect(200)
	check("ZAF's vote corrected", "matched=0 mismatched=1 uncheckable=1 [2012-02-06 support->abstain]")
}
