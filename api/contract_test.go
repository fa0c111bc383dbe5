package api_test

// The document is the contract: a client that sends only what it calls
// valid must not be refused as a bad request, and what it calls invalid
// must be refused. TestDocumentIsExactlyAsStrictAsTheServer generates
// requests from the served /openapi.json alone and sends them through the
// real router.
//
// Some rules depend on what is stored, or tie values together in ways
// JSON Schema cannot say. The document describes them in words; the test
// meets them by choosing stored values (see contractState.hook):
//   - dates are not in the future by the server's clock, and not before
//     1946-01-17 (1945-06-26 for a source's published_on): every date sent
//     is 2012-01-30;
//   - a position's member sits on the Council on as_of, and only a
//     permanent member may take veto: positions are recorded for RUS;
//   - evidence cites a stored source: the seeded one;
//   - a roll call names exactly the members sitting on voted_on, each once
//     in any case, and no one else: the 2012 Council, as GET
//     /v1/members?on= lists it;
//   - voted_on is not before the draft's introduced_on; a withdrawn draft
//     cannot be voted; a second vote needs If-Match (428) naming the
//     current one (412); a PATCH needs If-Match (428) naming the current
//     version (412); status moves only from circulating or in_blue, and a
//     voted draft keeps its outcome and procedural flag: every write to a
//     draft goes to a fresh, circulating, unvoted one, with If-Match *;
//   - a draft's symbol and a member's code are not taken yet (409), and an
//     Idempotency-Key is not reused for another request (422): fresh
//     values each time;
//   - at most five permanent members and six (to 1965) or ten elected seats a year, terms
//     of one member do not overlap (409), and only elected members have
//     terms (422): terms are added to IND, and 409 is an accepted answer;
//   - a term's end is its start or the year after;
//   - a cursor, since or Last-Event-ID is one the server gave out (its
//     own base64url JSON): a real next_cursor;
//   - sponsors are unique ignoring case and surrounding white space;
//   - a field named twice in a body is refused (400): JSON Schema sees
//     the parsed object only;
//   - a path parameter that breaks its schema names no resource: 404, as
//     any unknown URL;
//   - If-Match and If-None-Match take any text: a tag that names no
//     current version fails (412) or misses (200);
//   - a voted draft's PATCH may restate its own outcome as status; the
//     document lists the statuses an editor can set;
//   - an empty header is taken as no header;
//   - a link names another stored draft (422), not yet linked so (409):
//     links go from a fresh draft to the seeded S/2012/77;
//   - a scheduled meeting and an expected vote are on a day from today
//     on: calendarDate; a meeting's drafts are fresh ones, not voted;
//     the presidency is recorded for FRA, which sits in every month;
//   - a retraction names a stored observation of the member on the draft
//     (404), not yet retracted (409): each is made on the fresh draft;
//   - an agreement names two different stored members: USA,RUS; an
//     alignment's member is a stored one: IND;
//   - only an adopted draft takes a resolution symbol, with its vote's
//     year: a PATCH that sets one goes to a fresh draft adopted on
//     contractDate, without the status or procedural change an adopted
//     draft refuses.
//
// Where the server is more lenient than the document (white space around
// member codes and stance list items, which it trims; user info or an
// IPv6 host in a source's URL) the test does not send such values;
// serverGaps lists where it takes what it should refuse.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"

	"unsc/api"
	"unsc/models"
	"unsc/models/sqlstore"
)

// contractDate is the date every generated request sends: the Council of
// 2012 sits, the seeded draft is introduced, and it is in the past.
const contractDate = "2012-01-30"

func TestDocumentIsExactlyAsStrictAsTheServer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	raw := e.get("/openapi.json").body
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	// A second validator asserts formats (date, uri), as a strict client does.
	d, err := libopenapi.NewDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	strict, errs := validator.NewValidator(d, config.WithFormatAssertions())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	st := newContractState(e)
	// Draft symbols, member codes and idempotency keys must not repeat.
	g := newGenerator(doc, st.hook, "body.symbol", "body.resolution", "body.code", "header.Idempotency-Key")
	for _, op := range operations(doc) {
		t.Run(op.id, func(t *testing.T) {
			e.t = t
			g.t, st.op = t, op
			valid, invalid := g.valid(op), g.invalid(op)
			if len(valid) == 0 {
				t.Fatal("no valid request generated")
			}
			for _, v := range valid {
				st.check(t, strict, op, v, g.build(op, v.shape), true)
			}
			for _, v := range invalid {
				st.check(t, strict, op, v, g.build(op, v.shape), false)
			}
		})
	}
}

