package api

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/models"
)

// route is one endpoint: how it is served and how the OpenAPI document
// describes it. The router and the document are both built from routes(),
// so neither can name a path the other lacks.
type route struct {
	method, path string
	handle       gin.HandlerFunc
	write        bool // needs a bearer token
	id, summary  string
	params       []param
	body         any // request body shape, nil for none
	status       int // success status
	resp         any // success body shape
	headers      []string
	extra        []int  // error statuses beyond those implied by params, body and auth
	etag         bool   // answers 304 to If-None-Match
	created      int    // a second success status (PUT vote: 201 first time, 200 after)
	media        string // the success body's media type when not JSON
	live         bool   // a stream: never cached
}

type param struct {
	name, in, desc string
	schema         map[string]any
	required       bool
}

var (
	pDraftID = param{name: "id", in: "path", desc: "draft id", schema: idSchema(), required: true}
	pSrcID   = param{name: "id", in: "path", desc: "source id", schema: idSchema(), required: true}
	pCode    = param{name: "code", in: "path", desc: "member code, ISO 3166-1 alpha-3 in any case", schema: map[string]any{"type": "string", "pattern": codePattern}, required: true}
	pCursor  = param{name: "cursor", in: "query", desc: "next_cursor from the previous page; empty starts at the first", schema: cursorSchema()}
	pLimit   = param{name: "limit", in: "query", desc: "page size", schema: map[string]any{"type": "integer", "minimum": 1, "maximum": models.MaxLimit, "default": models.DefaultLimit}}
	pPerm    = param{name: "permanent", in: "query", desc: "only permanent (true) or elected (false) members", schema: map[string]any{"type": "boolean"}}
	pStatus  = param{name: "status", in: "query", desc: "only drafts with this status; empty for all", schema: enumSchema(append([]string{""}, strs(models.Statuses)...))}
	pTopic   = param{name: "topic", in: "query", desc: "only drafts on this topic, any case; empty for all", schema: queryText()}
	// pLastEventID is what an EventSource sends when it reconnects.
	pLastEventID = param{name: "Last-Event-ID", in: "header", desc: "the id of the last event received, to resume after it; it takes the place of since", schema: map[string]any{"type": "string", "pattern": cursorPattern}}
	pOn          = param{name: "on", in: "query", desc: "a date, YYYY-MM-DD: as things stood that day, each sitting member's last position on or before it, against the Council sitting then (for a voted draft, at the latest its vote date)", schema: dateSchema()}
	pSince       = param{name: "since", in: "query", desc: "next_cursor from an earlier answer, or an event's id; empty starts at the beginning", schema: cursorSchema()}
)

// stanceParam filters by stances: one or more, comma-separated.
func stanceParam(desc string, unknown bool) param {
	vals := strs(models.Stances)
	if unknown {
		vals = append(vals, string(models.StanceUnknown))
	}
	return param{name: "stance", in: "query", desc: desc, schema: listSchema(vals)}
}

