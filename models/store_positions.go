package models

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
)

type positionRow struct {
	ID         int64 `gorm:"primaryKey"`
	DraftID    int64
	MemberCode string
	Stance     Stance
	AsOf       Date
	Note       string
	RecordedBy string
	RecordedAt time.Time
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
func (s *Store) RecordPosition(ctx context.Context, draftID int64, code string, in PositionInput) (Position, error) {
	if err := in.Validate(); err != nil {
		return Position{}, err
	}
	if err := s.checkDate("as_of", in.AsOf); err != nil {
		return Position{}, err
	}
	return writeTx(s, ctx, func(tx *gorm.DB) (Position, error) {
		if _, err := getDraft(tx, draftID, false); err != nil {
			return Position{}, err
		}
		m, err := getMember(tx, code)
		if err != nil {
			return Position{}, err
		}
		if err := in.CheckFor(m); err != nil {
			return Position{}, err
		}
		if err := checkSources(tx, in.Evidence); err != nil {
			return Position{}, err
		}
		row := positionRow{DraftID: draftID, MemberCode: code, Stance: in.Stance, AsOf: in.AsOf, Note: in.Note,
			RecordedBy: actorOf(ctx), RecordedAt: s.now().UTC()}
		if err := tx.Create(&row).Error; err != nil {
			return Position{}, err
		}
		for i, e := range in.Evidence {
			if err := tx.Create(&evidenceRow{PositionID: row.ID, Ord: i, Quote: e.Quote, Speaker: e.Speaker, SourceID: e.SourceID}).Error; err != nil {
				return Position{}, err
			}
		}
		if err := updateCurrent(tx, row); err != nil {
			return Position{}, err
		}
		err = s.logChange(ctx, tx, Change{Kind: ChangePositionAdded, DraftID: &draftID, MemberCode: &code, PositionID: &row.ID})
		if err != nil {
			return Position{}, err
		}
		asOf, at := row.AsOf, row.RecordedAt
		return Position{ID: row.ID, DraftID: draftID, Member: m.Ref(), Stance: row.Stance, AsOf: &asOf, Note: row.Note,
			Evidence: in.Evidence, RecordedBy: row.RecordedBy, RecordedAt: &at}, nil
	})
}

// updateCurrent points the member's current position at row unless a
// position dated later is already current (an observation recorded late
// does not replace a newer one).
func updateCurrent(tx *gorm.DB, row positionRow) error {
	var cur []positionRow
	err := tx.Table("current_positions c").Select("p.*").Joins("JOIN positions p ON p.id = c.position_id").
		Where("c.draft_id = ? AND c.member_code = ?", row.DraftID, row.MemberCode).Limit(1).Find(&cur).Error
	if err != nil {
		return err
	}
	if len(cur) == 0 {
		return tx.Create(&currentRow{DraftID: row.DraftID, MemberCode: row.MemberCode, PositionID: row.ID}).Error
	}
	if cur[0].AsOf > row.AsOf {
		return nil
	}
	return tx.Model(&currentRow{}).Where("draft_id = ? AND member_code = ?", row.DraftID, row.MemberCode).
		Update("position_id", row.ID).Error
}

func checkSources(tx *gorm.DB, ev []Evidence) error {
	ids := make([]int64, 0, len(ev))
	for _, e := range ev {
		ids = append(ids, e.SourceID)
	}
	var found []int64
	if err := tx.Model(&Source{}).Where("id IN ?", ids).Pluck("id", &found).Error; err != nil {
		return err
	}
	var p Problems
	for i, e := range ev {
		if !slices.Contains(found, e.SourceID) {
			p.Add("evidence["+itoa(i)+"].source_id", "no source %d: add it with POST /v1/sources first", e.SourceID)
		}
	}
	return p.Err()
}

// loadPositions turns rows into positions with their members and evidence.
func loadPositions(tx *gorm.DB, rows []positionRow) ([]Position, error) {
	out := make([]Position, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]int64, len(rows))
	idx := make(map[int64]int, len(rows))
	var codes []string
	for i, r := range rows {
		ids[i] = r.ID
		idx[r.ID] = i
		if !slices.Contains(codes, r.MemberCode) {
			codes = append(codes, r.MemberCode)
		}
	}
	var members []memberRow
	if err := tx.Where("code IN ?", codes).Find(&members).Error; err != nil {
		return nil, err
	}
	refs := make(map[string]MemberRef, len(members))
	for _, m := range members {
		refs[m.Code] = MemberRef{Code: m.Code, Name: m.Name, Permanent: m.Permanent}
	}
	var ev []evidenceRow
	if err := tx.Where("position_id IN ?", ids).Order("position_id, ord").Find(&ev).Error; err != nil {
		return nil, err
	}
	for i, r := range rows {
		asOf, at := r.AsOf, r.RecordedAt
		out[i] = Position{ID: r.ID, DraftID: r.DraftID, Member: refs[r.MemberCode], Stance: r.Stance, AsOf: &asOf,
			Note: r.Note, Evidence: []Evidence{}, RecordedBy: r.RecordedBy, RecordedAt: &at}
	}
	for _, e := range ev {
		p := &out[idx[e.PositionID]]
		p.Evidence = append(p.Evidence, Evidence{Quote: e.Quote, Speaker: e.Speaker, SourceID: e.SourceID})
	}
	return out, nil
}

