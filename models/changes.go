package models

import (
	"strconv"
	"time"
)

// Change kinds in the change feed.
const (
	ChangeMemberCreated = "member.created"
	ChangeTermAdded     = "member.term_added"
	ChangeSourceCreated = "source.created"
	ChangeDraftCreated  = "draft.created"
	ChangeDraftUpdated  = "draft.updated"
	ChangePositionAdded = "position.recorded"
	ChangeVoteRecorded  = "vote.recorded"
	ChangeVoteCorrected = "vote.corrected"
)

// The entities a change can be about. A vote is named by its draft's id.
const (
	EntityMember   = "member"
	EntitySource   = "source"
	EntityDraft    = "draft"
	EntityPosition = "position"
	EntityVote     = "vote"
)

// Change kinds and the entity of links between drafts and of retractions;
// a link is named by its own id, a retraction by its position's.
const (
	ChangeLinkAdded         = "link.added"
	ChangePositionRetracted = "position.retracted"
	EntityLink              = "link"
)

// The change kind and entity of a meeting of the Council's record; a
// meeting is named by its record's symbol.
const (
	ChangeMeetingRecorded = "meeting.recorded"
	EntityMeeting         = "meeting"
)

// Change is one write in the change feed: what happened to which entity,
// the draft and member it concerns, when, and with which key.
type Change struct {
	ID       int64   `json:"id"`
	Kind     string  `json:"kind"`
	Entity   string  `json:"entity"`
	EntityID string  `json:"entity_id"`
	DraftID  *int64  `json:"draft_id"`
	Member   *string `json:"member"`
	// SourceID and PositionID repeat EntityID for sources and positions.
	SourceID   *int64    `json:"source_id"`
	PositionID *int64    `json:"position_id"`
	By         string    `json:"by"`
	At         time.Time `json:"at"`
}

// ChangeCursor is where the feed resumes right after change id: the id in
// decimal, which is also that change's event id in the stream, so one
// value serves as since=, as next_cursor and as Last-Event-ID.
func ChangeCursor(id int64) string { return strconv.FormatInt(id, 10) }

// ParseChangeCursor reads a ChangeCursor, or an opaque cursor of the form
// the feed gave out before, and refuses anything else.
func ParseChangeCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 {
		return n, nil
	}
	if k, err := decodeCursor(s); err == nil && k.N > 0 && k.S == "" {
		return k.N, nil
	}
	return 0, InvalidField("since", "is not a place in the change feed: pass back a next_cursor or an event id")
}

// The change kinds and entities of the calendar: a meeting scheduled
// ahead or cancelled (named by its own id: a meeting not yet held has no
// record symbol), and a month's presidency recorded (named by its month,
// YYYY-MM, with the member presiding).
const (
	ChangeMeetingScheduled   = "meeting.scheduled"
	ChangeMeetingCancelled   = "meeting.cancelled"
	ChangePresidencyRecorded = "presidency.recorded"
	EntityScheduledMeeting   = "scheduled_meeting"
	EntityPresidency         = "presidency"
)
