package api

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/api/openapi"
	"unsc/models"
)

// route is one endpoint: how it is served, and in doc how the OpenAPI
// document describes it. The router and the document are both built from
// routes(), so neither can name a path the other lacks.
type route struct {
	method, path string
	handle       gin.HandlerFunc
	write        bool // needs a bearer token
	live         bool // a stream: never cached, and its HEAD only answers headers
	paged        bool // answers a page of reads at a time: each read has the deadline, not the whole answer
	embeddable   bool // any site in WithEmbedAncestors may frame it
	doc          op
}

// op and param shorten the table's entries.
type (
	op    = openapi.Operation
	param = openapi.Param
)

// routes is the route table, a group of routes per resource.
func (h *Handler) routes() []route {
	var out []route
	for _, group := range [][]route{h.memberRoutes(), h.sourceRoutes(), h.draftRoutes(), h.positionRoutes(), h.voteRoutes(),
		h.meetingRoutes(), h.searchRoutes(), h.calendarRoutes(), h.presidencyRoutes(), h.recordRoutes(), h.boardRoutes(), h.oembedRoutes(), h.changeRoutes(),
		h.feedRoutes(), h.webhookRoutes(), h.opsRoutes()} {
		out = append(out, group...)
	}
	return out
}

// idempotent reports whether the route takes an Idempotency-Key.
func (rt route) idempotent() bool {
	return rt.method == http.MethodPost || rt.method == http.MethodPut
}

// document is the route table as the OpenAPI generator takes it.
func (h *Handler) document() openapi.API {
	var routes []openapi.Route
	for _, rt := range h.routes() {
		routes = append(routes, openapi.Route{Method: rt.method, Path: rt.path, Auth: rt.write, Idempotent: rt.idempotent(), Operation: rt.tagged()})
	}
	return openapi.API{Routes: routes, MaxIdempotencyKey: maxIdempotencyKey, Events: webhookEvents}
}

// memberRoutes are the routes of members and their terms.
func (h *Handler) memberRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/v1/members", handle: h.listMembers,
			doc: op{ID: "listMembers", Summary: "List members; with on=, the 11 or 15 sitting that day, named as then",
				Params: []param{{Name: "on", In: "query", Desc: "a date, YYYY-MM-DD: only members sitting that day", Schema: openapi.DateSchema()}, pPerm, pCursor, pLimit},
				Status: http.StatusOK, Resp: list[models.Member]{}}},
		{method: http.MethodPost, path: "/v1/members", handle: h.createMember, write: true,
			doc: op{ID: "createMember", Summary: "Add a member",
				Body: memberRequest{}, Status: http.StatusCreated, Resp: models.Member{}, Headers: []string{"Location"}, Extra: []int{http.StatusConflict}}},
		{method: http.MethodGet, path: "/v1/members/:code", handle: h.getMember,
			doc: op{ID: "getMember", Summary: "One member and its terms",
				Params: []param{pCode},
				Status: http.StatusOK, Resp: models.Member{}}},
		{method: http.MethodPost, path: "/v1/members/:code/terms", handle: h.addTerm, write: true,
			doc: op{ID: "addTerm", Summary: "Give an elected member a new term",
				Params: []param{pCode},
				Body:   termRequest{}, Status: http.StatusCreated, Resp: models.Member{}, Headers: []string{"Location"}, Extra: []int{http.StatusConflict}}},
		{method: http.MethodGet, path: "/v1/members/:code/positions", handle: h.memberPositions,
			doc: op{ID: "memberPositions", Summary: "A member's current positions on every draft",
				Params: []param{pCode, stanceParam("only these stances, comma-separated", false), pCursor, pLimit},
				Status: http.StatusOK, Resp: list[models.Position]{}, ETag: true}},
	}
}