// unknownPosition stands for a sitting member with no position on record.
func unknownPosition(draftID int64, m Member) Position {
	return Position{DraftID: draftID, Member: m.Ref(), Stance: StanceUnknown, Evidence: []Evidence{}}
}

// PositionFilter narrows the positions on one draft.
type PositionFilter struct {
	Stances   []Stance // may include StanceUnknown
	Permanent *bool
}

// DraftPositions returns one row per member sitting on the draft's date
// (its vote date if voted, else the day it was introduced): the member's
// current position, or stance unknown where none is recorded.
func (s *Store) DraftPositions(ctx context.Context, draftID int64, f PositionFilter) ([]Position, error) {
	var out []Position
	err := s.read(ctx, func(tx *gorm.DB) error {
		d, err := getDraft(tx, draftID, false)
		if err != nil {
			return err
		}
		all, err := allMembers(tx)
		if err != nil {
			return err
		}
		var rows []positionRow
		err = tx.Table("current_positions c").Select("p.*").Joins("JOIN positions p ON p.id = c.position_id").
			Where("c.draft_id = ?", draftID).Find(&rows).Error
		if err != nil {
			return err
		}
		current, err := byMember(tx, rows)
		if err != nil {
			return err
		}
		out = []Position{}
		for _, m := range Sitting(all, d.Date()) {
			if f.Permanent != nil && m.Permanent != *f.Permanent {
				continue
			}
			p, ok := current[m.Code]
			if !ok {
				p = unknownPosition(draftID, m)
			}
			if len(f.Stances) > 0 && !slices.Contains(f.Stances, p.Stance) {
				continue
			}
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

func byMember(tx *gorm.DB, rows []positionRow) (map[string]Position, error) {
	ps, err := loadPositions(tx, rows)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Position, len(ps))
	for _, p := range ps {
		out[p.Member.Code] = p
	}
	return out, nil
}

// positionsBefore returns each member's last position on a draft on or
// before date d: the latest as_of, then the latest recorded.
func positionsBefore(tx *gorm.DB, draftID int64, d Date) (map[string]Position, error) {
	var rows []positionRow
	err := tx.Raw(`SELECT p.* FROM positions p
		WHERE p.draft_id = ? AND p.as_of <= ? AND p.id = (
			SELECT q.id FROM positions q
			WHERE q.draft_id = p.draft_id AND q.member_code = p.member_code AND q.as_of <= ?
			ORDER BY q.as_of DESC, q.id DESC LIMIT 1)`, draftID, d, d).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	return byMember(tx, rows)
}

// PositionHistory returns every observation of a member's stance on a
// draft, oldest first by as_of, then by when it was recorded.
func (s *Store) PositionHistory(ctx context.Context, draftID int64, code string) ([]Position, error) {
	var out []Position
	err := s.read(ctx, func(tx *gorm.DB) error {
		if _, err := getDraft(tx, draftID, false); err != nil {
			return err
		}
		if _, err := getMember(tx, code); err != nil {
			return err
		}
		var rows []positionRow
		if err := tx.Where("draft_id = ? AND member_code = ?", draftID, code).Order("as_of, id").Find(&rows).Error; err != nil {
			return err
		}
		var err error
		out, err = loadPositions(tx, rows)
		return err
	})
	return out, err
}

// PositionQuery narrows positions across drafts.
type PositionQuery struct {
	Member  string
	Draft   int64
	Stances []Stance
	// History lists every observation; otherwise only current positions.
	History bool
	Cursor  string
	Limit   int
}

// ListPositions lists positions across drafts, in the order recorded.
func (s *Store) ListPositions(ctx context.Context, f PositionQuery) (Page[Position], error) {
	k, err := decodeCursor(f.Cursor)
	if err != nil {
		return Page[Position]{}, err
	}
	limit := clampLimit(f.Limit)
	var out []Position
	err = s.read(ctx, func(tx *gorm.DB) error {
		if f.Member != "" {
			if _, err := getMember(tx, f.Member); KindOf(err) == KindNotFound {
				return InvalidField("member", "no member %s", f.Member)
			} else if err != nil {
				return err
			}
		}
		q := tx.Table("positions p").Select("p.*").Where("p.id > ?", k.N)
		if !f.History {
			q = q.Joins("JOIN current_positions c ON c.position_id = p.id")
		}
		if f.Member != "" {
			q = q.Where("p.member_code = ?", f.Member)
		}
		if f.Draft != 0 {
			q = q.Where("p.draft_id = ?", f.Draft)
		}
		if len(f.Stances) > 0 {
			q = q.Where("p.stance IN ?", f.Stances)
		}
		var rows []positionRow
		if err := q.Order("p.id").Limit(limit + 1).Find(&rows).Error; err != nil {
			return err
		}
		var err error
		out, err = loadPositions(tx, rows)
		return err
	})
	if err != nil {
		return Page[Position]{}, err
	}
	return pageOf(out, limit, func(p Position) cursorKey { return cursorKey{N: p.ID} }), nil
}
