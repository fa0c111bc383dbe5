package api_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unsc/models"
)

// council2012 is the roll call of the 2012 Council with every member
// voting v, except as given in others.
func council2012(v string, others map[string]string) map[string]string {
	out := map[string]string{}
	for _, c := range []string{"AZE", "CHN", "COL", "DEU", "FRA", "GBR", "GTM", "IND", "MAR", "PAK", "PRT", "RUS", "TGO", "USA", "ZAF"} {
		out[c] = v
	}
	for c, o := range others {
		out[c] = o
	}
	return out
}

// refused checks that r is the given problem and that the database is as
// it was.
func (e *env) refused(before string, r *response, status int, typ string, field string) {
	e.t.Helper()
	p := r.problem(status, typ)
	if field != "" && !slices.Contains(fields(p), field) {
		e.t.Errorf("problem names %v, want %s: %s", fields(p), field, r.body)
	}
	if e.digest() != before {
		e.t.Errorf("a refused request (%d %s) changed the database", status, field)
	}
}

func etagOf(e *env, path string) string {
	return e.get(path).expect(200).header.Get("ETag")
}

// TestS2012_77VetoedAfterTheVote records the real vote on the Arab
// League-backed draft: 4 February 2012, S/PV.6711, 13 in favour, China and
// Russia against. Before it the unvoted draft is read against the Council
// sitting today; after it, against the Council of the vote, with each
// member's last position before it.
func TestS2012_77VetoedAfterTheVote(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	draft := fmt.Sprintf("/v1/drafts/%d", e.arab)
	// The test clock reads 2026-11-28: the Council of 2026 counts, where
	// India and the other members of 2012 no longer sit.
	p := e.get(draft + "/projection").expect(200).json()
	if p["date"] != "2026-11-28" || p["basis"] != "current_positions" {
		t.Errorf("unvoted projection = %v", p)
	}
	today := map[string]string{}
	for _, p := range e.get(draft + "/positions").expect(200).list() {
		today[p["member"].(map[string]any)["code"].(string)] = p["stance"].(string)
	}
	if len(today) != 15 || today["RUS"] != "veto" || today["DNK"] != "unknown" || today["IND"] != "" {
		t.Errorf("positions today, on the Council of 2026: %v", today)
	}
	e.write("PUT", draft+"/vote", map[string]any{"voted_on": "2012-02-04", "meeting": "S/PV.6711",
		"votes": council2012("yes", map[string]string{"CHN": "no", "RUS": "no"})}).expect(201)
	d := e.get(draft).expect(200).json()
	if d["status"] != "vetoed" || fmt.Sprint(d["vote"].(map[string]any)["vetoed_by"]) != "[CHN RUS]" || d["vote"].(map[string]any)["procedure"] != "meeting" {
		t.Errorf("after the vote: %v", d)
	}
	p = e.get(draft + "/projection").expect(200).json()
	if p["date"] != "2012-02-04" || p["basis"] != "positions_before_vote" || p["outcome"] != "likely_vetoed" {
		t.Errorf("voted projection = %v", p)
	}
	if n := len(e.get(draft + "/positions").expect(200).list()); n != 15 {
		t.Errorf("%d positions after the vote, want the 15 who voted", n)
	}
	// A later day reads no later Council: the vote decided the draft.
	if p := e.get(draft + "/projection?on=2020-01-01").expect(200).json(); p["date"] != "2012-02-04" {
		t.Errorf("projection on 2020-01-01 counts %v", p["date"])
	}
	// A vetoed draft has no resolution.
	before := e.digest()
	e.refused(before, e.write("PATCH", draft, map[string]any{"resolution": "S/RES/2042 (2012)"}, "If-Match", etagOf(e, draft)),
		422, "invalid", "resolution")
}