func (h *Handler) routes() []route {
	return []route{
		{method: http.MethodGet, path: "/v1/members", handle: h.listMembers, id: "listMembers",
			summary: "List members; with on=, the 11 or 15 sitting that day, named as then",
			params:  []param{{name: "on", in: "query", desc: "a date, YYYY-MM-DD: only members sitting that day", schema: dateSchema()}, pPerm, pCursor, pLimit},
			status:  http.StatusOK, resp: list[models.Member]{}},
		{method: http.MethodPost, path: "/v1/members", handle: h.createMember, write: true, id: "createMember",
			summary: "Add a member", body: memberRequest{}, status: http.StatusCreated, resp: models.Member{},
			headers: []string{"Location"}, extra: []int{http.StatusConflict}},
		{method: http.MethodGet, path: "/v1/members/:code", handle: h.getMember, id: "getMember",
			summary: "One member and its terms", params: []param{pCode}, status: http.StatusOK, resp: models.Member{}},
		{method: http.MethodPost, path: "/v1/members/:code/terms", handle: h.addTerm, write: true, id: "addTerm",
			summary: "Give an elected member a new term", params: []param{pCode}, body: termRequest{},
			status: http.StatusCreated, resp: models.Member{}, headers: []string{"Location"}, extra: []int{http.StatusConflict}},
		{method: http.MethodGet, path: "/v1/members/:code/positions", handle: h.memberPositions, id: "memberPositions",
			summary: "A member's current positions on every draft",
			params:  []param{pCode, stanceParam("only these stances, comma-separated", false), pCursor, pLimit},
			status:  http.StatusOK, resp: list[models.Position]{}, etag: true},
		{method: http.MethodGet, path: "/v1/members/:code/votes", handle: h.memberVotes, id: "memberVotes",
			summary: "Every roll call a member took part in, newest first: its vote, the outcome, whether it vetoed, and its last position before",
			params:  append(append([]param{pCode}, memberVoteParams...), pCursor, pLimit),
			status:  http.StatusOK, resp: list[models.MemberVote]{}},
		{method: http.MethodGet, path: "/v1/members/:code/votes.csv", handle: h.memberVotesCSV, id: "memberVotesCSV", media: "text/csv",
			summary: "A member's roll calls as CSV, the same rows as /v1/members/{code}/votes, all of them",
			params:  append([]param{pCode}, memberVoteParams...), status: http.StatusOK},
		{method: http.MethodGet, path: "/v1/sources", handle: h.listSources, id: "listSources",
			summary: "List sources", params: []param{pCursor, pLimit}, status: http.StatusOK, resp: list[models.Source]{}},
		{method: http.MethodPost, path: "/v1/sources", handle: h.createSource, write: true, id: "createSource",
			summary: "Add a source", body: sourceRequest{}, status: http.StatusCreated, resp: models.Source{}, headers: []string{"Location"}},
		{method: http.MethodGet, path: "/v1/sources/:id", handle: h.getSource, id: "getSource",
			summary: "One source", params: []param{pSrcID}, status: http.StatusOK, resp: models.Source{}},
		{method: http.MethodGet, path: "/v1/drafts", handle: h.listDrafts, id: "listDrafts",
			summary: "List drafts, newest introduced first",
			params: []param{
				{name: "symbol", in: "query", desc: "exact symbol, e.g. S/2012/77; empty for all", schema: queryText()},
				{name: "status", in: "query", desc: "only drafts with one of these statuses, comma-separated, such as failed,vetoed; empty for all",
					schema: optionalListSchema(strs(models.Statuses))},
				pTopic,
				{name: "resolution", in: "query", desc: "exact resolution symbol of an adopted draft, e.g. S/RES/2085 (2012); empty for all", schema: queryText()},
				{name: "vetoed_by", in: "query", desc: "only drafts vetoed by any of these members, by code in any case, comma-separated, such as RUS,CHN", schema: codeListSchema()},
				{name: "voted_from", in: "query", desc: "only drafts voted on or after this date", schema: dateSchema()},
				{name: "voted_to", in: "query", desc: "only drafts voted on or before this date", schema: dateSchema()},
				{name: "sponsor", in: "query", desc: "a sponsor's code or name, any case; empty for all", schema: queryText()},
				{name: "q", in: "query", desc: "words to find in symbol, title, topic or summary, any case; each must appear", schema: queryText()},
				pCursor, pLimit},
			status: http.StatusOK, resp: list[models.Draft]{}},
		{method: http.MethodPost, path: "/v1/drafts", handle: h.createDraft, write: true, id: "createDraft",
			summary: "Add a draft", body: draftRequest{}, status: http.StatusCreated, resp: models.Draft{},
			headers: []string{"Location", "ETag"}, extra: []int{http.StatusConflict}},
		{method: http.MethodGet, path: "/v1/drafts/:id", handle: h.getDraft, id: "getDraft",
			summary: "One draft, with its vote when voted", params: []param{pDraftID}, status: http.StatusOK,
			resp: models.Draft{}, headers: []string{"ETag"}, etag: true},
		{method: http.MethodPatch, path: "/v1/drafts/:id", handle: h.patchDraft, write: true, id: "patchDraft",
			summary: "Change a draft; needs If-Match with its ETag", params: []param{pDraftID, ifMatchParam(true)},
			body: draftPatchRequest{}, status: http.StatusOK, resp: models.Draft{}, headers: []string{"ETag"},
			extra: []int{http.StatusConflict, http.StatusPreconditionFailed, http.StatusPreconditionRequired}},
		{method: http.MethodPost, path: "/v1/drafts/:id/links", handle: h.linkDrafts, write: true, id: "linkDrafts",
			summary: "Say that a draft revises, amends or competes with another; both show the link",
			params:  []param{pDraftID}, body: linkRequest{}, status: http.StatusCreated, resp: models.Draft{},
			headers: []string{"Location", "ETag"}, extra: []int{http.StatusConflict}},
		{method: http.MethodGet, path: "/v1/drafts/:id/positions", handle: h.draftPositions, id: "draftPositions",
			summary: "Each sitting member's current position on a draft (stance unknown where none)",
			params:  []param{pDraftID, stanceParam("only these stances, comma-separated; unknown for members with no position", true), pPerm, pOn, pCursor, pLimit},
			status:  http.StatusOK, resp: list[models.Position]{}, etag: true},
		{method: http.MethodPut, path: "/v1/drafts/:id/positions/:code", handle: h.recordPosition, write: true, id: "recordPosition",
			summary: "Record a new observation of a member's position", params: []param{pDraftID, pCode},
			body: positionRequest{}, status: http.StatusCreated, resp: models.Position{}, headers: []string{"Location"}},
		{method: http.MethodGet, path: "/v1/drafts/:id/positions/:code/history", handle: h.positionHistory, id: "positionHistory",
			summary: "Every observation of a member's position on a draft, oldest first", params: []param{pDraftID, pCode, pCursor, pLimit},
			status: http.StatusOK, resp: list[models.Position]{}, etag: true},
		{method: http.MethodGet, path: "/v1/drafts/:id/projection", handle: h.projection, id: "projection",
			summary: "The vote the positions point to", params: []param{pDraftID, pOn}, status: http.StatusOK, resp: models.Projection{}},
		{method: http.MethodPost, path: "/v1/drafts/:id/positions/:code/history/:position_id/retraction", handle: h.retractPosition, write: true,
			id: "retractPosition", summary: "Retract an observation found wrong: it stays in the history, marked, and no longer counts",
			params: []param{pDraftID, pCode, {name: "position_id", in: "path", desc: "the observation's id, as its history lists it", schema: idSchema(), required: true}},
			body:   retractionRequest{}, status: http.StatusCreated, resp: models.Position{}, headers: []string{"Location"},
			extra: []int{http.StatusConflict}},
		{method: http.MethodGet, path: "/v1/drafts/:id/vote", handle: h.getVote, id: "getVote",
			summary: "The roll call on a draft and its Art. 27 outcome", params: []param{pDraftID}, status: http.StatusOK,
			resp: models.Vote{}, headers: []string{"ETag"}, etag: true},
		{method: http.MethodPut, path: "/v1/drafts/:id/vote", handle: h.recordVote, write: true, id: "recordVote",
			summary: "Record the roll call (201); correct it with If-Match (200)", params: []param{pDraftID, ifMatchParam(false)},
			body: voteRequest{}, status: http.StatusOK, created: http.StatusCreated, resp: models.Vote{},
			headers: []string{"ETag", "Location"},
			extra:   []int{http.StatusConflict, http.StatusPreconditionFailed, http.StatusPreconditionRequired}},
		{method: http.MethodGet, path: "/v1/positions", handle: h.listPositions, id: "listPositions",
			summary: "Positions across drafts: current ones, or with history=true every observation",
			params: []param{
				{name: "member", in: "query", desc: "only this member's positions, by code in any case; empty for all", schema: map[string]any{"type": "string", "maxLength": maxQueryValue, "pattern": optionalCodePattern}},
				{name: "draft", in: "query", desc: "only positions on this draft, by id", schema: idSchema()},
				stanceParam("only these stances, comma-separated", false),
				{name: "history", in: "query", desc: "every observation, not only current positions", schema: map[string]any{"type": "boolean"}},
				pCursor, pLimit},
			status: http.StatusOK, resp: list[models.Position]{}, etag: true},
		{method: http.MethodGet, path: "/v1/vetoes", handle: h.listVetoes, id: "listVetoes",
			summary: "Every vetoed draft, newest vote first, with the permanent members that vetoed it and the tally",
			params:  append(vetoParams(), pCursor, pLimit), status: http.StatusOK, resp: list[models.Veto]{}},
		{method: http.MethodGet, path: "/v1/vetoes.csv", handle: h.vetoesCSV, id: "vetoesCSV", media: "text/csv",
			summary: "The veto list as CSV, the same rows as /v1/vetoes, all of them", params: vetoParams(), status: http.StatusOK},
		{method: http.MethodGet, path: "/v1/agreement", handle: h.agreement, id: "agreement",
			summary: "How often two members voted alike: the share of identical votes and the State Department's voting coincidence",
			params: []param{
				{name: "members", in: "query", desc: "the two members, by code in any case, comma-separated, such as USA,RUS; two different ones", required: true,
					schema: map[string]any{"type": "string", "pattern": "^[A-Za-z]{3},[A-Za-z]{3}$"}},
				{name: "from", in: "query", desc: "only roll calls on or after this date; absent: from the first", schema: dateSchema()},
				{name: "to", in: "query", desc: "only roll calls on or before this date; absent: to the last", schema: dateSchema()}},
			status: http.StatusOK, resp: models.Agreement{}},
		{method: http.MethodGet, path: "/v1/agreement/matrix", handle: h.agreementMatrix, id: "agreementMatrix",
			summary: "Agreement of every pair of members that voted together in a period of less than ten years, by their codes",
			params: []param{
				{name: "from", in: "query", desc: "the period's first day", schema: dateSchema(), required: true},
				{name: "to", in: "query", desc: fmt.Sprintf("the period's last day: not before from, and less than %d years after it", models.MaxMatrixYears), schema: dateSchema(), required: true},
				pCursor, pLimit},
			status: http.StatusOK, resp: list[models.Agreement]{}},
		{method: http.MethodGet, path: "/v1/alignment", handle: h.alignment, id: "alignment",
			summary: "Votes beside the positions before them: how many kept to them, how many did not, and the drafts where they did not",
			params: []param{
				{name: "member", in: "query", desc: "only this member's votes, by code in any case; absent for every member", schema: map[string]any{"type": "string", "pattern": codePattern}},
				{name: "from", in: "query", desc: "only roll calls on or after this date", schema: dateSchema()},
				{name: "to", in: "query", desc: "only roll calls on or before this date", schema: dateSchema()},
				pCursor, pLimit},
			status: http.StatusOK, resp: models.Alignment{}},
		{method: http.MethodGet, path: "/", handle: h.boardIndex, id: "board", media: "text/html",
			summary: "The vote board: drafts, newest first (HTML)",
			params:  []param{pStatus, pTopic, pCursor},
			status:  http.StatusOK},
		{method: http.MethodGet, path: "/drafts/:id", handle: h.boardDraft, id: "boardDraft", media: "text/html",
			summary: "The vote board for one draft: its seats, banner and positions (HTML)", params: []param{pDraftID, pOn},
			status: http.StatusOK},
		{method: http.MethodGet, path: "/members/:code", handle: h.boardMember, id: "boardMember", media: "text/html",
			summary: "The board for one member: its roll calls newest first beside its last positions, its vetoes, and how often its votes kept to its positions (HTML)",
			params:  []param{pCode}, status: http.StatusOK},
		{method: http.MethodGet, path: "/vetoes", handle: h.boardVetoes, id: "boardVetoes", media: "text/html",
			summary: "The vetoes: a bar chart of each permanent member's vetoes by decade, and the list, newest first (HTML)",
			params:  vetoParams(), status: http.StatusOK},
		{method: http.MethodGet, path: "/agreement", handle: h.boardAgreement, id: "boardAgreement", media: "text/html",
			summary: "Who voted with whom in a year: a heatmap of every pair of members sitting, shaded by their share of identical votes (HTML)",
			params:  []param{{name: "year", in: "query", desc: "the year, YYYY", schema: map[string]any{"type": "integer", "minimum": firstYear, "maximum": lastYear}, required: true}},
			status:  http.StatusOK},
		{method: http.MethodGet, path: "/v1/votes.csv", handle: h.votesCSV, id: "votesCSV", media: "text/csv",
			summary: "Every recorded roll call as UN Digital Library CSV, vetoed and failed drafts included", status: http.StatusOK},
		{method: http.MethodGet, path: "/v1/drafts/:id/vote.csv", handle: h.draftVoteCSV, id: "draftVoteCSV", media: "text/csv",
			summary: "One draft's roll call as UN Digital Library CSV", params: []param{pDraftID}, status: http.StatusOK},
		{method: http.MethodGet, path: "/v1/changes", handle: h.listChanges, id: "listChanges",
			summary: "Every write in order: what, which draft or member, when, by which key; resume with since=next_cursor",
			params:  []param{pSince, pLimit},
			status:  http.StatusOK, resp: changeList{}},
		{method: http.MethodGet, path: "/v1/changes/stream", handle: h.streamChanges, id: "streamChanges", media: "text/event-stream", live: true,
			summary: "The change feed as Server-Sent Events, as writes happen; resume with Last-Event-ID or since=",
			params:  []param{pSince, pLastEventID},
			status:  http.StatusOK, extra: []int{http.StatusTooManyRequests}},
		{method: http.MethodGet, path: "/metrics", handle: h.serveMetrics, id: "metrics", media: "text/plain",
			summary: "Prometheus metrics: requests by route, method and status, latency, writes by kind, database pools",
			status:  http.StatusOK},
		{method: http.MethodGet, path: "/healthz", handle: h.healthz, id: "healthz",
			summary: "The process is up", status: http.StatusOK, resp: health{}},
		{method: http.MethodGet, path: "/readyz", handle: h.readyz, id: "readyz",
			summary: "The database answers", status: http.StatusOK, resp: health{}},
	}
}

