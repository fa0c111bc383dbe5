package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
	"gorm.io/gorm"
)

// Deliveries are sent by River, a job queue that keeps its jobs in the
// tracker's own database on both engines: a job is inserted in the
// transaction that queues its delivery, so neither exists without the
// other; River leases each job to one worker of one instance at a time,
// rescues jobs whose worker died, and runs them again when told when. The
// tracker's tables keep what River's do not: each attempt's answer, and
// the delivery's state as subscribers see it.

// DeliveryQueue is River's queue of webhook deliveries.
const DeliveryQueue = "webhooks"

// DeliveryArgs is the job that makes the next attempt of a delivery, in
// the round of queueing it belongs to: a job of an earlier round, still
// finishing when the delivery was queued anew, does nothing.
type DeliveryArgs struct {
	DeliveryID int64 `json:"delivery_id"`
	Generation int   `json:"generation"`
}

// Kind names the job for River.
func (DeliveryArgs) Kind() string { return "webhook_delivery" }

// InsertOpts puts the job on the deliveries' queue, at most one live job
// per delivery: queueing a delivery that is already queued does nothing,
// while one whose jobs have all ended (sent again later) is queued anew.
func (DeliveryArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: DeliveryQueue, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled}}}
}

// queueDriver is River's driver over db for the engine: SQLite's, on the
// writer's one connection (River's own guidance for SQLite), or
// database/sql's for PostgreSQL.
func queueDriver(db *sql.DB, dialect goose.Dialect) riverdriver.Driver[*sql.Tx] {
	if dialect == goose.DialectPostgres {
		return riverdatabasesql.New(db)
	}
	return riversqlite.New(db)
}

// migrateQueue brings River's tables up to date. On PostgreSQL,
// instances starting at once take turns: one holds the lock row of
// queue_migration_lock (a row lock works through a transaction-pooling
// proxy, unlike a session advisory lock) while River migrates, each
// version in a transaction of its own; on SQLite the caller holds the
// file lock.
func migrateQueue(ctx context.Context, db *sql.DB, dialect goose.Dialect) error {
	m, err := rivermigrate.New(queueDriver(db, dialect), nil)
	if err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	if dialect == goose.DialectPostgres {
		lock, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("job queue migrations: %w", err)
		}
		defer lock.Rollback()
		if _, err := lock.ExecContext(ctx, "SELECT id FROM queue_migration_lock WHERE id = 1 FOR UPDATE"); err != nil {
			return fmt.Errorf("job queue migrations: lock: %w", err)
		}
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	return nil
}

// openQueue makes the store's River client, which only inserts jobs; the
// webhook sender runs its own client, with workers, over QueueDriver. side
// is the same pool as gorm takes it, for the deliveries' own writes.
func (s *Store) openQueue(db *sql.DB, dialect goose.Dialect, side *gorm.DB) error {
	s.queueDriver = queueDriver(db, dialect)
	s.side = side
	var err error
	s.queue, err = river.NewClient(s.queueDriver, &river.Config{})
	return err
}

// QueueDriver is River's driver over the pool the job queue runs on, for
// the client that works the jobs. River writes its own tables only.
func (s *Store) QueueDriver() riverdriver.Driver[*sql.Tx] { return s.queueDriver }

// enqueue queues the next attempt of each delivery in t, the transaction
// that queued or reset them.
func (s *Store) enqueue(ctx context.Context, t *sql.Tx, deliveries []deliveryRow) error {
	if len(deliveries) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(deliveries))
	for i, d := range deliveries {
		params[i] = river.InsertManyParams{Args: DeliveryArgs{DeliveryID: d.ID, Generation: d.Generation}}
	}
	_, err := s.queue.InsertManyTx(ctx, t, params)
	return err
}
