package sqlstore

// Reads of positions: a draft's positions as its Council stood on a day,
// a member's history on a draft, and lists across drafts, paged.

import (
	"context"
	"slices"
	"unsc/models"

	"gorm.io/gorm"
)

// withEvidenceSize selects the position rows of q (aliased p) with the
// encoded size of their evidence, estimated as TextSize does.
func withEvidenceSize(q *gorm.DB) *gorm.DB {
	return q.Select(`p.*, (SELECT COALESCE(SUM(2 * (OCTET_LENGTH(e.quote) + OCTET_LENGTH(e.speaker)) + 56), 0)
		FROM evidence e WHERE e.position_id = p.id)
		+ COALESCE((SELECT 2 * (OCTET_LENGTH(r.reason) + OCTET_LENGTH(r.retracted_by)) + 100
		FROM position_retractions r WHERE r.position_id = p.id), 0) AS evidence_bytes`)
}

// fitPage keeps the rows that fit one page of at most limit positions and
// MaxPageBytes, plus one more when there are more, and returns them with
// the page's length: only those rows' evidence is then loaded.
func fitPage(rows []positionRow, limit int) ([]positionRow, int) {
	n, total := min(len(rows), limit), 0
	for i := range n {
		if total += 400 + models.TextSize(rows[i].Note) + rows[i].EvidenceBytes; total > models.MaxPageBytes && i > 0 {
			n = i
			break
		}
	}
	return rows[:min(len(rows), n+1)], n
}

// loadPositions turns rows into positions with their members and evidence.
func loadPositions(tx *gorm.DB, rows []positionRow) ([]models.Position, error) {
	out := make([]models.Position, len(rows))
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
	refs := make(map[string]models.MemberRef, len(members))
	for _, m := range members {
		refs[m.Code] = models.MemberRef{Code: m.Code, Name: m.Name, Permanent: m.Permanent}
	}
	for i, r := range rows {
		asOf, at := r.AsOf, r.RecordedAt
		out[i] = models.Position{ID: r.ID, DraftID: r.DraftID, Member: refs[r.MemberCode], Stance: r.Stance, AsOf: &asOf,
			Note: r.Note, Evidence: []models.Evidence{}, RecordedBy: r.RecordedBy, RecordedAt: &at}
	}
	err := eachChild(tx, "position_id", ids, func(e evidenceRow) {
		p := &out[idx[e.PositionID]]
		p.Evidence = append(p.Evidence, models.Evidence{Quote: e.Quote, Speaker: e.Speaker, SourceID: e.SourceID})
	})
	if err != nil {
		return nil, err
	}
	var rs []retractionRow
	if err := tx.Where("position_id IN ?", ids).Find(&rs).Error; err != nil {
		return nil, err
	}
	for _, r := range rs {
		out[idx[r.PositionID]].Retracted = &models.Retraction{By: r.RetractedBy, At: r.RetractedAt, Reason: r.Reason}
	}
	return out, nil
}

// DraftPositions returns one row per member sitting on the draft's date
// (its vote date if voted, else today; or f.On), by code: the member's
// current position (with f.On, its last on or before that day), or stance
// unknown where none is recorded.
func (s *Store) DraftPositions(ctx context.Context, draftID int64, f models.PositionFilter) (models.Page[models.Position], error) {
	key := func(p models.Position) models.CursorKey { return models.CursorKey{S: p.Member.Code} }
	return readPage(s, ctx, f.Cursor, f.Limit, key, models.Position.Size, func(tx *gorm.DB, k models.CursorKey, _ *int) ([]models.Position, error) {
		c, err := s.draftCouncil(tx, draftID, f.On, true)
		if err != nil {
			return nil, err
		}
		out := []models.Position{}
		for _, m := range c.sitting {
			if m.Code <= k.S || (f.Permanent != nil && m.Permanent != *f.Permanent) {
				continue
			}
			p, ok := c.positions[m.Code]
			if !ok {
				p = models.UnknownPosition(draftID, m)
			}
			if len(f.Stances) > 0 && !slices.Contains(f.Stances, p.Stance) {
				continue
			}
			out = append(out, p)
		}
		return out, nil
	})
}

func byMember(tx *gorm.DB, rows []positionRow) (map[string]models.Position, error) {
	ps, err := loadPositions(tx, rows)
	if err != nil {
		return nil, err
	}
	out := make(map[string]models.Position, len(ps))
	for _, p := range ps {
		out[p.Member.Code] = p
	}
	return out, nil
}

// draftOnDate is a draft read on one day: the members sitting then, whose
// positions count for it, and the positions that count.
type draftOnDate struct {
	draft     models.Draft
	date      models.Date
	basis     string
	sitting   []models.Member
	positions map[string]models.Position
}

