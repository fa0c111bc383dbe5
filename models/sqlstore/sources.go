package sqlstore

import (
	"context"
	"unsc/models"

	"gorm.io/gorm"
)

// ListSources lists sources by id.
func (s *Store) ListSources(ctx context.Context, cursor string, limit int) (models.Page[models.Source], error) {
	k, limit, err := models.PageArgs(cursor, limit)
	if err != nil {
		return models.Page[models.Source]{}, err
	}
	var rows []models.Source
	err = s.r.WithContext(ctx).Where("id > ?", k.N).Order("id").Limit(limit + 1).Find(&rows).Error
	if err != nil {
		return models.Page[models.Source]{}, err
	}
	return models.PageOf(rows, limit, func(x models.Source) models.CursorKey { return models.CursorKey{N: x.ID} }, models.Source.Size), nil
}

// GetSource returns the source with id.
func (s *Store) GetSource(ctx context.Context, id int64) (models.Source, error) {
	var rows []models.Source
	if err := s.r.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
		return models.Source{}, err
	}
	if len(rows) == 0 {
		return models.Source{}, models.NotFound("no source %d", id)
	}
	return rows[0], nil
}

// CreateSource adds a source.
func (s *Store) CreateSource(ctx context.Context, e Edit[models.Source], src models.Source) (models.Source, error) {
	if err := src.Validate(); err != nil {
		return models.Source{}, err
	}
	if err := models.CheckDate("published_on", src.PublishedOn, models.CharterSigned, s.today()); err != nil {
		return models.Source{}, err
	}
	src.ID = 0
	src.CreatedAt = s.now().UTC()
	return writeTx(s, ctx, e, func(tx *gorm.DB) (models.Source, error) {
		if err := tx.Create(&src).Error; err != nil {
			return src, err
		}
		return src, s.logChange(tx, e.By, changed{kind: models.ChangeSourceCreated, entity: models.EntitySource, id: idText(src.ID)})
	})
}

// FindSource returns the id of a source with this title and publisher, or 0.
func (s *Store) FindSource(ctx context.Context, title, publisher string) (int64, error) {
	var ids []int64
	err := s.r.WithContext(ctx).Model(&models.Source{}).Where("title = ? AND publisher = ?", title, publisher).
		Order("id").Limit(1).Pluck("id", &ids).Error
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}
