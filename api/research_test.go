package api_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// The researchers' questions, on the two real roll calls the seed speaks
// of: S/2011/612 (4 October 2011, S/PV.6627, 9-2-4: yes BIH COL FRA GAB
// DEU NGA PRT GBR USA; no CHN RUS; abstain BRA IND LBN ZAF) and S/2012/77
// (4 February 2012, S/PV.6711, 13-2-0: no CHN RUS, every other member of
// the 2012 Council yes). Both were vetoed by China and Russia. Before the
// February vote the seed holds, as of 30 January 2012, RUS and CHN veto,
// USA FRA GBR MAR support, IND hostile; nothing on the October draft.

// withFebruaryVote records the real vote on S/2012/77.
func withFebruaryVote(t *testing.T) *env {
	e := newEnv(t)
	e.write("PUT", fmt.Sprintf("/v1/drafts/%d/vote", e.arab), map[string]any{"voted_on": "2012-02-04", "meeting": "S/PV.6711",
		"votes": council2012("yes", map[string]string{"CHN": "no", "RUS": "no"})}).expect(201)
	return e
}

// row renders the fields of a member's record that a test checks.
func memberVoteRow(v map[string]any) string {
	d := v["draft"].(map[string]any)
	return fmt.Sprintf("%v %v %v %v %v vetoed=%v position=%v agrees=%v", v["voted_on"], d["symbol"], v["meeting"], v["vote"],
		v["outcome"], v["vetoed"], v["position"], v["agrees"])
}

func TestMemberVotes(t *testing.T) {
	t.Parallel()
	e := withFebruaryVote(t)
	rows := func(path string) []string {
		t.Helper()
		var out []string
		for _, v := range e.get(path).expect(200).list() {
			out = append(out, memberVoteRow(v))
		}
		return out
	}
	for _, c := range []struct{ path, want string }{
		// Russia vetoed both; before February it had said it would.
		{"/v1/members/RUS/votes", "[2012-02-04 S/2012/77 S/PV.6711 no vetoed vetoed=true position=veto agrees=true " +
			"2011-10-04 S/2011/612 S/PV.6627 no vetoed vetoed=true position=<nil> agrees=<nil>]"},
		// India abstained in October and voted yes in February: hostile
		// announces no vote, so nothing to agree with.
		{"/v1/members/ind/votes", "[2012-02-04 S/2012/77 S/PV.6711 yes vetoed vetoed=false position=hostile agrees=<nil> " +
			"2011-10-04 S/2011/612 S/PV.6627 abstain vetoed vetoed=false position=<nil> agrees=<nil>]"},
		{"/v1/members/USA/votes?from=2012-01-01", "[2012-02-04 S/2012/77 S/PV.6711 yes vetoed vetoed=false position=support agrees=true]"},
		{"/v1/members/USA/votes?to=2011-12-31", "[2011-10-04 S/2011/612 S/PV.6627 yes vetoed vetoed=false position=<nil> agrees=<nil>]"},
		// Brazil sat in 2011 only.
		{"/v1/members/BRA/votes", "[2011-10-04 S/2011/612 S/PV.6627 abstain vetoed vetoed=false position=<nil> agrees=<nil>]"},
		{"/v1/members/AZE/votes?vote=abstain,no", "[]"},
		{"/v1/members/IND/votes?vote=abstain", "[2011-10-04 S/2011/612 S/PV.6627 abstain vetoed vetoed=false position=<nil> agrees=<nil>]"},
		{"/v1/members/RUS/votes?outcome=adopted,failed", "[]"},
		{"/v1/members/RUS/votes?outcome=vetoed&topic=syria", "[2012-02-04 S/2012/77 S/PV.6711 no vetoed vetoed=true position=veto agrees=true " +
			"2011-10-04 S/2011/612 S/PV.6627 no vetoed vetoed=true position=<nil> agrees=<nil>]"},
		{"/v1/members/RUS/votes?topic=Libya", "[]"},
		{"/v1/members/RUS/votes?agenda=The%20situation%20in%20the%20Middle%20East", "[]"},
	} {
		if got := fmt.Sprint(rows(c.path)); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.path, got, c.want)
		}
	}
	// Pages, newest first.
	first := e.get("/v1/members/RUS/votes?limit=1").expect(200).json()
	next, _ := first["next_cursor"].(string)
	if next == "" {
		t.Fatalf("no next_cursor: %v", first)
	}
	if got := rows("/v1/members/RUS/votes?limit=1&cursor=" + next); len(got) != 1 || !strings.HasPrefix(got[0], "2011-10-04 S/2011/612") {
		t.Errorf("page 2 = %v", got)
	}
	// A position recorded after the vote does not count; a retracted one
	// neither.
	e.write("PUT", fmt.Sprintf("/v1/drafts/%d/positions/IND", e.arab), map[string]any{"stance": "against", "as_of": "2012-02-05",
		"evidence": []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}}).expect(201)
	if got := rows("/v1/members/IND/votes?from=2012-02-01"); fmt.Sprint(got) != "[2012-02-04 S/2012/77 S/PV.6711 yes vetoed vetoed=false position=hostile agrees=<nil>]" {
		t.Errorf("after a later position: %v", got)
	}

	e.get("/v1/members/XXX/votes").problem(404, "not-found")
	e.get("/v1/members/R1S/votes").problem(404, "not-found")
	e.allInvalid([]string{"outcome=vetoed,likely_vetoed", "vote=maybe", "from=2012-02-30", "outcome=", "limit=0"}, "/v1/members/RUS/votes?")
	e.get("/v1/members/RUS/votes?stance=veto").problem(400, "bad-request")
}

