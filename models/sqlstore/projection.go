package sqlstore

import (
	"context"
	"unsc/models"

	"gorm.io/gorm"
)

// ProjectDraft forecasts the vote on a draft from positions; with on, as
// the positions stood that day (see draftCouncil).
func (s *Store) ProjectDraft(ctx context.Context, draftID int64, on *models.Date) (models.Projection, error) {
	var out models.Projection
	err := s.read(ctx, func(tx *gorm.DB) error {
		c, err := s.draftCouncil(tx, draftID, on, false)
		if err != nil {
			return err
		}
		d := c.draft
		out = models.Projection{DraftID: d.ID, Date: c.date, Basis: c.basis, Procedural: d.Procedural}
		if d.Vote != nil {
			tally := d.Vote.Tally
			out.Vote = &tally
		}
		stances := make(map[string]models.Stance, len(c.positions))
		for code, p := range c.positions {
			stances[code] = p.Stance
		}
		out.Forecast = models.Project(models.CouncilOn(c.date), d.Procedural, c.sitting, stances)
		return nil
	})
	return out, err
}