// TestPositionsAndProjectionOnADay reads a draft as of a day: each sitting
// member's last position on or before it, against the Council sitting
// then. A draft introduced in December and voted in January meets the new
// Council.
func TestPositionsAndProjectionOnADay(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	draft := fmt.Sprintf("/v1/drafts/%d", e.arab)
	e.write("PUT", draft+"/positions/IND", map[string]any{"stance": "support", "as_of": "2012-02-02",
		"evidence": []map[string]any{{"quote": "India is ready", "speaker": "Indian envoy", "source_id": e.source}}}).expect(201)
	stances := func(on string) map[string]string {
		out := map[string]string{}
		for _, p := range e.get(draft + "/positions?on=" + on).expect(200).list() {
			out[p["member"].(map[string]any)["code"].(string)] = p["stance"].(string)
		}
		return out
	}
	if s := stances("2012-01-29"); len(s) != 15 || s["RUS"] != "unknown" {
		t.Errorf("on 2012-01-29, before the article: %v", s)
	}
	if s := stances("2012-01-30"); s["IND"] != "hostile" || s["RUS"] != "veto" {
		t.Errorf("on 2012-01-30: %v", s)
	}
	if s := stances("2012-02-02"); s["IND"] != "support" {
		t.Errorf("on 2012-02-02: %v", s)
	}
	// In 2013 India, Colombia, Germany, Portugal and South Africa have left;
	// Argentina, Australia, Luxembourg, the Republic of Korea and Rwanda sit.
	if s := stances("2013-01-03"); len(s) != 15 || s["IND"] != "" || s["RUS"] != "veto" || s["LUX"] != "unknown" {
		t.Errorf("on 2013-01-03: %v", s)
	}
	p := e.get(draft + "/projection?on=2012-02-02").expect(200).json()
	if p["date"] != "2012-02-02" || p["basis"] != "positions_on_date" ||
		fmt.Sprint(p["likely_yes"].(map[string]any)["members"]) != "[FRA GBR IND MAR USA]" {
		t.Errorf("projection on 2012-02-02 = %v", p)
	}
	e.allInvalid([]string{"2012-02-30", "yesterday", ""}, draft+"/projection?on=", draft+"/positions?on=")
	e.get("/v1/drafts/999/projection?on=2012-01-30").problem(404, "not-found")
}

// TestResolutionAndAgenda follows resolution 2085 (2012) on Mali, adopted
// unanimously on 20 December 2012 under the agenda item "The situation in
// Mali": the symbol is refused until a vote adopts the draft, then taken
// once, in the year of the vote.
func TestResolutionAndAgenda(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.write("POST", "/v1/drafts", map[string]any{"title": "Deployment of an African-led mission in Mali", "topic": "Mali",
		"agenda": "The situation in Mali", "introduced_on": "2012-12-18"}).expect(201)
	draft := r.header.Get("Location")
	if d := r.json(); d["agenda"] != "The situation in Mali" || d["resolution"] != nil || fmt.Sprint(d["links"]) != "[]" {
		t.Errorf("created %v", d)
	}
	before := e.digest()
	e.refused(before, e.write("PATCH", draft, map[string]any{"resolution": "S/RES/2085 (2012)"}, "If-Match", etagOf(e, draft)),
		422, "invalid", "resolution")
	e.refused(before, e.write("POST", "/v1/drafts", map[string]any{"title": "T", "topic": "T", "introduced_on": "2012-12-18",
		"agenda": strings.Repeat("a", models.MaxAgendaLen+1)}), 422, "invalid", "agenda")

	e.write("PUT", draft+"/vote", map[string]any{"voted_on": "2012-12-20", "votes": council2012("yes", nil)}).expect(201)
	before = e.digest()
	for _, bad := range []string{"S/RES/2085 (2013)", "S/RES/2085", "S/2012/946", "S/RES/0 (2012)"} {
		e.refused(before, e.write("PATCH", draft, map[string]any{"resolution": bad}, "If-Match", etagOf(e, draft)), 422, "invalid", "resolution")
	}
	d := e.write("PATCH", draft, map[string]any{"resolution": "S/RES/2085 (2012)"}, "If-Match", etagOf(e, draft)).expect(200).json()
	if d["resolution"] != "S/RES/2085 (2012)" || d["status"] != "adopted" {
		t.Errorf("after PATCH: %v", d)
	}
	if n := e.count("SELECT COUNT(*) FROM drafts WHERE resolution = 'S/RES/2085 (2012)'"); n != 1 {
		t.Errorf("stored %d drafts with the resolution", n)
	}
	// One resolution comes from one draft.
	other := e.created("/v1/drafts", map[string]any{"title": "Other", "topic": "Mali", "introduced_on": "2012-12-18"})
	e.write("PUT", other+"/vote", map[string]any{"voted_on": "2012-12-20", "votes": council2012("yes", nil)}).expect(201)
	before = e.digest()
	e.refused(before, e.write("PATCH", other, map[string]any{"resolution": "S/RES/2085 (2012)"}, "If-Match", etagOf(e, other)), 409, "conflict", "")
	// A correction that undoes the adoption takes the resolution with it.
	e.write("PUT", draft+"/vote", map[string]any{"voted_on": "2012-12-20", "votes": council2012("yes", map[string]string{"RUS": "no"})},
		"If-Match", etagOf(e, draft+"/vote")).expect(200)
	if d := e.get(draft).expect(200).json(); d["status"] != "vetoed" || d["resolution"] != nil {
		t.Errorf("after the correction: %v", d)
	}
}

