package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
)

// The tests' today is 2026-11-28: the calendar looks ahead from it.

// parseICS reads the calendar file with go-ical, a parser of its own
// (the file is written with golang-ical), after checking what a parser
// forgives: CRLF line ends and lines of at most 75 octets.
func parseICS(t *testing.T, body []byte) []ical.Event {
	t.Helper()
	if !bytes.HasSuffix(body, []byte("\r\n")) {
		t.Fatalf("the file does not end with CRLF: %q", body[max(0, len(body)-20):])
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(body), "\r\n"), "\r\n") {
		if strings.Contains(line, "\n") || strings.Contains(line, "\r") {
			t.Fatalf("line %d ends without CRLF: %q", i+1, line)
		}
		if len(line) > 75 {
			t.Fatalf("line %d is %d octets, more than 75: %q", i+1, len(line), line)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("not an iCalendar file: %v\n%s", err, body)
	}
	for name, want := range map[string]string{ical.PropVersion: "2.0", ical.PropProductID: "-//unsc//UN Security Council tracker//EN"} {
		if p := cal.Props.Get(name); p == nil || p.Value != want {
			t.Errorf("%s: %v, want %s", name, p, want)
		}
	}
	return cal.Events()
}

// eventsByUID indexes events by UID, checking that each is an all-day
// event with a stamp.
func eventsByUID(t *testing.T, events []ical.Event) map[string]ical.Event {
	t.Helper()
	out := map[string]ical.Event{}
	for _, ev := range events {
		uid, _ := ev.Props.Text(ical.PropUID)
		start := ev.Props.Get(ical.PropDateTimeStart)
		if start == nil || start.ValueType() != ical.ValueDate || ev.Props.Get(ical.PropDateTimeStamp) == nil {
			t.Errorf("%s: not an all-day event with a stamp: %v", uid, ev.Props)
		}
		out[uid] = ev
	}
	return out
}

