package sqlstore

// Positions' tables, and the write that records an observation of a
// member's stance on a draft (reads: positions_read.go).

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unsc/models"

	"gorm.io/gorm"
)

type positionRow struct {
	ID         int64 `gorm:"primaryKey"`
	DraftID    int64
	MemberCode string
	Stance     models.Stance
	AsOf       models.Date
	Note       string
	RecordedBy string
	RecordedAt time.Time
	// EvidenceBytes estimates the size of the row's evidence and of its
	// retraction, read only where a page must be cut to MaxPageBytes (see
	// withEvidenceSize).
	EvidenceBytes int `gorm:"->"`
}

func (positionRow) TableName() string { return "positions" }

type evidenceRow struct {
	PositionID int64 `gorm:"primaryKey;autoIncrement:false"`
	Ord        int   `gorm:"primaryKey;autoIncrement:false"`
	Quote      string
	Speaker    string
	SourceID   int64
}

func (evidenceRow) TableName() string { return "evidence" }

type currentRow struct {
	DraftID    int64  `gorm:"primaryKey;autoIncrement:false"`
	MemberCode string `gorm:"primaryKey"`
	PositionID int64
}

func (currentRow) TableName() string { return "current_positions" }

// RecordPosition adds an observation of a member's stance on a draft. The
// member's current position becomes this one unless a later-dated one is
// already on record.
func (s *Store) RecordPosition(ctx context.Context, e Edit[models.Position], draftID int64, code string, in models.PositionInput) (models.Position, error) {
	if err := s.checkPosition(in); err != nil {
		return models.Position{}, err
	}
	cached, known, err := s.cachedMember(ctx, code)
	if err != nil {
		return models.Position{}, err
	}
	slow := func(tx *gorm.DB) (models.Position, error) {
		m := cached
		if !known || in.CheckFor(m) != nil {
			// Not known or not sitting as last read: ask the transaction,
			// which sees a member or term written in the same commit.
			var err error
			if m, err = getMember(tx, code); err != nil {
				return models.Position{}, err
			}
		}
		return s.recordPosition(tx, e.By, draftID, m, in)
	}
	// A member known sitting stays sitting (terms are only ever added):
	// on PostgreSQL the write can go as one statement. A write kept for a
	// retry goes step by step, as its answer is written beside it.
	if s.pipelined && known && e.Replay == nil && in.CheckFor(cached) == nil {
		return s.recordPositionPiped(ctx, e.By, draftID, cached, in, slow)
	}
	return writeTx(s, ctx, e, slow)
}

// recordPositionPiped records a position through sqlRecordPositionPiped,
// falling back to slow when the statement wrote nothing (slow then says
// which draft or source is missing) or when its run was rolled back.
func (s *Store) recordPositionPiped(ctx context.Context, by string, draftID int64, m models.Member, in models.PositionInput,
	slow func(tx *gorm.DB) (models.Position, error)) (models.Position, error) {
	at := s.now().UTC()
	quotes, speakers, sources := make([]string, len(in.Evidence)), make([]string, len(in.Evidence)), make([]int64, len(in.Evidence))
	for i, ev := range in.Evidence {
		quotes[i], speakers[i], sources[i] = ev.Quote, ev.Speaker, ev.SourceID
	}
	var id int64
	var out models.Position
	j := &writeJob{ctx: ctx, done: make(chan error, 1), fn: func(tx *gorm.DB) (err error) {
		out, err = slow(tx)
		return err
	}, pipe: &piped{sql: sqlRecordPositionPiped, scan: scanID(&id), args: []any{draftID, m.Code, string(in.Stance), string(in.AsOf),
		in.Note, by, at, quotes, speakers, sources, models.ChangePositionAdded, models.EntityPosition, positionDocBody(in.Note, in.Evidence)}}}
	if err := s.send(j); err != nil {
		return models.Position{}, err
	}
	if out.ID != 0 {
		return out, nil
	}
	asOf := in.AsOf
	return models.Position{ID: id, DraftID: draftID, Member: m.Ref(), Stance: in.Stance, AsOf: &asOf, Note: in.Note,
		Evidence: in.Evidence, RecordedBy: by, RecordedAt: &at}, nil
}