// sourceRoutes are the routes of sources.
func (h *Handler) sourceRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/v1/sources", handle: h.listSources,
			doc: op{ID: "listSources", Summary: "List sources",
				Params: []param{pCursor, pLimit},
				Status: http.StatusOK, Resp: list[models.Source]{}}},
		{method: http.MethodPost, path: "/v1/sources", handle: h.createSource, write: true,
			doc: op{ID: "createSource", Summary: "Add a source",
				Body: sourceRequest{}, Status: http.StatusCreated, Resp: models.Source{}, Headers: []string{"Location"}}},
		{method: http.MethodGet, path: "/v1/sources/:id", handle: h.getSource,
			doc: op{ID: "getSource", Summary: "One source",
				Params: []param{pSrcID},
				Status: http.StatusOK, Resp: models.Source{}}},
	}
}

// draftRoutes are the routes of drafts and the links between them.
func (h *Handler) draftRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/v1/drafts", handle: h.listDrafts,
			doc: op{ID: "listDrafts", Summary: "List drafts, newest introduced first",
				Params: []param{
					{Name: "symbol", In: "query", Desc: "exact symbol, e.g. S/2012/77; empty for all", Schema: openapi.QueryText()},
					{Name: "status", In: "query", Desc: "only drafts with one of these statuses, comma-separated, such as failed,vetoed; empty for all",
						Schema: openapi.OptionalListSchema(httpx.Strings(models.Statuses))},
					pTopic,
					{Name: "resolution", In: "query", Desc: "exact resolution symbol of an adopted draft, e.g. S/RES/2085 (2012); empty for all", Schema: openapi.QueryText()},
					{Name: "vetoed_by", In: "query", Desc: "only drafts vetoed by any of these members, by code in any case, comma-separated, such as RUS,CHN", Schema: openapi.CodeListSchema()},
					{Name: "voted_from", In: "query", Desc: "only drafts voted on or after this date", Schema: openapi.DateSchema()},
					{Name: "voted_to", In: "query", Desc: "only drafts voted on or before this date", Schema: openapi.DateSchema()},
					{Name: "sponsor", In: "query", Desc: "a sponsor's code or name, any case; empty for all", Schema: openapi.QueryText()},
					{Name: "q", In: "query", Desc: "words to find in symbol, title, topic or summary, any case; each must appear", Schema: openapi.QueryText()},
					pCursor, pLimit},
				Status: http.StatusOK, Resp: list[models.Draft]{}}},
		{method: http.MethodPost, path: "/v1/drafts", handle: h.createDraft, write: true,
			doc: op{ID: "createDraft", Summary: "Add a draft",
				Body: draftRequest{}, Status: http.StatusCreated, Resp: models.Draft{}, Headers: []string{"Location", "ETag"},
				Extra: []int{http.StatusConflict}}},
		{method: http.MethodGet, path: "/v1/drafts/:id", handle: h.getDraft,
			doc: op{ID: "getDraft", Summary: "One draft, with its vote when voted",
				Params: []param{pDraftID},
				Status: http.StatusOK, Resp: models.Draft{}, Headers: []string{"ETag"}, ETag: true}},
		{method: http.MethodPatch, path: "/v1/drafts/:id", handle: h.patchDraft, write: true,
			doc: op{ID: "patchDraft", Summary: "Change a draft; needs If-Match with its ETag",
				Params: []param{pDraftID, ifMatchParam(true)},
				Body:   draftPatchRequest{}, Status: http.StatusOK, Resp: models.Draft{}, Headers: []string{"ETag"},
				Extra: []int{http.StatusConflict, http.StatusPreconditionFailed, http.StatusPreconditionRequired}}},
		{method: http.MethodPost, path: "/v1/drafts/:id/links", handle: h.linkDrafts, write: true,
			doc: op{ID: "linkDrafts", Summary: "Say that a draft revises, amends or competes with another; both show the link",
				Params: []param{pDraftID},
				Body:   linkRequest{}, Status: http.StatusCreated, Resp: models.Draft{}, Headers: []string{"Location", "ETag"},
				Extra: []int{http.StatusConflict}}},
	}
}

