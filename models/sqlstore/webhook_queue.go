package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unsc/models"

	"gorm.io/gorm"
)

// The deliveries' own writes keep to the webhook tables, which no cached
// answer reads, so they go straight to the writer rather than through the
// committer, and do not empty the response caches.

// Attempt is what a sender needs to make the next attempt of a delivery.
type Attempt struct {
	DeliveryID int64
	WebhookID  int64
	URL        string
	EventID    string
	Payload    []byte
	// Secrets sign the attempt: the current one, and one a rotation
	// replaced while it is still valid.
	Secrets []string
}

// direct runs fn in a transaction of its own on the side pool, with the
// database/sql transaction under it for River.
func (s *Store) direct(ctx context.Context, fn func(tx *gorm.DB, t *sql.Tx) error) error {
	db, err := s.side.DB()
	if err != nil {
		return err
	}
	t, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx := s.side.Session(&gorm.Session{NewDB: true, Context: ctx})
	tx.Statement.ConnPool = t
	if err := fn(tx, t); err != nil {
		t.Rollback()
		return err
	}
	return t.Commit()
}

// DeliveryToSend returns what the next attempt of a delivery sends, or
// false when there is nothing to send: the delivery or its webhook was
// deleted, the webhook is not active (resuming it queues the delivery
// again), the delivery is no longer pending, or the job is of an earlier
// round of queueing than the delivery's.
func (s *Store) DeliveryToSend(ctx context.Context, job DeliveryArgs, now time.Time) (Attempt, bool, error) {
	var rows []deliveryRow
	if err := s.r.WithContext(ctx).Where("id = ? AND state = ? AND generation = ?", job.DeliveryID, models.DeliveryPending, job.Generation).
		Limit(1).Find(&rows).Error; err != nil || len(rows) == 0 {
		return Attempt{}, false, err
	}
	var hooks []webhookRow
	if err := s.r.WithContext(ctx).Where("id = ? AND active", rows[0].WebhookID).Limit(1).Find(&hooks).Error; err != nil || len(hooks) == 0 {
		return Attempt{}, false, err
	}
	d, h := rows[0], hooks[0]
	return Attempt{DeliveryID: d.ID, WebhookID: h.ID, URL: h.URL, EventID: d.EventID, Payload: []byte(d.Payload),
		Secrets: h.secrets(now)}, true, nil
}

// MaxResponseKept bounds the start of a receiver's answer kept with an
// attempt.
const MaxResponseKept = 1024

// FinishDelivery records an attempt and what follows from it: delivered;
// tried again at the time it returns; or, failing for retry.For,
// failed for good, with its webhook disabled and saying why. A delivery
// deleted meanwhile (its webhook was) is left alone.
func (s *Store) FinishDelivery(ctx context.Context, deliveryID int64, a models.DeliveryAttempt, retry models.RetryPolicy) (*time.Time, error) {
	a.Response = strings.ToValidUTF8(a.Response[:min(len(a.Response), MaxResponseKept)], "")
	var nextTry *time.Time
	err := s.side.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []deliveryRow
		if err := tx.Where("id = ?", deliveryID).Limit(1).Find(&rows).Error; err != nil || len(rows) == 0 {
			return err
		}
		d := rows[0]
		at := millis(a.At)
		if err := tx.Exec(`INSERT INTO webhook_attempts (delivery_id, at, status, error, duration_ms, response)
			VALUES (?, ?, ?, ?, ?, ?)`, d.ID, at, a.Status, a.Error, a.Duration, a.Response).Error; err != nil {
			return err
		}
		d.Attempts++
		d.LastStatus, d.LastError = a.Status, a.Error
		switch next, retrying := retry.NextTry(fromMillis(d.RetryFrom), a.At, d.Attempts); {
		case a.Status != nil && models.Succeeded(*a.Status):
			d.State, d.NextAt, d.DeliveredAt = models.DeliveryDelivered, nil, &at
		case retrying:
			n := millis(next)
			d.NextAt, nextTry = &n, &next
		default:
			d.State, d.NextAt = models.DeliveryFailed, nil
			reason := fmt.Sprintf("deliveries failed for %s since %s; the last: %s", retry.For,
				fromMillis(d.RetryFrom).Format(time.RFC3339), attemptSummary(a))
			if err := tx.Model(&webhookRow{}).Where("id = ?", d.WebhookID).
				Updates(map[string]any{"active": false, "disabled_reason": reason, "updated_at": at}).Error; err != nil {
				return err
			}
		}
		return tx.Save(&d).Error
	})
	return nextTry, err
}

func attemptSummary(a models.DeliveryAttempt) string {
	if a.Status != nil {
		return fmt.Sprintf("status %d", *a.Status)
	}
	return a.Error
}