// checkPosition checks what an observation says of itself.
func (s *Store) checkPosition(in models.PositionInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return s.checkDate("as_of", in.AsOf)
}

// recordPosition records a checked observation of m within tx. The
// busiest write of all: its statements are prepared once.
func (s *Store) recordPosition(tx *gorm.DB, by string, draftID int64, m models.Member, in models.PositionInput) (models.Position, error) {
	ok, err := s.exists(tx, sqlDraftExists, draftID)
	if err != nil {
		return models.Position{}, err
	}
	if !ok {
		return models.Position{}, models.NotFound("no draft %d", draftID)
	}
	if err := in.CheckFor(m); err != nil {
		return models.Position{}, err
	}
	var p models.Problems
	for i, ev := range in.Evidence {
		ok, err := s.exists(tx, sqlSourceExists, ev.SourceID)
		if err != nil {
			return models.Position{}, err
		}
		if !ok {
			p.Add("evidence["+strconv.Itoa(i)+"].source_id", "no source %d: record the source first", ev.SourceID)
		}
	}
	if err := p.Err(); err != nil {
		return models.Position{}, err
	}
	pos := positionRow{DraftID: draftID, MemberCode: m.Code, Stance: in.Stance, AsOf: in.AsOf, Note: in.Note,
		RecordedBy: by, RecordedAt: s.now().UTC()}
	row, err := s.queryRow(tx, sqlInsertPosition, pos.DraftID, pos.MemberCode, pos.Stance, pos.AsOf, pos.Note, pos.RecordedBy, pos.RecordedAt)
	if err != nil {
		return models.Position{}, err
	}
	if err := row.Scan(&pos.ID); err != nil {
		return models.Position{}, err
	}
	for i, ev := range in.Evidence {
		if _, err := s.exec(tx, sqlInsertEvidence, pos.ID, i, ev.Quote, ev.Speaker, ev.SourceID); err != nil {
			return models.Position{}, err
		}
	}
	if _, err := s.exec(tx, sqlInsertPositionDoc, idText(pos.ID), pos.AsOf, positionDocBody(in.Note, in.Evidence), m.Code, draftID); err != nil {
		return models.Position{}, err
	}
	if err := s.updateCurrent(tx, pos); err != nil {
		return models.Position{}, err
	}
	err = s.logChange(tx, by, changed{kind: models.ChangePositionAdded, entity: models.EntityPosition, id: idText(pos.ID), draft: &draftID, member: &m.Code})
	if err != nil {
		return models.Position{}, err
	}
	asOf, at := pos.AsOf, pos.RecordedAt
	return models.Position{ID: pos.ID, DraftID: draftID, Member: m.Ref(), Stance: pos.Stance, AsOf: &asOf, Note: pos.Note,
		Evidence: in.Evidence, RecordedBy: pos.RecordedBy, RecordedAt: &at}, nil
}

// positionDocBody is the text a position's search document holds: its
// note, then each piece of evidence as "speaker: quote", joined by spaces
// and trimmed of spaces at each step, as the documents of positions
// stored before the store wrote them were made.
func positionDocBody(note string, evidence []models.Evidence) string {
	body := note
	for _, ev := range evidence {
		body = strings.Trim(body+" "+ev.Speaker+": "+ev.Quote, " ")
	}
	return body
}

// exists runs a prepared COUNT query for id.
func (s *Store) exists(tx *gorm.DB, query string, id int64) (bool, error) {
	row, err := s.queryRow(tx, query, id)
	if err != nil {
		return false, err
	}
	var n int
	err = row.Scan(&n)
	return n > 0, err
}

// updateCurrent points the member's current position at row unless a
// position dated later is already current (an observation recorded late
// does not replace a newer one). Ties go to the one recorded last.
func (s *Store) updateCurrent(tx *gorm.DB, row positionRow) error {
	_, err := s.exec(tx, sqlUpdateCurrent,
		row.DraftID, row.MemberCode, row.ID, row.AsOf)
	return err
}
