package api

import (
	"unsc/api/internal/httpx"
	"unsc/api/openapi"
	"unsc/models"
)

// The parameters several routes share, as the document describes them;
// the handlers read them with httpx.Query and httpx.PathID.

var (
	pDraftID = param{Name: "id", In: "path", Desc: "draft id", Schema: openapi.IDSchema(), Required: true}
	pSrcID   = param{Name: "id", In: "path", Desc: "source id", Schema: openapi.IDSchema(), Required: true}
	pCode    = param{Name: "code", In: "path", Desc: "member code, ISO 3166-1 alpha-3 in any case", Schema: map[string]any{"type": "string", "pattern": openapi.CodePattern}, Required: true}
	pCursor  = param{Name: "cursor", In: "query", Desc: "next_cursor from the previous page; empty starts at the first", Schema: openapi.CursorSchema()}
	pLimit   = param{Name: "limit", In: "query", Desc: "page size", Schema: map[string]any{"type": "integer", "minimum": 1, "maximum": models.MaxLimit, "default": models.DefaultLimit}}
	pPerm    = param{Name: "permanent", In: "query", Desc: "only permanent (true) or elected (false) members", Schema: map[string]any{"type": "boolean"}}
	pStatus  = param{Name: "status", In: "query", Desc: "only drafts with this status; empty for all", Schema: openapi.EnumSchema(append([]string{""}, httpx.Strings(models.Statuses)...))}
	pTopic   = param{Name: "topic", In: "query", Desc: "only drafts on this topic, any case; empty for all", Schema: openapi.QueryText()}
	// pLastEventID is what an EventSource sends when it reconnects.
	pLastEventID = param{Name: "Last-Event-ID", In: "header", Desc: "the id of the last event received, to resume after it; it takes the place of since", Schema: map[string]any{"type": "string", "pattern": openapi.CursorPattern}}
	pOn          = param{Name: "on", In: "query", Desc: "a date, YYYY-MM-DD: as things stood that day, each sitting member's last position on or before it, against the Council sitting then (for a voted draft, at the latest its vote date)", Schema: openapi.DateSchema()}
	pSince       = param{Name: "since", In: "query", Desc: "next_cursor from an earlier answer, or an event's id; empty starts at the beginning", Schema: openapi.CursorSchema()}
	// pStreamSince is where a stream starts: by default, the present.
	pStreamSince = param{Name: "since", In: "query", Desc: "next_cursor from an earlier answer, or an event's id, to resume after it; 0 replays the feed from its first change; absent or empty, the stream starts at the present: only writes made after it opens", Schema: openapi.CursorSchema()}
)

// stanceParam filters by stances: one or more, comma-separated.
func stanceParam(desc string, unknown bool) param {
	vals := httpx.Strings(models.Stances)
	if unknown {
		vals = append(vals, string(models.StanceUnknown))
	}
	return param{Name: "stance", In: "query", Desc: desc, Schema: openapi.ListSchema(vals)}
}

// memberVoteParams filter a member's record.
var memberVoteParams = []param{
	{Name: "from", In: "query", Desc: "only roll calls on or after this date", Schema: openapi.DateSchema()},
	{Name: "to", In: "query", Desc: "only roll calls on or before this date", Schema: openapi.DateSchema()},
	{Name: "topic", In: "query", Desc: "only drafts on this topic, any case; empty for all", Schema: openapi.QueryText()},
	{Name: "agenda", In: "query", Desc: "only drafts taken under this agenda item, any case; empty for all", Schema: openapi.QueryText()},
	{Name: "outcome", In: "query", Desc: "only these outcomes, comma-separated", Schema: openapi.ListSchema(httpx.Strings(voteOutcomes))},
	{Name: "vote", In: "query", Desc: "only where the member voted so, comma-separated; unknown: the roll calls whose record gives the tally, not this member's vote", Schema: openapi.ListSchema(httpx.Strings(recordCasts))},
}

// vetoParams filter the veto list.
func vetoParams() []param {
	return []param{
		{Name: "member", In: "query", Desc: "only drafts vetoed by any of these members, by code in any case, comma-separated, such as RUS,CHN", Schema: openapi.CodeListSchema()},
		{Name: "from", In: "query", Desc: "only vetoes on or after this day, or from the first day of this year (YYYY)", Schema: openapi.YearOrDateSchema()},
		{Name: "to", In: "query", Desc: "only vetoes on or before this day, or to the last day of this year (YYYY)", Schema: openapi.YearOrDateSchema()},
	}
}

func ifMatchParam(required bool) param {
	desc := "the ETag last read, or *; comma-separated tags are tried in turn. One that names no current version is refused with 412"
	if !required {
		desc = "to correct a recorded vote: its ETag as last read, or *; without it the first vote is recorded and a second is refused with 428. One that names no current version is refused with 412"
	}
	return param{Name: "If-Match", In: "header", Desc: desc, Schema: map[string]any{"type": "string"}, Required: required}
}