// TestDocumentDescribesEverything checks that every schema property,
// parameter and response header says what it is.
func TestDocumentDescribesEverything(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var doc map[string]any
	if err := json.Unmarshal(e.get("/openapi.json").body, &doc); err != nil {
		t.Fatal(err)
	}
	described := func(where string, m map[string]any) {
		if s, _ := m["description"].(string); strings.TrimSpace(s) == "" {
			t.Errorf("%s has no description", where)
		}
	}
	for name, s := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
		for prop, ps := range mapOf(mapOf(s)["properties"]) {
			described("components.schemas."+name+"."+prop, mapOf(ps))
		}
	}
	for path, item := range mapOf(doc["paths"]) {
		for method, op := range mapOf(item) {
			for _, p := range listOf(mapOf(op)["parameters"]) {
				described(fmt.Sprintf("%s %s parameter %s", method, path, mapOf(p)["name"]), mapOf(p))
			}
			for status, resp := range mapOf(mapOf(op)["responses"]) {
				for h, hs := range mapOf(mapOf(resp)["headers"]) {
					described(fmt.Sprintf("%s %s %s header %s", method, path, status, h), mapOf(hs))
				}
			}
		}
	}
	stream := mapOf(mapOf(mapOf(doc["paths"])["/v1/changes/stream"])["get"])
	var names []string
	for _, p := range listOf(stream["parameters"]) {
		names = append(names, mapOf(p)["name"].(string))
	}
	if !slices.Contains(names, "Last-Event-ID") || !slices.Contains(names, "since") {
		t.Errorf("the stream documents %v, want Last-Event-ID and since", names)
	}
}

// contractState holds the stored values the generated requests use where
// the server's answer depends on what is stored.
type contractState struct {
	e       *env
	op      operation
	cursor  string          // a list's cursor the server gave out
	since   string          // a place in the change feed the server gave out
	sitting map[string]bool // the Council on contractDate, for a roll call
	draft   int64           // the fresh draft of the request being built
	// webhookID is a webhook of the env's key with one delivery, for the
	// webhook routes (a deletion or a patch gets a fresh one).
	webhookID, delivery int64
}

func newContractState(e *env) *contractState {
	st := &contractState{e: e, sitting: map[string]bool{}}
	st.cursor = e.get("/v1/drafts?limit=1").json()["next_cursor"].(string)
	st.since = e.get("/v1/changes?limit=1").json()["next_cursor"].(string)
	for _, m := range e.get("/v1/members?on=" + contractDate).list() {
		st.sitting[m["code"].(string)] = true
	}
	if len(st.sitting) != 15 {
		e.t.Fatalf("%d members sit on %s, want 15", len(st.sitting), contractDate)
	}
	return st
}

