package models

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// The events a webhook can ask for. Each but projection.changed is a
// change of the change feed under the same name.
const (
	EventDraftCreated      = ChangeDraftCreated
	EventDraftUpdated      = ChangeDraftUpdated
	EventPositionRecorded  = ChangePositionAdded
	EventPositionRetracted = ChangePositionRetracted
	EventVoteRecorded      = ChangeVoteRecorded
	EventVoteCorrected     = ChangeVoteCorrected
	EventMeetingScheduled  = ChangeMeetingScheduled
	// EventProjectionChanged is sent when a draft's likely outcome, as
	// the projection counts it from the positions, is not what it was.
	EventProjectionChanged = "projection.changed"
)

// EventTypes lists every event a webhook can ask for, in the order the
// documentation gives them.
var EventTypes = []string{EventDraftCreated, EventDraftUpdated, EventPositionRecorded, EventPositionRetracted,
	EventVoteRecorded, EventVoteCorrected, EventMeetingScheduled, EventProjectionChanged}

// Bounds on what a key can make the tracker hold and send.
const (
	MaxWebhooksPerKey = 25
)

// Webhook is a subscription: the events a key wants sent to a URL, and
// which of them (a draft, a member, a topic, an agenda item; empty
// filters match every event). Its secret is shown only when made or
// rotated.
type Webhook struct {
	ID     int64         `json:"id"`
	URL    string        `json:"url"`
	Events []string      `json:"events"`
	Filter WebhookFilter `json:"filter"`
	Active bool          `json:"active"`
	// Disabled says why the tracker stopped sending (deliveries that
	// failed for too long), or that the key's owner paused it.
	Disabled *string `json:"disabled_reason"`
	Owner    string  `json:"-"`
	// Version counts the webhook's changes, for its ETag.
	Version   int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Secret is set only in the answer that made or rotated it.
	Secret string `json:"secret,omitempty"`
	// PreviousSecretUntil is when the secret a rotation replaced stops
	// signing deliveries (both sign until then).
	PreviousSecretUntil *time.Time `json:"previous_secret_until"`
}

// WebhookFilter narrows a webhook's events; each field set must match.
type WebhookFilter struct {
	DraftID *int64  `json:"draft_id"`
	Member  *string `json:"member"`
	Topic   *string `json:"topic"`
	Agenda  *string `json:"agenda"`
}

// WebhookInput is a subscription as a client asks for it.
type WebhookInput struct {
	URL    string
	Events []string
	Filter WebhookFilter
}

// WebhookPatch changes what is set of a subscription.
type WebhookPatch struct {
	URL    *string
	Events []string // nil: unchanged
	Filter *WebhookFilter
	Active *bool
}

// Validate checks a subscription.
func (in *WebhookInput) Validate() error {
	var p Problems
	checkWebhookURL(&p, in.URL)
	in.Events = checkEvents(&p, in.Events)
	in.Filter.check(&p)
	return p.Err()
}

// Validate checks what a patch sets.
func (in *WebhookPatch) Validate() error {
	var p Problems
	if in.URL != nil {
		checkWebhookURL(&p, *in.URL)
	}
	if in.Events != nil {
		in.Events = checkEvents(&p, in.Events)
	}
	if in.Filter != nil {
		in.Filter.check(&p)
	}
	return p.Err()
}

// checkWebhookURL allows absolute http and https URLs without
// credentials. Where the name points is checked when a delivery is sent,
// after it is resolved, not here: a name can point elsewhere later.
func checkWebhookURL(p *Problems, raw string) {
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		p.Add("url", "is required")
	case len(raw) > MaxURLLen:
		p.Add("url", "is longer than %d characters", MaxURLLen)
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "":
		p.Add("url", "must be an absolute http or https URL")
	case u.User != nil:
		p.Add("url", "must not carry a user name or password")
	}
}

// checkEvents refuses unknown and repeated events.
func checkEvents(p *Problems, events []string) []string {
	if len(events) == 0 {
		p.Add("events", "name at least one of %s", strings.Join(EventTypes, ", "))
		return events
	}
	seen := map[string]bool{}
	for _, e := range events {
		switch {
		case !slices.Contains(EventTypes, e):
			p.Add("events", "%q is not an event; the events are %s", e, strings.Join(EventTypes, ", "))
			return events
		case seen[e]:
			p.Add("events", "%q is named twice", e)
			return events
		}
		seen[e] = true
	}
	return events
}

func (f *WebhookFilter) check(p *Problems) {
	if f.DraftID != nil && *f.DraftID <= 0 {
		p.Add("filter.draft_id", "must be a draft's id, a positive integer")
	}
	if f.Member != nil {
		code := NormalizeCode(*f.Member)
		f.Member = &code
		if !codePattern.MatchString(code) {
			p.Add("filter.member", "must be a member's three-letter code")
		}
	}
	if f.Topic != nil {
		checkText(p, "filter.topic", *f.Topic, true, MaxTopicLen)
	}
	if f.Agenda != nil {
		checkText(p, "filter.agenda", *f.Agenda, true, MaxAgendaLen)
	}
}

// EventSubject is what an event concerns, for matching it against
// subscriptions' filters.
type EventSubject struct {
	Type    string
	DraftID *int64
	// Drafts are the drafts a scheduled meeting is expected to vote on:
	// a draft filter matches any of them.
	Drafts []int64
	Member *string
	Topic  string
	Agenda []string
}

// Wants reports whether the webhook asks for this event: it is active,
// names the event's type, and every filter it sets matches. A topic
// matches without regard to case; an agenda filter matches any agenda
// item (a draft's or a meeting's) that contains it, without regard to
// case, as the meetings' agenda filter does.
func (w Webhook) Wants(e EventSubject) bool {
	if !w.Active || !slices.Contains(w.Events, e.Type) {
		return false
	}
	f := w.Filter
	if f.DraftID != nil && (e.DraftID == nil || *e.DraftID != *f.DraftID) && !slices.Contains(e.Drafts, *f.DraftID) {
		return false
	}
	if f.Member != nil && (e.Member == nil || !strings.EqualFold(*e.Member, *f.Member)) {
		return false
	}
	if f.Topic != nil && !strings.EqualFold(strings.TrimSpace(e.Topic), strings.TrimSpace(*f.Topic)) {
		return false
	}
	if f.Agenda != nil && !slices.ContainsFunc(e.Agenda, func(item string) bool {
		return strings.Contains(strings.ToLower(item), strings.ToLower(*f.Agenda))
	}) {
		return false
	}
	return true
}

// Same reports whether two states of a webhook send the same events to
// the same place in the same way: a patch that changes nothing is no
// change.
func (w Webhook) Same(o Webhook) bool {
	return w.URL == o.URL && slices.Equal(w.Events, o.Events) && w.Active == o.Active &&
		eqPtr(w.Filter.DraftID, o.Filter.DraftID) && eqPtr(w.Filter.Member, o.Filter.Member) &&
		eqPtr(w.Filter.Topic, o.Filter.Topic) && eqPtr(w.Filter.Agenda, o.Filter.Agenda)
}

func eqPtr[T comparable](a, b *T) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
