package models

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"gorm.io/gorm"
)

type ctxKey int

const (
	actorKey ctxKey = iota
	replayKey
)

// WithActor names who makes the writes done with ctx: the API key's name,
// recorded beside every position, vote and change.
func WithActor(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, actorKey, name)
}

func actorOf(ctx context.Context) string {
	name, _ := ctx.Value(actorKey).(string)
	return name
}

// Response is a write's answer as first sent, kept to replay to retries.
type Response struct {
	Status   int
	Location string
	ETag     string
	Body     []byte
}

// Replay asks that a write's response be kept under an idempotency key,
// committed in the same transaction as the write itself.
type Replay struct {
	Key         string
	Method      string
	Path        string
	Fingerprint string
	// Render makes the response from the write's result.
	Render func(result any) (Response, error)
}

// StoredReplay is a kept response and what it answered.
type StoredReplay struct {
	Response
	Method, Path, Fingerprint string
}

// ReplayTTL is how long idempotency keys are kept at least.
const ReplayTTL = 24 * time.Hour

// ErrReplayRace reports that another request with the same idempotency
// key committed first; the write was rolled back and that response stands.
var ErrReplayRace = errors.New("idempotency key used by a concurrent request")

// WithReplay makes the write done with ctx keep its response under r.Key.
func WithReplay(ctx context.Context, r *Replay) context.Context {
	return context.WithValue(ctx, replayKey, r)
}

type replayRow struct {
	KeyName     string `gorm:"primaryKey"`
	IdemKey     string `gorm:"primaryKey"`
	Method      string
	Path        string
	Fingerprint string
	Status      int
	Location    string
	Etag        string
	Body        string
	CreatedAt   time.Time
}

func (replayRow) TableName() string { return "replays" }

// FindReplay returns the response kept for the actor's idempotency key,
// or nil when there is none (or it expired).
func (s *Store) FindReplay(ctx context.Context, key string) (*StoredReplay, error) {
	var rows []replayRow
	err := s.r.WithContext(ctx).Where("key_name = ? AND idem_key = ? AND created_at > ?", actorOf(ctx), key, s.now().UTC().Add(-2*ReplayTTL)).
		Limit(1).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	r := rows[0]
	return &StoredReplay{Response: Response{Status: r.Status, Location: r.Location, ETag: r.Etag, Body: []byte(r.Body)},
		Method: r.Method, Path: r.Path, Fingerprint: r.Fingerprint}, nil
}

// PurgeReplays forgets idempotency keys older than twice ReplayTTL.
func (s *Store) PurgeReplays(ctx context.Context) (int64, error) {
	var n int64
	err := s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Where("created_at < ?", s.now().UTC().Add(-2*ReplayTTL)).Delete(&replayRow{})
		n = res.RowsAffected
		return res.Error
	})
	return n, err
}

// writeTx runs fn as one write: it commits with every other write queued
// at the same moment (see committer), and fn's changes stand or fall
// alone. When ctx carries a Replay, the response to the result is kept in
// the same transaction: the write and its idempotency key commit together.
func writeTx[T any](s *Store, ctx context.Context, fn func(tx *gorm.DB) (T, error)) (T, error) {
	var out T
	err := s.write(ctx, func(tx *gorm.DB) error {
		var err error
		if out, err = fn(tx); err != nil {
			return err
		}
		r, _ := ctx.Value(replayKey).(*Replay)
		if r == nil {
			return nil
		}
		res, err := r.Render(out)
		if err != nil {
			return err
		}
		_, err = s.exec(tx, sqlInsertReplay, actorOf(ctx), r.Key, r.Method, r.Path, r.Fingerprint,
			res.Status, res.Location, res.ETag, string(res.Body), s.now().UTC())
		if isUniqueViolation(err) {
			return ErrReplayRace
		}
		return err
	})
	return out, err
}

// writeJob is one write waiting for the committer.
type writeJob struct {
	ctx  context.Context
	fn   func(tx *gorm.DB) error
	done chan error
}

// maxBatch bounds how many writes share one commit.
const maxBatch = 128

// ErrClosed reports a write sent to a closed store.
var ErrClosed = errors.New("store closed")

// write runs fn as one write and returns once it has committed (or was
// refused). Nothing is acknowledged before it is on disk.
func (s *Store) write(ctx context.Context, fn func(tx *gorm.DB) error) error {
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.jobs <- j:
	case <-s.stop:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-j.done
}

