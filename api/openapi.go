package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"unsc/models"
)

// enums lists the values of the domain's string enumerations as responses
// carry them; fieldEnums narrows them where one field holds fewer.
var enums = map[reflect.Type][]string{
	reflect.TypeFor[models.Stance]():    append(strs(models.Stances), string(models.StanceUnknown)),
	reflect.TypeFor[models.Status]():    strs(models.Statuses),
	reflect.TypeFor[models.Cast]():      strs(models.Casts),
	reflect.TypeFor[models.LinkKind]():  strs(models.AllLinkKinds),
	reflect.TypeFor[models.Procedure](): strs(models.Procedures),
	reflect.TypeFor[models.Outcome](): {string(models.OutcomeAdopted), string(models.OutcomeFailed), string(models.OutcomeVetoed),
		string(models.LikelyAdopted), string(models.LikelyFailed), string(models.LikelyVetoed), string(models.Uncertain)},
}

// fieldEnums gives the exact values of a property whose Go type is shared
// with a wider set: what a request may send, or what a response field can
// hold. Keys are "Component.property"; a field of an embedded struct is
// keyed by that struct (Tally inside Vote, Forecast inside Projection).
var fieldEnums = map[string][]string{
	// A new draft starts before any vote; outcomes come only from a roll call.
	"DraftRequest.status": {string(models.StatusCirculating), string(models.StatusInBlue)},
	// Editors move a draft between these by hand; a voted draft keeps its outcome.
	"DraftPatchRequest.status": {string(models.StatusCirculating), string(models.StatusInBlue), string(models.StatusWithdrawn)},
	// unknown marks a member with no position: it is never recorded.
	"PositionRequest.stance": strs(models.Stances),
	"Tally.outcome":          {string(models.OutcomeAdopted), string(models.OutcomeFailed), string(models.OutcomeVetoed)},
	"MemberVote.outcome":     {string(models.OutcomeAdopted), string(models.OutcomeFailed), string(models.OutcomeVetoed)},
	// A position before a vote is a recorded one, or none (null).
	"MemberVote.position": strs(models.Stances),
	// Only a stance that announces a vote can be broken.
	"Mismatch.stance": {string(models.StanceSupport), string(models.StanceLeaningSupport), string(models.StanceAbstain),
		string(models.StanceAgainst), string(models.StanceVeto)},
	"Forecast.outcome": {string(models.LikelyAdopted), string(models.LikelyFailed), string(models.LikelyVetoed), string(models.Uncertain)},
	"Projection.basis": {models.BasisCurrent, models.BasisBeforeVote, models.BasisOn},
	// A client names a link from its own draft; the inverses are shown.
	"LinkRequest.kind": strs(models.LinkKinds),
	"Change.entity":    {models.EntityMember, models.EntitySource, models.EntityDraft, models.EntityPosition, models.EntityVote, models.EntityLink},
	"Change.kind": {models.ChangeMemberCreated, models.ChangeTermAdded, models.ChangeSourceCreated, models.ChangeDraftCreated,
		models.ChangeDraftUpdated, models.ChangePositionAdded, models.ChangeVoteRecorded, models.ChangeVoteCorrected,
		models.ChangeLinkAdded, models.ChangePositionRetracted},
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// Patterns for what the server checks in text. Each is read alike by
// ECMA-262 (which JSON Schema names) and by RE2: characters outside Latin-1
// appear as themselves, not as escapes.
var (
	// controlRunes are the control characters refused in text; tab and
	// line breaks are prose.
	controlRunes = `\x00-\x08\x0B\x0C\x0E-\x1F\x7F`
	// spaceRunes are what the server trims before it calls text blank
	// (strings.TrimSpace: Unicode White_Space).
	spaceRunes = runeClass(unicode.White_Space)
	// textPattern: any text without control characters.
	textPattern = "^[^" + controlRunes + "]*$"
	// nonBlankPattern: text without control characters and with at least
	// one character that is not white space.
	nonBlankPattern = "^[^" + controlRunes + "]*[^" + controlRunes + spaceRunes + "][^" + controlRunes + "]*$"
	// codePattern: an ISO 3166-1 alpha-3 code in any case (the server
	// upper-cases it).
	codePattern = `^[A-Za-z]{3}$`
	// optionalCodePattern: a member filter; blank means no filter, and the
	// server trims white space around a code.
	optionalCodePattern = "^[" + spaceRunes + "]*([A-Za-z]{3}[" + spaceRunes + "]*)?$"
	datePattern         = `^\d{4}-\d{2}-\d{2}$`
	// cursorPattern: cursors are base64url without padding.
	cursorPattern = `^[A-Za-z0-9_-]*$`
	// urlPattern: an absolute http or https URL with a host, in the forms
	// net/url reads without error: host characters it takes unescaped, an
	// optional numeric port, and after it no control character and no %
	// that does not start an escape.
	urlPattern = `^[Hh][Tt][Tt][Pp][Ss]?://([A-Za-z0-9._~!$&'()*+,;=-]|[^\x00-\x7F])+(:[0-9]*)?([/?#]([^\x00-\x1F\x7F%]|%[0-9A-Fa-f]{2})*)?$`
	// idempotencyKeyPattern: printable ASCII without spaces.
	idempotencyKeyPattern = fmt.Sprintf(`^[!-~]{1,%d}$`, maxIdempotencyKey)
)

// runeClass writes the runes of t as the inside of a bracket expression.
func runeClass(t *unicode.RangeTable) string {
	var b strings.Builder
	write := func(r rune) {
		if r < 0x100 {
			fmt.Fprintf(&b, `\x%02X`, r)
		} else {
			b.WriteRune(r)
		}
	}
	span := func(lo, hi, stride rune) {
		if stride == 1 && hi > lo {
			write(lo)
			b.WriteByte('-')
			write(hi)
			return
		}
		for r := lo; r <= hi; r += stride {
			write(r)
		}
	}
	for _, r := range t.R16 {
		span(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	for _, r := range t.R32 {
		span(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	return b.String()
}

// requiredText is text the server requires: not blank, no control
// characters, at most max characters.
func requiredText(max int) map[string]any {
	return map[string]any{"minLength": 1, "maxLength": max, "pattern": nonBlankPattern}
}

// optionalText is text that may be empty: no control characters, at most
// max characters.
func optionalText(max int) map[string]any {
	return map[string]any{"maxLength": max, "pattern": textPattern}
}

// idSchema is a database id.
func idSchema() map[string]any {
	return map[string]any{"type": "integer", "format": "int64", "minimum": 1}
}

// queryText is a free-text query value.
func queryText() map[string]any {
	return map[string]any{"type": "string", "maxLength": maxQueryValue}
}

// cursorSchema is a cursor the server gave out.
func cursorSchema() map[string]any {
	return map[string]any{"type": "string", "maxLength": maxQueryValue, "pattern": cursorPattern}
}

// dateSchema is a calendar date written YYYY-MM-DD.
func dateSchema() map[string]any {
	return map[string]any{"type": "string", "format": "date", "pattern": datePattern}
}

// listSchema is a comma-separated list of one or more of vals.
func listSchema(vals []string) map[string]any {
	quoted := make([]string, len(vals))
	for i, v := range vals {
		quoted[i] = regexp.QuoteMeta(v)
	}
	one := "(" + strings.Join(quoted, "|") + ")"
	return map[string]any{"type": "string", "pattern": "^" + one + "(," + one + ")*$"}
}

// optionalListSchema is listSchema that also takes the empty string.
func optionalListSchema(vals []string) map[string]any {
	s := listSchema(vals)
	s["pattern"] = "^(" + strings.TrimSuffix(strings.TrimPrefix(s["pattern"].(string), "^"), "$") + ")?$"
	return s
}

// codeListSchema is a comma-separated list of one or more member codes,
// each three letters in any case, within maxQueryValue characters: the
// longest such list is a code and a comma shorter than a multiple of four.
func codeListSchema() map[string]any {
	return map[string]any{"type": "string", "maxLength": (maxQueryValue+1)/4*4 - 1, "pattern": "^[A-Za-z]{3}(,[A-Za-z]{3})*$"}
}

// yearOrDateSchema is a year, YYYY, or a calendar date, YYYY-MM-DD.
func yearOrDateSchema() map[string]any {
	return map[string]any{"type": "string", "anyOf": []any{
		map[string]any{"type": "string", "pattern": `^[0-9]{4}$`},
		dateSchema()}}
}

// enumSchema is a string that is one of vals.
func enumSchema(vals []string) map[string]any {
	return map[string]any{"type": "string", "enum": anys(vals)}
}

func anys(vals []string) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = v
	}
	return out
}

// fieldRules adds to a property's schema what the server checks beyond its
// Go type, keyed like fieldEnums. The limits are the domain's own.
var fieldRules = map[string]map[string]any{
	"DraftRequest.symbol":   requiredText(models.MaxSymbolLen),
	"DraftRequest.title":    requiredText(models.MaxTitleLen),
	"DraftRequest.topic":    requiredText(models.MaxTopicLen),
	"DraftRequest.sponsors": {"maxItems": models.MaxSponsors, "uniqueItems": true, "items": requiredText(models.MaxNameLen)},
	"DraftRequest.summary":  optionalText(models.MaxSummaryLen),
	"DraftRequest.agenda":   optionalText(models.MaxAgendaLen),
	// An empty or blank symbol removes it.
	"DraftPatchRequest.symbol":   optionalText(models.MaxSymbolLen),
	"DraftPatchRequest.title":    requiredText(models.MaxTitleLen),
	"DraftPatchRequest.topic":    requiredText(models.MaxTopicLen),
	"DraftPatchRequest.sponsors": {"maxItems": models.MaxSponsors, "uniqueItems": true, "items": requiredText(models.MaxNameLen)},
	"DraftPatchRequest.summary":  optionalText(models.MaxSummaryLen),
	"DraftPatchRequest.agenda":   optionalText(models.MaxAgendaLen),
	// A resolution symbol, or blank to remove it.
	"DraftPatchRequest.resolution": {"pattern": "^(" + models.ResolutionPattern + "|[" + spaceRunes + "]*)$"},
	"LinkRequest.draft_id":         idSchema(),
	"RetractionRequest.reason":     requiredText(models.MaxReasonLen),
	"PositionRequest.note":         optionalText(models.MaxNoteLen),
	"PositionRequest.evidence":     {"minItems": 1, "maxItems": models.MaxEvidence},
	"EvidenceRequest.quote":        requiredText(models.MaxQuoteLen),
	"EvidenceRequest.speaker":      requiredText(models.MaxSpeakerLen),
	"EvidenceRequest.source_id":    idSchema(),
	"VoteRequest.meeting":          optionalText(models.MaxMeetingLen),
	"VoteRequest.votes": {"minProperties": 1, "maxProperties": models.MaxSeats,
		"propertyNames": map[string]any{"pattern": codePattern}},
	"MemberRequest.code": {"pattern": codePattern},
	"MemberRequest.name": requiredText(models.MaxNameLen),
	"TermRequest.start":  {"minimum": models.FirstYear, "maximum": models.LastYear},
	// An elected term lasts one or two years from its start.
	"TermRequest.end":           {"minimum": models.FirstYear, "maximum": models.LastYear + 1},
	"SourceRequest.title":       requiredText(models.MaxTitleLen),
	"SourceRequest.publisher":   requiredText(models.MaxNameLen),
	"SourceRequest.author":      optionalText(models.MaxNameLen),
	"Agreement.identical_share": {"minimum": 0, "maximum": 1},
	"Agreement.coincidence":     {"minimum": 0, "maximum": 1},
	"Agreement.members":         {"minItems": 2, "maxItems": 2},
	"SourceRequest.url":         {"format": "uri", "minLength": 1, "maxLength": models.MaxURLLen, "pattern": urlPattern},
}

// objectRules adds rules that tie one property to another.
var objectRules = map[string]map[string]any{
	// A permanent member holds its seat by the Charter, not by terms.
	// A decision adopted without a vote is recorded as every member's yes.
	"VoteRequest": {
		"if":   map[string]any{"properties": map[string]any{"adopted_without_vote": map[string]any{"const": true}}, "required": []any{"adopted_without_vote"}},
		"then": map[string]any{"properties": map[string]any{"votes": map[string]any{"additionalProperties": enumSchema([]string{string(models.CastYes)})}}},
	},
	"MemberRequest": {
		"if":   map[string]any{"properties": map[string]any{"permanent": map[string]any{"const": true}}, "required": []any{"permanent"}},
		"then": map[string]any{"properties": map[string]any{"terms": map[string]any{"maxItems": 0}}},
	},
}

// descriptions says what each response property holds, keyed like
// fieldEnums; request properties carry theirs in a desc tag. A generic
// list's fields are keyed by "list".
var descriptions = map[string]string{
	"list.items":       "this page, in the list's order",
	"list.next_cursor": "pass as cursor to get the next page; null on the last page",

	"ChangeList.items":       "the changes after since, oldest first",
	"ChangeList.next_cursor": "pass as since to get what comes next; the same cursor when nothing is new",

	"Change.id":          "the change's number, in the order writes committed",
	"Change.kind":        "what was written",
	"Change.entity":      "the kind of thing written: member, source, draft, position, vote (named by its draft) or link",
	"Change.entity_id":   "the id of the thing written: a member's code, else a number",
	"Change.draft_id":    "the draft the change concerns; null when it concerns none",
	"Change.member":      "the member the change concerns, by code; null when it concerns none",
	"Change.source_id":   "the source added (entity_id as a number); null for other changes",
	"Change.position_id": "the position recorded (entity_id as a number); null for other changes",
	"Change.by":          "the name of the API key that wrote it",
	"Change.at":          "when it was written",

	"Member.code":      "ISO 3166-1 alpha-3 code, upper case",
	"Member.name":      "the member's name on the date asked for (on=), else its present name",
	"Member.permanent": "true for the five permanent members (UN Charter Art. 23)",
	"Member.names":     "every name the member has used on the Council, oldest first, each with its period",
	"Name.name":        "the name",
	"Name.from":        "the first day it was in use; null: from the member's first record",
	"Name.to":          "the last day it was in use; null: still in use",
	"Member.terms":     "elected terms, earliest first; empty for a permanent member",

	"MemberRef.code":      "ISO 3166-1 alpha-3 code, upper case",
	"MemberRef.name":      "the member's name",
	"MemberRef.permanent": "true for a permanent member, whose negative vote is a veto",

	"Term.start": "first calendar year of the term",
	"Term.end":   "last calendar year of the term, included",

	"Source.id":           "the source's id, cited as source_id in evidence",
	"Source.title":        "the source's title or headline",
	"Source.publisher":    "who published it",
	"Source.author":       "who wrote it; empty when unknown",
	"Source.published_on": "the day it was published",
	"Source.url":          "where to read it; null when it is not online",
	"Source.created_at":   "when it was added to the tracker",

	"Draft.id":            "the draft's id in the tracker",
	"Draft.symbol":        "the official symbol, such as S/2012/77 or S/12312/Rev.1; null while unknown",
	"Draft.resolution":    "for an adopted draft, the resolution it became, such as S/RES/2085 (2012); null otherwise or while unknown",
	"Draft.agenda":        "the Council's agenda item it was taken under; empty when unknown",
	"Draft.links":         "the drafts it revises, amends or competes with, and those that revise or amend it, in the order linked",
	"Draft.title":         "the draft's title",
	"Draft.topic":         "what the draft is about, such as Syria",
	"Draft.sponsors":      "member codes and other sponsors' names, in the order given",
	"Draft.introduced_on": "the day the draft was introduced",
	"Draft.summary":       "what the draft says, in brief",
	"Draft.procedural":    "true for a procedural matter (UN Charter Art. 27(2)): no veto applies",
	"Draft.status":        "where the draft stands; adopted, failed and vetoed come only from a recorded vote",
	"Draft.vote":          "the roll call and its outcome; null until a vote is recorded",
	"Draft.created_at":    "when the draft was added to the tracker",
	"Draft.updated_at":    "when the draft or its vote last changed",

	"Position.id":          "the observation's id; absent for a member with no position on record",
	"Position.draft_id":    "the draft the position is on",
	"Position.member":      "the member whose position it is",
	"Position.stance":      "the member's stance, strongest support first; unknown where none is recorded",
	"Position.as_of":       "the day the stance was observed; null where none is recorded",
	"Position.note":        "the recorder's note",
	"Position.evidence":    "what supports the stance; empty where none is recorded",
	"Position.recorded_by": "the name of the API key that recorded it",
	"Position.recorded_at": "when it was recorded",
	"Position.retracted":   "present when the observation was retracted: it no longer counts",

	"Retraction.by":     "the name of the API key that retracted it",
	"Retraction.at":     "when it was retracted",
	"Retraction.reason": "why it no longer stands",

	"Link.kind":     "how this draft relates to the other",
	"Link.draft_id": "the other draft",
	"Link.symbol":   "the other draft's symbol; null while unknown",

	"Evidence.quote":     "the words, verbatim from the source",
	"Evidence.speaker":   "who said them; the source's author where it reports in its own words",
	"Evidence.source_id": "the source the quote is from",

	"Vote.draft_id":             "the draft voted on",
	"Vote.voted_on":             "the day of the vote",
	"Vote.meeting":              "the meeting record, such as S/PV.6711, or for a written procedure the letter, such as S/2020/253; empty when unknown",
	"Vote.procedure":            "meeting, or written: taken by written procedure",
	"Vote.adopted_without_vote": "true for a decision adopted without a vote, recorded as every member's yes",
	"Vote.votes":                "each sitting member's vote, by code",
	"Vote.members":              "each member's vote beside its last position on or before the vote date, by code",
	"Vote.recorded_by":          "the name of the API key that recorded the roll call",
	"Vote.recorded_at":          "when the roll call was recorded or last corrected",

	"VoteMember.member":   "the member",
	"VoteMember.vote":     "how it voted",
	"VoteMember.position": "its last position on or before the vote date (stance unknown where none)",

	"Tally.yes":       "affirmative votes",
	"Tally.no":        "negative votes",
	"Tally.abstain":   "abstentions",
	"Tally.absent":    "members absent or not voting",
	"Tally.required":  "affirmative votes a decision needs (UN Charter Art. 27)",
	"Tally.outcome":   "the outcome under UN Charter Art. 27",
	"Tally.vetoed_by": "the permanent members whose negative vote vetoed the draft, sorted; empty unless vetoed",

	"Projection.draft_id":   "the draft projected",
	"Projection.date":       "the day whose Council is counted: the vote date once voted, else today, or the day asked for with on",
	"Projection.basis":      "the positions counted: current ones, each member's last before the vote, or each member's last on or before the day asked for",
	"Projection.procedural": "true for a procedural draft, which no veto can block",
	"Projection.vote":       "the recorded result beside the projection; null until a vote is recorded",

	"Forecast.likely_yes":        "members whose stance is support or leaning_support",
	"Forecast.likely_no":         "members whose stance is against or veto",
	"Forecast.abstain":           "members whose stance is abstain",
	"Forecast.uncertain":         "members undecided, hostile or with no position",
	"Forecast.required":          "affirmative votes a decision needs (UN Charter Art. 27)",
	"Forecast.outcome":           "the first that applies: likely_failed, likely_vetoed, likely_adopted, else uncertain",
	"Forecast.permanent_against": "permanent members whose stance is veto or against: on a substantive draft, each a likely veto",

	"DraftRef.id":     "the draft's id in the tracker",
	"DraftRef.symbol": "the official symbol; null while unknown",
	"DraftRef.title":  "the draft's title",

	"MemberVote.draft":    "the draft voted on",
	"MemberVote.voted_on": "the day of the vote",
	"MemberVote.meeting":  "the meeting record, such as S/PV.6711; empty when unknown",
	"MemberVote.vote":     "how the member voted",
	"MemberVote.outcome":  "the outcome under UN Charter Art. 27",
	"MemberVote.vetoed":   "true when the member's vote was a veto: a permanent member voted no and the draft was vetoed",
	"MemberVote.position": "the member's last stance on the draft on or before the vote date, retracted ones left out; null when none was recorded",
	"MemberVote.agrees":   "whether the vote kept to that stance (support and leaning_support announce yes, against and veto no, abstain an abstention); null when the stance announced no vote or there was none",

	"Veto.draft":     "the vetoed draft",
	"Veto.voted_on":  "the day of the vote",
	"Veto.meeting":   "the meeting record, such as S/PV.6627; empty when unknown",
	"Veto.agenda":    "the agenda item the draft was taken under, else its topic",
	"Veto.vetoed_by": "the permanent members whose negative vote vetoed it, sorted",
	"Veto.yes":       "affirmative votes",
	"Veto.no":        "negative votes",
	"Veto.abstain":   "abstentions",
	"Veto.absent":    "members absent or not voting",

	"Agreement.members":          "the two members, by code, sorted",
	"Agreement.roll_calls":       "roll calls both took part in (both sat on the Council), decisions adopted without a vote left out",
	"Agreement.both_voting":      "of those, the ones where neither was absent",
	"Agreement.identical":        "of those, the ones where both cast the same vote: yes, no or abstain",
	"Agreement.identical_share":  "identical / both_voting; null when both_voting is 0",
	"Agreement.yes_no_pairs":     "roll calls where both voted yes or no (abstentions and absences left out)",
	"Agreement.yes_no_identical": "of those, the ones where both voted yes or both voted no",
	"Agreement.coincidence":      "yes_no_identical / yes_no_pairs, the US State Department's voting coincidence; null when yes_no_pairs is 0",

	"Alignment.matched":     "votes that kept to the stance before them",
	"Alignment.mismatched":  "votes that did not",
	"Alignment.uncheckable": "votes with no stance before them that announced a vote: none recorded, undecided or hostile",
	"Alignment.mismatches":  "this page of the votes that did not keep to the stance before them, newest first",
	"Alignment.next_cursor": "pass as cursor for more mismatches; null on the last page; the counts are the same on every page",

	"Mismatch.draft":    "the draft voted on",
	"Mismatch.voted_on": "the day of the vote",
	"Mismatch.member":   "the member, by code",
	"Mismatch.stance":   "its last stance on the draft before the vote",
	"Mismatch.vote":     "how it voted",

	"Bloc.count":   "how many members",
	"Bloc.members": "their codes, sorted",

	"Health.status": "ok",

	"Problem.type":       "the kind of problem, a URN such as urn:unsc:problem:invalid",
	"Problem.title":      "the kind of problem, in words",
	"Problem.status":     "the HTTP status",
	"Problem.detail":     "what went wrong with this request",
	"Problem.instance":   "the path requested",
	"Problem.request_id": "the request's id, as in X-Request-Id and the server's log",
	"Problem.errors":     "each invalid field and what is wrong with it",

	"FieldError.field":   "the field at fault: a body path such as evidence[0].quote or votes.RUS, a query parameter or a header",
	"FieldError.message": "what is wrong with it",
}

// headerDocs describes the response headers.
var headerDocs = map[string]string{
	"X-Request-Id":        "the request's id, as in the server's log: the client's own when it sent a usable one",
	"Idempotent-Replayed": "true when this is the kept response to an earlier request with the same Idempotency-Key",
	"Location":            "where to read what was created or recorded",
	"ETag":                "the version read: send it in If-Match to change the resource, or in If-None-Match to skip an unchanged read",
	"Retry-After":         "seconds to wait before trying again",
}

// schemas builds JSON Schemas (2020-12, as OpenAPI 3.1 uses) from Go types,
// collecting named structs as components.
type schemas struct {
	comps map[string]any
	// used records the keys of the tables above that named a property, so
	// that a test can tell a key that names none.
	used map[string]bool
}

func newSchemas() *schemas {
	return &schemas{comps: map[string]any{}, used: map[string]bool{}}
}

func (s *schemas) of(t reflect.Type) map[string]any {
	if vals, ok := enums[t]; ok {
		return enumSchema(vals)
	}
	switch t {
	case reflect.TypeFor[models.Date]():
		return dateSchema()
	case reflect.TypeFor[time.Time]():
		return map[string]any{"type": "string", "format": "date-time"}
	case reflect.TypeFor[clearable]():
		return nullable(map[string]any{"type": "string"})
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(s.of(t.Elem()))
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": s.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": s.of(t.Elem())}
	case reflect.Struct:
		name := componentName(t)
		if _, done := s.comps[name]; !done {
			s.comps[name] = nil // placeholder against recursion
			s.comps[name] = s.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	panic("openapi: no schema for " + t.String())
}

// nullable lets a schema take null as well.
func nullable(schema map[string]any) map[string]any {
	if ref, ok := schema["$ref"]; ok {
		return map[string]any{"anyOf": []any{map[string]any{"$ref": ref}, map[string]any{"type": "null"}}}
	}
	if t, ok := schema["type"].(string); ok {
		schema["type"] = []any{t, "null"}
	}
	if vals, ok := schema["enum"].([]any); ok && !slices.Contains(vals, nil) {
		schema["enum"] = append(slices.Clone(vals), nil)
	}
	return schema
}

// merge adds src's keywords to dst, descending into schemas both hold.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if dm, ok := dst[k].(map[string]any); ok {
			if sm, ok := v.(map[string]any); ok {
				merge(dm, sm)
				continue
			}
		}
		dst[k] = clone(v)
	}
}

func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = clone(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = clone(e)
		}
		return out
	}
	return v
}