func TestMemberVotesCSV(t *testing.T) {
	t.Parallel()
	e := withFebruaryVote(t)
	// A title that a spreadsheet would run as a formula is written behind a quote.
	draft := fmt.Sprintf("/v1/drafts/%d", e.arab)
	e.write("PATCH", draft, map[string]any{"title": "=HYPERLINK(\"http://example.org\")"}, "If-Match", etagOf(e, draft)).expect(200)
	r := e.get("/v1/members/RUS/votes.csv").expect(200)
	if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	want := "voted_on,draft_id,symbol,title,meeting,vote,outcome,vetoed,position,agrees\n" +
		fmt.Sprintf("2012-02-04,%d,S/2012/77,\"'=HYPERLINK(\"\"http://example.org\"\")\",S/PV.6711,no,vetoed,true,veto,true\n", e.arab) +
		fmt.Sprintf("2011-10-04,%d,S/2011/612,Western-backed draft resolution on Syria,S/PV.6627,no,vetoed,true,,\n", e.oct)
	if string(r.body) != want {
		t.Errorf("CSV:\n%s\nwant\n%s", r.body, want)
	}
	if body := string(e.get("/v1/members/IND/votes.csv?vote=abstain").expect(200).body); strings.Count(body, "\n") != 2 || !strings.Contains(body, ",abstain,vetoed,false,,\n") {
		t.Errorf("filtered CSV:\n%s", body)
	}
	e.get("/v1/members/XXX/votes.csv").problem(404, "not-found")
	e.get("/v1/members/RUS/votes.csv?limit=5").problem(400, "bad-request")
}

func TestDraftsByWhatHappened(t *testing.T) {
	t.Parallel()
	e := withFebruaryVote(t)
	// Resolution 2085 (2012) on Mali, adopted unanimously on 20 December 2012.
	mali := e.created("/v1/drafts", map[string]any{"title": "Deployment of an African-led mission in Mali", "topic": "Mali",
		"agenda": "The situation in Mali", "introduced_on": "2012-12-18"})
	e.write("PUT", mali+"/vote", map[string]any{"voted_on": "2012-12-20", "votes": council2012("yes", nil)}).expect(201)
	e.write("PATCH", mali, map[string]any{"resolution": "S/RES/2085 (2012)"}, "If-Match", etagOf(e, mali)).expect(200)
	titles := func(query string) string {
		t.Helper()
		var out []string
		for _, d := range e.get("/v1/drafts?" + query).expect(200).list() {
			out = append(out, fmt.Sprint(d["symbol"], "|", d["status"]))
		}
		return strings.Join(out, " ")
	}
	for _, c := range []struct{ query, want string }{
		{"vetoed_by=RUS,CHN", "S/2012/77|vetoed S/2011/612|vetoed"},
		{"vetoed_by=chn", "S/2012/77|vetoed S/2011/612|vetoed"},
		{"vetoed_by=USA,FRA", ""},
		// India voted yes on a vetoed draft: a no of an elected member is no veto.
		{"vetoed_by=IND", ""},
		{"status=failed,vetoed", "S/2012/77|vetoed S/2011/612|vetoed"},
		{"status=adopted,vetoed&voted_from=2012-01-01", "<nil>|adopted S/2012/77|vetoed"},
		{"status=", "<nil>|adopted S/2012/77|vetoed S/2011/612|vetoed"},
		{"voted_from=2011-10-04&voted_to=2011-10-04", "S/2011/612|vetoed"},
		{"voted_to=2012-12-19", "S/2012/77|vetoed S/2011/612|vetoed"},
		{"resolution=" + url.QueryEscape("S/RES/2085 (2012)"), "<nil>|adopted"},
		{"resolution=" + url.QueryEscape("S/RES/2085"), ""},
	} {
		if got := titles(c.query); got != c.want {
			t.Errorf("%s: got %q, want %q", c.query, got, c.want)
		}
	}
	e.allInvalid([]string{"status=vetoed,", "status=likely_vetoed", "vetoed_by=RU", "vetoed_by=RUS,,CHN", "voted_from=2012", "voted_to=2012-13-01"}, "/v1/drafts?")
}

