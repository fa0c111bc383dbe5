package api_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
)

func codes(items []map[string]any, key string) []string {
	var out []string
	for _, it := range items {
		if m, ok := it[key].(map[string]any); ok {
			out = append(out, m["code"].(string))
		} else {
			out = append(out, it[key].(string))
		}
	}
	sort.Strings(out)
	return out
}

func TestMembersOnADate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		query string
		want  string
	}{
		{"on=2012-01-30", "AZE CHN COL DEU FRA GBR GTM IND MAR PAK PRT RUS TGO USA ZAF"},
		{"on=2011-10-04", "BIH BRA CHN COL DEU FRA GAB GBR IND LBN NGA PRT RUS USA ZAF"},
		{"on=2012-01-30&permanent=false", "AZE COL DEU GTM IND MAR PAK PRT TGO ZAF"},
		{"permanent=true", "CHN FRA GBR RUS USA"},
		{"on=2014-06-01", "ARG AUS CHL CHN FRA GBR JOR KOR LTU LUX NGA RUS RWA TCD USA"},
		{"on=1950-06-27", "CHN CUB ECU EGY FRA GBR IND NOR RUS USA YUG"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := strings.Join(codes(e.get("/v1/members?"+tt.query).expect(200).list(), "code"), " ")
			if got != tt.want {
				t.Errorf("members?%s = %s, want %s", tt.query, got, tt.want)
			}
		})
	}
	rus := e.get("/v1/members/rus").expect(200).json()
	if rus["code"] != "RUS" || rus["name"] != "Russian Federation" || rus["permanent"] != true {
		t.Errorf("GET /v1/members/rus = %v", rus)
	}
	ind := e.get("/v1/members/IND").expect(200).json()
	if terms := fmt.Sprint(ind["terms"]); !strings.HasPrefix(terms, "[map[end:1951 start:1950]") || !strings.Contains(terms, "map[end:2012 start:2011]") {
		t.Errorf("IND terms = %v", ind["terms"])
	}
	ussr := e.get("/v1/members?on=1950-06-27&permanent=true").list()
	if names := codes(ussr, "name"); !slices.Contains(names, "Union of Soviet Socialist Republics") {
		t.Errorf("permanent members in 1950 named %v", names)
	}
}

// TestSeededDraftPositionsAndProjection reads S/2012/77 as the article
// reported it, on 30 January 2012.
func TestSeededDraftPositionsAndProjection(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	items := e.get(fmt.Sprintf("/v1/drafts/%d/positions?on=2012-01-30", e.arab)).expect(200).list()
	if len(items) != 15 {
		t.Fatalf("%d positions, want one per sitting member (15)", len(items))
	}
	stances := map[string]string{}
	for _, p := range items {
		stances[p["member"].(map[string]any)["code"].(string)] = p["stance"].(string)
	}
	want := map[string]string{"RUS": "veto", "CHN": "veto", "IND": "hostile", "USA": "support", "FRA": "support",
		"GBR": "support", "MAR": "support", "AZE": "unknown", "GTM": "unknown", "PAK": "unknown", "TGO": "unknown",
		"COL": "unknown", "DEU": "unknown", "PRT": "unknown", "ZAF": "unknown"}
	if fmt.Sprint(stances) != fmt.Sprint(want) {
		t.Errorf("stances = %v, want %v", stances, want)
	}
	for _, p := range items {
		if p["member"].(map[string]any)["code"] == "RUS" {
			ev := p["evidence"].([]any)
			first := ev[0].(map[string]any)
			if !strings.Contains(first["quote"].(string), "veto power") || p["recorded_by"] != "seed" || p["as_of"] != "2012-01-30" {
				t.Errorf("RUS position = %v", p)
			}
		}
	}
	vetoes := e.get(fmt.Sprintf("/v1/drafts/%d/positions?stance=veto,against&on=2012-01-30", e.arab)).expect(200).list()
	if got := strings.Join(codes(vetoes, "member"), " "); got != "CHN RUS" {
		t.Errorf("stance=veto,against: %s", got)
	}
	unknown := e.get(fmt.Sprintf("/v1/drafts/%d/positions?stance=unknown&permanent=false&on=2012-01-30", e.arab)).expect(200).list()
	if len(unknown) != 8 {
		t.Errorf("stance=unknown&permanent=false: %d rows, want 8", len(unknown))
	}

	p := e.get(fmt.Sprintf("/v1/drafts/%d/projection?on=2012-01-30", e.arab)).expect(200).json()
	if p["outcome"] != "likely_vetoed" || fmt.Sprint(p["permanent_against"]) != "[CHN RUS]" {
		t.Errorf("projection = %v", p)
	}
	if ly := p["likely_yes"].(map[string]any); ly["count"] != float64(4) || fmt.Sprint(ly["members"]) != "[FRA GBR MAR USA]" {
		t.Errorf("likely_yes = %v", ly)
	}
	if u := p["uncertain"].(map[string]any); u["count"] != float64(9) {
		t.Errorf("uncertain = %v", u)
	}
}