// draftCouncil reads a draft on its date (see Draft.Date) with its current
// positions, or for a voted draft, unless current, each member's last
// position before the vote. With on, it reads the draft on that day
// instead, with each member's last position on or before it; a voted draft
// is read at the latest on its vote date, since no later Council decides it.
func (s *Store) draftCouncil(tx *gorm.DB, draftID int64, on *models.Date, current bool) (draftOnDate, error) {
	d, err := getDraft(tx, draftID, false)
	if err != nil {
		return draftOnDate{}, err
	}
	c := draftOnDate{draft: d, date: d.Date(s.today()), basis: models.BasisCurrent}
	switch {
	case on == nil && current:
		c.positions, err = currentPositions(tx, d.ID)
	case d.Vote != nil && (on == nil || *on >= d.Vote.VotedOn):
		c.basis = models.BasisBeforeVote
		c.positions, err = positionsBefore(tx, d.ID, d.Vote.VotedOn)
	case on != nil:
		c.date, c.basis = *on, models.BasisOn
		c.positions, err = positionsBefore(tx, d.ID, *on)
	default:
		c.positions, err = currentPositions(tx, d.ID)
	}
	if err != nil {
		return c, err
	}
	c.sitting, err = sittingOn(tx, c.date)
	return c, err
}

// currentPositions returns each member's current position on a draft.
func currentPositions(tx *gorm.DB, draftID int64) (map[string]models.Position, error) {
	var rows []positionRow
	err := tx.Table("current_positions c").Select("p.*").Joins("JOIN positions p ON p.id = c.position_id").
		Where("c.draft_id = ?", draftID).Find(&rows).Error
	if err != nil {
		return nil, err
	}
	return byMember(tx, rows)
}

// positionsBefore returns each member's last position on a draft on or
// before date d: the latest as_of, then the latest recorded, leaving out
// retracted ones.
func positionsBefore(tx *gorm.DB, draftID int64, d models.Date) (map[string]models.Position, error) {
	var rows []positionRow
	err := tx.Raw(`SELECT p.* FROM positions p
		WHERE p.draft_id = ? AND p.as_of <= ? AND p.id = (
			SELECT q.id FROM positions q
			WHERE q.draft_id = p.draft_id AND q.member_code = p.member_code AND q.as_of <= ?
				AND q.id NOT IN (SELECT position_id FROM position_retractions)
			ORDER BY q.as_of DESC, q.id DESC LIMIT 1)`, draftID, d, d).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	return byMember(tx, rows)
}

// PositionHistory pages through every observation of a member's stance on
// a draft, oldest first by as_of, then by when it was recorded.
func (s *Store) PositionHistory(ctx context.Context, draftID int64, code, cursor string, limit int) (models.Page[models.Position], error) {
	key := func(p models.Position) models.CursorKey { return models.CursorKey{S: string(*p.AsOf), N: p.ID} }
	return readPage(s, ctx, cursor, limit, key, nil, func(tx *gorm.DB, k models.CursorKey, limit *int) ([]models.Position, error) {
		if _, err := getDraft(tx, draftID, false); err != nil {
			return nil, err
		}
		if _, err := getMember(tx, code); err != nil {
			return nil, err
		}
		var rows []positionRow
		err := withEvidenceSize(tx.Table("positions p")).Where("p.draft_id = ? AND p.member_code = ? AND (p.as_of, p.id) > (?, ?)", draftID, code, k.S, k.N).
			Order("p.as_of, p.id").Limit(*limit + 1).Find(&rows).Error
		if err != nil {
			return nil, err
		}
		fit, n := fitPage(rows, *limit)
		*limit = n
		return loadPositions(tx, fit)
	})
}

// ListPositions lists positions across drafts, in the order recorded.
func (s *Store) ListPositions(ctx context.Context, f models.PositionQuery) (models.Page[models.Position], error) {
	key := func(p models.Position) models.CursorKey { return models.CursorKey{N: p.ID} }
	return readPage(s, ctx, f.Cursor, f.Limit, key, nil, func(tx *gorm.DB, k models.CursorKey, limit *int) ([]models.Position, error) {
		if f.Member != "" {
			if _, err := getMember(tx, f.Member); models.KindOf(err) == models.KindNotFound {
				return nil, models.InvalidField("member", "no member %s", f.Member)
			} else if err != nil {
				return nil, err
			}
		}
		q := withEvidenceSize(tx.Table("positions p")).Where("p.id > ?", k.N)
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
		if err := q.Order("p.id").Limit(*limit + 1).Find(&rows).Error; err != nil {
			return nil, err
		}
		fit, n := fitPage(rows, *limit)
		*limit = n
		return loadPositions(tx, fit)
	})
}