func TestVetoList(t *testing.T) {
	t.Parallel()
	e := withFebruaryVote(t)
	rows := func(query string) string {
		t.Helper()
		var out []string
		for _, v := range e.get("/v1/vetoes?" + query).expect(200).list() {
			d := v["draft"].(map[string]any)
			out = append(out, fmt.Sprintf("%v %v %v %v %v %v-%v-%v-%v", v["voted_on"], d["symbol"], v["meeting"], v["agenda"], v["vetoed_by"],
				v["yes"], v["no"], v["abstain"], v["absent"]))
		}
		return strings.Join(out, "; ")
	}
	both := "2012-02-04 S/2012/77 S/PV.6711 Syria [CHN RUS] 13-2-0-0; 2011-10-04 S/2011/612 S/PV.6627 Syria [CHN RUS] 9-2-4-0"
	for _, c := range []struct{ query, want string }{
		{"", both},
		{"member=rus", both},
		{"member=USA,CHN", both},
		{"member=USA", ""},
		{"from=2012", "2012-02-04 S/2012/77 S/PV.6711 Syria [CHN RUS] 13-2-0-0"},
		{"to=2011", "2011-10-04 S/2011/612 S/PV.6627 Syria [CHN RUS] 9-2-4-0"},
		{"from=2011-10-05&to=2012-02-04", "2012-02-04 S/2012/77 S/PV.6711 Syria [CHN RUS] 13-2-0-0"},
		{"from=2013", ""},
	} {
		if got := rows(c.query); got != c.want {
			t.Errorf("%q: got %q, want %q", c.query, got, c.want)
		}
	}
	// The agenda item, when the record has one, comes before the topic.
	draft := fmt.Sprintf("/v1/drafts/%d", e.oct)
	e.write("PATCH", draft, map[string]any{"agenda": "The situation in the Middle East"}, "If-Match", etagOf(e, draft)).expect(200)
	if got := rows("to=2011"); got != "2011-10-04 S/2011/612 S/PV.6627 The situation in the Middle East [CHN RUS] 9-2-4-0" {
		t.Errorf("with an agenda item: %s", got)
	}
	page := e.get("/v1/vetoes?limit=1").expect(200).json()
	if got := rows("limit=1&cursor=" + page["next_cursor"].(string)); !strings.HasPrefix(got, "2011-10-04 S/2011/612") {
		t.Errorf("page 2: %s", got)
	}
	csv := string(e.get("/v1/vetoes.csv?member=RUS").expect(200).body)
	want := "voted_on,draft_id,symbol,title,meeting,agenda,vetoed_by,yes,no,abstain,absent\n" +
		fmt.Sprintf("2012-02-04,%d,S/2012/77,Arab League-backed draft resolution on Syria,S/PV.6711,Syria,CHN RUS,13,2,0,0\n", e.arab) +
		fmt.Sprintf("2011-10-04,%d,S/2011/612,Western-backed draft resolution on Syria,S/PV.6627,The situation in the Middle East,CHN RUS,9,2,4,0\n", e.oct)
	if csv != want {
		t.Errorf("CSV:\n%s\nwant\n%s", csv, want)
	}
	e.allInvalid([]string{"from=12", "to=2012-02-30", "member=RUSSIA", "member="}, "/v1/vetoes?", "/v1/vetoes.csv?")
}