func TestSeededOctoberVote(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	v := e.get(fmt.Sprintf("/v1/drafts/%d/vote", e.oct)).expect(200).json()
	if v["outcome"] != "vetoed" || fmt.Sprint(v["vetoed_by"]) != "[CHN RUS]" || v["yes"] != float64(9) ||
		v["no"] != float64(2) || v["abstain"] != float64(4) || v["absent"] != float64(0) || v["required"] != float64(9) {
		t.Errorf("vote = %v", v)
	}
	if len(v["members"].([]any)) != 15 {
		t.Errorf("members beside their votes: %d, want 15", len(v["members"].([]any)))
	}
	d := e.get(fmt.Sprintf("/v1/drafts/%d", e.oct)).expect(200).json()
	if d["status"] != "vetoed" || d["vote"].(map[string]any)["meeting"] != "S/PV.6627" {
		t.Errorf("draft = %v", d)
	}
	p := e.get(fmt.Sprintf("/v1/drafts/%d/projection", e.oct)).expect(200).json()
	if p["basis"] != "positions_before_vote" || p["date"] != "2011-10-04" || p["vote"].(map[string]any)["outcome"] != "vetoed" {
		t.Errorf("projection of a voted draft = %v", p)
	}
}

func TestDraftFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"symbol=S/2012/77", []string{"S/2012/77"}},
		{"status=vetoed", []string{"S/2011/612"}},
		{"status=circulating", []string{"S/2012/77"}},
		{"topic=syria", []string{"S/2012/77", "S/2011/612"}},
		{"sponsor=DEU", []string{"S/2011/612"}},
		{"sponsor=mar", []string{"S/2012/77"}},
		{"q=deputy", []string{"S/2012/77"}},
		{"q=WESTERN+syria", []string{"S/2011/612"}},
		{"q=100%25", nil},
		{"topic=Libya", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var got []string
			for _, d := range e.get("/v1/drafts?" + tt.query).expect(200).list() {
				got = append(got, d["symbol"].(string))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("drafts?%s = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func newDraft(i int) map[string]any {
	return map[string]any{"title": fmt.Sprintf("Draft %d", i), "topic": "Testing", "sponsors": []string{"FRA", "Arab League"},
		"introduced_on": fmt.Sprintf("2012-02-%02d", 1+i%20), "summary": "A draft."}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i := range 7 {
		e.write("POST", "/v1/drafts", newDraft(i)).expect(201)
	}
	var seen []float64
	path := "/v1/drafts?limit=3"
	pages := 0
	for path != "" {
		r := e.get(path).expect(200)
		body := r.json()
		for _, it := range r.list() {
			seen = append(seen, it["id"].(float64))
		}
		pages++
		path = ""
		if c, ok := body["next_cursor"].(string); ok {
			path = "/v1/drafts?limit=3&cursor=" + c
		}
	}
	if pages != 3 || len(seen) != 9 {
		t.Fatalf("%d pages, %d drafts; want 3 pages of 9 drafts", pages, len(seen))
	}
	for i := 1; i < len(seen); i++ {
		if slices.Contains(seen[:i], seen[i]) {
			t.Fatalf("draft %v served twice", seen[i])
		}
	}
	e.get("/v1/drafts?cursor=not-a-cursor").problem(422, "invalid")
}

func TestWriteFlow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.write("POST", "/v1/drafts", map[string]any{"symbol": "S/2012/999", "title": "Humanitarian access",
		"topic": "Syria", "sponsors": []string{"gbr", "France"}, "introduced_on": "2012-02-01", "summary": "Access for aid."}).expect(201)
	d := r.json()
	id := int64(d["id"].(float64))
	if r.header.Get("Location") != fmt.Sprintf("/v1/drafts/%d", id) || r.header.Get("ETag") == "" {
		t.Errorf("Location %q, ETag %q", r.header.Get("Location"), r.header.Get("ETag"))
	}
	if d["status"] != "circulating" || fmt.Sprint(d["sponsors"]) != "[GBR France]" {
		t.Errorf("created draft = %v", d)
	}
	if n := e.count("SELECT COUNT(*) FROM drafts WHERE id = ? AND symbol = 'S/2012/999' AND status = 'circulating'", id); n != 1 {
		t.Errorf("stored drafts: %d", n)
	}

	src := e.write("POST", "/v1/sources", map[string]any{"title": "Council statement", "publisher": "UN",
		"published_on": "2012-02-02", "url": "https://press.un.org/en/2012/sc10536.doc.htm"}).expect(201).json()
	pos := e.write("PUT", fmt.Sprintf("/v1/drafts/%d/positions/pak", id), map[string]any{
		"stance": "leaning_support", "as_of": "2012-02-02", "note": "Said it could back the text.",
		"evidence": []map[string]any{{"quote": "We are open to the text", "speaker": "Pakistan's envoy", "source_id": src["id"]}},
	}).expect(201).json()
	if pos["recorded_by"] != "desk" || pos["stance"] != "leaning_support" || pos["member"].(map[string]any)["code"] != "PAK" {
		t.Errorf("position = %v", pos)
	}
	if n := e.count("SELECT COUNT(*) FROM positions p JOIN evidence ev ON ev.position_id = p.id WHERE p.draft_id = ? AND p.member_code = 'PAK' AND p.recorded_by = 'desk' AND ev.quote = 'We are open to the text'", id); n != 1 {
		t.Errorf("stored positions with evidence: %d", n)
	}

	votes := map[string]string{}
	for _, m := range e.get("/v1/members?on=2012-02-04").list() {
		votes[m["code"].(string)] = "yes"
	}
	votes["RUS"], votes["CHN"] = "no", "no"
	vr := e.write("PUT", fmt.Sprintf("/v1/drafts/%d/vote", id), map[string]any{"voted_on": "2012-02-04", "meeting": "S/PV.6711", "votes": votes}).expect(201)
	v := vr.json()
	if v["outcome"] != "vetoed" || v["yes"] != float64(13) || fmt.Sprint(v["vetoed_by"]) != "[CHN RUS]" || v["recorded_by"] != "desk" {
		t.Errorf("vote = %v", v)
	}
	if n := e.count("SELECT COUNT(*) FROM vote_casts WHERE draft_id = ?", id); n != 15 {
		t.Errorf("stored casts: %d", n)
	}
	if n := e.count("SELECT COUNT(*) FROM drafts WHERE id = ? AND status = 'vetoed'", id); n != 1 {
		t.Error("draft status not set from the vote")
	}
	// Each member's vote stands beside its last position before the vote.
	for _, m := range v["members"].([]any) {
		mm := m.(map[string]any)
		code := mm["member"].(map[string]any)["code"]
		stance := mm["position"].(map[string]any)["stance"]
		if (code == "PAK") != (stance == "leaning_support") {
			t.Errorf("%s: position %v beside its vote", code, stance)
		}
	}

	// Correcting the vote needs the vote's ETag.
	votes["RUS"], votes["CHN"] = "abstain", "abstain"
	body := map[string]any{"voted_on": "2012-02-04", "meeting": "S/PV.6711", "votes": votes}
	e.write("PUT", fmt.Sprintf("/v1/drafts/%d/vote", id), body).problem(428, "precondition-required")
	e.write("PUT", fmt.Sprintf("/v1/drafts/%d/vote", id), body, "If-Match", `"v999.9"`).problem(412, "precondition-failed")
	c := e.write("PUT", fmt.Sprintf("/v1/drafts/%d/vote", id), body, "If-Match", vr.header.Get("ETag")).expect(200).json()
	if c["outcome"] != "adopted" || fmt.Sprint(c["vetoed_by"]) != "[]" {
		t.Errorf("corrected vote = %v", c)
	}
	if n := e.count("SELECT COUNT(*) FROM drafts WHERE id = ? AND status = 'adopted'", id); n != 1 {
		t.Error("draft status not updated by the corrected vote")
	}
}

func TestFailedIsNotAVeto(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := int64(e.write("POST", "/v1/drafts", newDraft(1)).expect(201).json()["id"].(float64))
	votes := map[string]string{}
	for i, m := range e.get("/v1/members?on=2012-02-04").list() {
		votes[m["code"].(string)] = []string{"yes", "abstain"}[i%2]
	}
	votes["RUS"] = "no"
	v := e.write("PUT", fmt.Sprintf("/v1/drafts/%d/vote", id), map[string]any{"voted_on": "2012-02-04", "votes": votes}).expect(201).json()
	if v["outcome"] != "failed" || fmt.Sprint(v["vetoed_by"]) != "[]" {
		t.Errorf("vote with %v yes and a permanent no = %v, want failed and no veto", v["yes"], v["outcome"])
	}
	if d := e.get(fmt.Sprintf("/v1/drafts/%d", id)).json(); d["status"] != "failed" {
		t.Errorf("status %v, want failed", d["status"])
	}
}

func TestPositionsAreAppendOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	path := fmt.Sprintf("/v1/drafts/%d/positions/IND", e.arab)
	ev := []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}
	e.write("PUT", path, map[string]any{"stance": "abstain", "as_of": "2012-02-03", "evidence": ev}).expect(201)
	// An observation recorded late, about an earlier day, joins the history
	// without displacing the newer current position.
	e.write("PUT", path, map[string]any{"stance": "against", "as_of": "2012-02-01", "evidence": ev}).expect(201)
	hist := e.get(path + "/history").expect(200).list()
	var got []string
	for _, p := range hist {
		got = append(got, p["as_of"].(string)+":"+p["stance"].(string))
	}
	if strings.Join(got, " ") != "2012-01-30:hostile 2012-02-01:against 2012-02-03:abstain" {
		t.Errorf("history = %v", got)
	}
	cur := e.get(fmt.Sprintf("/v1/drafts/%d/positions?stance=abstain&on=2012-02-03", e.arab)).expect(200).list()
	if len(cur) != 1 || cur[0]["member"].(map[string]any)["code"] != "IND" {
		t.Errorf("current abstentions = %v", cur)
	}
	if n := e.count("SELECT COUNT(*) FROM positions WHERE member_code = 'IND'"); n != 3 {
		t.Errorf("stored IND positions: %d, want 3", n)
	}
	all := e.get("/v1/positions?member=IND&history=true").expect(200).list()
	current := e.get("/v1/positions?member=IND").expect(200).list()
	if len(all) != 3 || len(current) != 1 || current[0]["stance"] != "abstain" {
		t.Errorf("positions across drafts: %d with history, current %v", len(all), current)
	}
	mine := e.get("/v1/members/IND/positions").expect(200).list()
	if len(mine) != 1 || mine[0]["stance"] != "abstain" {
		t.Errorf("IND's current positions = %v", mine)
	}
	if vetoes := e.get("/v1/positions?stance=veto").expect(200).list(); len(vetoes) != 2 {
		t.Errorf("current vetoes: %d, want 2", len(vetoes))
	}
}

func TestMembersAndTermsOverAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// Bhutan has never sat; the record's elected seats are free from 2029.
	r := e.write("POST", "/v1/members", map[string]any{"code": "btn", "name": "Bhutan", "terms": []map[string]int{{"start": 2029, "end": 2030}}}).expect(201)
	if r.header.Get("Location") != "/v1/members/BTN" {
		t.Errorf("Location %q", r.header.Get("Location"))
	}
	// Art. 23(2): no immediate re-election; a one-year term later is fine.
	p := e.write("POST", "/v1/members/BTN/terms", map[string]int{"start": 2031, "end": 2032}).problem(409, "conflict")
	if fields(p)[0] != "start" || !strings.Contains(p["detail"].(string), "23(2)") {
		t.Errorf("immediate re-election: %v", p)
	}
	e.write("POST", "/v1/members/BTN/terms", map[string]int{"start": 2033, "end": 2033}).expect(201)
	m := e.get("/v1/members/BTN").expect(200).json()
	if fmt.Sprint(m["terms"]) != "[map[end:2030 start:2029] map[end:2033 start:2033]]" {
		t.Errorf("terms = %v", m["terms"])
	}
	on := codes(e.get("/v1/members?on=2033-03-01").list(), "code")
	if !slices.Contains(on, "BTN") {
		t.Errorf("BTN not sitting in 2033: %v", on)
	}
	if n := e.count("SELECT COUNT(*) FROM terms WHERE member_code = 'BTN'"); n != 2 {
		t.Errorf("stored terms: %d", n)
	}
	// India sat in 2021-2022: a term for 2023 would be immediate re-election.
	e.write("POST", "/v1/members/IND/terms", map[string]int{"start": 2023, "end": 2024}).problem(409, "conflict")
	// Six elected seats before 1966: 1950 is full.
	e.write("POST", "/v1/members/BTN/terms", map[string]int{"start": 1950, "end": 1950}).problem(409, "conflict")
}