// object describes a struct: every field a response always carries is
// required; in requests, the fields tagged required:"true". encoding/json
// leaves a field alone when a request sends null for it, so an optional
// request field takes null as the same as leaving it out.
func (s *schemas) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	request := strings.HasSuffix(t.Name(), "Request")
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		owner := tableName(t)
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type)
				continue
			}
			tag := f.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			key := owner + "." + name
			ft, ptr := f.Type, f.Type.Kind() == reflect.Pointer
			if ptr {
				ft = ft.Elem()
			}
			schema := s.of(ft)
			if format := f.Tag.Get("format"); format == "date" {
				merge(schema, dateSchema())
			}
			if vals, ok := fieldEnums[key]; ok {
				schema["enum"] = anys(vals)
				s.used[key] = true
			}
			if rule, ok := fieldRules[key]; ok {
				merge(schema, rule)
				s.used[key] = true
			}
			isRequired := (request && f.Tag.Get("required") == "true") || (!request && !strings.Contains(opts, "omitempty"))
			if isRequired {
				required = append(required, name)
			}
			if ptr || request && !isRequired {
				schema = nullable(schema)
			}
			desc := f.Tag.Get("desc")
			if d, ok := descriptions[key]; ok {
				desc = d
				s.used[key] = true
			}
			if desc != "" {
				schema["description"] = desc
			}
			props[name] = schema
		}
	}
	walk(t)
	slices.Sort(required)
	out := map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
	if rule, ok := objectRules[componentName(t)]; ok {
		merge(out, rule)
		s.used[componentName(t)] = true
	}
	return out
}