// agreementOf renders a pair's agreement.
func agreementOf(a map[string]any) string {
	return fmt.Sprintf("%v roll_calls=%v both_voting=%v identical=%v share=%v yes_no=%v/%v coincidence=%v", a["members"], a["roll_calls"],
		a["both_voting"], a["identical"], a["identical_share"], a["yes_no_identical"], a["yes_no_pairs"], a["coincidence"])
}

func TestAgreement(t *testing.T) {
	t.Parallel()
	e := withFebruaryVote(t)
	for _, c := range []struct{ query, want string }{
		{"members=USA,RUS", "[RUS USA] roll_calls=2 both_voting=2 identical=0 share=0 yes_no=0/2 coincidence=0"},
		{"members=rus,chn", "[CHN RUS] roll_calls=2 both_voting=2 identical=2 share=1 yes_no=2/2 coincidence=1"},
		// India abstained when the United States voted yes in October, and
		// both voted yes in February: half the votes alike, but every yes
		// or no alike, since the State Department's measure leaves
		// abstentions out.
		{"members=IND,USA", "[IND USA] roll_calls=2 both_voting=2 identical=1 share=0.5 yes_no=1/1 coincidence=1"},
		{"members=IND,ZAF", "[IND ZAF] roll_calls=2 both_voting=2 identical=2 share=1 yes_no=1/1 coincidence=1"},
		{"members=IND,RUS&from=2012-01-01", "[IND RUS] roll_calls=1 both_voting=1 identical=0 share=0 yes_no=0/1 coincidence=0"},
		{"members=IND,USA&to=2011-12-31", "[IND USA] roll_calls=1 both_voting=1 identical=0 share=0 yes_no=0/0 coincidence=<nil>"},
		// Brazil left before Azerbaijan came.
		{"members=BRA,AZE", "[AZE BRA] roll_calls=0 both_voting=0 identical=0 share=<nil> yes_no=0/0 coincidence=<nil>"},
	} {
		if got := agreementOf(e.get("/v1/agreement?" + c.query).expect(200).json()); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.query, got, c.want)
		}
	}
	e.allInvalid([]string{"", "members=USA", "members=USA,USA", "members=USA,XXX", "members=USA,RUS,CHN", "members=USA,RUS&from=2012"}, "/v1/agreement?")

	// The matrix: 2011's fifteen voted in October, 2012's in February;
	// ten sat in both, so 105 + 105 - 45 pairs.
	var pairs []map[string]any
	for cursor := ""; ; {
		r := e.get("/v1/agreement/matrix?from=2011-01-01&to=2012-12-31&limit=100&cursor=" + cursor).expect(200).json()
		for _, p := range r["items"].([]any) {
			pairs = append(pairs, p.(map[string]any))
		}
		next, _ := r["next_cursor"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	if len(pairs) != 165 {
		t.Fatalf("%d pairs, want 165", len(pairs))
	}
	got := map[string]string{}
	for _, p := range pairs {
		got[fmt.Sprint(p["members"])] = agreementOf(p)
	}
	for _, want := range []string{
		"[CHN RUS] roll_calls=2 both_voting=2 identical=2 share=1 yes_no=2/2 coincidence=1",
		"[IND USA] roll_calls=2 both_voting=2 identical=1 share=0.5 yes_no=1/1 coincidence=1",
		"[BRA LBN] roll_calls=1 both_voting=1 identical=1 share=1 yes_no=0/0 coincidence=<nil>",
	} {
		if key := want[:9]; got[key] != want {
			t.Errorf("matrix %s = %s, want %s", key, got[key], want)
		}
	}
	if _, ok := got["[AZE BRA]"]; ok {
		t.Error("the matrix pairs members that never voted together")
	}
	if n := len(e.get("/v1/agreement/matrix?from=2000-01-01&to=2009-12-31").expect(200).list()); n != 0 {
		t.Errorf("%d pairs in a decade without votes", n)
	}
	e.allInvalid([]string{"", "from=2000-01-01", "to=2000-01-01", "from=2000-01-01&to=2010-01-01", "from=2012-01-02&to=2012-01-01", "from=2011&to=2012"}, "/v1/agreement/matrix?")
}

func TestAlignment(t *testing.T) {
	t.Parallel()
	e := withFebruaryVote(t)
	summary := func(query string) string {
		t.Helper()
		a := e.get("/v1/alignment?" + query).expect(200).json()
		var ms []string
		for _, m := range a["mismatches"].([]any) {
			m := m.(map[string]any)
			ms = append(ms, fmt.Sprint(m["voted_on"], " ", m["draft"].(map[string]any)["symbol"], " ", m["member"], " ", m["stance"], "->", m["vote"]))
		}
		return fmt.Sprintf("matched=%v mismatched=%v uncheckable=%v %v next=%v", a["matched"], a["mismatched"], a["uncheckable"], ms, a["next_cursor"] != nil)
	}
	// February: RUS and CHN said veto and voted no, USA FRA GBR MAR said
	// support and voted yes; India's hostility announced no vote; the
	// other 8, and all 15 in October, had no position on record.
	if got := summary(""); got != "matched=6 mismatched=0 uncheckable=24 [] next=false" {
		t.Errorf("every member: %s", got)
	}
	// A hypothetical observation, for the test alone: South Africa said it
	// would abstain, then voted yes.
	e.write("PUT", fmt.Sprintf("/v1/drafts/%d/positions/ZAF", e.arab), map[string]any{"stance": "abstain", "as_of": "2012-02-02",
		"evidence": []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}}).expect(201)
	for _, c := range []struct{ query, want string }{
		{"", "matched=6 mismatched=1 uncheckable=23 [2012-02-04 S/2012/77 ZAF abstain->yes] next=false"},
		{"member=zaf", "matched=0 mismatched=1 uncheckable=1 [2012-02-04 S/2012/77 ZAF abstain->yes] next=false"},
		{"member=RUS", "matched=1 mismatched=0 uncheckable=1 [] next=false"},
		{"member=BRA", "matched=0 mismatched=0 uncheckable=1 [] next=false"},
		{"to=2011-12-31", "matched=0 mismatched=0 uncheckable=15 [] next=false"},
		{"from=2012-02-04&to=2012-02-04", "matched=6 mismatched=1 uncheckable=8 [2012-02-04 S/2012/77 ZAF abstain->yes] next=false"},
	} {
		if got := summary(c.query); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.query, got, c.want)
		}
	}
	// A second mismatch, to page through: Germany said against.
	e.write("PUT", fmt.Sprintf("/v1/drafts/%d/positions/DEU", e.arab), map[string]any{"stance": "against", "as_of": "2012-02-03",
		"evidence": []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}}).expect(201)
	first := e.get("/v1/alignment?limit=1").expect(200).json()
	if got := summary("limit=1"); got != "matched=6 mismatched=2 uncheckable=22 [2012-02-04 S/2012/77 DEU against->yes] next=true" {
		t.Errorf("page 1: %s", got)
	}
	if got := summary("limit=1&cursor=" + first["next_cursor"].(string)); got != "matched=6 mismatched=2 uncheckable=22 [2012-02-04 S/2012/77 ZAF abstain->yes] next=false" {
		t.Errorf("page 2: %s", got)
	}
	for _, bad := range []string{"member=XXX", "member=RUSSIA", "from=2012", "cursor=!!"} {
		r := e.get("/v1/alignment?" + bad)
		if r.status != 422 && r.status != 400 {
			t.Errorf("%s -> %d", bad, r.status)
		}
	}
	e.get("/v1/alignment?member=XXX").problem(422, "invalid")
}