// TestWrittenProcedureAndAdoptionWithoutVote records, on synthetic drafts,
// a decision by written procedure (its meeting is the letter's symbol) and
// one adopted without a vote (every member yes, as the UN Digital Library
// records it).
func TestWrittenProcedureAndAdoptionWithoutVote(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	newDraft := func() string {
		return e.created("/v1/drafts", map[string]any{"title": "Synthetic", "topic": "Testing", "introduced_on": "2012-02-01"})
	}
	written := newDraft()
	v := e.write("PUT", written+"/vote", map[string]any{"voted_on": "2012-02-03", "procedure": "written", "meeting": "S/2012/9002",
		"votes": council2012("yes", map[string]string{"PAK": "abstain"})}).expect(201).json()
	if v["procedure"] != "written" || v["meeting"] != "S/2012/9002" || v["adopted_without_vote"] != false || v["outcome"] != "adopted" {
		t.Errorf("written procedure: %v", v)
	}
	if n := e.count("SELECT COUNT(*) FROM votes WHERE procedure = 'written' AND meeting = 'S/2012/9002'"); n != 1 {
		t.Errorf("stored %d written votes", n)
	}

	consensus := newDraft()
	before := e.digest()
	e.refused(before, e.write("PUT", consensus+"/vote", map[string]any{"voted_on": "2012-02-03", "adopted_without_vote": true,
		"votes": council2012("yes", map[string]string{"PAK": "abstain"})}), 422, "invalid", "votes.PAK")
	e.refused(before, e.write("PUT", consensus+"/vote", map[string]any{"voted_on": "2012-02-03", "procedure": "letter",
		"votes": council2012("yes", nil)}), 422, "invalid", "procedure")
	v = e.write("PUT", consensus+"/vote", map[string]any{"voted_on": "2012-02-03", "adopted_without_vote": true,
		"votes": council2012("yes", nil)}).expect(201).json()
	if v["adopted_without_vote"] != true || v["outcome"] != "adopted" || v["yes"] != float64(15) || v["procedure"] != "meeting" {
		t.Errorf("adopted without a vote: %v", v)
	}
	if d := e.get(consensus).expect(200).json(); d["status"] != "adopted" {
		t.Errorf("status %v", d["status"])
	}
}

// TestLinksBetweenDrafts links a revised draft to the one it revises
// (S/12312/Rev.1 style symbols are accepted): both show the link, the
// other with the inverse kind; duplicates, self-links and unknown drafts
// are refused and change nothing.
func TestLinksBetweenDrafts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mk := func(symbol string) (string, int64) {
		d := e.write("POST", "/v1/drafts", map[string]any{"symbol": symbol, "title": "Synthetic " + symbol, "topic": "Testing",
			"introduced_on": "2012-02-01"}).expect(201).json()
		id := int64(d["id"].(float64))
		return fmt.Sprintf("/v1/drafts/%d", id), id
	}
	orig, origID := mk("S/12312")
	rev, revID := mk("S/12312/Rev.1")
	rival, rivalID := mk("S/12313")
	tag := etagOf(e, orig)
	d := e.write("POST", rev+"/links", map[string]any{"kind": "revises", "draft_id": origID}).expect(201).json()
	if fmt.Sprint(d["links"]) != fmt.Sprintf("[map[draft_id:%d kind:revises symbol:S/12312]]", origID) {
		t.Errorf("revision's links = %v", d["links"])
	}
	o := e.get(orig).expect(200)
	if fmt.Sprint(o.json()["links"]) != fmt.Sprintf("[map[draft_id:%d kind:revised_by symbol:S/12312/Rev.1]]", revID) {
		t.Errorf("original's links = %v", o.json()["links"])
	}
	if o.header.Get("ETag") == tag {
		t.Error("the original's ETag did not change with its new link")
	}
	e.write("POST", rival+"/links", map[string]any{"kind": "competes_with", "draft_id": revID}).expect(201)
	if l := e.get(rev).expect(200).json()["links"]; fmt.Sprint(l) != fmt.Sprintf("[map[draft_id:%d kind:revises symbol:S/12312] map[draft_id:%d kind:competes_with symbol:S/12313]]", origID, rivalID) {
		t.Errorf("revision's links = %v", l)
	}
	if n := e.count("SELECT COUNT(*) FROM changes WHERE kind = 'link.added' AND entity = 'link'"); n != 2 {
		t.Errorf("%d link changes logged, want 2", n)
	}

	before := e.digest()
	for _, tc := range []struct {
		path   string
		body   map[string]any
		status int
		typ    string
		field  string
	}{
		{rev + "/links", map[string]any{"kind": "revises", "draft_id": origID}, 409, "conflict", ""},
		{orig + "/links", map[string]any{"kind": "revises", "draft_id": revID}, 409, "conflict", ""},
		{rev + "/links", map[string]any{"kind": "competes_with", "draft_id": rivalID}, 409, "conflict", ""},
		{rev + "/links", map[string]any{"kind": "amends", "draft_id": revID}, 422, "invalid", "draft_id"},
		{rev + "/links", map[string]any{"kind": "amends", "draft_id": 9999}, 422, "invalid", "draft_id"},
		{rev + "/links", map[string]any{"kind": "revised_by", "draft_id": origID}, 422, "invalid", "kind"},
		{rev + "/links", map[string]any{"kind": "amends"}, 422, "invalid", "draft_id"},
		{"/v1/drafts/9999/links", map[string]any{"kind": "amends", "draft_id": origID}, 404, "not-found", ""},
	} {
		e.refused(before, e.write("POST", tc.path, tc.body), tc.status, tc.typ, tc.field)
	}
	e.refused(before, e.req("POST", rev+"/links", map[string]any{"kind": "amends", "draft_id": rivalID}), 401, "unauthorized", "")
}

