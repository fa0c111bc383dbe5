package openapi

import (
	"reflect"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// enums lists the values of the domain's string enumerations as responses
// carry them; fieldEnums narrows them where one field holds fewer.
var enums = map[reflect.Type][]string{
	reflect.TypeFor[models.Stance]():       append(httpx.Strings(models.Stances), string(models.StanceUnknown)),
	reflect.TypeFor[models.Status]():       httpx.Strings(models.Statuses),
	reflect.TypeFor[models.Cast]():         httpx.Strings(models.Casts),
	reflect.TypeFor[models.DecisionKind](): httpx.Strings(models.DecisionKinds),
	reflect.TypeFor[models.LinkKind]():     httpx.Strings(models.AllLinkKinds),
	reflect.TypeFor[models.Procedure]():    httpx.Strings(models.Procedures),
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
	"PositionRequest.stance": httpx.Strings(models.Stances),
	"Tally.outcome":          {string(models.OutcomeAdopted), string(models.OutcomeFailed), string(models.OutcomeVetoed)},
	"MemberVote.outcome":     {string(models.OutcomeAdopted), string(models.OutcomeFailed), string(models.OutcomeVetoed)},
	// A member's record shows every roll call held while it sat, known or not.
	"MemberVote.vote": append(httpx.Strings(models.Casts), string(models.CastUnknown)),
	// A position before a vote is a recorded one, or none (null).
	"MemberVote.position": httpx.Strings(models.Stances),
	// Only a stance that announces a vote can be broken.
	"Mismatch.stance": {string(models.StanceSupport), string(models.StanceLeaningSupport), string(models.StanceAbstain),
		string(models.StanceAgainst), string(models.StanceVeto)},
	"Forecast.outcome":                  {string(models.LikelyAdopted), string(models.LikelyFailed), string(models.LikelyVetoed), string(models.Uncertain)},
	"ProjectionChange.previous_outcome": {string(models.LikelyAdopted), string(models.LikelyFailed), string(models.LikelyVetoed), string(models.Uncertain)},
	"ProjectionChange.outcome":          {string(models.LikelyAdopted), string(models.LikelyFailed), string(models.LikelyVetoed), string(models.Uncertain)},
	"Projection.basis":                  {models.BasisCurrent, models.BasisBeforeVote, models.BasisOn},
	// A client names a link from its own draft; the inverses are shown.
	"LinkRequest.kind":    httpx.Strings(models.LinkKinds),
	"Delivery.state":      {models.DeliveryPending, models.DeliveryDelivered, models.DeliveryFailed},
	"Delivery.event_type": models.EventTypes,
	"Change.entity": {models.EntityMember, models.EntitySource, models.EntityDraft, models.EntityPosition, models.EntityVote, models.EntityLink, models.EntityMeeting,
		models.EntityScheduledMeeting, models.EntityPresidency},
	"Change.kind": {models.ChangeMemberCreated, models.ChangeTermAdded, models.ChangeSourceCreated, models.ChangeDraftCreated,
		models.ChangeDraftUpdated, models.ChangePositionAdded, models.ChangeVoteRecorded, models.ChangeVoteCorrected,
		models.ChangeLinkAdded, models.ChangePositionRetracted, models.ChangeMeetingRecorded,
		models.ChangeMeetingScheduled, models.ChangeMeetingCancelled, models.ChangePresidencyRecorded},

	// A vote's outcome, and the outcome a record states.
	"Decision.outcome":    {string(models.OutcomeAdopted), string(models.OutcomeFailed), string(models.OutcomeVetoed)},
	"VoteRequest.outcome": {string(models.OutcomeAdopted), string(models.OutcomeFailed), string(models.OutcomeVetoed)},
	// A member sat but the record gives only the tally: its vote is
	// shown as unknown, and is never one a client records.
	"VoteMember.vote": append(httpx.Strings(models.Casts), string(models.CastUnknown)),
}

// fieldRules adds to a property's schema what the server checks beyond its
// Go type, keyed like fieldEnums. The limits are the domain's own.
var fieldRules = map[string]map[string]any{
	"DraftRequest.symbol":   {"pattern": "^" + draftSymbol + "$"},
	"DraftRequest.title":    requiredText(models.MaxTitleLen),
	"DraftRequest.topic":    requiredText(models.MaxTopicLen),
	"DraftRequest.sponsors": {"maxItems": models.MaxSponsors, "uniqueItems": true, "items": requiredText(models.MaxNameLen)},
	"DraftRequest.summary":  optionalText(models.MaxSummaryLen),
	"DraftRequest.agenda":   optionalText(models.MaxAgendaLen),
	// An empty or blank symbol removes it.
	"DraftPatchRequest.symbol":   {"pattern": "^(" + draftSymbol + "|[" + spaceRunes + "]*)$"},
	"DraftPatchRequest.title":    requiredText(models.MaxTitleLen),
	"DraftPatchRequest.topic":    requiredText(models.MaxTopicLen),
	"DraftPatchRequest.sponsors": {"maxItems": models.MaxSponsors, "uniqueItems": true, "items": requiredText(models.MaxNameLen)},
	"DraftPatchRequest.summary":  optionalText(models.MaxSummaryLen),
	"DraftPatchRequest.agenda":   optionalText(models.MaxAgendaLen),
	// A resolution symbol, or blank to remove it.
	"DraftPatchRequest.resolution": {"pattern": "^(" + models.ResolutionPattern + "|[" + spaceRunes + "]*)$"},
	"LinkRequest.draft_id":         IDSchema(),
	"RetractionRequest.reason":     requiredText(models.MaxReasonLen),
	"PositionRequest.note":         optionalText(models.MaxNoteLen),
	"PositionRequest.evidence":     {"minItems": 1, "maxItems": models.MaxEvidence},
	"EvidenceRequest.quote":        requiredText(models.MaxQuoteLen),
	"EvidenceRequest.speaker":      requiredText(models.MaxSpeakerLen),
	"EvidenceRequest.source_id":    IDSchema(),
	"VoteRequest.meeting":          {"pattern": "^(" + meetingSymbol + ")?$"},
	// With a tally or an outcome, votes names only the members known,
	// perhaps none; without, every member sitting (said in words).
	"VoteRequest.votes": {"maxProperties": models.MaxSeats,
		"propertyNames": map[string]any{"pattern": CodePattern}},
	"VoteRequest.source": optionalText(models.MaxURLLen),
	"MemberRequest.code": {"pattern": CodePattern},
	// The calendar: a meeting scheduled ahead, a month's president.
	"ScheduleRequest.agenda":   requiredText(models.MaxAgendaLen),
	"ScheduleRequest.symbol":   {"pattern": "^" + meetingSymbol + "$"},
	"ScheduleRequest.drafts":   {"maxItems": models.MaxScheduledDrafts, "uniqueItems": true, "items": IDSchema()},
	"PresidencyRequest.member": {"pattern": CodePattern},
	"MemberRequest.name":       requiredText(models.MaxNameLen),
	"TermRequest.start":        {"minimum": models.FirstYear, "maximum": models.LastYear},
	// An elected term lasts one or two years from its start.
	"TermRequest.end":           {"minimum": models.FirstYear, "maximum": models.LastYear + 1},
	"SourceRequest.title":       requiredText(models.MaxTitleLen),
	"SourceRequest.publisher":   requiredText(models.MaxNameLen),
	"SourceRequest.author":      optionalText(models.MaxNameLen),
	"Agreement.identical_share": {"minimum": 0, "maximum": 1},
	"Agreement.coincidence":     {"minimum": 0, "maximum": 1},
	"Agreement.members":         {"minItems": 2, "maxItems": 2},
	"SourceRequest.url":         {"format": "uri", "minLength": 1, "maxLength": models.MaxURLLen, "pattern": urlPattern},

	// A webhook's target and events; its filters name a stored draft or
	// member (said in words).
	"WebhookRequest.url":            {"format": "uri", "minLength": 1, "maxLength": models.MaxURLLen, "pattern": urlPattern},
	"WebhookRequest.events":         webhookEvents(),
	"WebhookPatchRequest.url":       {"format": "uri", "minLength": 1, "maxLength": models.MaxURLLen, "pattern": urlPattern},
	"WebhookPatchRequest.events":    webhookEvents(),
	"Webhook.events":                {"items": EnumSchema(models.EventTypes)},
	"WebhookFilterRequest.draft_id": IDSchema(),
	"WebhookFilterRequest.member":   {"pattern": CodePattern},
	"WebhookFilterRequest.topic":    requiredText(models.MaxTopicLen),
	"WebhookFilterRequest.agenda":   requiredText(models.MaxAgendaLen),

	// No count is negative; together they are the Council's seats that
	// day (said in words: a sum is beyond JSON Schema).
	"TallyRequest.yes":        {"minimum": 0, "maximum": models.MaxSeats},
	"TallyRequest.no":         {"minimum": 0, "maximum": models.MaxSeats},
	"TallyRequest.abstain":    {"minimum": 0, "maximum": models.MaxSeats},
	"TallyRequest.non_voting": {"minimum": 0, "maximum": models.MaxSeats},
}

// objectRules adds rules that tie one property to another.
var objectRules = map[string]map[string]any{
	// A permanent member holds its seat by the Charter, not by terms.
	// A decision adopted without a vote is recorded as every member's yes.
	"VoteRequest": {
		"if":   map[string]any{"properties": map[string]any{"adopted_without_vote": map[string]any{"const": true}}, "required": []any{"adopted_without_vote"}},
		"then": map[string]any{"properties": map[string]any{"votes": map[string]any{"additionalProperties": EnumSchema([]string{string(models.CastYes)})}}},
	},
	"MemberRequest": {
		"if":   map[string]any{"properties": map[string]any{"permanent": map[string]any{"const": true}}, "required": []any{"permanent"}},
		"then": map[string]any{"properties": map[string]any{"terms": map[string]any{"maxItems": 0}}},
	},
}

// webhookEvents is the list of events a webhook asks for: at least one,
// each once.
func webhookEvents() map[string]any {
	return map[string]any{"minItems": 1, "maxItems": len(models.EventTypes), "uniqueItems": true, "items": EnumSchema(models.EventTypes)}
}