// hook puts stored values where the server needs them.
func (st *contractState) hook(place string, v any) any {
	switch place {
	case "path.id":
		switch {
		case strings.HasPrefix(st.op.path, "/v1/sources/"):
			return st.e.source
		case strings.HasPrefix(st.op.path, "/v1/webhooks/"):
			return st.webhook()
		case strings.HasPrefix(st.op.path, "/v1/calendar/"):
			return st.scheduled()
		case st.op.write:
			st.draft = st.freshDraft()
			return st.draft
		}
		return st.e.oct
	case "path.position_id":
		return st.observation()
	case "body.draft_id", "body.filter.draft_id":
		return st.e.arab
	case "body.filter.member":
		if _, ok := v.(string); ok {
			return "RUS"
		}
	case "path.delivery_id":
		st.webhook()
		return st.delivery
	case "body":
		switch st.op.id {
		case "patchDraft":
			return st.adoptedFor(v)
		case "recordVote":
			return recordForm(v)
		}
	case "path.code":
		if st.op.id == "addTerm" {
			return "IND" // elected: only elected members have terms
		}
		return "RUS" // permanent: sits on every date and may take veto
	case "query.cursor":
		return st.cursor
	case "query.since", "header.Last-Event-ID":
		return st.since
	case "query.draft":
		return st.e.arab
	case "query.url":
		return fmt.Sprintf("%s/drafts/%d", api.DefaultPublicURL, st.e.oct) // a draft of this board
	case "query.members":
		if _, ok := v.(string); ok {
			return "USA,RUS" // two different stored members
		}
	case "query.member":
		if _, ok := v.(string); ok && st.op.id == "alignment" {
			return "IND" // a stored member
		}
	case "header.If-Match":
		return "*"
	case "body.introduced_on", "body.as_of", "body.voted_on", "body.published_on":
		if _, ok := v.(string); ok {
			return contractDate
		}
	case "body.evidence[].source_id":
		return st.e.source
	case "body.date", "body.expected_vote_on":
		if _, ok := v.(string); ok {
			return calendarDate
		}
	case "body.drafts[]":
		return st.freshDraft()
	case "body.member":
		if _, ok := v.(string); ok {
			return "FRA" // permanent: sits in every month
		}
	case "body.votes":
		return st.rollCall(v.(map[string]any))
	}
	return v
}

// rollCall gives every sitting member the first generated vote, and keeps
// any generated entries beyond fifteen; an empty map stays empty.
func (st *contractState) rollCall(gen map[string]any) map[string]any {
	out := map[string]any{}
	keys := mapKeysSorted(gen)
	if len(keys) == 0 {
		return out
	}
	for code := range st.sitting {
		out[code] = gen[keys[0]]
	}
	for _, k := range keys[min(len(keys), len(st.sitting)):] {
		out[k] = gen[k]
	}
	return out
}

// freshDraft stores a circulating, unvoted draft introduced before
// contractDate.
func (st *contractState) freshDraft() int64 {
	d, err := st.e.store.CreateDraft(context.Background(), sqlstore.Edit[models.Draft]{By: "contract"}, models.DraftInput{Title: "Generated", Topic: "Contract", IntroducedOn: "2012-01-27"})
	if err != nil {
		st.e.t.Fatal(err)
	}
	return d.ID
}

// calendarDate is the day the generated requests schedule a meeting or
// expect a vote on: a week after the tests' today, since the calendar
// looks ahead.
const calendarDate = "2026-12-05"

// scheduled schedules a meeting on calendarDate, for a request that
// names one.
func (st *contractState) scheduled() int64 {
	m, err := st.e.store.ScheduleMeeting(context.Background(), sqlstore.Edit[models.ScheduledMeeting]{By: "contract"},
		models.ScheduleInput{Date: calendarDate, Agenda: "Generated"})
	if err != nil {
		st.e.t.Fatal(err)
	}
	return m.ID
}

// observation records a position of RUS on the fresh draft.
func (st *contractState) observation() int64 {
	p, err := st.e.store.RecordPosition(context.Background(), sqlstore.Edit[models.Position]{By: "contract"}, st.draft, "RUS",
		models.PositionInput{Stance: models.StanceVeto, AsOf: contractDate, Evidence: []models.Evidence{{Quote: "No", Speaker: "Envoy", SourceID: st.e.source}}})
	if err != nil {
		st.e.t.Fatal(err)
	}
	return p.ID
}

// resolutionYear is the year in a resolution symbol.
var resolutionYear = regexp.MustCompile(`\([0-9]{4}\)$`)

