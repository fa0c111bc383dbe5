package models

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"
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

type changeRow struct {
	ID         int64 `gorm:"primaryKey"`
	Kind       string
	Entity     string
	EntityID   string
	DraftID    *int64
	MemberCode *string
	KeyName    string
	At         time.Time
}

func (changeRow) TableName() string { return "changes" }

func (r changeRow) change() Change {
	c := Change{ID: r.ID, Kind: r.Kind, Entity: r.Entity, EntityID: r.EntityID, DraftID: r.DraftID, Member: r.MemberCode,
		By: r.KeyName, At: r.At}
	if id, err := strconv.ParseInt(r.EntityID, 10, 64); err == nil {
		switch r.Entity {
		case EntitySource:
			c.SourceID = &id
		case EntityPosition:
			c.PositionID = &id
		}
	}
	return c
}

// changed describes a write for the change feed: its kind, the entity
// written and the draft and member it concerns (nil when none).
type changed struct {
	kind, entity, id string
	draft            *int64
	member           *string
}

// logChange appends a write by `by` to the change feed, in the write's
// transaction.
func (s *Store) logChange(tx *gorm.DB, by string, c changed) error {
	_, err := s.exec(tx, sqlInsertChange, c.kind, c.entity, c.id, c.draft, c.member, by, s.now().UTC())
	return err
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }

// Changes lists writes after since, oldest first, and where to resume
// from: the last one listed, or since itself when there is nothing new.
// An empty since starts at the beginning.
func (s *Store) Changes(ctx context.Context, since string, limit int) ([]Change, string, error) {
	after, err := parseChangeCursor(since)
	if err != nil {
		return nil, "", err
	}
	var rows []changeRow
	err = s.r.WithContext(ctx).Where("id > ?", after).Order("id").Limit(ClampLimit(limit)).Find(&rows).Error
	if err != nil {
		return nil, "", err
	}
	out := make([]Change, len(rows))
	for i, r := range rows {
		out[i] = r.change()
	}
	if len(rows) > 0 {
		since = ChangeCursor(rows[len(rows)-1].ID)
	}
	return out, since, nil
}

// ChangeCursor is where the feed resumes right after change id: the id in
// decimal, which is also that change's event id in the stream, so one
// value serves as since=, as next_cursor and as Last-Event-ID.
func ChangeCursor(id int64) string { return strconv.FormatInt(id, 10) }

// parseChangeCursor reads a ChangeCursor, or an opaque cursor of the form
// the feed gave out before, and refuses anything else.
func parseChangeCursor(s string) (int64, error) {
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