// positionRoutes are the routes of positions and projections.
func (h *Handler) positionRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/v1/drafts/:id/positions", handle: h.draftPositions,
			doc: op{ID: "draftPositions", Summary: "Each sitting member's current position on a draft (stance unknown where none)",
				Params: []param{pDraftID, stanceParam("only these stances, comma-separated; unknown for members with no position", true), pPerm, pOn, pCursor, pLimit},
				Status: http.StatusOK, Resp: list[models.Position]{}, ETag: true}},
		{method: http.MethodPut, path: "/v1/drafts/:id/positions/:code", handle: h.recordPosition, write: true,
			doc: op{ID: "recordPosition", Summary: "Record a new observation of a member's position",
				Params: []param{pDraftID, pCode},
				Body:   positionRequest{}, Status: http.StatusCreated, Resp: models.Position{}, Headers: []string{"Location"}}},
		{method: http.MethodGet, path: "/v1/drafts/:id/positions/:code/history", handle: h.positionHistory,
			doc: op{ID: "positionHistory", Summary: "Every observation of a member's position on a draft, oldest first",
				Params: []param{pDraftID, pCode, pCursor, pLimit},
				Status: http.StatusOK, Resp: list[models.Position]{}, ETag: true}},
		{method: http.MethodGet, path: "/v1/drafts/:id/projection", handle: h.projection,
			doc: op{ID: "projection", Summary: "The vote the positions point to",
				Params: []param{pDraftID, pOn},
				Status: http.StatusOK, Resp: models.Projection{}}},
		{method: http.MethodPost, path: "/v1/drafts/:id/positions/:code/history/:position_id/retraction", handle: h.retractPosition, write: true,
			doc: op{ID: "retractPosition", Summary: "Retract an observation found wrong: it stays in the history, marked, and no longer counts",
				Params: []param{pDraftID, pCode, {Name: "position_id", In: "path", Desc: "the observation's id, as its history lists it", Schema: openapi.IDSchema(), Required: true}},
				Body:   retractionRequest{}, Status: http.StatusCreated, Resp: models.Position{}, Headers: []string{"Location"},
				Extra: []int{http.StatusConflict}}},
		{method: http.MethodGet, path: "/v1/positions", handle: h.listPositions,
			doc: op{ID: "listPositions", Summary: "Positions across drafts: current ones, or with history=true every observation",
				Params: []param{
					{Name: "member", In: "query", Desc: "only this member's positions, by code in any case; empty for all", Schema: map[string]any{"type": "string", "maxLength": httpx.MaxQueryValue, "pattern": openapi.OptionalCodePattern}},
					{Name: "draft", In: "query", Desc: "only positions on this draft, by id", Schema: openapi.IDSchema()},
					stanceParam("only these stances, comma-separated", false),
					{Name: "history", In: "query", Desc: "every observation, not only current positions", Schema: map[string]any{"type": "boolean"}},
					pCursor, pLimit},
				Status: http.StatusOK, Resp: list[models.Position]{}, ETag: true}},
	}
}

// voteRoutes are the routes of roll calls, and the record as UN Digital Library CSV.
func (h *Handler) voteRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/v1/drafts/:id/vote", handle: h.getVote,
			doc: op{ID: "getVote", Summary: "The roll call on a draft and its Art. 27 outcome",
				Params: []param{pDraftID},
				Status: http.StatusOK, Resp: models.Vote{}, Headers: []string{"ETag"}, ETag: true}},
		{method: http.MethodPut, path: "/v1/drafts/:id/vote", handle: h.recordVote, write: true,
			doc: op{ID: "recordVote", Summary: "Record the roll call (201); correct it with If-Match (200)",
				Params: []param{pDraftID, ifMatchParam(false)},
				Body:   voteRequest{}, Status: http.StatusOK, Created: http.StatusCreated, Resp: models.Vote{}, Headers: []string{"ETag", "Location"},
				Extra: []int{http.StatusConflict, http.StatusPreconditionFailed, http.StatusPreconditionRequired}}},
		{method: http.MethodGet, path: "/v1/votes.csv", handle: h.votesCSV, paged: true,
			doc: op{ID: "votesCSV", Media: "text/csv", Summary: "Every recorded roll call as UN Digital Library CSV, vetoed and failed drafts included",
				Status: http.StatusOK}},
		{method: http.MethodGet, path: "/v1/drafts/:id/vote.csv", handle: h.draftVoteCSV, paged: true,
			doc: op{ID: "draftVoteCSV", Media: "text/csv", Summary: "One draft's roll call as UN Digital Library CSV",
				Params: []param{pDraftID},
				Status: http.StatusOK}},
	}
}