// memberVoteParams filter a member's record.
var memberVoteParams = []param{
	{name: "from", in: "query", desc: "only roll calls on or after this date", schema: dateSchema()},
	{name: "to", in: "query", desc: "only roll calls on or before this date", schema: dateSchema()},
	{name: "topic", in: "query", desc: "only drafts on this topic, any case; empty for all", schema: queryText()},
	{name: "agenda", in: "query", desc: "only drafts taken under this agenda item, any case; empty for all", schema: queryText()},
	{name: "outcome", in: "query", desc: "only these outcomes, comma-separated", schema: listSchema(strs(voteOutcomes))},
	{name: "vote", in: "query", desc: "only where the member voted so, comma-separated", schema: listSchema(strs(models.Casts))},
}

// vetoParams filter the veto list.
func vetoParams() []param {
	return []param{
		{name: "member", in: "query", desc: "only drafts vetoed by any of these members, by code in any case, comma-separated, such as RUS,CHN", schema: codeListSchema()},
		{name: "from", in: "query", desc: "only vetoes on or after this day, or from the first day of this year (YYYY)", schema: yearOrDateSchema()},
		{name: "to", in: "query", desc: "only vetoes on or before this day, or to the last day of this year (YYYY)", schema: yearOrDateSchema()},
	}
}

