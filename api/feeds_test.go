package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"

	"unsc/models/dbtest"
)

// fetchFeed GETs a feed as a reader would, checks the
// answer against the OpenAPI document, and parses it with gofeed's Atom
// parser. headers alternate name, value.
func fetchFeed(e *env, path string, headers ...string) (*response, *atom.Feed) {
	e.t.Helper()
	r := e.get(path, headers...)
	if r.status != http.StatusOK {
		return r, nil
	}
	body := r.body
	if ct := r.header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		e.t.Fatalf("%s: Content-Type %q", path, ct)
	}
	if typ := gofeed.DetectFeedType(bytes.NewReader(body)); typ != gofeed.FeedTypeAtom {
		e.t.Fatalf("%s: detected as feed type %v, not Atom", path, typ)
	}
	f, err := (&atom.Parser{}).Parse(bytes.NewReader(body))
	if err != nil {
		e.t.Fatalf("%s: %v\n%s", path, err, body)
	}
	if f.ID == "" || f.Title == "" || f.Updated == "" || f.UpdatedParsed == nil {
		e.t.Fatalf("%s: feed lacks id, title or updated: %+v", path, f)
	}
	return r, f
}

func link(links []*atom.Link, rel string) string {
	for _, l := range links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

func entryIDs(f *atom.Feed) []string {
	var out []string
	for _, en := range f.Entries {
		out = append(out, en.ID)
	}
	return out
}

func titles(f *atom.Feed) []string {
	var out []string
	for _, en := range f.Entries {
		out = append(out, en.Title)
	}
	return out
}

// changeTags are the tag: URIs of the changes a query picks, in its order.
func changeTags(e *env, query string, args ...any) []string {
	e.t.Helper()
	db := e.store.ReadPool()
	var out []string
	dbtest.Rows(e.t, db, dbtest.Q(db, query), func(read func(...any)) {
		var id int64
		read(&id)
		out = append(out, fmt.Sprintf("tag:localhost,2026:change/%d", id))
	}, args...)
	return out
}

func rollCall(e *env, day string, no ...string) map[string]string {
	votes := map[string]string{}
	for _, m := range e.get("/v1/members?on=" + day).list() {
		votes[m["code"].(string)] = "yes"
	}
	for _, code := range no {
		votes[code] = "no"
	}
	return votes
}

func TestDraftFeed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.write("POST", "/v1/drafts", map[string]any{"symbol": "S/2012/99", "title": "Feed draft", "topic": "Feeds",
		"introduced_on": "2012-02-01"}).expect(201).json()
	id := int64(d["id"].(float64))
	draft := fmt.Sprintf("/v1/drafts/%d", id)
	ev := []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}
	e.write("PUT", draft+"/positions/RUS", map[string]any{"stance": "abstain", "as_of": "2012-02-01", "evidence": ev}).expect(201)
	p := e.write("PUT", draft+"/positions/RUS", map[string]any{"stance": "against", "as_of": "2012-02-02", "evidence": ev}).expect(201).json()
	e.write("PUT", draft+"/positions/IND", map[string]any{"stance": "hostile", "as_of": "2012-01-30", "evidence": ev}).expect(201)
	e.write("POST", fmt.Sprintf("%s/positions/RUS/history/%v/retraction", draft, p["id"]), map[string]any{"reason": "misheard"}).expect(201)
	e.write("POST", fmt.Sprintf("/v1/drafts/%d/links", e.arab), map[string]any{"kind": "competes_with", "draft_id": id}).expect(201)
	e.write("PUT", draft+"/vote", map[string]any{"voted_on": "2012-02-04", "meeting": "S/PV.6711", "votes": rollCall(e, "2012-02-04", "RUS", "CHN")}).expect(201)

	r, f := fetchFeed(e, draft+"/feed.atom")
	want := []string{
		"Vote recorded: S/2012/99 vetoed 13-2-0",
		"S/2012/77 competes with S/2012/99",
		"Russian Federation: against on S/2012/99 retracted",
		"India: hostile on S/2012/99",
		"Russian Federation: against on S/2012/99 (was: abstain)",
		"Russian Federation: abstain on S/2012/99",
		"New draft: S/2012/99",
	}
	if got := titles(f); !slices.Equal(got, want) {
		t.Errorf("titles:\n%q\nwant\n%q", got, want)
	}
	// Newest first, one entry per change about the draft (the link made
	// from the other draft included), each named by its change's id.
	tags := changeTags(e, `SELECT id FROM changes WHERE draft_id = ? OR (entity = 'link' AND entity_id IN
		(SELECT CAST(id AS TEXT) FROM draft_links WHERE other_id = ?)) ORDER BY id DESC`, id, id)
	if got := entryIDs(f); !slices.Equal(got, tags) {
		t.Errorf("ids %q, want %q", got, tags)
	}
	if f.ID != fmt.Sprintf("tag:localhost,2026:feed/draft/%d", id) || f.Title != "S/2012/99: Feed draft" {
		t.Errorf("feed id %q, title %q", f.ID, f.Title)
	}
	if self := link(f.Links, "self"); self != "http://127.0.0.1:8080"+draft+"/feed.atom" {
		t.Errorf("self = %q", self)
	}
	for _, en := range f.Entries {
		if alt := link(en.Links, "alternate"); !strings.HasPrefix(alt, "http://127.0.0.1:8080/drafts/") {
			t.Errorf("%s: alternate %q", en.Title, alt)
		}
		if en.Updated != f.Updated || len(en.Authors) != 1 || en.Authors[0].Name != "desk" {
			t.Errorf("%s: updated %s (feed %s), authors %v", en.Title, en.Updated, f.Updated, en.Authors)
		}
	}
	if alt := link(f.Entries[0].Links, "alternate"); alt != fmt.Sprintf("http://127.0.0.1:8080/drafts/%d", id) {
		t.Errorf("vote entry links to %q", alt)
	}
	if s := f.Entries[2].Summary; !strings.Contains(s, "misheard") {
		t.Errorf("retraction summary %q", s)
	}

	// Validated like other reads: the same bytes, the same ETag, 304.
	tag := r.header.Get("ETag")
	again, f2 := fetchFeed(e, draft+"/feed.atom")
	if tag == "" || again.header.Get("ETag") != tag || !bytes.Equal(again.body, r.body) || !slices.Equal(entryIDs(f2), tags) {
		t.Errorf("second fetch differs: ETag %q then %q", tag, again.header.Get("ETag"))
	}
	if nm, _ := fetchFeed(e, draft+"/feed.atom", "If-None-Match", tag); nm.status != http.StatusNotModified || len(nm.body) != 0 {
		t.Errorf("If-None-Match: %d %q", nm.status, nm.body)
	}

	// A correction comes first; the ids already given out stay as they
	// were, and the vote first recorded no longer claims its figures.
	e.write("PUT", draft+"/vote", map[string]any{"voted_on": "2012-02-04", "meeting": "S/PV.6711", "votes": rollCall(e, "2012-02-04", "RUS")},
		"If-Match", e.get(draft+"/vote").header.Get("ETag")).expect(200)
	after, f3 := fetchFeed(e, draft+"/feed.atom")
	if got := entryIDs(f3); len(got) != len(tags)+1 || !slices.Equal(got[1:], tags) {
		t.Errorf("after a correction ids %q, want a new one before %q", got, tags)
	}
	if got := titles(f3)[:2]; !slices.Equal(got, []string{"Vote corrected: S/2012/99 vetoed 14-1-0", "Vote recorded: S/2012/99 (corrected since)"}) {
		t.Errorf("after a correction: %q", got)
	}
	if after.header.Get("ETag") == tag {
		t.Error("the ETag did not change with the feed")
	}
	if nm, _ := fetchFeed(e, draft+"/feed.atom", "If-None-Match", tag); nm.status != http.StatusOK {
		t.Errorf("a stale ETag got %d", nm.status)
	}
}