// meetingRoutes are the routes of the Council's meetings, as its record
// lists them. A meeting's symbol holds slashes, so its route catches the
// rest of the path: S/PV.6711 written plainly or as one percent-encoded
// segment, S%2FPV.6711 (the document's form).
func (h *Handler) meetingRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/v1/meetings", handle: h.listMeetings,
			doc: op{ID: "listMeetings", Summary: "The Council's meetings, newest first: agenda items, and decisions with each vote's outcome, tally and vetoes",
				Params: []param{
					{Name: "from", In: "query", Desc: "only meetings on or after this date", Schema: openapi.DateSchema()},
					{Name: "to", In: "query", Desc: "only meetings on or before this date; not before from", Schema: openapi.DateSchema()},
					{Name: "agenda", In: "query", Desc: "words of an agenda item, any case, such as Syria; empty for all", Schema: openapi.QueryText()},
					{Name: "outcome", In: "query", Desc: "only meetings with a decision of one of these kinds, comma-separated, such as resolution,draft_not_adopted; none for meetings that decided nothing; empty for all",
						Schema: openapi.OptionalListSchema(httpx.Strings(meetingOutcomes))},
					pCursor, pLimit},
				Status: http.StatusOK, Resp: list[models.Meeting]{}}},
		{method: http.MethodGet, path: "/v1/meetings/*symbol", handle: h.getMeeting,
			doc: op{ID: "getMeeting", Summary: "One meeting by its record's symbol, percent-encoded as one segment (S%2FPV.6711); the symbol written plainly (S/PV.6711) is served too",
				Params: []param{{Name: "symbol", In: "path", Required: true,
					Desc:   "the meeting record's symbol, such as S/PV.6711 or S/PV.3046 (Resumption 1), or for a decision by written procedure the letter's, such as S/2020/253; percent-encode it (S%2FPV.6711)",
					Schema: map[string]any{"type": "string", "minLength": 1, "maxLength": models.MaxMeetingLen}}},
				Status: http.StatusOK, Resp: models.Meeting{}}},
	}
}

// recordRoutes are the routes of the record's questions: a member's votes, vetoes, agreement and alignment.
func (h *Handler) recordRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/v1/members/:code/votes", handle: h.memberVotes,
			doc: op{ID: "memberVotes", Summary: "Every roll call held while a member sat, newest first: its vote (unknown where the record gives only the tally), the outcome, whether it vetoed, and its last position before",
				Params: append(append([]param{pCode}, memberVoteParams...), pCursor, pLimit),
				Status: http.StatusOK, Resp: list[models.MemberVote]{}}},
		{method: http.MethodGet, path: "/v1/members/:code/votes.csv", handle: h.memberVotesCSV,
			doc: op{ID: "memberVotesCSV", Media: "text/csv", Summary: "A member's roll calls as CSV, the same rows as /v1/members/{code}/votes, all of them",
				Params: append([]param{pCode}, memberVoteParams...),
				Status: http.StatusOK}},
		{method: http.MethodGet, path: "/v1/vetoes", handle: h.listVetoes,
			doc: op{ID: "listVetoes", Summary: "Every vetoed draft, newest vote first, with the permanent members that vetoed it and the tally",
				Params: append(vetoParams(), pCursor, pLimit),
				Status: http.StatusOK, Resp: list[models.Veto]{}}},
		{method: http.MethodGet, path: "/v1/vetoes.csv", handle: h.vetoesCSV,
			doc: op{ID: "vetoesCSV", Media: "text/csv", Summary: "The veto list as CSV, the same rows as /v1/vetoes, all of them",
				Params: vetoParams(),
				Status: http.StatusOK}},
		{method: http.MethodGet, path: "/v1/agreement", handle: h.agreement,
			doc: op{ID: "agreement", Summary: "How often two members voted alike: the share of identical votes and the State Department's voting coincidence",
				Params: []param{
					{Name: "members", In: "query", Desc: "the two members, by code in any case, comma-separated, such as USA,RUS; two different ones", Required: true,
						Schema: map[string]any{"type": "string", "pattern": "^[A-Za-z]{3},[A-Za-z]{3}$"}},
					{Name: "from", In: "query", Desc: "only roll calls on or after this date; absent: from the first", Schema: openapi.DateSchema()},
					{Name: "to", In: "query", Desc: "only roll calls on or before this date; absent: to the last", Schema: openapi.DateSchema()}},
				Status: http.StatusOK, Resp: models.Agreement{}}},
		{method: http.MethodGet, path: "/v1/agreement/matrix", handle: h.agreementMatrix,
			doc: op{ID: "agreementMatrix", Summary: "Agreement of every pair of members that voted together in a period of less than ten years, by their codes",
				Params: []param{
					{Name: "from", In: "query", Desc: "the period's first day", Schema: openapi.DateSchema(), Required: true},
					{Name: "to", In: "query", Desc: fmt.Sprintf("the period's last day: not before from, and less than %d years after it", models.MaxMatrixYears), Schema: openapi.DateSchema(), Required: true},
					pCursor, pLimit},
				Status: http.StatusOK, Resp: list[models.Agreement]{}}},
		{method: http.MethodGet, path: "/v1/alignment", handle: h.alignment,
			doc: op{ID: "alignment", Summary: "Votes beside the positions before them: how many kept to them, how many did not, and the drafts where they did not",
				Params: []param{
					{Name: "member", In: "query", Desc: "only this member's votes, by code in any case; absent for every member", Schema: map[string]any{"type": "string", "pattern": openapi.CodePattern}},
					{Name: "from", In: "query", Desc: "only roll calls on or after this date", Schema: openapi.DateSchema()},
					{Name: "to", In: "query", Desc: "only roll calls on or before this date", Schema: openapi.DateSchema()},
					pCursor, pLimit},
				Status: http.StatusOK, Resp: models.Alignment{}}},
	}
}