func ifMatchParam(required bool) param {
	desc := "the ETag last read, or *; comma-separated tags are tried in turn. One that names no current version is refused with 412"
	if !required {
		desc = "to correct a recorded vote: its ETag as last read, or *; without it the first vote is recorded and a second is refused with 428. One that names no current version is refused with 412"
	}
	return param{name: "If-Match", in: "header", desc: desc, schema: map[string]any{"type": "string"}, required: required}
}

// idempotent reports whether the route takes an Idempotency-Key.
func (rt route) idempotent() bool {
	return rt.method == http.MethodPost || rt.method == http.MethodPut
}

// errorStatuses lists the problem statuses a route can answer.
func (rt route) errorStatuses() []int {
	out := []int{http.StatusInternalServerError, http.StatusServiceUnavailable}
	hasQuery, hasPath := false, false
	for _, p := range rt.params {
		hasQuery = hasQuery || p.in == "query"
		hasPath = hasPath || p.in == "path"
	}
	if hasQuery {
		out = append(out, http.StatusBadRequest, http.StatusUnprocessableEntity)
	}
	if hasPath {
		out = append(out, http.StatusNotFound)
	}
	if rt.write {
		out = append(out, http.StatusUnauthorized, http.StatusTooManyRequests)
	}
	if rt.idempotent() {
		out = append(out, http.StatusUnprocessableEntity)
	}
	if rt.body != nil {
		out = append(out, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity)
	}
	return append(out, rt.extra...)
}
