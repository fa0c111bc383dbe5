package sqlstore

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"time"
	"unsc/models"

	"gorm.io/gorm"
)

type webhookRow struct {
	ID                  int64 `gorm:"primaryKey"`
	Owner               string
	URL                 string
	Events              string
	DraftID             *int64
	MemberCode          *string
	Topic               *string
	Agenda              *string
	Secret              string
	PreviousSecret      *string
	PreviousSecretUntil *int64
	Active              bool
	DisabledReason      *string
	Version             int64
	AfterChange         int64
	// Times are Unix milliseconds, set by the store (not by gorm, which
	// would write seconds into an integer field so named).
	CreatedAt int64 `gorm:"autoCreateTime:false"`
	UpdatedAt int64 `gorm:"autoUpdateTime:false"`
}

func (webhookRow) TableName() string { return "webhooks" }

func (r webhookRow) webhook() models.Webhook {
	w := models.Webhook{ID: r.ID, URL: r.URL, Events: strings.Split(r.Events, ","), Active: r.Active,
		Disabled: r.DisabledReason, Owner: r.Owner, Version: r.Version, CreatedAt: fromMillis(r.CreatedAt), UpdatedAt: fromMillis(r.UpdatedAt),
		Filter: models.WebhookFilter{DraftID: r.DraftID, Member: r.MemberCode, Topic: r.Topic, Agenda: r.Agenda}}
	if r.PreviousSecretUntil != nil {
		t := fromMillis(*r.PreviousSecretUntil)
		w.PreviousSecretUntil = &t
	}
	return w
}

// Secrets returns the secrets that sign a delivery at now: the current
// one, and the one a rotation replaced while it is still valid.
func (r webhookRow) secrets(now time.Time) []string {
	out := []string{r.Secret}
	if r.PreviousSecret != nil && r.PreviousSecretUntil != nil && now.UnixMilli() < *r.PreviousSecretUntil {
		out = append(out, *r.PreviousSecret)
	}
	return out
}

func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// secretPrefix marks webhook secrets, as Standard Webhooks does.
const secretPrefix = "whsec_"

// PreviousSecretValid is how long a rotated-out secret keeps signing, so
// that receivers can switch without missing a delivery.
const PreviousSecretValid = 24 * time.Hour

func newSecret() (string, error) {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	return secretPrefix + base64.StdEncoding.EncodeToString(buf), nil
}

// CreateWebhook subscribes the key e.By to events; the answer carries
// the signing secret, the only time it is shown.
func (s *Store) CreateWebhook(ctx context.Context, e Edit[models.Webhook], in models.WebhookInput) (models.Webhook, error) {
	if err := in.Validate(); err != nil {
		return models.Webhook{}, err
	}
	secret, err := newSecret()
	if err != nil {
		return models.Webhook{}, err
	}
	return writeTx(s, ctx, e, func(tx *gorm.DB) (models.Webhook, error) {
		var n int64
		if err := tx.Model(&webhookRow{}).Where("owner = ?", e.By).Count(&n).Error; err != nil {
			return models.Webhook{}, err
		}
		if n >= models.MaxWebhooksPerKey {
			return models.Webhook{}, models.Conflict("key %s already has %d webhooks, the most a key may have; delete one first", e.By, n)
		}
		if err := checkWebhookFilter(tx, in.Filter); err != nil {
			return models.Webhook{}, err
		}
		var after int64
		if err := tx.Raw("SELECT COALESCE(MAX(id), 0) FROM changes").Scan(&after).Error; err != nil {
			return models.Webhook{}, err
		}
		now := millis(s.now())
		row := webhookRow{Owner: e.By, URL: in.URL, Events: strings.Join(in.Events, ","), DraftID: in.Filter.DraftID,
			MemberCode: in.Filter.Member, Topic: in.Filter.Topic, Agenda: in.Filter.Agenda, Secret: secret, Active: true,
			Version: 1, AfterChange: after, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return models.Webhook{}, err
		}
		w := row.webhook()
		w.Secret = secret
		return w, nil
	})
}

// checkWebhookFilter refuses a filter naming a draft or member that does
// not exist: it would never match.
func checkWebhookFilter(tx *gorm.DB, f models.WebhookFilter) error {
	if f.DraftID != nil {
		err := mustExist(tx.Table("drafts").Where("id = ?", *f.DraftID), models.InvalidField("filter.draft_id", "no draft has id %d", *f.DraftID))
		if err != nil {
			return err
		}
	}
	if f.Member != nil {
		return mustExist(tx.Table("members").Where("code = ?", *f.Member), models.InvalidField("filter.member", "no member has code %s", *f.Member))
	}
	return nil
}

// AnyWebhook reports whether any webhook is subscribed, active or not
// (a paused one's deliveries wait for it to resume).
func (s *Store) AnyWebhook(ctx context.Context) (bool, error) {
	var n int64
	err := s.r.WithContext(ctx).Raw("SELECT COUNT(*) FROM (SELECT 1 FROM webhooks LIMIT 1) AS one").Scan(&n).Error
	return n > 0, err
}

// ListWebhooks lists the key's webhooks, oldest first (a key has at most
// MaxWebhooksPerKey).
func (s *Store) ListWebhooks(ctx context.Context, owner string) ([]models.Webhook, error) {
	var rows []webhookRow
	if err := s.r.WithContext(ctx).Where("owner = ?", owner).Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]models.Webhook, len(rows))
	for i, r := range rows {
		out[i] = r.webhook()
	}
	return out, nil
}