// boardRoutes are the routes of the board's pages (HTML), served by api/board.
// A form sends its empty fields as empty values, which the pages take as
// absent.
func (h *Handler) boardRoutes() []route {
	outcomes := append(httpx.Strings(models.DecisionKinds), string(models.DecisionNone))
	return []route{
		{method: http.MethodGet, path: "/", handle: h.board.Index,
			doc: op{ID: "board", Media: "text/html", Summary: "The vote board: the record newest first, the latest meetings with their outcomes and the drafts with their votes, a page at a time (HTML)",
				Params: []param{pStatus, pTopic, pCursor},
				Status: http.StatusOK}},
		{method: http.MethodGet, path: "/meetings", handle: h.board.Meetings,
			doc: op{ID: "boardMeetings", Media: "text/html", Summary: "The Council's meetings, newest first, a page at a time: their agenda items and decisions, each vote with its outcome, tally and vetoes (HTML)",
				Params: []param{
					{Name: "year", In: "query", Desc: "only the meetings of this year, YYYY", Schema: map[string]any{"type": "integer", "minimum": httpx.FirstYear, "maximum": httpx.LastYear}},
					{Name: "from", In: "query", Desc: "only meetings on or after this day, or from the first day of this year (YYYY); within year= when both are given", Schema: openapi.YearOrDateSchema()},
					{Name: "to", In: "query", Desc: "only meetings on or before this day, or to the last day of this year (YYYY); within year= when both are given", Schema: openapi.YearOrDateSchema()},
					{Name: "agenda", In: "query", Desc: "words of an agenda item, any case; empty for all", Schema: openapi.QueryText()},
					{Name: "outcome", In: "query", Desc: "only meetings with a decision of one of these kinds, comma-separated (none: meetings that decided nothing); empty for all",
						Schema: openapi.OptionalListSchema(outcomes)},
					pCursor},
				Status: http.StatusOK}},
		{method: http.MethodGet, path: "/search", handle: h.board.Search,
			doc: op{ID: "boardSearch", Media: "text/html", Summary: "The search box's results: the record's drafts, meetings, positions and sources matching q, best first, each with a snippet, the matched words marked; without q the box alone; a query it cannot read is shown back with what is wrong, as 422 (HTML)",
				Params: boardSearchParams(), ShowsInvalid: true,
				Status: http.StatusOK}},
		{method: http.MethodGet, path: "/drafts/:id", handle: h.board.Draft,
			doc: op{ID: "boardDraft", Media: "text/html", Summary: "The vote board for one draft: the day whose Council it counts, its seats, banner and positions (HTML)",
				Params: []param{pDraftID, pOn},
				Status: http.StatusOK}},
		{method: http.MethodGet, path: "/embed/drafts/:id", handle: h.board.Embed, embeddable: true,
			doc: op{ID: "boardEmbed", Media: "text/html", Summary: "One draft for another site's iframe: its banner and horseshoe, linked to its page; the sites serve --embed-ancestors names may frame it, any by default (HTML)",
				Params: []param{pDraftID},
				Status: http.StatusOK, Extra: []int{http.StatusBadRequest}}}, // it takes no query parameter
		{method: http.MethodGet, path: "/members", handle: h.board.Members,
			doc: op{ID: "boardMembers", Media: "text/html", Summary: "The Council sitting on a day, each member linked to its page, and every state that has sat (HTML)",
				Params: []param{{Name: "on", In: "query", Desc: "the day, YYYY-MM-DD; absent, today", Schema: openapi.DateSchema()}},
				Status: http.StatusOK}},
		{method: http.MethodGet, path: "/members/:code", handle: h.board.Member,
			doc: op{ID: "boardMember", Media: "text/html", Summary: "The board for one member: its names over time, its roll calls newest first beside its last positions, its vetoes, and how often its votes kept to its positions (HTML)",
				Params: []param{pCode},
				Status: http.StatusOK}},
		{method: http.MethodGet, path: "/vetoes", handle: h.board.Vetoes,
			doc: op{ID: "boardVetoes", Media: "text/html", Summary: "The vetoes: a bar chart of each permanent member's vetoes by decade, and the list, newest first (HTML)",
				Params: vetoParams(),
				Status: http.StatusOK}},
		{method: http.MethodGet, path: "/agreement", handle: h.board.Agreement,
			doc: op{ID: "boardAgreement", Media: "text/html", Summary: "Who voted with whom in a year: a heatmap of every pair of members sitting, shaded by their share of identical votes, and each pair's figures in a table (HTML)",
				Params: []param{{Name: "year", In: "query", Desc: "the year, YYYY; absent, the year of the latest vote", Schema: map[string]any{"type": "integer", "minimum": httpx.FirstYear, "maximum": httpx.LastYear}}},
				Status: http.StatusOK}},
	}
}

