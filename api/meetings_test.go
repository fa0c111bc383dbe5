package api_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// meetingSymbols pages through a list of meetings, limit at a time,
// and returns every meeting in order, checking that each page but the
// last names a next page.
func (e *env) meetingPages(query string, limit int) []map[string]any {
	e.t.Helper()
	var out []map[string]any
	cursor := ""
	for range 100 {
		body := e.get(fmt.Sprintf("/v1/meetings?%s&limit=%d&cursor=%s", query, limit, url.QueryEscape(cursor))).expect(200).json()
		for _, m := range body["items"].([]any) {
			out = append(out, m.(map[string]any))
		}
		next, _ := body["next_cursor"].(string)
		if next == "" {
			return out
		}
		cursor = next
	}
	e.t.Fatalf("more than 100 pages of %s", query)
	return nil
}

func symbolsOf(ms []map[string]any) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m["symbol"].(string)
	}
	return out
}

// checkNewestFirst fails unless ms run from the latest day to the
// earliest.
func checkNewestFirst(t *testing.T, ms []map[string]any) {
	t.Helper()
	for i := 1; i < len(ms); i++ {
		if ms[i]["date"].(string) > ms[i-1]["date"].(string) {
			t.Errorf("%s (%s) listed after %s (%s): not newest first", ms[i]["symbol"], ms[i]["date"], ms[i-1]["symbol"], ms[i-1]["date"])
		}
	}
}

