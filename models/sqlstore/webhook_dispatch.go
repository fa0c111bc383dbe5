package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"slices"
	"time"
	"unsc/models"

	"gorm.io/gorm"
)

// The change feed is the webhooks' outbox: every write logs its change in
// its own transaction, so once it commits its events cannot be lost.
// Dispatch turns the changes past webhook_cursor into deliveries, one
// per subscription that wants the event, and moves the cursor in the same
// transaction, with River's job for each delivery; a crash in between
// leaves the cursor where it was and the next Dispatch does the work
// again.

// DispatchBatch bounds how many changes one Dispatch fans out.
const DispatchBatch = 200

type deliveryRow struct {
	ID          int64 `gorm:"primaryKey"`
	WebhookID   int64
	EventID     string
	EventType   string
	Payload     string
	State       string
	Attempts    int
	Generation  int
	CreatedAt   int64 `gorm:"autoCreateTime:false"` // Unix milliseconds, as every time here
	RetryFrom   int64
	NextAt      *int64
	LastStatus  *int
	LastError   string
	DeliveredAt *int64
}

func (deliveryRow) TableName() string { return "webhook_deliveries" }

type projectionRow struct {
	DraftID    int64 `gorm:"primaryKey"`
	Outcome    string
	Projection string
}

func (projectionRow) TableName() string { return "webhook_projections" }

// Dispatch queues the deliveries of the changes not dispatched yet, up
// to DispatchBatch of them, and returns how many changes it read: when
// that is DispatchBatch, more may wait. Everything is read and worked out
// first, from the readers; the transaction that follows only moves the
// cursor, if no other instance moved it meanwhile, and writes what was
// worked out, so that it holds the writer for a moment (on SQLite the
// writer is the committer's one connection).
//
// With no active webhook it reads nothing more and writes nothing, rather
// than take the writer from the store's writes many times a second to
// move the cursor. A webhook is sent only the changes made after it was
// made or resumed, so the reading starts past the cursor at the oldest
// change some active webhook may be sent.
func (s *Store) Dispatch(ctx context.Context, now time.Time) (int, error) {
	var hooks []webhookRow
	if err := s.r.WithContext(ctx).Where("active").Find(&hooks).Error; err != nil {
		return 0, err
	}
	if len(hooks) == 0 {
		return 0, nil
	}
	var cursor int64
	if err := s.r.WithContext(ctx).Raw("SELECT change_id FROM webhook_cursor WHERE id = 1").Scan(&cursor).Error; err != nil {
		return 0, err
	}
	from := int64(math.MaxInt64)
	for _, h := range hooks {
		from = min(from, max(cursor, h.AfterChange))
	}
	var changes []changeRow
	if err := s.r.WithContext(ctx).Where("id > ?", from).Order("id").Limit(DispatchBatch).Find(&changes).Error; err != nil {
		return 0, err
	}
	if len(changes) == 0 {
		return 0, nil
	}
	plan, err := s.fanOut(ctx, hooks, changes, now)
	if err != nil {
		return 0, err
	}
	err = s.direct(ctx, func(tx *gorm.DB, t *sql.Tx) error {
		moved := tx.Exec("UPDATE webhook_cursor SET change_id = ? WHERE id = 1 AND change_id = ?", changes[len(changes)-1].ID, cursor)
		if moved.Error != nil || moved.RowsAffected == 0 {
			return moved.Error // another instance dispatched these
		}
		return s.applyPlan(ctx, tx, t, plan)
	})
	return len(changes), err
}

// dispatchPlan is what a fan-out writes: the deliveries, and the
// projections seen now.
type dispatchPlan struct {
	deliveries  []deliveryRow
	projections []projectionRow
}

func (s *Store) applyPlan(ctx context.Context, tx *gorm.DB, t *sql.Tx, plan dispatchPlan) error {
	for _, p := range plan.projections {
		if err := tx.Save(&p).Error; err != nil {
			return err
		}
	}
	if len(plan.deliveries) == 0 {
		return nil
	}
	if err := tx.CreateInBatches(plan.deliveries, 500).Error; err != nil {
		return err
	}
	return s.enqueue(ctx, t, plan.deliveries)
}