// changeRoutes are the routes of the change feed and its stream.
func (h *Handler) changeRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/v1/changes", handle: h.listChanges,
			doc: op{ID: "listChanges", Summary: "Every write in order: what, which draft or member, when, by which key; resume with since=next_cursor",
				Params: []param{pSince, pLimit},
				Status: http.StatusOK, Resp: changeList{}}},
		{method: http.MethodGet, path: "/v1/changes/stream", handle: h.streamChanges, live: true,
			doc: op{ID: "streamChanges", Media: "text/event-stream", Summary: "The change feed as Server-Sent Events, as writes happen, from the present; resume with Last-Event-ID or since=",
				Params: []param{pStreamSince, pLastEventID},
				Status: http.StatusOK, Extra: []int{http.StatusTooManyRequests}}},
	}
}

// opsRoutes are the routes of the process's own: metrics and health.
func (h *Handler) opsRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/metrics", handle: h.metrics.Serve,
			doc: op{ID: "metrics", Media: "text/plain", Summary: "Prometheus metrics: requests by route, method and status, latency, writes by kind, database pools",
				Status: http.StatusOK}},
		{method: http.MethodGet, path: "/healthz", handle: h.healthz,
			doc: op{ID: "healthz", Summary: "The process is up",
				Status: http.StatusOK, Resp: health{}}},
		{method: http.MethodGet, path: "/readyz", handle: h.readyz,
			doc: op{ID: "readyz", Summary: "The database answers",
				Status: http.StatusOK, Resp: health{}}},
	}
}
