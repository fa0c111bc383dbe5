package models

import (
	"context"

	"gorm.io/gorm"
)

// Projection bases.
const (
	BasisCurrent    = "current_positions"
	BasisBeforeVote = "positions_before_vote"
)

// Projection is the forecast for a draft from its sitting members'
// positions; for a voted draft it sits beside the real outcome.
type Projection struct {
	DraftID int64 `json:"draft_id"`
	// Date is the day whose Council the projection counts.
	Date Date `json:"date"`
	// Basis says which positions were counted: current ones, or for a voted
	// draft each member's last position on or before the vote.
	Basis      string `json:"basis"`
	Procedural bool   `json:"procedural"`
	Forecast
	// Vote is the recorded result, when there is one.
	Vote *Tally `json:"vote"`
}

// ProjectDraft forecasts the vote on a draft from positions.
func (s *Store) ProjectDraft(ctx context.Context, draftID int64) (Projection, error) {
	var out Projection
	err := s.read(ctx, func(tx *gorm.DB) error {
		d, sitting, err := draftCouncil(tx, draftID)
		if err != nil {
			return err
		}
		out = Projection{DraftID: d.ID, Date: d.Date(), Basis: BasisCurrent, Procedural: d.Procedural}
		var positions map[string]Position
		if d.Vote != nil {
			out.Basis = BasisBeforeVote
			tally := d.Vote.Tally
			out.Vote = &tally
			positions, err = positionsBefore(tx, d.ID, d.Vote.VotedOn)
		} else {
			positions, err = currentPositions(tx, draftID)
		}
		if err != nil {
			return err
		}
		stances := make(map[string]Stance, len(positions))
		for code, p := range positions {
			stances[code] = p.Stance
		}
		out.Forecast = Project(CouncilOn(d.Date()), d.Procedural, sitting, stances)
		return nil
	})
	return out, err
}