func TestCalendarScheduleListCancel(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// A title and an agenda item with the characters iCalendar escapes,
	// long enough to be folded.
	title := "Humanitarian access; cross-border aid, and the protection of civilians in the north-west of the country"
	d := e.write(http.MethodPost, "/v1/drafts", map[string]any{"title": title, "topic": "Syria",
		"introduced_on": "2026-11-20", "expected_vote_on": "2026-12-03"}).expect(http.StatusCreated).json()
	draftID := int64(d["id"].(float64))
	if d["expected_vote_on"] != "2026-12-03" {
		t.Fatalf("the draft shows expected_vote_on %v", d["expected_vote_on"])
	}
	agenda := "The situation in the Middle East, including the Palestinian question; briefing by the Special Envoy"
	r := e.write(http.MethodPost, "/v1/calendar/meetings", map[string]any{"date": "2026-12-02", "agenda": agenda, "drafts": []int64{draftID}}).
		expect(http.StatusCreated)
	m := r.json()
	id := int64(m["id"].(float64))
	if loc := r.header.Get("Location"); loc != fmt.Sprintf("/v1/calendar/meetings/%d", id) {
		t.Errorf("Location %q", loc)
	}
	if n := e.count("SELECT COUNT(*) FROM scheduled_meetings WHERE id = ? AND meets_on = '2026-12-02' AND agenda = ?", id, agenda); n != 1 {
		t.Fatalf("%d meetings stored", n)
	}
	if n := e.count("SELECT COUNT(*) FROM scheduled_drafts WHERE meeting_id = ? AND draft_id = ?", id, draftID); n != 1 {
		t.Fatalf("%d expected drafts stored", n)
	}
	if n := e.count("SELECT COUNT(*) FROM changes WHERE kind = 'meeting.scheduled' AND entity = 'scheduled_meeting' AND entity_id = ?", fmt.Sprint(id)); n != 1 {
		t.Errorf("%d meeting.scheduled changes logged", n)
	}

	cal := e.get("/v1/calendar").expect(http.StatusOK).json()
	if cal["from"] != "2026-11-28" || cal["to"] != "2026-12-28" {
		t.Errorf("the default period is %v..%v", cal["from"], cal["to"])
	}
	meetings, votes := cal["meetings"].([]any), cal["expected_votes"].([]any)
	if len(meetings) != 1 || len(votes) != 1 {
		t.Fatalf("%d meetings and %d votes: %s", len(meetings), len(votes), e.get("/v1/calendar").body)
	}
	cm := meetings[0].(map[string]any)
	drafts := cm["drafts"].([]any)
	if cm["agenda"] != agenda || len(drafts) != 1 || drafts[0].(map[string]any)["id"] != float64(draftID) {
		t.Errorf("the calendar shows %v", cm)
	}
	if v := votes[0].(map[string]any); v["id"] != float64(draftID) || v["expected_vote_on"] != "2026-12-03" {
		t.Errorf("the expected vote is %v", v)
	}
	if got := e.get("/v1/calendar?from=2026-12-03&to=2026-12-10").json(); len(got["meetings"].([]any)) != 0 || len(got["expected_votes"].([]any)) != 1 {
		t.Errorf("from the 3rd: %v", got)
	}

	ics := e.get("/v1/calendar.ics").expect(http.StatusOK)
	if ct := ics.header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if !bytes.Contains(ics.body, []byte("\r\n ")) {
		t.Errorf("no line was folded:\n%s", ics.body)
	}
	events := eventsByUID(t, parseICS(t, ics.body))
	meetingUID, voteUID := fmt.Sprintf("scheduled-meeting-%d@127.0.0.1:8080", id), fmt.Sprintf("expected-vote-draft-%d@127.0.0.1:8080", draftID)
	if len(events) != 2 {
		t.Fatalf("%d events, want 2: %v", len(events), events)
	}
	checkEvent(t, events[meetingUID], "Security Council: "+agenda, "2026-12-02", "http://127.0.0.1:8080/#this-week")
	checkEvent(t, events[voteUID], "Vote expected: "+title, "2026-12-03", fmt.Sprintf("http://127.0.0.1:8080/drafts/%d", draftID))
	if desc, _ := events[meetingUID].Props.Text(ical.PropDescription); desc != "Drafts expected to be voted: "+title {
		t.Errorf("DESCRIPTION %q", desc)
	}
	again := e.get("/v1/calendar.ics", "If-None-Match", ics.header.Get("ETag"))
	if again.status != http.StatusNotModified || ics.header.Get("ETag") == "" {
		t.Errorf("the same file again: %d (ETag %q)", again.status, ics.header.Get("ETag"))
	}

	// The board: the week ahead on its first page, the expected day on
	// the draft's page.
	index := string(e.get("/").expect(http.StatusOK).body)
	if !strings.Contains(index, "This week in the Council") || !strings.Contains(index, agenda) ||
		!strings.Contains(index, fmt.Sprintf(`href="/drafts/%d"`, draftID)) {
		t.Errorf("the board's first page does not show the week ahead")
	}
	if page := string(e.get(fmt.Sprintf("/drafts/%d", draftID)).expect(http.StatusOK).body); !strings.Contains(page, "vote expected 3 Dec 2026") {
		t.Errorf("the draft's page does not show the expected vote")
	}

	gone := e.write(http.MethodDelete, fmt.Sprintf("/v1/calendar/meetings/%d", id), nil).expect(http.StatusOK).json()
	if gone["id"] != float64(id) {
		t.Errorf("the cancelled meeting is %v", gone)
	}
	if n := e.count("SELECT COUNT(*) FROM scheduled_meetings WHERE id = ?", id) + e.count("SELECT COUNT(*) FROM scheduled_drafts WHERE meeting_id = ?", id); n != 0 {
		t.Errorf("%d rows of the cancelled meeting left", n)
	}
	if n := e.count("SELECT COUNT(*) FROM changes WHERE kind = 'meeting.cancelled' AND entity_id = ?", fmt.Sprint(id)); n != 1 {
		t.Errorf("%d meeting.cancelled changes logged", n)
	}
	e.get(fmt.Sprintf("/v1/calendar/meetings/%d", id)).problem(http.StatusNotFound, "not-found")
	if got := e.get("/v1/calendar").json(); len(got["meetings"].([]any)) != 0 {
		t.Errorf("the cancelled meeting is still listed: %v", got)
	}
	if events := parseICS(t, e.get("/v1/calendar.ics").body); len(events) != 1 {
		t.Errorf("%d events after the cancellation, want the vote alone", len(events))
	}

	// The expected vote leaves the calendar when a patch removes it.
	etag := e.get(fmt.Sprintf("/v1/drafts/%d", draftID)).header.Get("ETag")
	e.write(http.MethodPatch, fmt.Sprintf("/v1/drafts/%d", draftID), map[string]any{"expected_vote_on": nil}, "If-Match", etag).expect(http.StatusOK)
	if n := e.count("SELECT COUNT(*) FROM drafts WHERE id = ? AND expected_vote_on IS NULL", draftID); n != 1 {
		t.Error("expected_vote_on is still stored")
	}
	if n := e.count("SELECT COUNT(*) FROM changes WHERE kind = 'draft.updated' AND draft_id = ?", draftID); n != 1 {
		t.Errorf("%d draft.updated changes logged", n)
	}
	if got := e.get("/v1/calendar").json(); len(got["expected_votes"].([]any)) != 0 {
		t.Errorf("the vote is still expected: %v", got)
	}
	if strings.Contains(string(e.get("/").body), "This week in the Council") {
		t.Error("the board still shows a week ahead with nothing in it")
	}
}