// withTallies makes the fixtures' Syrian vetoes look as most of the record
// does: the October vote corrected to its tally, 9-2-4, with only the two
// vetoes known, and S/2012/538 (19 July 2012, S/PV.6810), vetoed by China
// and Russia, known by its outcome alone, without a tally.
func withTallies(t *testing.T) *env {
	e := withFebruaryVote(t)
	oct := fmt.Sprintf("/v1/drafts/%d/vote", e.oct)
	vetoes := map[string]string{"CHN": "no", "RUS": "no"}
	e.write("PUT", oct, map[string]any{"voted_on": "2011-10-04", "meeting": "S/PV.6627", "outcome": "vetoed", "votes": vetoes,
		"tally": map[string]int{"yes": 9, "no": 2, "abstain": 4, "non_voting": 0}}, "If-Match", etagOf(e, oct)).expect(200)
	july := e.created("/v1/drafts", map[string]any{"symbol": "S/2012/538", "title": "Draft resolution on Syria under Chapter VII", "topic": "Syria",
		"introduced_on": "2012-07-18"})
	e.write("PUT", july+"/vote", map[string]any{"voted_on": "2012-07-19", "meeting": "S/PV.6810", "outcome": "vetoed", "votes": vetoes}).expect(201)
	return e
}

// TestResearchOnTallies: a member's record lists every roll call held
// while it sat, unknown where only the tally is known; agreement and
// alignment count the roll calls whose votes they compare are known and
// say how many they left out; the veto list gives the stored tally, or
// none.
func TestResearchOnTallies(t *testing.T) {
	e := withTallies(t)
	rows := func(path string) string {
		t.Helper()
		var out []string
		for _, v := range e.get(path).expect(200).list() {
			out = append(out, memberVoteRow(v))
		}
		return strings.Join(out, "; ")
	}
	july := "2012-07-19 S/2012/538 S/PV.6810 unknown vetoed vetoed=false position=<nil> agrees=<nil>"
	feb := "2012-02-04 S/2012/77 S/PV.6711 yes vetoed vetoed=false position=hostile agrees=<nil>"
	oct := "2011-10-04 S/2011/612 S/PV.6627 unknown vetoed vetoed=false position=<nil> agrees=<nil>"
	for _, c := range []struct{ path, want string }{
		{"/v1/members/IND/votes", july + "; " + feb + "; " + oct},
		{"/v1/members/IND/votes?vote=unknown", july + "; " + oct},
		{"/v1/members/IND/votes?vote=yes,unknown&to=2012-06-30", feb + "; " + oct},
		{"/v1/members/IND/votes?vote=abstain", ""},
		// Brazil sat in 2011 only, Azerbaijan from 2012.
		{"/v1/members/BRA/votes", strings.ReplaceAll(oct, "hostile", "<nil>")},
		{"/v1/members/AZE/votes?vote=unknown", july},
		// The vetoes are known.
		{"/v1/members/RUS/votes?vote=no", "2012-07-19 S/2012/538 S/PV.6810 no vetoed vetoed=true position=<nil> agrees=<nil>; " +
			"2012-02-04 S/2012/77 S/PV.6711 no vetoed vetoed=true position=veto agrees=true; " +
			"2011-10-04 S/2011/612 S/PV.6627 no vetoed vetoed=true position=<nil> agrees=<nil>"},
		{"/v1/members/RUS/votes?vote=unknown", ""},
	} {
		if got := rows(c.path); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.path, got, c.want)
		}
	}
	if csv := string(e.get("/v1/members/IND/votes.csv?vote=unknown").expect(200).body); strings.Count(csv, "\n") != 3 || strings.Count(csv, ",unknown,vetoed,false,,\n") != 2 {
		t.Errorf("CSV of the unknown votes:\n%s", csv)
	}
	e.get("/v1/members/IND/votes?vote=unknown,maybe").problem(422, "invalid")

	agreement := func(query string) string {
		t.Helper()
		a := e.get("/v1/agreement?" + query).expect(200).json()
		return agreementOf(a) + fmt.Sprint(" left_out_unknown=", a["left_out_unknown"])
	}
	for _, c := range []struct{ query, want string }{
		// Only February gives both votes; October and July, both sitting,
		// give the tally and the vetoes.
		{"members=USA,RUS", "[RUS USA] roll_calls=1 both_voting=1 identical=0 share=0 yes_no=0/1 coincidence=0 left_out_unknown=2"},
		{"members=CHN,RUS", "[CHN RUS] roll_calls=3 both_voting=3 identical=3 share=1 yes_no=3/3 coincidence=1 left_out_unknown=0"},
		{"members=IND,USA&to=2011-12-31", "[IND USA] roll_calls=0 both_voting=0 identical=0 share=<nil> yes_no=0/0 coincidence=<nil> left_out_unknown=1"},
		{"members=BRA,IND", "[BRA IND] roll_calls=0 both_voting=0 identical=0 share=<nil> yes_no=0/0 coincidence=<nil> left_out_unknown=1"},
		{"members=BRA,AZE", "[AZE BRA] roll_calls=0 both_voting=0 identical=0 share=<nil> yes_no=0/0 coincidence=<nil> left_out_unknown=0"},
	} {
		if got := agreement(c.query); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.query, got, c.want)
		}
	}
	// The matrix lists every pair that sat at a roll call together, known
	// or not: the same 165 pairs as before.
	pairs := map[string]string{}
	for _, p := range e.get("/v1/agreement/matrix?from=2011-01-01&to=2012-12-31&limit=500").expect(200).list() {
		pairs[fmt.Sprint(p["members"])] = agreementOf(p) + fmt.Sprint(" left_out_unknown=", p["left_out_unknown"])
	}
	if len(pairs) != 165 {
		t.Errorf("%d pairs, want 165", len(pairs))
	}
	for _, want := range []string{
		"[CHN RUS] roll_calls=3 both_voting=3 identical=3 share=1 yes_no=3/3 coincidence=1 left_out_unknown=0",
		"[IND USA] roll_calls=1 both_voting=1 identical=1 share=1 yes_no=1/1 coincidence=1 left_out_unknown=2",
		"[BRA LBN] roll_calls=0 both_voting=0 identical=0 share=<nil> yes_no=0/0 coincidence=<nil> left_out_unknown=1",
		"[AZE RUS] roll_calls=1 both_voting=1 identical=0 share=0 yes_no=0/1 coincidence=0 left_out_unknown=1",
	} {
		if key := want[:9]; pairs[key] != want {
			t.Errorf("matrix %s = %s, want %s", key, pairs[key], want)
		}
	}

	alignment := func(query string) string {
		t.Helper()
		a := e.get("/v1/alignment?" + query).expect(200).json()
		return fmt.Sprintf("matched=%v mismatched=%v uncheckable=%v left_out_unknown=%v", a["matched"], a["mismatched"], a["uncheckable"], a["left_out_unknown"])
	}
	for _, c := range []struct{ query, want string }{
		// Every member: February's fifteen votes; October and July are
		// not complete.
		{"", "matched=6 mismatched=0 uncheckable=9 left_out_unknown=2"},
		{"to=2011-12-31", "matched=0 mismatched=0 uncheckable=0 left_out_unknown=1"},
		{"member=IND", "matched=0 mismatched=0 uncheckable=1 left_out_unknown=2"},
		// Russia's three vetoes are known: one kept to its stance, two had none.
		{"member=RUS", "matched=1 mismatched=0 uncheckable=2 left_out_unknown=0"},
		{"member=BRA", "matched=0 mismatched=0 uncheckable=0 left_out_unknown=1"},
		{"member=AZE&from=2012-02-05", "matched=0 mismatched=0 uncheckable=0 left_out_unknown=1"},
	} {
		if got := alignment(c.query); got != c.want {
			t.Errorf("alignment %q: got %s, want %s", c.query, got, c.want)
		}
	}

	// The veto list gives the stored tally, not a count of the votes
	// known (2-0-0 in October), and none where the record has none.
	var vetoes []string
	for _, v := range e.get("/v1/vetoes").expect(200).list() {
		vetoes = append(vetoes, fmt.Sprintf("%v %v %v %v-%v-%v-%v", v["voted_on"], v["draft"].(map[string]any)["symbol"], v["vetoed_by"],
			v["yes"], v["no"], v["abstain"], v["absent"]))
	}
	if got, want := strings.Join(vetoes, "; "), "2012-07-19 S/2012/538 [CHN RUS] <nil>-<nil>-<nil>-<nil>; "+
		"2012-02-04 S/2012/77 [CHN RUS] 13-2-0-0; 2011-10-04 S/2011/612 [CHN RUS] 9-2-4-0"; got != want {
		t.Errorf("vetoes:\n got %s\nwant %s", got, want)
	}
	csv := string(e.get("/v1/vetoes.csv?from=2011&to=2011").expect(200).body)
	if !strings.HasSuffix(csv, ",CHN RUS,9,2,4,0\n") {
		t.Errorf("vetoes CSV:\n%s", csv)
	}
	if csv := string(e.get("/v1/vetoes.csv?from=2012-07-01").expect(200).body); !strings.HasSuffix(csv, ",Syria,CHN RUS,,,,\n") {
		t.Errorf("vetoes CSV without a tally:\n%s", csv)
	}
	var drafts []string
	for _, d := range e.get("/v1/drafts?vetoed_by=RUS").expect(200).list() {
		drafts = append(drafts, fmt.Sprint(d["symbol"]))
	}
	if got := strings.Join(drafts, " "); got != "S/2012/538 S/2012/77 S/2011/612" {
		t.Errorf("drafts vetoed by RUS: %s", got)
	}
}
