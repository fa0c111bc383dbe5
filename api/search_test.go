package api_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// hit is a search hit as a client reads it.
type hit struct {
	Kind, ID, Title, Date, Member, Link string
	DraftID                             int64
	Score                               float64
	Marked                              []string // the snippet's matched parts
	Snippet                             string
}

// search runs GET /v1/search with q and the extra query, and returns its
// hits and next cursor.
func search(e *env, q string, extra ...string) ([]hit, string) {
	e.t.Helper()
	v := url.Values{"q": {q}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	r := e.get("/v1/search?" + v.Encode()).expect(200).json()
	var out []hit
	for _, it := range r["items"].([]any) {
		m := it.(map[string]any)
		h := hit{Kind: m["kind"].(string), ID: m["id"].(string), Title: m["title"].(string), Date: m["date"].(string),
			Link: m["link"].(string), Score: m["score"].(float64)}
		h.Member, _ = m["member"].(string)
		if d, ok := m["draft_id"].(float64); ok {
			h.DraftID = int64(d)
		}
		for _, p := range m["snippet"].([]any) {
			part := p.(map[string]any)
			h.Snippet += part["text"].(string)
			if part["match"] == true {
				h.Marked = append(h.Marked, part["text"].(string))
			}
		}
		out = append(out, h)
	}
	next, _ := r["next_cursor"].(string)
	return out, next
}

func ids(hits []hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Kind + ":" + h.ID
	}
	return out
}

// newDraftID writes a draft and returns its id.
func writeDraft(e *env, title, summary, introduced string, sponsors ...string) string {
	e.t.Helper()
	if sponsors == nil {
		sponsors = []string{"FRA"}
	}
	d := e.write("POST", "/v1/drafts", map[string]any{"title": title, "topic": "Testing", "sponsors": sponsors,
		"introduced_on": introduced, "summary": summary}).expect(201).json()
	return fmt.Sprint(int64(d["id"].(float64)))
}

// TestSearchLanguage: each feature of the query language over drafts,
// positions and sources written through the API, each found by the
// search that follows its write at once.
func TestSearchLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d1 := writeDraft(e, "Zorblat harvest quotas", "The zorblat committee sets harvest quotas.", "2012-03-01", "GBR")
	d2 := writeDraft(e, "Harvest review", "Zorblatic fisheries under review.", "2012-04-01")
	d3 := writeDraft(e, "Fisheries", "Quotas for the harvest of zorblat, reviewed each year by many many members of the committee.", "2012-05-01")
	cases := []struct {
		q    string
		want []string // in rank order where order matters, else sorted below
		rank bool
	}{
		{"zorblat", []string{"draft:" + d1, "draft:" + d3}, true},
		{"ZORBLAT Quotas", []string{"draft:" + d1, "draft:" + d3}, true},
		{`"harvest quotas"`, []string{"draft:" + d1}, false},
		{`"quotas harvest"`, nil, false},
		{"zorbl*", []string{"draft:" + d1, "draft:" + d2, "draft:" + d3}, false},
		{"harvest -quotas", []string{"draft:" + d2}, false},
		{`zorblat -"harvest quotas"`, []string{"draft:" + d3}, false},
		{"zorblat fisheries", []string{"draft:" + d3}, false},
	}
	for _, c := range cases {
		got := ids(mustSearch(e, c.q))
		if !c.rank {
			slices.Sort(got)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("q=%s: %v, want %v", c.q, got, c.want)
		}
	}

	hits := mustSearch(e, `"harvest quotas"`)
	if h := hits[0]; h.Link != "/v1/drafts/"+d1 || h.Title != "Zorblat harvest quotas" || h.Date != "2012-03-01" ||
		!slices.Equal(h.Marked, []string{"harvest quotas"}) {
		t.Errorf("phrase hit = %+v", h)
	}

	// A position's note, its evidence's quote and speaker, and a source
	// written a moment before are found, folded.
	src := e.write("POST", "/v1/sources", map[string]any{"title": "Türkiye weighs the zorblat quotas", "publisher": "Agência Brasil",
		"author": "José Núñez", "published_on": "2012-03-02"}).expect(201).json()
	e.write("PUT", "/v1/drafts/"+d1+"/positions/rus", map[string]any{"stance": "against", "as_of": "2012-03-03",
		"note": "Opposes the quotas outright.", "evidence": []map[string]any{{"quote": "The quotas are a blockade of Côte d'Ivoire's boats", "speaker": "Vitaly Churkin",
			"source_id": src["id"]}}}).expect(201)
	srcID := fmt.Sprint(int64(src["id"].(float64)))
	for q, want := range map[string]string{"turkiye": "source:" + srcID, "agencia brasil": "source:" + srcID, "jose nunez": "source:" + srcID,
		"churkin blockade": "position:", `"cote d'ivoire's boats"`: "position:", "outright": "position:"} {
		hits := mustSearch(e, q)
		if len(hits) != 1 || !strings.HasPrefix(ids(hits)[0], want) {
			t.Errorf("q=%s: %v, want %s", q, ids(hits), want)
		}
	}
	pos := mustSearch(e, "churkin")[0]
	if pos.Member != "RUS" || pos.DraftID == 0 || pos.Link != "/v1/drafts/"+d1+"/positions/RUS/history" || pos.Title != "Russian Federation on Zorblat harvest quotas" {
		t.Errorf("position hit = %+v", pos)
	}
	e.get(pos.Link).expect(200)
	if h := mustSearch(e, "cote")[0]; !slices.Equal(h.Marked, []string{"Côte"}) {
		t.Errorf("folded word marked as %v in %q", h.Marked, h.Snippet)
	}

	// A draft's edit is found at once, and its old words no longer.
	e.write("PATCH", "/v1/drafts/"+d2, map[string]any{"title": "Krill review"}, "If-Match", etag(e, d2)).expect(200)
	if got := ids(mustSearch(e, "krill")); !slices.Equal(got, []string{"draft:" + d2}) {
		t.Errorf("after the edit, krill: %v", got)
	}
	if got := ids(mustSearch(e, "harvest", "kind", "draft")); slices.Contains(got, "draft:"+d2) {
		t.Errorf("after the edit, harvest still finds the old title: %v", got)
	}
}