// committer is the single writer. It takes the writes queued while the
// previous commit was on its way to disk and commits them together: one
// transaction, one fsync, each write inside its own savepoint so that a
// refused write is rolled back alone. With synchronous=FULL the fsync is
// most of a commit's cost, so sharing it is what lets writes keep up.
func (s *Store) committer() {
	defer close(s.stopped)
	for {
		var batch []*writeJob
		select {
		case j := <-s.jobs:
			batch = append(batch, j)
		case <-s.stop:
			return
		}
	collect:
		for len(batch) < maxBatch {
			select {
			case j := <-s.jobs:
				batch = append(batch, j)
			default:
				break collect
			}
		}
		s.commit(batch)
	}
}

// commit runs a batch in one transaction. Every job hears back only after
// the commit, refusals included: a write refused because a concurrent
// retry with the same idempotency key won must find that retry's response
// already committed.
func (s *Store) commit(batch []*writeJob) {
	results := make([]error, len(batch))
	tx := s.w.Begin()
	if tx.Error != nil {
		for _, j := range batch {
			j.done <- tx.Error
		}
		return
	}
	var applied []int
	for i, j := range batch {
		if err := j.ctx.Err(); err != nil {
			results[i] = err // the client gave up; nothing was written
			continue
		}
		if err := s.runSavepoint(tx, j.fn); err != nil {
			results[i] = err
			continue
		}
		applied = append(applied, i)
		// Let request goroutines run between writes: SQLite's calls hold
		// the processor, and on one core the network would wait for the
		// whole batch.
		runtime.Gosched()
	}
	err := tx.Commit().Error
	if err == nil {
		s.committed()
	}
	for _, i := range applied {
		results[i] = err
	}
	for i, j := range batch {
		j.done <- results[i]
	}
}

// runSavepoint runs fn inside a savepoint, undoing its changes alone when
// it fails or panics.
func (s *Store) runSavepoint(tx *gorm.DB, fn func(tx *gorm.DB) error) (err error) {
	if _, err := s.exec(tx, sqlSavepoint); err != nil {
		return err
	}
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("write panicked: %v", v)
		}
		if err != nil {
			if _, rerr := s.exec(tx, sqlRollbackTo); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}
		if _, rerr := s.exec(tx, sqlRelease); rerr != nil && err == nil {
			err = rerr
		}
	}()
	return fn(tx)
}

// Change kinds in the change feed.
const (
	ChangeMemberCreated = "member.created"
	ChangeTermAdded     = "member.term_added"
	ChangeSourceCreated = "source.created"
	ChangeDraftCreated  = "draft.created"
	ChangeDraftUpdated  = "draft.updated"
	ChangePositionAdded = "position.recorded"
	ChangeVoteRecorded  = "vote.recorded"
	ChangeVoteCorrected = "vote.corrected"
)

// Change is one write in the change feed: what happened, to which draft,
// member, source or position, when, and with which key.
type Change struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"`
	DraftID    *int64    `json:"draft_id"`
	MemberCode *string   `json:"member"`
	SourceID   *int64    `json:"source_id"`
	PositionID *int64    `json:"position_id"`
	KeyName    string    `json:"by"`
	At         time.Time `json:"at"`
}

func (Change) TableName() string { return "changes" }

// logChange appends a write to the change feed, in the write's transaction.
func (s *Store) logChange(ctx context.Context, tx *gorm.DB, c Change) error {
	_, err := s.exec(tx, sqlInsertChange, c.Kind, c.DraftID, c.MemberCode, c.SourceID, c.PositionID, actorOf(ctx), s.now().UTC())
	return err
}

func ref[T any](v T) *T { return &v }

// Changes lists writes after the cursor, oldest first, and the cursor to
// resume from: the last one listed, or the same cursor when there is
// nothing new. An empty cursor starts at the beginning.
func (s *Store) Changes(ctx context.Context, cursor string, limit int) ([]Change, string, error) {
	k, err := decodeCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	var rows []Change
	err = s.r.WithContext(ctx).Where("id > ?", k.N).Order("id").Limit(clampLimit(limit)).Find(&rows).Error
	if err != nil {
		return nil, "", err
	}
	if rows == nil {
		rows = []Change{}
	}
	if len(rows) > 0 {
		cursor = encodeCursor(cursorKey{N: rows[len(rows)-1].ID})
	}
	return rows, cursor, nil
}

// ChangeCursor is the cursor that resumes right after change id.
func ChangeCursor(id int64) string { return encodeCursor(cursorKey{N: id}) }
