package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// Edit says who makes a write and, for a request that may be retried, how
// its answer is kept for the retry.
type Edit[T any] struct {
	// By names who writes (an API key's name), recorded beside the write
	// and in the change feed.
	By string
	// Replay, when set, keeps the write's answer under the client's
	// idempotency key, in the write's own transaction.
	Replay *Replay[T]
	// bulk makes the write a bulk one (see writeBulk).
	bulk bool
}

// writeTx runs fn as one write: it commits with every other write queued
// at the same moment (see committer), and fn's changes stand or fall
// alone. When e asks for a replay, the answer to the result is kept in the
// same transaction: the write and its idempotency key commit together.
func writeTx[T any](s *Store, ctx context.Context, e Edit[T], fn func(tx *gorm.DB) (T, error)) (T, error) {
	var out T
	write := s.write
	if e.bulk {
		write = s.writeBulk
	}
	err := write(ctx, func(tx *gorm.DB) error {
		var err error
		if out, err = fn(tx); err != nil {
			return err
		}
		return keepReplay(s, tx, e.By, e.Replay, out)
	})
	return out, err
}

// writeJob is one write waiting for the committer.
type writeJob struct {
	ctx context.Context
	fn  func(tx *gorm.DB) error
	// pipe, when set, is the same write as one statement, which the
	// committer may send instead of running fn (see runPiped).
	pipe *piped
	done chan error
	// bulk marks a write that may take long (a seed, an import from the
	// command line): its batch has no deadline.
	bulk bool
}

// maxBatch bounds how many writes share one commit.
const maxBatch = 128

// ErrClosed reports a write sent to a closed store.
var ErrClosed = errors.New("store closed")

// write runs fn as one write and returns once it has committed (or was
// refused). Nothing is acknowledged before it is on disk.
func (s *Store) write(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.send(&writeJob{ctx: ctx, fn: fn, done: make(chan error, 1)})
}

// writeBulk is write for a write that may take longer than a batch's
// deadline: seeding and importing from the command line, whose user
// can interrupt them.
func (s *Store) writeBulk(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.send(&writeJob{ctx: ctx, fn: fn, done: make(chan error, 1), bulk: true})
}

func (s *Store) send(j *writeJob) error {
	ctx := j.ctx
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
// transaction, one flush to disk, each write inside its own savepoint so that a
// refused write is rolled back alone. Making a commit durable (a flush to
// disk, which both engines wait for before they acknowledge it) is most of
// a commit's cost, so sharing it is what lets writes keep up.
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
// retry with the same idempotency key won must find that retry's answer
// already committed.
func (s *Store) commit(batch []*writeJob) {
	results := make([]error, len(batch))
	// The batch has a deadline: on a database that stopped answering its
	// statements are cut off and every write in it is refused (never
	// acknowledged), rather than the committer and every writer waiting
	// for ever.
	ctx, cancel := s.batchContext(batch)
	defer cancel()
	tx, t, err := s.begin(ctx)
	if err == nil {
		// The versions lock is taken just before the batch's first
		// statement (ensureLocked, runPiped): on PostgreSQL in the same
		// round trip as the first run of piped writes.
		s.writing, s.writeCtx, s.unlocked = t, ctx, true
		defer func() { s.writeCtx = nil; s.endBatch() }()
	}
	if err != nil {
		for _, j := range batch {
			j.done <- err
		}
		return
	}
	applied := s.apply(tx, batch, results)
	keys, members := s.keysWritten.Swap(false), s.membersWritten.Swap(false)
	if len(applied) > 0 {
		err = s.versions.bump(tx, keys, members)
	}
	switch {
	case err == nil && len(applied) > 0:
		err = t.Commit()
	default:
		// Nothing to keep, or the batch failed: the version counters' own
		// bump (see rowCounters.lock) goes with it.
		t.Rollback()
	}
	if err == nil && len(applied) > 0 {
		s.versions.committed(keys, members)
	}
	for _, i := range applied {
		results[i] = err
	}
	for i, j := range batch {
		j.done <- results[i]
	}
	if s.reopenWriter != nil && slices.ContainsFunc(append(results, err), sqliteReadonly) {
		s.reopenWriter()
	}
}

// batchContext is the context of a batch's transaction: the committer's
// deadline, unless a bulk write is in it.
func (s *Store) batchContext(batch []*writeJob) (context.Context, context.CancelFunc) {
	for _, j := range batch {
		if j.bulk {
			return context.WithCancel(context.WithoutCancel(j.ctx))
		}
	}
	return context.WithTimeout(context.Background(), s.writeTimeout)
}

// apply runs each write of the batch in tx, piped writes together (see
// runPiped), and returns the indexes of those written; results keeps the
// refusals.
func (s *Store) apply(tx *gorm.DB, batch []*writeJob, results []error) []int {
	var applied []int
	for i := 0; i < len(batch); {
		if s.pipelined && batch[i].pipe != nil {
			k := i
			for k < len(batch) && batch[k].pipe != nil {
				k++
			}
			for n, err := range s.runPiped(tx, batch[i:k]) {
				if results[i+n] = err; err == nil {
					applied = append(applied, i+n)
				}
			}
			i = k
			continue
		}
		j := batch[i]
		if results[i] = j.ctx.Err(); results[i] == nil { // else the client gave up; nothing was written
			if results[i] = s.ensureLocked(tx); results[i] == nil {
				results[i] = s.runSavepoint(tx, j.fn)
			}
			if results[i] == nil {
				applied = append(applied, i)
				if s.betweenWrites != nil {
					s.betweenWrites()
				}
			}
		}
		i++
	}
	return applied
}

// ensureLocked takes the versions lock (counters.lock) unless the batch
// holds it already. Every write of a batch runs after it, so what a write
// reads is what the writes before it, from any instance, left.
func (s *Store) ensureLocked(tx *gorm.DB) error {
	if !s.unlocked {
		return nil
	}
	if err := s.versions.lock(tx); err != nil {
		return err
	}
	s.unlocked = false
	return nil
}

// endBatch forgets the batch's transaction and gives its connection back.
func (s *Store) endBatch() {
	s.writing = nil
	if s.wconn != nil {
		s.wconn.Close()
		s.wconn = nil
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