// tableName is how the tables above name the struct that declares a field:
// its component name, or "list" for every generic list.
func tableName(t reflect.Type) string {
	if strings.Contains(t.Name(), "[") {
		return "list"
	}
	return componentName(t)
}

// unusedKeys lists the keys of the tables above that name no property.
func (s *schemas) unusedKeys() []string {
	var out []string
	for _, keys := range [][]string{mapKeys(fieldEnums), mapKeys(fieldRules), mapKeys(descriptions), mapKeys(objectRules)} {
		for _, k := range keys {
			if !s.used[k] {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// componentName names a struct's schema: list[models.Member] is MemberList.
func componentName(t reflect.Type) string {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		inner := strings.TrimSuffix(name[i+1:], "]")
		inner = inner[strings.LastIndexByte(inner, '.')+1:]
		return inner + "List"
	}
	if name == "" {
		return "Object"
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// openAPI renders the OpenAPI 3.1 document for routes().
func (h *Handler) openAPI() []byte {
	doc, _ := h.openAPIDoc()
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// requestIDParam documents the request id a client may send.
var requestIDParam = map[string]any{"name": "X-Request-Id", "in": "header", "required": false,
	"description": "an id for this request, echoed in the response and the server's log when it is 1 to 64 of A-Z a-z 0-9 . _ -; otherwise the server makes one",
	"schema":      map[string]any{"type": "string"}}

// openAPIDoc builds the document and reports the schema tables' keys that
// named no property.
func (h *Handler) openAPIDoc() (map[string]any, []string) {
	comps := newSchemas()
	problemRef := comps.of(reflect.TypeFor[Problem]())
	paths := map[string]map[string]any{}
	for _, rt := range h.routes() {
		path := openAPIPath(rt.path)
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		op := map[string]any{"operationId": rt.id, "summary": rt.summary}
		params := []any{}
		for _, p := range rt.params {
			params = append(params, map[string]any{"name": p.name, "in": p.in, "description": p.desc,
				"required": p.required, "schema": p.schema})
		}
		if rt.idempotent() {
			params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
				"description": fmt.Sprintf("retry safely: the same key and body replay the first response (kept at least 24 hours); 1 to %d printable ASCII characters, no spaces", maxIdempotencyKey),
				"schema":      map[string]any{"type": "string", "minLength": 1, "maxLength": maxIdempotencyKey, "pattern": idempotencyKeyPattern}})
		}
		if rt.etag {
			params = append(params, map[string]any{"name": "If-None-Match", "in": "header", "required": false,
				"description": "entity tags read before (from ETag), comma-separated, or *: when one is current the answer is 304 without a body; a tag that is not current, or text that is not a tag, matches nothing",
				"schema":      map[string]any{"type": "string"}})
		}
		params = append(params, requestIDParam)
		op["parameters"] = params
		if rt.body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": comps.of(reflect.TypeOf(rt.body))}}}
		}
		if rt.write {
			op["security"] = []any{map[string]any{"bearer": []any{}}}
		}
		responses := map[string]any{}
		var success map[string]any
		if rt.media != "" {
			success = map[string]any{"description": http.StatusText(rt.status),
				"content": map[string]any{rt.media: map[string]any{"schema": map[string]any{"type": "string"}}}}
		} else {
			success = map[string]any{"description": http.StatusText(rt.status),
				"content": map[string]any{"application/json": map[string]any{"schema": comps.of(reflect.TypeOf(rt.resp))}}}
		}
		headers := map[string]any{"X-Request-Id": header("X-Request-Id")}
		if rt.idempotent() {
			headers["Idempotent-Replayed"] = map[string]any{"description": headerDocs["Idempotent-Replayed"], "schema": enumSchema([]string{"true"})}
		}
		for _, name := range rt.headers {
			headers[name] = header(name)
		}
		success["headers"] = headers
		responses[strconv.Itoa(rt.status)] = success
		if rt.created != 0 {
			responses[strconv.Itoa(rt.created)] = success
		}
		if rt.etag {
			responses["304"] = map[string]any{"description": "Not modified: If-None-Match names the current ETag"}
		}
		for _, st := range rt.errorStatuses() {
			resp := map[string]any{"description": http.StatusText(st),
				"content": map[string]any{"application/problem+json": map[string]any{"schema": problemRef}}}
			if st == http.StatusTooManyRequests || st == http.StatusServiceUnavailable {
				resp["headers"] = map[string]any{"Retry-After": header("Retry-After")}
			}
			responses[strconv.Itoa(st)] = resp
		}
		op["responses"] = responses
		paths[path][strings.ToLower(rt.method)] = op
	}
	paths["/openapi.json"] = map[string]any{"get": map[string]any{"operationId": "openapi", "summary": "This document",
		"parameters": []any{requestIDParam},
		"responses": map[string]any{"200": map[string]any{"description": "OK",
			"headers": map[string]any{"X-Request-Id": header("X-Request-Id")},
			"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}}}}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "UN Security Council tracker", "version": "1.0.0",
			"description": "Council members and terms, draft resolutions, members' positions with evidence, roll-call votes with the UN Charter Art. 27 outcome, and projections. Reads are public; writes need a bearer token."},
		"paths": paths,
		"components": map[string]any{"schemas": comps.comps, "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer",
			"description": "an API key's token, made with `unsc keys create --name NAME`"}}},
	}
	return doc, comps.unusedKeys()
}

// header documents a response header.
func header(name string) map[string]any {
	return map[string]any{"description": headerDocs[name], "schema": map[string]any{"type": "string"}}
}

// openAPIPath turns /v1/drafts/:id into /v1/drafts/{id}.
func openAPIPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}
