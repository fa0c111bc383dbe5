package sqlstore

import (
	"context"
	"time"
	"unsc/models"

	"gorm.io/gorm"
)

type retractionRow struct {
	PositionID  int64 `gorm:"primaryKey;autoIncrement:false"`
	Reason      string
	RetractedBy string
	RetractedAt time.Time
}

func (retractionRow) TableName() string { return "position_retractions" }

// RetractPosition marks observation positionID of member code on a draft
// as retracted: it stays in the history and no longer counts, so the
// member's current position falls back to its latest other observation.
func (s *Store) RetractPosition(ctx context.Context, e Edit[models.Position], draftID int64, code string, positionID int64, in models.RetractionInput) (models.Position, error) {
	if err := in.Validate(); err != nil {
		return models.Position{}, err
	}
	return writeTx(s, ctx, e, func(tx *gorm.DB) (models.Position, error) {
		return s.retractPosition(tx, e.By, draftID, code, positionID, in)
	})
}

// retractPosition retracts a checked observation within tx, for single
// and batched writes alike.
func (s *Store) retractPosition(tx *gorm.DB, by string, draftID int64, code string, positionID int64, in models.RetractionInput) (models.Position, error) {
	var rows []positionRow
	err := tx.Where("id = ? AND draft_id = ? AND member_code = ?", positionID, draftID, code).Limit(1).Find(&rows).Error
	if err != nil {
		return models.Position{}, err
	}
	if len(rows) == 0 {
		return models.Position{}, models.NotFound("no position %d of %s on draft %d", positionID, code, draftID)
	}
	var n int64
	if err := tx.Model(&retractionRow{}).Where("position_id = ?", positionID).Count(&n).Error; err != nil {
		return models.Position{}, err
	}
	if n > 0 {
		return models.Position{}, models.Conflict("position %d is already retracted", positionID)
	}
	row := retractionRow{PositionID: positionID, Reason: in.Reason, RetractedBy: by, RetractedAt: s.now().UTC()}
	if err := tx.Create(&row).Error; err != nil {
		return models.Position{}, err
	}
	if err := recomputeCurrent(tx, draftID, code); err != nil {
		return models.Position{}, err
	}
	err = s.logChange(tx, by, changed{kind: models.ChangePositionRetracted, entity: models.EntityPosition, id: idText(positionID), draft: &draftID, member: &code})
	if err != nil {
		return models.Position{}, err
	}
	ps, err := loadPositions(tx, rows)
	if err != nil {
		return models.Position{}, err
	}
	return ps[0], nil
}

// recomputeCurrent points a member's current position on a draft at its
// latest observation not retracted (latest as_of, then latest recorded),
// or at none.
func recomputeCurrent(tx *gorm.DB, draftID int64, code string) error {
	if err := tx.Where("draft_id = ? AND member_code = ?", draftID, code).Delete(&currentRow{}).Error; err != nil {
		return err
	}
	return tx.Exec(`INSERT INTO current_positions (draft_id, member_code, position_id)
		SELECT draft_id, member_code, id FROM positions
		WHERE draft_id = ? AND member_code = ? AND id NOT IN (SELECT position_id FROM position_retractions)
		ORDER BY as_of DESC, id DESC LIMIT 1`, draftID, code).Error
}