func mustSearch(e *env, q string, extra ...string) []hit {
	e.t.Helper()
	hits, _ := search(e, q, extra...)
	return hits
}

func etag(e *env, id string) string {
	e.t.Helper()
	return e.get("/v1/drafts/" + id).header.Get("ETag")
}

// TestSearchFilters: kind, member and dates narrow the hits, and cursor
// pages add up to the whole list in rank order.
func TestSearchFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := writeDraft(e, "Glimmerfish stocks", "Glimmerfish in the north.", "2010-01-10", "RUS")
	b := writeDraft(e, "Glimmerfish again", "More glimmerfish.", "2011-06-10", "CHN")
	e.write("PUT", "/v1/drafts/"+b+"/positions/rus", map[string]any{"stance": "support", "as_of": "2011-06-11",
		"note": "Backs the glimmerfish text.", "evidence": []map[string]any{{"quote": "Yes", "speaker": "envoy", "source_id": e.source}}}).expect(201)
	cases := []struct {
		extra []string
		want  []string
	}{
		{[]string{"kind", "draft"}, []string{"draft:" + a, "draft:" + b}},
		{[]string{"kind", "position"}, []string{"position:"}},
		{[]string{"kind", "meeting,source"}, nil},
		{[]string{"member", "rus"}, []string{"draft:" + a, "position:"}},
		{[]string{"member", "CHN"}, []string{"draft:" + b}},
		{[]string{"from", "2011-01-01"}, []string{"draft:" + b, "position:"}},
		{[]string{"to", "2011-06-10"}, []string{"draft:" + a, "draft:" + b}},
		{[]string{"from", "2011-06-11", "to", "2011-06-11"}, []string{"position:"}},
	}
	for _, c := range cases {
		got := ids(mustSearch(e, "glimmerfish", c.extra...))
		for i, g := range got {
			if strings.HasPrefix(g, "position:") {
				got[i] = "position:"
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%v: %v, want %v", c.extra, got, c.want)
		}
	}
}

// TestSearchRefuses: what the query language cannot read, and bad
// filters, are 422 naming the parameter; nothing is a 500.
func TestSearchRefuses(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, c := range []struct{ name, query, field string }{
		{"empty", "q=", "q"},
		{"absent", "", "q"},
		{"blank", "q=%20%20", "q"},
		{"punctuation only", "q=%2F%2F", "q"},
		{"unclosed quote", "q=%22syria+veto", "q"},
		{"only excluded", "q=-syria+-veto", "q"},
		{"too long", "q=" + strings.Repeat("a", 257), "q"},
		{"too many words", "q=" + strings.Repeat("w+", 12) + "w", "q"},
		{"star inside a word", "q=sy*ria", "q"},
		{"short prefix", "q=s*", "q"},
		{"lone star", "q=*", "q"},
		{"quote inside a word", "q=sy%22ria%22x", "q"},
		{"kind", "q=syria&kind=vote", "kind"},
		{"member", "q=syria&member=R1", "member"},
		{"dates", "q=syria&from=2012-02-01&to=2012-01-01", "to"},
		{"date", "q=syria&from=2012-13-01", "from"},
		{"limit", "q=syria&limit=101", "limit"},
		{"cursor", "q=syria&cursor=abc", "cursor"},
	} {
		p := e.get("/v1/search?"+c.query).problem(422, "invalid")
		if !slices.Contains(fields(p), c.field) {
			t.Errorf("%s: fields %v, want %s", c.name, fields(p), c.field)
		}
	}
	e.get("/v1/search?q=syria&sort=new").problem(400, "bad-request")
}