func TestETags(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	path := fmt.Sprintf("/v1/drafts/%d", e.arab)
	r := e.get(path).expect(200)
	tag := r.header.Get("ETag")
	if !strings.HasPrefix(tag, `"`) {
		t.Fatalf("ETag %q is not a strong tag", tag)
	}
	if nm := e.get(path, "If-None-Match", tag); nm.status != 304 || len(nm.body) != 0 {
		t.Errorf("If-None-Match: %d %q", nm.status, nm.body)
	}
	e.write("PATCH", path, map[string]any{"status": "in_blue"}).problem(428, "precondition-required")
	p := e.write("PATCH", path, map[string]any{"status": "in_blue", "title": "Arab League plan"}, "If-Match", tag).expect(200)
	if p.json()["status"] != "in_blue" || p.header.Get("ETag") == tag {
		t.Errorf("PATCH = %s, ETag %s", p.body, p.header.Get("ETag"))
	}
	e.write("PATCH", path, map[string]any{"title": "Lost update"}, "If-Match", tag).problem(412, "precondition-failed")
	if n := e.count("SELECT COUNT(*) FROM drafts WHERE title = 'Arab League plan' AND status = 'in_blue'"); n != 1 {
		t.Error("PATCH not stored")
	}
	e.get(path, "If-None-Match", tag).expect(200)
}

func TestInternalErrorsStayInside(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.store.Close()
	p := e.get("/v1/drafts").problem(500, "internal")
	if p["detail"] != "internal error" || strings.Contains(string(e.get("/v1/drafts").body), "sql") {
		t.Errorf("500 says %s", e.get("/v1/drafts").body)
	}
	e.get("/readyz").problem(503, "unavailable")
	e.get("/healthz").expect(200)
}