// TestMeetingsOfTheRecord lists the Council's meetings as the record
// loaded into every new database gives them: newest first, by period,
// agenda and outcome, a page at a time; reads S/PV.6711, where S/2012/77
// was vetoed, by its symbol written plainly and percent-encoded; and
// follows its links to the draft and back.
func TestMeetingsOfTheRecord(t *testing.T) {
	t.Parallel()
	e := newRecordEnv(t)
	before := e.rowCounts()

	// The whole list, newest first: the first page starts with the latest
	// meeting of the record, 2025.
	first := e.get("/v1/meetings?limit=5").expect(200).json()
	items := first["items"].([]any)
	if len(items) != 5 || first["next_cursor"] == nil || !strings.HasPrefix(items[0].(map[string]any)["date"].(string), "2025-") {
		t.Fatalf("first page of meetings: %s", e.get("/v1/meetings?limit=5").body)
	}

	// February 2012, in pages of 7: 20 meetings, each once, newest first,
	// a resumption beside its meeting.
	feb := e.meetingPages("from=2012-02-01&to=2012-02-29", 7)
	syms := symbolsOf(feb)
	if len(feb) != 20 || syms[0] != "S/PV.6728" || syms[19] != "S/PV.6711" {
		t.Fatalf("February 2012: %v", syms)
	}
	checkNewestFirst(t, feb)
	seen := map[string]bool{}
	for _, s := range syms {
		if seen[s] {
			t.Errorf("%s listed twice across pages", s)
		}
		seen[s] = true
	}
	if !seen["S/PV.6722 (Resumption 1)"] || !seen["S/PV.6717 (Resumption 1)"] {
		t.Errorf("resumptions missing: %v", syms)
	}
	if all := symbolsOf(e.meetingPages("from=2012-02-01&to=2012-02-29", 100)); !slices.Equal(all, syms) {
		t.Errorf("one page gives %v, pages of 7 %v", all, syms)
	}

	// Agenda words, any case.
	if got := symbolsOf(e.meetingPages("from=2012-02-01&to=2012-02-29&agenda=SYRIA", 50)); !slices.Equal(got, []string{"S/PV.6711"}) {
		t.Errorf("agenda=SYRIA in February 2012: %v", got)
	}
	// The vetoed drafts on Syria of 2011-2012, under the Middle East item.
	vetoed := e.meetingPages("from=2011-01-01&to=2012-12-31&agenda=middle%20EAST&outcome=draft_not_adopted", 50)
	if s := symbolsOf(vetoed); !slices.Contains(s, "S/PV.6627") || !slices.Contains(s, "S/PV.6711") {
		t.Errorf("meetings on the Middle East with a draft not adopted, 2011-2012: %v", s)
	}
	checkNewestFirst(t, vetoed)

	// By outcome: meetings with a decision of one of the kinds asked for;
	// none for those that decided nothing.
	kinds := func(m map[string]any) []string {
		var out []string
		for _, d := range m["decisions"].([]any) {
			out = append(out, d.(map[string]any)["kind"].(string))
		}
		return out
	}
	decided := e.meetingPages("from=2012-02-01&to=2012-02-29&outcome=resolution,presidential_statement", 50)
	if len(decided) != 7 {
		t.Errorf("resolutions and presidential statements, February 2012: %v", symbolsOf(decided))
	}
	for _, m := range decided {
		if k := kinds(m); !slices.Contains(k, "resolution") && !slices.Contains(k, "presidential_statement") {
			t.Errorf("%s listed for outcome=resolution,presidential_statement with decisions %v", m["symbol"], k)
		}
	}
	nothing := e.meetingPages("from=2012-02-01&to=2012-02-29&outcome=none", 50)
	if len(nothing) != 11 || len(nothing)+len(decided)+2 != len(feb) { // + the communique of S/PV.6714 and the veto of S/PV.6711
		t.Errorf("outcome=none, February 2012: %v", symbolsOf(nothing))
	}
	for _, m := range nothing {
		if k := kinds(m); len(k) != 0 {
			t.Errorf("%s listed for outcome=none with decisions %v", m["symbol"], k)
		}
	}
	if got := e.meetingPages("from=2012-02-01&to=2012-02-29&outcome=none,communique,draft_not_adopted", 50); len(got) != 13 {
		t.Errorf("outcome=none,communique,draft_not_adopted: %v", symbolsOf(got))
	}

	// Bad input is a problem naming the parameter.
	for _, c := range []struct {
		query  string
		status int
		typ    string
		field  string
	}{
		{"from=2012-02-30", 422, "invalid", "from"},
		{"to=12-02-2012", 422, "invalid", "to"},
		{"outcome=resolution,vote", 422, "invalid", "outcome"},
		{"from=2012-03-01&to=2012-02-01", 422, "invalid", "to"},
		{"limit=0", 422, "invalid", "limit"},
		{"agenda=" + strings.Repeat("a", 501), 422, "invalid", "agenda"},
		{"cursor=not-a-cursor", 422, "invalid", "cursor"},
		{"topic=Syria", 400, "bad-request", ""},
	} {
		p := e.get("/v1/meetings?"+c.query).problem(c.status, c.typ)
		if c.field != "" && !slices.Contains(fields(p), c.field) {
			t.Errorf("%s: problem names %v, want %s", c.query, fields(p), c.field)
		}
	}

	// One meeting, by its symbol percent-encoded (the document's form).
	m := e.get("/v1/meetings/" + url.PathEscape("S/PV.6711")).expect(200).json()
	if m["symbol"] != "S/PV.6711" || m["date"] != "2012-02-04" || m["closed"] != false || m["procedure"] != "meeting" ||
		m["press_release"] != "SC/10536" || fmt.Sprint(m["agenda"]) != "[Middle East situation - Syria]" ||
		!strings.HasPrefix(m["source"].(string), "dhl:scact2012") {
		t.Errorf("S/PV.6711: %v", m)
	}
	decisions := m["decisions"].([]any)
	if len(decisions) != 1 {
		t.Fatalf("S/PV.6711 decisions: %v", decisions)
	}
	d := decisions[0].(map[string]any)
	draft := fmt.Sprintf("/v1/drafts/%d", e.arab)
	if d["kind"] != "draft_not_adopted" || d["symbol"] != "S/2012/77" || d["draft_id"] != float64(e.arab) || d["draft_url"] != draft ||
		d["outcome"] != "vetoed" || fmt.Sprint(d["tally"]) != "map[abstain:0 no:2 non_voting:0 yes:13]" || fmt.Sprint(d["vetoed_by"]) != "[CHN RUS]" {
		t.Errorf("S/PV.6711's decision: %v", d)
	}
	// Written plainly, the symbol's slash is a path separator, which no
	// OpenAPI path parameter can hold: the route takes it all the same,
	// outside the document (so this request is not checked against it).
	if plain := rawGet(e, "/v1/meetings/S/PV.6711"); plain.status != 200 || string(plain.body) != string(e.get("/v1/meetings/S%2FPV.6711").body) {
		t.Errorf("S/PV.6711 written plainly -> %d %s", plain.status, plain.body)
	}
	// A resumption: spaces and parentheses, percent-encoded; a decision
	// that is not a vote links to no draft.
	r := e.get("/v1/meetings/" + url.PathEscape("S/PV.6722 (Resumption 1)")).expect(200).json()
	rd := r["decisions"].([]any)[0].(map[string]any)
	if r["date"] != "2012-02-23" || rd["kind"] != "presidential_statement" || rd["symbol"] != "S/PRST/2012/3" || rd["draft_id"] != nil || rd["draft_url"] != nil {
		t.Errorf("S/PV.6722 (Resumption 1): %v", r)
	}
	if plain := rawGet(e, "/v1/meetings/S/PV.6722%20(Resumption%201)"); plain.status != 200 {
		t.Errorf("S/PV.6722 (Resumption 1) written plainly -> %d %s", plain.status, plain.body)
	}
	for _, path := range []string{"/v1/meetings/S%2FPV.99999", "/v1/meetings/" + url.PathEscape("S/PV.6711 "), "/v1/meetings/s%2Fpv.6711",
		"/v1/meetings/" + strings.Repeat("x", 51)} {
		e.get(path).problem(404, "not-found")
	}
	if r := rawGet(e, "/v1/meetings/"); r.status != 404 {
		t.Errorf("/v1/meetings/ -> %d %s", r.status, r.body)
	}

	// The decision links to its draft, whose vote links back.
	v := e.get(d["draft_url"].(string)).expect(200).json()["vote"].(map[string]any)
	if v["meeting"] != "S/PV.6711" || v["meeting_url"] != "/v1/meetings/S%2FPV.6711" {
		t.Errorf("S/2012/77's vote: meeting %v, meeting_url %v", v["meeting"], v["meeting_url"])
	}
	if back := e.get(v["meeting_url"].(string)).expect(200).json(); back["symbol"] != "S/PV.6711" {
		t.Errorf("the vote's meeting_url leads to %v", back["symbol"])
	}

	if e.rowCounts() != before {
		t.Error("reading meetings changed the database")
	}
}