// TestSearchRecord: the shipped record, found by symbol as written, with
// accents folded, ranked, and paged by cursor.
func TestSearchRecord(t *testing.T) {
	t.Parallel()
	e := newRecordEnv(t)
	for _, c := range []struct{ q, kind, title string }{
		{"S/2012/77", "draft", ""},
		{"s/2012/77", "draft", ""},
		{"S/PV.6711", "meeting", "S/PV.6711"},
		{"S/RES/2118", "draft", ""},
	} {
		hits := mustSearch(e, c.q)
		if len(hits) == 0 || hits[0].Kind != c.kind {
			t.Fatalf("q=%s: %v", c.q, ids(hits))
		}
		h := hits[0]
		switch c.q {
		case "S/2012/77", "s/2012/77":
			d := e.get(h.Link).expect(200).json()
			if d["symbol"] != "S/2012/77" || h.ID != fmt.Sprint(e.arab) {
				t.Errorf("q=%s: first hit %+v is %v", c.q, h, d["symbol"])
			}
		case "S/RES/2118":
			if d := e.get(h.Link).expect(200).json(); !strings.HasPrefix(fmt.Sprint(d["resolution"]), "S/RES/2118") {
				t.Errorf("q=%s: first hit is resolution %v", c.q, d["resolution"])
			}
		default:
			if h.Title != c.title || h.Link != "/v1/meetings/S%2FPV.6711" || !slices.Contains(h.Marked, "S/PV.6711") {
				t.Errorf("q=%s: first hit %+v", c.q, h)
			}
			e.get(h.Link).expect(200)
		}
		if len(hits) > 1 && hits[1].Score >= h.Score {
			t.Errorf("q=%s: the symbol's own document does not rank first alone: %v", c.q, hits[:2])
		}
	}

	// Accents folded both ways, and the words marked as written.
	plain, _ := search(e, "Cote d'Ivoire", "limit", "100")
	accented, _ := search(e, "Côte d’Ivoire", "limit", "100")
	if len(plain) < 20 || !slices.Equal(ids(plain), ids(accented)) {
		t.Fatalf("Cote d'Ivoire: %d hits, Côte d’Ivoire: %d", len(plain), len(accented))
	}
	for _, h := range plain {
		if len(h.Marked) < 2 || !strings.Contains(h.Snippet+h.Title, "Côte d") || !slices.Equal(h.Marked[:2], []string{"Côte", "d'Ivoire"}) {
			t.Fatalf("hit %q %q %q does not show Côte d'Ivoire marked", h.Title, h.Snippet, h.Marked)
		}
	}

	// Ranked best first; cursor pages are the whole list, in order.
	all, next := search(e, "Somalia situation", "limit", "100")
	if len(all) < 30 || next == "" {
		t.Fatalf("Somalia situation: %d hits, next %q", len(all), next)
	}
	if !slices.IsSortedFunc(all, func(a, b hit) int { return int(b.Score*1e6 - a.Score*1e6) }) {
		t.Errorf("hits not best first")
	}
	var paged []hit
	cursor := ""
	for len(paged) < len(all) {
		extra := []string{"limit", "7"}
		if cursor != "" {
			extra = append(extra, "cursor", cursor)
		}
		page, n := search(e, "Somalia situation", extra...)
		if len(page) == 0 {
			t.Fatalf("empty page after %d hits", len(paged))
		}
		paged, cursor = append(paged, page...), n
	}
	if !slices.Equal(ids(paged[:len(all)]), ids(all)) {
		t.Errorf("pages of 7 differ from one page of 100")
	}
	for _, h := range all {
		if !strings.Contains(strings.ToLower(h.Snippet+" "+h.Title), "somalia") {
			t.Errorf("hit %+v has no Somalia in its snippet", h)
		}
	}
}