// TestRetraction retracts an observation found wrong: it stays in the
// history, marked, and the member's current position, positions on a day
// and projections fall back to what remains.
func TestRetraction(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	draft := fmt.Sprintf("/v1/drafts/%d", e.arab)
	p := e.write("PUT", draft+"/positions/IND", map[string]any{"stance": "support", "as_of": "2012-02-02",
		"evidence": []map[string]any{{"quote": "India is ready", "speaker": "Indian envoy", "source_id": e.source}}}).expect(201).json()
	id := int64(p["id"].(float64))
	retract := fmt.Sprintf("%s/positions/IND/history/%d/retraction", draft, id)
	current := func() string {
		l := e.get(fmt.Sprintf("/v1/positions?member=IND&draft=%d", e.arab)).expect(200).list()
		if len(l) == 0 {
			return "none"
		}
		return l[0]["stance"].(string)
	}
	if current() != "support" {
		t.Fatalf("current = %s", current())
	}

	before := e.digest()
	e.refused(before, e.write("POST", retract, map[string]any{"reason": " "}), 422, "invalid", "reason")
	e.refused(before, e.write("POST", fmt.Sprintf("%s/positions/CHN/history/%d/retraction", draft, id), map[string]any{"reason": "r"}), 404, "not-found", "")
	e.refused(before, e.write("POST", fmt.Sprintf("/v1/drafts/%d/positions/IND/history/%d/retraction", e.oct, id), map[string]any{"reason": "r"}), 404, "not-found", "")
	e.refused(before, e.req("POST", retract, map[string]any{"reason": "r"}), 401, "unauthorized", "")

	r := e.write("POST", retract, map[string]any{"reason": "The quote was the Brazilian envoy's"}).expect(201)
	if got := r.json()["retracted"].(map[string]any); got["by"] != "desk" || got["reason"] != "The quote was the Brazilian envoy's" {
		t.Errorf("retracted = %v", got)
	}
	hist := e.get(r.header.Get("Location")).expect(200).list()
	if len(hist) != 2 || hist[0]["retracted"] != nil || hist[1]["retracted"] == nil {
		t.Errorf("history = %v", hist)
	}
	if current() != "hostile" {
		t.Errorf("current after the retraction = %s, want the article's hostile", current())
	}
	on := e.get(draft + "/projection?on=2012-02-05").expect(200).json()
	if slices.Contains(on["likely_yes"].(map[string]any)["members"].([]any), any("IND")) {
		t.Errorf("the retracted support still counts: %v", on["likely_yes"])
	}
	if n := e.count("SELECT COUNT(*) FROM changes WHERE kind = 'position.retracted' AND entity_id = ?", fmt.Sprint(id)); n != 1 {
		t.Errorf("%d retraction changes logged", n)
	}
	before = e.digest()
	e.refused(before, e.write("POST", retract, map[string]any{"reason": "again"}), 409, "conflict", "")

	// With every observation retracted the member has no position.
	seeded := int64(hist[0]["id"].(float64))
	e.write("POST", fmt.Sprintf("%s/positions/IND/history/%d/retraction", draft, seeded), map[string]any{"reason": "r"}).expect(201)
	if current() != "none" {
		t.Errorf("current with nothing left = %s", current())
	}
	for _, row := range e.get(draft + "/positions?on=2012-02-05").expect(200).list() {
		if row["member"].(map[string]any)["code"] == "IND" && row["stance"] != "unknown" {
			t.Errorf("IND on 2012-02-05 = %v", row)
		}
	}
}