// checkEvent checks an event's summary (unescaped), day and link.
func checkEvent(t *testing.T, ev ical.Event, summary, day, link string) {
	t.Helper()
	if got, _ := ev.Props.Text(ical.PropSummary); got != summary {
		t.Errorf("SUMMARY %q, want %q", got, summary)
	}
	start, err := ev.DateTimeStart(time.UTC)
	if err != nil || start.Format(time.DateOnly) != day {
		t.Errorf("DTSTART %v (%v), want %s", start, err, day)
	}
	if u, err := ev.Props.URI(ical.PropURL); err != nil || u.String() != link {
		t.Errorf("URL %v (%v), want %s", u, err, link)
	}
}

func TestCalendarRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	fresh := int64(e.write(http.MethodPost, "/v1/drafts", map[string]any{"title": "Fresh", "topic": "Haiti", "introduced_on": "2026-11-20"}).
		expect(http.StatusCreated).json()["id"].(float64))
	withdrawn := int64(e.write(http.MethodPost, "/v1/drafts", map[string]any{"title": "Withdrawn", "topic": "Haiti", "introduced_on": "2026-11-20"}).
		expect(http.StatusCreated).json()["id"].(float64))
	e.write(http.MethodPatch, fmt.Sprintf("/v1/drafts/%d", withdrawn), map[string]any{"status": "withdrawn"}, "If-Match", "*").expect(http.StatusOK)
	many := make([]int64, 21)
	for i := range many {
		many[i] = int64(1000 + i)
	}
	before := e.digest()
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"a day past", map[string]any{"date": "2026-11-27", "agenda": "Haiti"}, "date"},
		{"more than a year ahead", map[string]any{"date": "2027-12-01", "agenda": "Haiti"}, "date"},
		{"no agenda", map[string]any{"date": "2026-12-01", "agenda": " "}, "agenda"},
		{"an agenda too long", map[string]any{"date": "2026-12-01", "agenda": strings.Repeat("a", 501)}, "agenda"},
		{"a draft that does not exist", map[string]any{"date": "2026-12-01", "agenda": "Haiti", "drafts": []int64{fresh, 999999}}, "drafts[1]"},
		{"a draft withdrawn", map[string]any{"date": "2026-12-01", "agenda": "Haiti", "drafts": []int64{withdrawn}}, "drafts[0]"},
		{"a draft twice", map[string]any{"date": "2026-12-01", "agenda": "Haiti", "drafts": []int64{fresh, fresh}}, "drafts[1]"},
		{"too many drafts", map[string]any{"date": "2026-12-01", "agenda": "Haiti", "drafts": many}, "drafts"},
	} {
		p := e.write(http.MethodPost, "/v1/calendar/meetings", tc.body).problem(http.StatusUnprocessableEntity, "invalid")
		if f := fields(p); len(f) == 0 || f[0] != tc.field {
			t.Errorf("%s: fields %v, want %s", tc.name, f, tc.field)
		}
	}
	e.req(http.MethodPost, "/v1/calendar/meetings", map[string]any{"date": "2026-12-01", "agenda": "Haiti"}).problem(http.StatusUnauthorized, "unauthorized")
	e.write(http.MethodDelete, "/v1/calendar/meetings/999999", nil).problem(http.StatusNotFound, "not-found")
	e.write(http.MethodPost, "/v1/drafts", map[string]any{"title": "Late", "topic": "Haiti", "introduced_on": "2026-11-20", "expected_vote_on": "2026-11-01"}).
		problem(http.StatusUnprocessableEntity, "invalid")
	e.get("/v1/calendar?from=2026-12-01&to=2026-11-30").problem(http.StatusUnprocessableEntity, "invalid")
	e.get("/v1/calendar.ics?from=2026-12-01&to=2027-06-01").problem(http.StatusUnprocessableEntity, "invalid")
	if after := e.digest(); after != before {
		t.Error("a refused request changed the database")
	}

	// The eleventh meeting of a day is one too many.
	for i := range 10 {
		e.write(http.MethodPost, "/v1/calendar/meetings", map[string]any{"date": "2026-12-07", "agenda": fmt.Sprint("Item ", i)}).expect(http.StatusCreated)
	}
	e.write(http.MethodPost, "/v1/calendar/meetings", map[string]any{"date": "2026-12-07", "agenda": "One more"}).problem(http.StatusConflict, "conflict")
	if n := e.count("SELECT COUNT(*) FROM scheduled_meetings WHERE meets_on = '2026-12-07'"); n != 10 {
		t.Errorf("%d meetings on the 7th", n)
	}
}