func TestMemberFeed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.write("POST", "/v1/drafts", map[string]any{"title": "Unnamed", "topic": "Feeds", "introduced_on": "2012-02-01"}).expect(201).json()
	draft := fmt.Sprintf("/v1/drafts/%v", d["id"])
	ev := []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}
	e.write("PUT", draft+"/positions/CHN", map[string]any{"stance": "veto", "as_of": "2012-02-02", "note": "Firm.", "evidence": ev}).expect(201)
	e.write("PUT", draft+"/positions/IND", map[string]any{"stance": "abstain", "as_of": "2012-02-02", "evidence": ev}).expect(201)
	// An observation dated before the current one does not replace it.
	e.write("PUT", draft+"/positions/CHN", map[string]any{"stance": "undecided", "as_of": "2012-02-01", "evidence": ev}).expect(201)
	e.write("PUT", draft+"/vote", map[string]any{"voted_on": "2012-02-04", "meeting": "S/PV.6711", "votes": rollCall(e, "2012-02-04", "RUS", "CHN")}).expect(201)

	_, f := fetchFeed(e, "/v1/members/chn/feed.atom")
	label := fmt.Sprintf("draft %v, “Unnamed”", d["id"])
	want := []string{
		"CHN voted no: " + label + " vetoed 13-2-0",
		"China: undecided on " + label + " (as of 2012-02-01, before its position then current: veto as of 2012-02-02)",
		"China: veto on " + label,
	}
	if got := titles(f); len(got) < 3 || !slices.Equal(got[:3], want) {
		t.Fatalf("titles:\n%q\nwant first\n%q", got, want)
	}
	if f.Entries[2].Summary != "As of 2012-02-02. Firm." {
		t.Errorf("summary %q", f.Entries[2].Summary)
	}
	// Everything else in China's feed is the seed's: its positions, the
	// October roll call and its membership; nothing about India.
	tags := changeTags(e, `SELECT id FROM changes WHERE member_code = 'CHN' OR (entity = 'vote' AND draft_id IN
		(SELECT draft_id FROM vote_casts WHERE member_code = 'CHN')) ORDER BY id DESC`)
	if got := entryIDs(f); !slices.Equal(got, tags) {
		t.Errorf("ids %q, want %q", got, tags)
	}
	for _, en := range f.Entries {
		if strings.Contains(en.Title, "India") {
			t.Errorf("China's feed holds %q", en.Title)
		}
	}
	if f.ID != "tag:localhost,2026:feed/member/CHN" || !strings.HasPrefix(f.Title, "China (CHN)") ||
		link(f.Links, "self") != "http://127.0.0.1:8080/v1/members/CHN/feed.atom" {
		t.Errorf("feed %q %q %v", f.ID, f.Title, f.Links)
	}
	if last := f.Entries[len(f.Entries)-1]; last.Title != "New member: China (CHN)" || link(last.Links, "alternate") != "http://127.0.0.1:8080/members/CHN" {
		t.Errorf("oldest entry %q %v", last.Title, last.Links)
	}
}

func TestFeedFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.write("POST", "/v1/drafts", map[string]any{"title": "On feeds", "topic": "Feeds", "introduced_on": "2012-02-01"}).expect(201)
	e.write("POST", "/v1/drafts", map[string]any{"title": "On agendas", "topic": "Other", "agenda": "The situation in the Middle East",
		"introduced_on": "2012-02-01"}).expect(201)

	_, all := fetchFeed(e, "/v1/feed.atom")
	if n := e.count("SELECT COUNT(*) FROM changes"); len(all.Entries) != min(n, 50) {
		t.Errorf("%d entries of %d changes, want at most 50", len(all.Entries), n)
	}
	if got := titles(all)[:2]; !slices.Equal(got, []string{"New draft: draft 4, “On agendas”", "New draft: draft 3, “On feeds”"}) {
		t.Errorf("newest: %q", got)
	}
	if all.ID != "tag:localhost,2026:feed" {
		t.Errorf("feed id %q", all.ID)
	}
	_, topic := fetchFeed(e, "/v1/feed.atom?topic=FEEDS")
	if got := titles(topic); !slices.Equal(got, []string{"New draft: draft 3, “On feeds”"}) {
		t.Errorf("topic=FEEDS: %q", got)
	}
	_, agenda := fetchFeed(e, "/v1/feed.atom?agenda=middle%20EAST")
	if got := titles(agenda); !slices.Equal(got, []string{"New draft: draft 4, “On agendas”"}) {
		t.Errorf("agenda: %q", got)
	}
	if agenda.ID != "tag:localhost,2026:feed?agenda=middle+east" {
		t.Errorf("agenda feed id %q", agenda.ID)
	}
	// Nothing matches: still a valid feed, dated by the newest change.
	_, none := fetchFeed(e, "/v1/feed.atom?topic=Nothing")
	if len(none.Entries) != 0 || none.Updated != all.Updated {
		t.Errorf("empty feed: %d entries, updated %s (newest change %s)", len(none.Entries), none.Updated, all.Updated)
	}

	bad, _ := fetchFeed(e, "/v1/feed.atom?member=RUS")
	bad.problem(http.StatusBadRequest, "bad-request")
	long, _ := fetchFeed(e, "/v1/feed.atom?agenda="+strings.Repeat("a", 501))
	long.problem(http.StatusUnprocessableEntity, "invalid")
	for _, path := range []string{"/v1/drafts/999/feed.atom", "/v1/drafts/x/feed.atom", "/v1/members/ZZZ/feed.atom", "/v1/members/toolong/feed.atom"} {
		r, _ := fetchFeed(e, path)
		r.problem(http.StatusNotFound, "not-found")
	}
}
