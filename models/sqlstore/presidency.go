package sqlstore

import (
	"context"
	"time"
	"unsc/models"

	"gorm.io/gorm"
)

// presidencyRow records that a member presided in a month (Rule 18); the
// other months are counted from these by the domain.
type presidencyRow struct {
	Month      models.Month `gorm:"primaryKey"`
	MemberCode string
	RecordedBy string
	RecordedAt time.Time
}

func (presidencyRow) TableName() string { return "presidencies" }

// Presidency answers who presides in month: recorded, or counted by
// models.PresidencyFrom from the recorded months nearest it.
func (s *Store) Presidency(ctx context.Context, month models.Month) (models.Presidency, error) {
	var out models.Presidency
	err := s.read(ctx, func(tx *gorm.DB) error {
		var before, after []presidencyRow
		if err := tx.Where("month <= ?", month).Order("month DESC").Limit(1).Find(&before).Error; err != nil {
			return err
		}
		if err := tx.Where("month > ?", month).Order("month").Limit(1).Find(&after).Error; err != nil {
			return err
		}
		all, err := allMembers(tx)
		if err != nil {
			return err
		}
		out, err = models.PresidencyFrom(all, presidencyRecord(before), presidencyRecord(after), month)
		return err
	})
	return out, err
}

func presidencyRecord(rows []presidencyRow) *models.PresidencyRecord {
	if len(rows) == 0 {
		return nil
	}
	return &models.PresidencyRecord{Month: rows[0].Month, Member: rows[0].MemberCode}
}

// RecordPresidency records that member presided in month, replacing what
// was recorded for it: a member sitting on the Council that month.
func (s *Store) RecordPresidency(ctx context.Context, e Edit[models.Presidency], month models.Month, member string) (models.Presidency, error) {
	return writeTx(s, ctx, e, func(tx *gorm.DB) (models.Presidency, error) {
		m, err := getMember(tx, member)
		if models.KindOf(err) == models.KindNotFound {
			return models.Presidency{}, models.InvalidField("member", "no member %s", member)
		}
		if err != nil {
			return models.Presidency{}, err
		}
		if !m.SitsOn(month.First()) {
			return models.Presidency{}, models.InvalidField("member", "%s does not sit on the Council in %s", member, month)
		}
		if err := tx.Where("month = ?", month).Delete(&presidencyRow{}).Error; err != nil {
			return models.Presidency{}, err
		}
		row := presidencyRow{Month: month, MemberCode: m.Code, RecordedBy: e.By, RecordedAt: s.now().UTC()}
		if err := tx.Create(&row).Error; err != nil {
			return models.Presidency{}, err
		}
		if err := s.logChange(tx, e.By, changed{kind: models.ChangePresidencyRecorded, entity: models.EntityPresidency, id: string(month), member: &m.Code}); err != nil {
			return models.Presidency{}, err
		}
		return models.Presidency{Month: month, Member: m.RefOn(month.First()), Basis: models.PresidencyRecorded, From: month}, nil
	})
}