// adoptedFor readies a PATCH body that sets a resolution symbol: the fresh
// draft is adopted on contractDate, the symbol names that year, and the
// body leaves alone what an adopted draft keeps (its status, its
// procedural flag).
func (st *contractState) adoptedFor(v any) any {
	body, _ := v.(map[string]any)
	r, _ := body["resolution"].(string)
	if !regexp.MustCompile("^" + models.ResolutionPattern + "$").MatchString(r) {
		return v
	}
	votes := map[string]models.Cast{}
	for code := range st.sitting {
		votes[code] = models.CastYes
	}
	_, err := st.e.store.RecordVote(context.Background(), sqlstore.Edit[sqlstore.VoteResult]{By: "contract"}, st.draft,
		models.VoteInput{VotedOn: contractDate, Votes: votes}, 0)
	if err != nil {
		st.e.t.Fatal(err)
	}
	body["resolution"] = resolutionYear.ReplaceAllString(r, "("+contractDate[:4]+")")
	if s, _ := body["status"].(string); models.StatusInBlue.CanSetTo(models.Status(s)) {
		delete(body, "status")
	}
	if _, ok := body["procedural"].(bool); ok {
		body["procedural"] = false
	}
	delete(body, "expected_vote_on") // no vote is expected of an adopted draft
	return body
}

// recordForm makes a vote in the record's form add up: a tally whose
// counts are all there and within bounds becomes the count of the votes
// sent (every member sitting, so every seat), and a stated outcome that
// is one a vote can have becomes the one Art. 27 gives them. A value the
// variant broke is left as it is.
func recordForm(v any) any {
	body, _ := v.(map[string]any)
	votes, _ := body["votes"].(map[string]any)
	casts := map[string]models.Cast{}
	for code, c := range votes {
		s, _ := c.(string)
		casts[code] = models.Cast(s)
	}
	counts := models.CountsOf(casts)
	if tally, ok := body["tally"].(map[string]any); ok {
		whole := true
		for _, k := range []string{"yes", "no", "abstain", "non_voting"} {
			n, ok := tally[k].(int64)
			whole = whole && ok && n >= 0 && n <= models.MaxSeats
		}
		if whole {
			tally["yes"], tally["no"], tally["abstain"], tally["non_voting"] = counts.Yes, counts.No, counts.Abstain, counts.NonVoting
		}
	}
	if o, _ := body["outcome"].(string); slices.Contains([]string{"adopted", "failed", "vetoed"}, o) {
		permanentNo := false
		for _, code := range []string{"CHN", "FRA", "GBR", "RUS", "USA"} {
			permanentNo = permanentNo || casts[code] == models.CastNo
		}
		switch {
		case counts.Yes < 9:
			body["outcome"] = "failed"
		case permanentNo:
			body["outcome"] = "vetoed"
		default:
			body["outcome"] = "adopted"
		}
	}
	return body
}

