package sqlstore

import (
	"context"
	"time"
	"unsc/models"

	"gorm.io/gorm"
)

type linkRow struct {
	ID        int64 `gorm:"primaryKey"`
	DraftID   int64
	Kind      models.LinkKind
	OtherID   int64
	CreatedBy string
	CreatedAt time.Time
}

func (linkRow) TableName() string { return "draft_links" }

// LinkDrafts records that draft draftID relates to another as in says, and
// returns the draft with its links. Both drafts change version: each shows
// the link.
func (s *Store) LinkDrafts(ctx context.Context, e Edit[models.Draft], draftID int64, in models.LinkInput) (models.Draft, error) {
	if err := in.Validate(draftID); err != nil {
		return models.Draft{}, err
	}
	return writeTx(s, ctx, e, func(tx *gorm.DB) (models.Draft, error) {
		if _, err := getDraft(tx, draftID, false); err != nil {
			return models.Draft{}, err
		}
		if _, err := getDraft(tx, in.DraftID, false); models.KindOf(err) == models.KindNotFound {
			return models.Draft{}, models.InvalidField("draft_id", "no draft %d", in.DraftID)
		} else if err != nil {
			return models.Draft{}, err
		}
		// A link of one kind between two drafts is one fact, whichever
		// of them names it.
		var n int64
		err := tx.Model(&linkRow{}).Where("kind = ? AND ((draft_id = ? AND other_id = ?) OR (draft_id = ? AND other_id = ?))",
			in.Kind, draftID, in.DraftID, in.DraftID, draftID).Count(&n).Error
		if err != nil {
			return models.Draft{}, err
		}
		if n > 0 {
			return models.Draft{}, models.Conflict("drafts %d and %d are already linked as %s", draftID, in.DraftID, in.Kind)
		}
		now := s.now().UTC()
		row := linkRow{DraftID: draftID, Kind: in.Kind, OtherID: in.DraftID, CreatedBy: e.By, CreatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return models.Draft{}, err
		}
		err = tx.Model(&draftRow{}).Where("id IN ?", []int64{draftID, in.DraftID}).
			Updates(map[string]any{"version": gorm.Expr("version + 1"), "updated_at": now}).Error
		if err != nil {
			return models.Draft{}, err
		}
		if err := s.logChange(tx, e.By, changed{kind: models.ChangeLinkAdded, entity: models.EntityLink, id: idText(row.ID), draft: &draftID}); err != nil {
			return models.Draft{}, err
		}
		return getDraft(tx, draftID, true)
	})
}

// loadLinks adds to each of out (indexed by id in idx) its links, both
// those it names and those naming it, in the order they were recorded.
func loadLinks(tx *gorm.DB, ids []int64, out []models.Draft, idx map[int64]int) error {
	var rows []struct {
		DraftID     int64
		Kind        models.LinkKind
		OtherID     int64
		DraftSymbol *string
		OtherSymbol *string
	}
	err := tx.Raw(`SELECT l.draft_id, l.kind, l.other_id, a.symbol AS draft_symbol, b.symbol AS other_symbol
		FROM draft_links l JOIN drafts a ON a.id = l.draft_id JOIN drafts b ON b.id = l.other_id
		WHERE l.draft_id IN ? OR l.other_id IN ? ORDER BY l.id`, ids, ids).Scan(&rows).Error
	if err != nil {
		return err
	}
	for _, r := range rows {
		if i, ok := idx[r.DraftID]; ok {
			out[i].Links = append(out[i].Links, models.Link{Kind: r.Kind, DraftID: r.OtherID, Symbol: r.OtherSymbol})
		}
		if i, ok := idx[r.OtherID]; ok {
			out[i].Links = append(out[i].Links, models.Link{Kind: r.Kind.Inverse(), DraftID: r.DraftID, Symbol: r.DraftSymbol})
		}
	}
	return nil
}
