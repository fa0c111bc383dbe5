package sqlstore

import (
	"context"
	"strconv"
	"time"
	"unsc/models"

	"gorm.io/gorm"
)

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

func (r changeRow) change() models.Change {
	c := models.Change{ID: r.ID, Kind: r.Kind, Entity: r.Entity, EntityID: r.EntityID, DraftID: r.DraftID, Member: r.MemberCode,
		By: r.KeyName, At: r.At}
	if id, err := strconv.ParseInt(r.EntityID, 10, 64); err == nil {
		switch r.Entity {
		case models.EntitySource:
			c.SourceID = &id
		case models.EntityPosition:
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
func (s *Store) Changes(ctx context.Context, since string, limit int) ([]models.Change, string, error) {
	after, err := models.ParseChangeCursor(since)
	if err != nil {
		return nil, "", err
	}
	var rows []changeRow
	err = s.r.WithContext(ctx).Where("id > ?", after).Order("id").Limit(models.ClampLimit(limit)).Find(&rows).Error
	if err != nil {
		return nil, "", err
	}
	out := make([]models.Change, len(rows))
	for i, r := range rows {
		out[i] = r.change()
	}
	if len(rows) > 0 {
		since = models.ChangeCursor(rows[len(rows)-1].ID)
	}
	return out, since, nil
}

// LatestChange is the cursor after the last write: where a reader that
// wants only what happens from now on starts.
func (s *Store) LatestChange(ctx context.Context) (string, error) {
	var last int64
	err := s.r.WithContext(ctx).Raw("SELECT COALESCE(MAX(id), 0) FROM changes").Scan(&last).Error
	return models.ChangeCursor(last), err
}