// check sends one generated request and holds the server to the document.
func (st *contractState) check(t *testing.T, strict validator.Validator, op operation, v variant, rq request, valid bool) {
	t.Helper()
	e := st.e
	if op.write {
		rq.header.Set("Authorization", "Bearer "+e.token)
	}
	label := fmt.Sprintf("%s %s [%s]", rq.method, rq.target, v.name)
	vreq := httptest.NewRequest(rq.method, rq.target, bytes.NewReader(rq.body))
	vreq.Header = rq.header.Clone()
	if ok, errs := strict.ValidateHttpRequest(vreq); ok != valid {
		var why []string
		for _, ve := range errs {
			why = append(why, ve.Message+": "+ve.Reason)
		}
		t.Errorf("%s: generated as valid=%v, the document says valid=%v %v", label, valid, ok, why)
		return
	}
	before := e.rowCounts()
	r := st.send(rq)
	after := e.rowCounts()
	if r.status >= 500 {
		t.Errorf("%s -> %d: %s", label, r.status, r.body)
		return
	}
	if valid {
		if !slices.Contains([]int{404, 409, 412, 428}, r.status) && r.status >= 400 {
			t.Errorf("%s: valid by the document, refused %d: %s", label, r.status, r.body)
			return
		}
		if op.write && rq.method != "GET" && r.status < 300 {
			// A patch that changes nothing stores nothing and keeps the
			// fresh draft's first version.
			if after == before && !(rq.method == "PATCH" && strings.HasSuffix(r.header.Get("ETag"), `.1"`)) {
				t.Errorf("%s -> %d stored nothing", label, r.status)
			}
			switch {
			case op.id == "rotateWebhookSecret":
				// The new secret is shown once: the webhook read back
				// names the old one's end instead.
				where := strings.TrimSuffix(rq.target, "/secret")
				if got := e.get(where, "Authorization", "Bearer "+e.token).json(); got["previous_secret_until"] == nil {
					t.Errorf("%s: %s names no previous secret", label, where)
				}
			case rq.method == "DELETE":
				if got := e.get(rq.target, "Authorization", "Bearer "+e.token); got.status != 404 {
					t.Errorf("%s -> %d, yet reading it back -> %d", label, r.status, got.status)
				}
			default:
				st.stored(t, label, rq, r)
			}
		}
		return
	}
	if why, ok := serverGaps[op.id+" "+v.name]; ok {
		if r.status == 400 || r.status == 422 {
			t.Errorf("%s is refused now (%d): take it out of serverGaps", label, r.status)
		} else {
			t.Logf("%s -> %d: %s", label, r.status, why)
		}
		return
	}
	want := []int{400, 422}
	switch {
	case strings.HasPrefix(v.place, "path."):
		want = []int{404} // the URL names no resource
	case v.place == "header.If-Match" && strings.HasSuffix(v.name, "missing"):
		want = []int{428} // RFC 6585: the precondition is required
	}
	if !slices.Contains(want, r.status) {
		t.Errorf("%s: invalid by the document, answered %d, want one of %v: %s", label, r.status, want, r.body)
		return
	}
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" &&
		!(r.status == 422 && slices.ContainsFunc(op.refusals, func(m string) bool { return strings.HasPrefix(ct, m+";") })) {
		t.Errorf("%s: refusal as %q", label, ct)
	}
	if after != before {
		t.Errorf("%s: a refused request changed the database", label)
	}
	if r.status == 422 && strings.HasPrefix(v.place, "body.") {
		var p map[string]any
		if err := json.Unmarshal(r.body, &p); err != nil {
			t.Fatal(err)
		}
		top := strings.TrimPrefix(v.place, "body.")
		top = top[:strings.IndexFunc(top+".", func(r rune) bool { return r == '.' || r == '[' || r == '{' || r == '<' })]
		found := false
		for _, f := range fields(p) {
			found = found || f == top || strings.HasPrefix(f, top+".") || strings.HasPrefix(f, top+"[")
		}
		if !found {
			t.Errorf("%s: the problem names %v, not %s", label, fields(p), top)
		}
	}
}

// serverGaps are requests the document rightly calls invalid that the
// server takes anyway, keyed by operation and variant, with why. A gap
// that closes fails the test, so that its entry goes.
var serverGaps = map[string]string{
	// A form without JavaScript sends its empty fields; the board's pages
	// take an empty value as the parameter left out.
	`boardDraft query.on: "" does not match the pattern`:      "a board form's empty field is taken as absent",
	`boardMembers query.on: "" does not match the pattern`:    "a board form's empty field is taken as absent",
	`boardMeetings query.from: "" does not match the pattern`: "a board form's empty field is taken as absent",
	`boardMeetings query.to: "" does not match the pattern`:   "a board form's empty field is taken as absent",
}

// send serves rq; a stream is ended once it has flushed its first bytes.
func (st *contractState) send(rq request) *response {
	e := st.e
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, rq.method, rq.target, bytes.NewReader(rq.body))
	req.Header = rq.header
	req.RemoteAddr = "192.0.2.1:1234"
	rec := &flushStop{ResponseRecorder: httptest.NewRecorder(), stop: cancel}
	e.h.ServeHTTP(rec, req)
	res := rec.Result()
	data, _ := io.ReadAll(res.Body)
	r := &response{t: e.t, status: res.StatusCode, header: res.Header, body: data}
	e.conform(rq.method, rq.target, nil, nil, r)
	return r
}

// flushStop ends a streamed answer at its first flush.
type flushStop struct {
	*httptest.ResponseRecorder
	stop func()
}

func (f *flushStop) Flush() {
	f.ResponseRecorder.Flush()
	f.stop()
}