// fanOut works out the delivery of each change's event to each
// subscription that wants it, and a projection.changed for each draft
// whose likely outcome the changes moved.
func (s *Store) fanOut(ctx context.Context, hooks []webhookRow, changes []changeRow, now time.Time) (dispatchPlan, error) {
	var plan dispatchPlan
	all := make([]models.Webhook, len(hooks))
	for i, h := range hooks {
		all[i] = h.webhook()
	}
	// A webhook is sent only the changes made after it.
	since := func(c changeRow) []models.Webhook {
		var out []models.Webhook
		for i, h := range hooks {
			if c.ID > h.AfterChange {
				out = append(out, all[i])
			}
		}
		return out
	}
	ev := eventReader{s: s, ctx: ctx, drafts: map[int64]*models.Draft{}, meetings: map[string]*models.ScheduledMeeting{}}
	lastOfDraft := map[int64]changeRow{}
	var err error
	for _, c := range changes {
		if !slices.Contains(models.EventTypes, c.Kind) {
			continue
		}
		if c.DraftID != nil {
			lastOfDraft[*c.DraftID] = c
		}
		if plan.deliveries, err = ev.deliveries(plan.deliveries, since(c), c, now); err != nil {
			return plan, err
		}
	}
	if !wantsProjections(all) {
		return plan, nil
	}
	open, err := unvoted(s.r.WithContext(ctx), lastOfDraft)
	if err != nil {
		return plan, err
	}
	for _, c := range lastOfDraft {
		if !open[*c.DraftID] {
			continue // a voted draft's projection counts the positions before its vote
		}
		if err := s.projectionEvents(&ev, &plan, since(c), c, now); err != nil {
			return plan, err
		}
	}
	return plan, nil
}

// wantsProjections reports whether any subscription asks for
// projection.changed: only then are projections followed, each compared
// with the last one seen while one did.
func wantsProjections(subs []models.Webhook) bool {
	return slices.ContainsFunc(subs, func(w models.Webhook) bool { return slices.Contains(w.Events, models.EventProjectionChanged) })
}

// appendDeliveries adds a pending delivery of the event to each
// subscription that wants it; the event is built only if one does.
func appendDeliveries(rows []deliveryRow, subs []models.Webhook, subject models.EventSubject, build func() (models.Event, error), now time.Time) ([]deliveryRow, error) {
	var body []byte
	var event models.Event
	for _, w := range subs {
		if !w.Wants(subject) {
			continue
		}
		if body == nil {
			var err error
			if event, err = build(); err != nil {
				return rows, err
			}
			if body, err = json.Marshal(event); err != nil {
				return rows, err
			}
		}
		at := millis(now)
		rows = append(rows, deliveryRow{WebhookID: w.ID, EventID: event.ID, EventType: event.Type, Payload: string(body),
			State: models.DeliveryPending, CreatedAt: at, RetryFrom: at, NextAt: &at})
	}
	return rows, nil
}

// projectionEvents compares the draft's projection now with the one last
// seen, keeps the new one, and queues projection.changed where the likely
// outcome moved. A draft seen for the first time is only remembered.
func (s *Store) projectionEvents(ev *eventReader, plan *dispatchPlan, subs []models.Webhook, c changeRow, now time.Time) error {
	id := *c.DraftID
	p, err := s.ProjectDraft(ev.ctx, id, nil)
	if models.KindOf(err) == models.KindNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	text, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var old []projectionRow
	if err := s.r.WithContext(ev.ctx).Where("draft_id = ?", id).Limit(1).Find(&old).Error; err != nil {
		return err
	}
	next := projectionRow{DraftID: id, Outcome: string(p.Outcome), Projection: string(text)}
	plan.projections = append(plan.projections, next)
	if len(old) == 0 || old[0].Outcome == next.Outcome {
		return nil
	}
	var before models.Projection
	if err := json.Unmarshal([]byte(old[0].Projection), &before); err != nil {
		return err
	}
	subject, err := ev.subject(c)
	if err != nil {
		return err
	}
	subject.Type = models.EventProjectionChanged
	change := models.ProjectionChange{DraftID: id, Previous: before.Outcome, Current: p.Outcome, Old: &before, New: p}
	event := models.Event{ID: models.EventID(c.ID, models.EventProjectionChanged), Type: models.EventProjectionChanged,
		Timestamp: c.At.UTC(), Data: change}
	plan.deliveries, err = appendDeliveries(plan.deliveries, subs, subject, func() (models.Event, error) { return event, nil }, now)
	return err
}

// unvoted tells which of the drafts the changes touched have no vote
// yet, in one query: only their projections are followed.
func unvoted(tx *gorm.DB, touched map[int64]changeRow) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(touched) == 0 {
		return out, nil
	}
	ids := make([]int64, 0, len(touched))
	for id := range touched {
		ids = append(ids, id)
	}
	var rows []struct {
		ID     int64
		Status models.Status
	}
	if err := tx.Table("drafts").Select("id, status").Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = !r.Status.Voted()
	}
	return out, nil
}

// deliveries adds the deliveries of change c to the subscriptions that
// want it.
func (ev *eventReader) deliveries(rows []deliveryRow, subs []models.Webhook, c changeRow, now time.Time) ([]deliveryRow, error) {
	if len(subs) == 0 {
		return rows, nil
	}
	gone, err := ev.cancelled(c)
	if err != nil || gone {
		return rows, err // a meeting cancelled since is not announced
	}
	subject, err := ev.subject(c)
	if err != nil {
		return rows, err
	}
	return appendDeliveries(rows, subs, subject, func() (models.Event, error) { return ev.event(c) }, now)
}
