package models

import (
	"context"

	"gorm.io/gorm"
)

// Projection bases.
const (
	BasisCurrent    = "current_positions"
	BasisBeforeVote = "positions_before_vote"
	BasisOn         = "positions_on_date"
)

// Projection is the forecast for a draft from its sitting members'
// positions; for a voted draft it sits beside the real outcome.
type Projection struct {
	DraftID int64 `json:"draft_id"`
	// Date is the day whose Council the projection counts.
	Date Date `json:"date"`
	// Basis says which positions were counted: current ones, for a voted
	// draft each member's last position on or before the vote, or each
	// member's last on or before the day asked for.
	Basis      string `json:"basis"`
	Procedural bool   `json:"procedural"`
	Forecast
	// Vote is the recorded result, when there is one.
	Vote *Tally `json:"vote"`
}

// ProjectDraft forecasts the vote on a draft from positions; with on, as
// the positions stood that day (see draftCouncil).
func (s *Store) ProjectDraft(ctx context.Context, draftID int64, on *Date) (Projection, error) {
	var out Projection
	err := s.read(ctx, func(tx *gorm.DB) error {
		c, err := s.draftCouncil(tx, draftID, on, false)
		if err != nil {
			return err
		}
		d := c.draft
		out = Projection{DraftID: d.ID, Date: c.date, Basis: c.basis, Procedural: d.Procedural}
		if d.Vote != nil {
			tally := d.Vote.Tally
			out.Vote = &tally
		}
		stances := make(map[string]Stance, len(c.positions))
		for code, p := range c.positions {
			stances[code] = p.Stance
		}
		out.Forecast = Project(CouncilOn(c.date), d.Procedural, c.sitting, stances)
		return nil
	})
	return out, err
}