// stored reads back what a successful write stored and finds in it every
// value the request sent (blank text and null mean "none" or "unchanged").
func (st *contractState) stored(t *testing.T, label string, rq request, r *response) {
	t.Helper()
	where := r.header.Get("Location")
	if where == "" {
		where, _, _ = strings.Cut(rq.target, "?")
	}
	if month, ok := strings.CutPrefix(where, "/v1/presidency/"); ok {
		where = "/v1/presidency?month=" + month // a month is read by query
	}
	got := st.e.get(where, "Authorization", "Bearer "+st.e.token) // a key's webhooks are read with the key
	if got.status != 200 {
		t.Errorf("%s: reading %s back -> %d", label, where, got.status)
		return
	}
	var sent, stored any
	if err := json.Unmarshal(rq.body, &sent); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got.body, &stored); err != nil {
		t.Fatal(err)
	}
	if m, ok := stored.(map[string]any); ok && strings.HasPrefix(where, "/v1/calendar/meetings/") {
		// A scheduled meeting is sent its drafts' ids and shows the drafts.
		ids := []any{}
		for _, d := range listOf(m["drafts"]) {
			ids = append(ids, mapOf(d)["id"])
		}
		m["drafts"] = ids
	}
	if m, ok := stored.(map[string]any); ok && strings.HasPrefix(where, "/v1/presidency?") {
		m["member"] = mapOf(m["member"])["code"] // sent by code, shown with its name
	}
	if !echoes(stored, sent) {
		t.Errorf("%s: %s does not hold what was sent\nsent:   %s\nstored: %s", label, where, rq.body, got.body)
	}
}

// echoes reports whether stored, or a part of it, matches sent.
func echoes(stored, sent any) bool {
	if matchesSent(stored, sent) {
		return true
	}
	switch x := stored.(type) {
	case map[string]any:
		for _, v := range x {
			if echoes(v, sent) {
				return true
			}
		}
	case []any:
		for _, v := range x {
			if echoes(v, sent) {
				return true
			}
		}
	}
	return false
}

func matchesSent(stored, sent any) bool {
	switch s := sent.(type) {
	case nil:
		return true
	case string:
		g, ok := stored.(string)
		// Blank text means none; member codes are stored upper case.
		return strings.TrimSpace(s) == "" || ok && (g == s || len(s) == 3 && g == strings.ToUpper(s))
	case map[string]any:
		g, ok := stored.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range s {
			if !matchesSent(g[k], v) {
				return false
			}
		}
		return true
	case []any:
		g, ok := stored.([]any)
		if !ok || len(g) != len(s) {
			return false
		}
		for i := range s {
			if !matchesSent(g[i], s[i]) {
				return false
			}
		}
		return true
	}
	return stored == sent
}

// webhook is the env key's webhook for the request being built: the one
// kept for the run, made with a delivery to send again, or a fresh one to
// delete or patch (a patch that changes nothing keeps its first version,
// as a draft's does). A key holds at most models.MaxWebhooksPerKey: the
// others are deleted to make room.
func (st *contractState) webhook() int64 {
	fresh := st.op.id == "deleteWebhook" || st.op.id == "patchWebhook"
	if !fresh && st.webhookID != 0 {
		return st.webhookID
	}
	e := st.e
	body := map[string]any{"url": "https://example.org/hook", "events": []string{"draft.created"}}
	r := e.write("POST", "/v1/webhooks", body)
	if r.status == 409 {
		for _, w := range e.get("/v1/webhooks", "Authorization", "Bearer "+e.token).list() {
			if id := int64(w["id"].(float64)); id != st.webhookID {
				e.write("DELETE", fmt.Sprintf("/v1/webhooks/%d", id), nil).expect(204)
			}
		}
		r = e.write("POST", "/v1/webhooks", body)
	}
	id := int64(r.expect(201).json()["id"].(float64))
	if fresh {
		return id
	}
	st.webhookID = id
	st.freshDraft()
	if _, err := e.store.Dispatch(context.Background(), time.Now()); err != nil {
		e.t.Fatal(err)
	}
	deliveries := e.get(fmt.Sprintf("/v1/webhooks/%d/deliveries", id), "Authorization", "Bearer "+e.token).list()
	if len(deliveries) != 1 {
		e.t.Fatalf("a fresh draft queued %d deliveries to a webhook for draft.created, want 1", len(deliveries))
	}
	st.delivery = int64(deliveries[0]["id"].(float64))
	return id
}