// GetWebhook returns one of the key's webhooks; another key's is not
// found, as if it did not exist.
func (s *Store) GetWebhook(ctx context.Context, owner string, id int64) (models.Webhook, error) {
	row, err := ownWebhook(s.r.WithContext(ctx), owner, id)
	return row.webhook(), err
}

func ownWebhook(tx *gorm.DB, owner string, id int64) (webhookRow, error) {
	var rows []webhookRow
	if err := tx.Where("id = ? AND owner = ?", id, owner).Limit(1).Find(&rows).Error; err != nil {
		return webhookRow{}, err
	}
	if len(rows) == 0 {
		return webhookRow{}, models.NotFound("no webhook %d among key %s's", id, owner)
	}
	return rows[0], nil
}

// editWebhook runs fn as one write on one of the key e.By's webhooks.
func editWebhook(s *Store, ctx context.Context, e Edit[models.Webhook], id int64, fn func(tx *gorm.DB, row webhookRow) (models.Webhook, error)) (models.Webhook, error) {
	return writeTx(s, ctx, e, func(tx *gorm.DB) (models.Webhook, error) {
		row, err := ownWebhook(tx, e.By, id)
		if err != nil {
			return models.Webhook{}, err
		}
		return fn(tx, row)
	})
}

// PatchWebhook changes what the patch sets. Making a disabled webhook
// active again clears why it was disabled.
func (s *Store) PatchWebhook(ctx context.Context, e Edit[models.Webhook], id int64, p models.WebhookPatch) (models.Webhook, error) {
	if err := p.Validate(); err != nil {
		return models.Webhook{}, err
	}
	return editWebhook(s, ctx, e, id, func(tx *gorm.DB, row webhookRow) (models.Webhook, error) {
		before := row.webhook()
		if p.URL != nil {
			row.URL = *p.URL
		}
		if p.Events != nil {
			row.Events = strings.Join(p.Events, ",")
		}
		if f := p.Filter; f != nil {
			if err := checkWebhookFilter(tx, *f); err != nil {
				return models.Webhook{}, err
			}
			row.DraftID, row.MemberCode, row.Topic, row.Agenda = f.DraftID, f.Member, f.Topic, f.Agenda
		}
		now := millis(s.now())
		if p.Active != nil {
			row.Active = *p.Active
			row.DisabledReason = nil
			if !row.Active {
				paused := "paused by its key"
				row.DisabledReason = &paused
			} else if !before.Active {
				if err := s.resume(tx, &row, now); err != nil {
					return models.Webhook{}, err
				}
			}
		}
		if row.webhook().Same(before) {
			return before, nil
		}
		row.UpdatedAt, row.Version = now, row.Version+1
		return row.webhook(), tx.Save(&row).Error
	})
}

// RotateWebhookSecret gives the webhook a new secret, returned once; the
// old one keeps signing beside it for PreviousSecretValid.
func (s *Store) RotateWebhookSecret(ctx context.Context, e Edit[models.Webhook], id int64) (models.Webhook, error) {
	secret, err := newSecret()
	if err != nil {
		return models.Webhook{}, err
	}
	return editWebhook(s, ctx, e, id, func(tx *gorm.DB, row webhookRow) (models.Webhook, error) {
		now := s.now()
		until := millis(now.Add(PreviousSecretValid))
		previous := row.Secret
		row.PreviousSecret, row.PreviousSecretUntil, row.Secret = &previous, &until, secret
		row.UpdatedAt, row.Version = millis(now), row.Version+1
		if err := tx.Save(&row).Error; err != nil {
			return models.Webhook{}, err
		}
		w := row.webhook()
		w.Secret = secret
		return w, nil
	})
}

// DeleteWebhook removes one of the key's webhooks and its deliveries:
// nothing more is sent to it.
func (s *Store) DeleteWebhook(ctx context.Context, owner string, id int64) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		if _, err := ownWebhook(tx, owner, id); err != nil {
			return err
		}
		return tx.Delete(&webhookRow{}, id).Error
	})
}

// resume queues again each pending delivery of a webhook made active,
// with a fresh retry window from now: its jobs ended while it was not. It
// is sent the changes made from now on, none made while it was paused or
// disabled (the fan-out skips what every active webhook was made after).
func (s *Store) resume(tx *gorm.DB, row *webhookRow, now int64) error {
	if err := tx.Raw("SELECT COALESCE(MAX(id), 0) FROM changes").Scan(&row.AfterChange).Error; err != nil {
		return err
	}
	id := row.ID
	pending := tx.Model(&deliveryRow{}).Where("webhook_id = ? AND state = ?", id, models.DeliveryPending)
	if err := pending.Session(&gorm.Session{}).Updates(map[string]any{"retry_from": now, "next_at": now,
		"generation": gorm.Expr("generation + 1")}).Error; err != nil {
		return err
	}
	var rows []deliveryRow
	if err := tx.Where("webhook_id = ? AND state = ?", id, models.DeliveryPending).Find(&rows).Error; err != nil {
		return err
	}
	t, err := s.sqlTx()
	if err != nil {
		return err
	}
	return s.enqueue(context.Background(), t, rows)
}