// rawGet serves a GET that the OpenAPI document cannot describe, without
// checking it against the document.
func rawGet(e *env, path string) *response {
	e.t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = "192.0.2.1:1234"
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return &response{t: e.t, status: rec.Code, header: rec.Result().Header, body: body}
}

// memberVotes maps each member's code in a vote's members to its vote
// and the stance beside it.
func memberVotes(v map[string]any) map[string][2]string {
	out := map[string][2]string{}
	for _, m := range v["members"].([]any) {
		m := m.(map[string]any)
		out[m["member"].(map[string]any)["code"].(string)] = [2]string{m["vote"].(string), m["position"].(map[string]any)["stance"].(string)}
	}
	return out
}

// TestVotesOfTheRecord reads votes as the record gives them: S/2012/77's
// whole roll call beside the article's positions, and a resolution known
// only by its tally, whose members' votes are unknown; a whole roll call
// sent as a correction must agree with the tally.
func TestVotesOfTheRecord(t *testing.T) {
	t.Parallel()
	e := newRecordEnv(t)
	draft := fmt.Sprintf("/v1/drafts/%d", e.arab)
	d := e.get(draft).expect(200).json()
	v := d["vote"].(map[string]any)
	if d["status"] != "vetoed" || v["voted_on"] != "2012-02-04" || v["complete"] != true || v["tally_known"] != true ||
		v["source"] != "dhl:scact2012_table_en.html#row202" || v["meeting_url"] != "/v1/meetings/S%2FPV.6711" ||
		v["yes"] != float64(13) || v["no"] != float64(2) || fmt.Sprint(v["vetoed_by"]) != "[CHN RUS]" {
		t.Errorf("S/2012/77 from the record: %v", v)
	}
	members := memberVotes(v)
	want := map[string][2]string{"IND": {"yes", "hostile"}, "MAR": {"yes", "support"}, "RUS": {"no", "veto"}, "CHN": {"no", "veto"},
		"PAK": {"yes", "unknown"}, "ZAF": {"yes", "unknown"}}
	for code, w := range want {
		if members[code] != w {
			t.Errorf("%s: vote and stance %v, want %v", code, members[code], w)
		}
	}
	if len(members) != 15 {
		t.Errorf("%d members beside the vote, want the 2012 Council's 15", len(members))
	}

	// S/RES/2640 (2022): adopted 13-0-2, the abstainers not named.
	list := e.get("/v1/drafts?resolution=" + url.QueryEscape("S/RES/2640 (2022)")).expect(200).list()
	if len(list) != 1 {
		t.Fatalf("drafts that became S/RES/2640 (2022): %v", list)
	}
	partial := fmt.Sprintf("/v1/drafts/%v", list[0]["id"])
	pv := e.get(partial + "/vote").expect(200).json()
	unknown := 0
	for _, m := range memberVotes(pv) {
		if m[0] == "unknown" {
			unknown++
		}
	}
	if pv["complete"] != false || pv["tally_known"] != true || pv["outcome"] != "adopted" || pv["yes"] != float64(13) || pv["abstain"] != float64(2) ||
		len(memberVotes(pv)) != 15 || unknown != 15-len(pv["votes"].(map[string]any)) || unknown == 0 || pv["meeting_url"] != "/v1/meetings/S%2FPV.9082" {
		t.Errorf("S/RES/2640 (2022): %d unknown, vote %v", unknown, pv)
	}

	// A whole roll call contradicting the tally is refused, naming votes.
	roll := map[string]string{}
	for code := range memberVotes(pv) {
		roll[code] = "yes"
	}
	before := e.rowCounts()
	p := e.write("PUT", partial+"/vote", map[string]any{"voted_on": "2022-06-29", "meeting": "S/PV.9082", "votes": roll},
		"If-Match", etagOf(e, partial+"/vote")).problem(409, "conflict")
	if !slices.Contains(fields(p), "votes") {
		t.Errorf("contradicting roll call: problem names %v, want votes", fields(p))
	}
	if e.rowCounts() != before {
		t.Error("a refused correction changed the database")
	}

	// A vote links to its meeting only where the record has it that day:
	// the record's S/PV.9001 met in 2022.
	for meeting, link := range map[string]any{"S/PV.6711": "/v1/meetings/S%2FPV.6711", "S/PV.9001": nil} {
		loc := e.created("/v1/drafts", map[string]any{"title": "T", "topic": "Syria", "introduced_on": "2012-02-01"})
		v := e.write("PUT", loc+"/vote", map[string]any{"voted_on": "2012-02-04", "meeting": meeting, "votes": council2012("yes", nil)}).expect(201).json()
		if v["meeting_url"] != link {
			t.Errorf("a vote on 2012-02-04 at %s links to %v, want %v", meeting, v["meeting_url"], link)
		}
	}
}