// ListDeliveries lists a webhook's deliveries, newest first, each with
// its attempts.
func (s *Store) ListDeliveries(ctx context.Context, owner string, webhookID int64, cursor string, limit int) (models.Page[models.Delivery], error) {
	var page models.Page[models.Delivery]
	k, limit, err := models.PageArgs(cursor, limit)
	if err != nil {
		return page, err
	}
	// A page of deliveries with their attempts stays far under
	// MaxPageBytes: each attempt keeps at most MaxResponseKept of answer.
	limit = min(limit, maxDeliveriesPage)
	err = s.read(ctx, func(tx *gorm.DB) error {
		if _, err := ownWebhook(tx, owner, webhookID); err != nil {
			return err
		}
		q := tx.Where("webhook_id = ?", webhookID).Order("id DESC").Limit(limit + 1)
		if k.N > 0 {
			q = q.Where("id < ?", k.N)
		}
		var rows []deliveryRow
		if err := q.Find(&rows).Error; err != nil {
			return err
		}
		// The row past the page only says there is more: its attempts
		// are not read.
		items, err := deliveriesWithHistory(tx, rows[:min(len(rows), limit)])
		if len(rows) > limit {
			items = append(items, models.Delivery{ID: rows[limit].ID})
		}
		page = models.PageOf(items, limit, func(d models.Delivery) models.CursorKey { return models.CursorKey{N: d.ID} }, nil)
		return err
	})
	return page, err
}

// maxDeliveriesPage bounds a page of deliveries.
const maxDeliveriesPage = 50

// maxHistoryShown bounds the attempts listed with each delivery: the
// latest ones.
const maxHistoryShown = 30

func deliveriesWithHistory(tx *gorm.DB, rows []deliveryRow) ([]models.Delivery, error) {
	history, err := attemptsOf(tx, rows)
	if err != nil {
		return nil, err
	}
	out := make([]models.Delivery, len(rows))
	for i, r := range rows {
		d := models.Delivery{ID: r.ID, WebhookID: r.WebhookID, EventID: r.EventID, EventType: r.EventType, State: r.State,
			Attempts: r.Attempts, CreatedAt: fromMillis(r.CreatedAt), LastStatus: r.LastStatus, LastError: r.LastError,
			History: history[r.ID]}
		if d.History == nil {
			d.History = []models.DeliveryAttempt{}
		}
		if r.NextAt != nil && r.State == models.DeliveryPending {
			t := fromMillis(*r.NextAt)
			d.NextAttempt = &t
		}
		if r.DeliveredAt != nil {
			t := fromMillis(*r.DeliveredAt)
			d.DeliveredAt = &t
		}
		out[i] = d
	}
	return out, nil
}

// attemptsOf reads the latest attempts of each delivery, newest first, in
// one query for all of them.
func attemptsOf(tx *gorm.DB, rows []deliveryRow) (map[int64][]models.DeliveryAttempt, error) {
	out := map[int64][]models.DeliveryAttempt{}
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var attempts []struct {
		DeliveryID, At, DurationMs int64
		Status                     *int
		Error, Response            string
	}
	if err := tx.Table("webhook_attempts").Where("delivery_id IN ?", ids).Order("delivery_id, id DESC").
		Find(&attempts).Error; err != nil {
		return nil, err
	}
	for _, a := range attempts {
		if len(out[a.DeliveryID]) < maxHistoryShown {
			out[a.DeliveryID] = append(out[a.DeliveryID], models.DeliveryAttempt{At: fromMillis(a.At), Status: a.Status,
				Error: a.Error, Duration: a.DurationMs, Response: a.Response})
		}
	}
	return out, nil
}

// Redeliver sends a delivery again from now, with a fresh retry window:
// a failed one, or a delivered one a receiver lost; one still pending is
// a conflict. Its webhook must be active.
func (s *Store) Redeliver(ctx context.Context, owner string, webhookID, deliveryID int64) (models.Delivery, error) {
	var out models.Delivery
	err := s.direct(ctx, func(tx *gorm.DB, t *sql.Tx) error {
		w, err := ownWebhook(tx, owner, webhookID)
		if err != nil {
			return err
		}
		if !w.Active {
			return models.Conflict("webhook %d is not active; make it active (PATCH active: true) before sending again", webhookID)
		}
		var rows []deliveryRow
		if err := tx.Where("id = ? AND webhook_id = ?", deliveryID, webhookID).Limit(1).Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return models.NotFound("no delivery %d of webhook %d", deliveryID, webhookID)
		}
		if rows[0].State == models.DeliveryPending {
			return models.Conflict("delivery %d is still being tried: it is sent again when its next attempt falls due", deliveryID)
		}
		now := millis(s.now())
		d := rows[0]
		d.State, d.RetryFrom, d.NextAt, d.DeliveredAt = models.DeliveryPending, now, &now, nil
		d.Generation++
		if err := tx.Save(&d).Error; err != nil {
			return err
		}
		if err := s.enqueue(ctx, t, []deliveryRow{d}); err != nil {
			return err
		}
		list, err := deliveriesWithHistory(tx, []deliveryRow{d})
		if err == nil {
			out = list[0]
		}
		return err
	})
	return out, err
}

// deliveriesKept is how long finished deliveries stay listed.
const deliveriesKept = 30 * 24 * time.Hour

// PruneDeliveries deletes deliveries finished more than deliveriesKept
// before now, with their attempts.
func (s *Store) PruneDeliveries(ctx context.Context, now time.Time) (int64, error) {
	res := s.side.WithContext(ctx).Where("state <> ? AND created_at < ?", models.DeliveryPending, millis(now.Add(-deliveriesKept))).
		Delete(&deliveryRow{})
	return res.RowsAffected, res.Error
}