// TestVoteByTally records votes in the record's form on new drafts: a
// tally with the members known (some, or none), the outcome it states and
// where it comes from; refuses a tally that does not add up, a stated
// outcome the count contradicts, and a whole roll call that contradicts
// the stored tally.
func TestVoteByTally(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	newDraft := func() string {
		return e.created("/v1/drafts", map[string]any{"title": "T", "topic": "Syria", "introduced_on": "2012-02-01"})
	}
	tally := func(y, n, a, nv int) map[string]int {
		return map[string]int{"yes": y, "no": n, "abstain": a, "non_voting": nv}
	}
	const release = "https://press.un.org/en/2012/sc10536.doc.htm"

	// The vetoes named, the rest forced yes: the roll call is whole.
	vetoed := newDraft()
	v := e.write("PUT", vetoed+"/vote", map[string]any{"voted_on": "2012-02-04", "meeting": "S/PV.6711", "tally": tally(13, 2, 0, 0),
		"votes": map[string]string{"chn": "no", "RUS": "no"}, "outcome": "vetoed", "source": release}).expect(201).json()
	if v["complete"] != true || v["tally_known"] != true || v["source"] != release || fmt.Sprint(v["vetoed_by"]) != "[CHN RUS]" ||
		len(v["votes"].(map[string]any)) != 15 || v["meeting_url"] != nil { // the article's seed holds no meeting
		t.Errorf("vetoed by tally: %v", v)
	}

	// No member's vote known: every member sits with its vote unknown.
	adopted := newDraft()
	v = e.write("PUT", adopted+"/vote", map[string]any{"voted_on": "2012-02-04", "tally": tally(13, 0, 2, 0),
		"votes": map[string]string{}, "outcome": "adopted"}).expect(201).json()
	members := memberVotes(v)
	if v["complete"] != false || v["outcome"] != "adopted" || len(members) != 15 || members["IND"][0] != "unknown" || v["source"] != "" {
		t.Errorf("adopted by tally: %v", v)
	}
	if d := e.get(adopted).expect(200).json(); d["status"] != "adopted" {
		t.Errorf("status after a tally of 13-0-2: %v", d["status"])
	}

	// Refusals name the field and change nothing.
	fresh := newDraft()
	for _, c := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"tally short of the seats", map[string]any{"voted_on": "2012-02-04", "tally": tally(9, 0, 0, 0), "votes": map[string]string{}}, "tally"},
		{"a count negative", map[string]any{"voted_on": "2012-02-04", "tally": tally(16, -1, 0, 0), "votes": map[string]string{}}, "tally.no"},
		{"a count left out", map[string]any{"voted_on": "2012-02-04", "tally": map[string]int{"yes": 15}, "votes": map[string]string{}}, "tally.no"},
		{"stated outcome the count contradicts", map[string]any{"voted_on": "2012-02-04", "tally": tally(13, 0, 2, 0), "votes": map[string]string{}, "outcome": "vetoed"}, "outcome"},
		{"more noes named than the tally holds", map[string]any{"voted_on": "2012-02-04", "tally": tally(14, 1, 0, 0), "votes": map[string]string{"CHN": "no", "RUS": "no"}}, "votes"},
		{"votes left out", map[string]any{"voted_on": "2012-02-04", "tally": tally(15, 0, 0, 0)}, "votes"},
		{"a member not sitting", map[string]any{"voted_on": "2012-02-04", "tally": tally(15, 0, 0, 0), "votes": map[string]string{"BRA": "yes"}}, "votes.BRA"},
		{"an outcome not a vote's", map[string]any{"voted_on": "2012-02-04", "tally": tally(15, 0, 0, 0), "votes": map[string]string{}, "outcome": "likely_adopted"}, "outcome"},
	} {
		before := e.digest()
		p := e.write("PUT", fresh+"/vote", c.body).problem(422, "invalid")
		if !slices.Contains(fields(p), c.field) {
			t.Errorf("%s: problem names %v, want %s: %s", c.name, fields(p), c.field, p["detail"])
		}
		if e.digest() != before {
			t.Errorf("%s: the refused vote changed the database", c.name)
		}
	}

	// A whole roll call sent to correct the 13-0-2 must agree with it.
	before := e.digest()
	p := e.write("PUT", adopted+"/vote", map[string]any{"voted_on": "2012-02-04", "votes": council2012("yes", nil)},
		"If-Match", etagOf(e, adopted+"/vote")).problem(409, "conflict")
	if !slices.Contains(fields(p), "votes") || e.digest() != before {
		t.Errorf("a roll call of 15-0-0 against the tally 13-0-2: %v", p)
	}
	v = e.write("PUT", adopted+"/vote", map[string]any{"voted_on": "2012-02-04", "votes": council2012("yes", map[string]string{"PAK": "abstain", "ZAF": "abstain"})},
		"If-Match", etagOf(e, adopted+"/vote")).expect(200).json()
	if v["complete"] != true || v["abstain"] != float64(2) || memberVotes(v)["PAK"][0] != "abstain" {
		t.Errorf("the roll call agreeing with the tally: %v", v)
	}
}
