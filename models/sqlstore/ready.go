package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"gorm.io/gorm"

	"unsc/models"
)

const (
	// readyFor is how long one answer to Ready stands: a readiness probe
	// polled by every load balancer costs the database one probe a second.
	readyFor = time.Second
	// integrityEvery is how often Ready reads every page of a SQLite file
	// for damage (PRAGMA quick_check), and integrityTimeout how long that
	// may take.
	integrityEvery   = time.Minute
	integrityTimeout = 30 * time.Second
	// minFreeBytes is the free space below which a SQLite file's disk is
	// taken for full: a batch of writes and its log need a few pages, and
	// a disk with less than this left will refuse them soon if not now.
	minFreeBytes = 4 << 20
)

// readiness keeps Ready's last answer and the last integrity check.
type readiness struct {
	mu      sync.Mutex
	at      time.Time
	err     error
	running chan struct{} // closed when the probe under way ends; nil when none is
	// checkedAt and damaged are the integrity check's, kept by the probe
	// (one at a time) alone.
	checkedAt time.Time
	damaged   error
	path      string // the SQLite file; empty on PostgreSQL
}

// errProbe is what the readiness probe's write returns to be rolled back.
var errProbe = errors.New("readiness probe")

// Ready reports whether the database can take writes now: the committer
// can begin a write transaction and take the write lock (which fails on a
// read-only SQLite file and on a PostgreSQL server in recovery or set
// read-only) within the store's deadline; for SQLite, the file can be
// opened for writing, its disk has room, and it reads without damage.
// Its answer, a models.Error of KindUnavailable or
// KindInsufficientStorage with a message fit for a client, stands for
// readyFor, and the integrity check's for integrityEvery, so that the
// probe stays cheap however often it is asked.
//
// A probe waits for a write batch to commit, and a load balancer polling
// often must not wait with it: past half of readyFor the next probe starts
// in the background while the last answer is given at once; only an
// answer older than readyFor (nobody asked meanwhile) waits for a probe.
func (s *Store) Ready(ctx context.Context) error {
	r := &s.ready
	r.mu.Lock()
	age := time.Since(r.at)
	if !r.at.IsZero() && age < readyFor {
		if age >= readyFor/2 {
			r.probeAhead(s)
		}
		err := r.err
		r.mu.Unlock()
		return err
	}
	done := r.probeAhead(s)
	r.mu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		return notReady(models.KindUnavailable, "the readiness probe was not answered in time", ctx.Err())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// probeAhead starts a probe unless one is under way, and returns the
// channel closed when it ends. r.mu is held.
func (r *readiness) probeAhead(s *Store) <-chan struct{} {
	if r.running != nil {
		return r.running
	}
	done := make(chan struct{})
	r.running = done
	go func() {
		defer close(done)
		ctx, cancel := context.WithTimeout(context.Background(), s.writeTimeout)
		defer cancel()
		err := s.probe(ctx)
		r.mu.Lock()
		r.err, r.at, r.running = err, time.Now(), nil
		r.mu.Unlock()
	}()
	return done
}

// waitProbe waits for a probe under way, if any, to end.
func (r *readiness) waitProbe() {
	r.mu.Lock()
	done := r.running
	r.mu.Unlock()
	if done != nil {
		<-done
	}
}

// ReadyCause is the cause of the last failed readiness probe, for the log.
type ReadyCause struct {
	msg   string
	kind  models.Kind
	cause error
}

func (e *ReadyCause) Error() string { return e.msg + ": " + e.cause.Error() }
func (e *ReadyCause) Unwrap() error { return e.cause }

// Domain is the client's view of the failure.
func (e *ReadyCause) Domain() error { return &models.Error{Kind: e.kind, Message: e.msg} }

func notReady(kind models.Kind, msg string, cause error) error {
	return &ReadyCause{msg: msg, kind: kind, cause: cause}
}

func (s *Store) probe(ctx context.Context) error {
	if p := s.ready.path; p != "" {
		if err := sqliteWritable(p); err != nil {
			return err
		}
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		if s.ready.path != "" {
			if err := probeSQLite(tx); err != nil {
				return err
			}
		}
		return errProbe
	})
	if err != nil && !errors.Is(err, errProbe) {
		if Fault(err) == models.KindInsufficientStorage {
			return notReady(models.KindInsufficientStorage, "the database's disk is full", err)
		}
		return notReady(models.KindUnavailable, "the database cannot take writes", err)
	}
	if s.ready.path != "" {
		return s.integrity(ctx)
	}
	return nil
}

// probeSQLite writes the header's user version (unused by the schema,
// whose migrations keep their own table) back unchanged, inside the
// probe's savepoint, which is rolled back: a connection that opened the
// file read-only fails here, where beginning a transaction would not.
func probeSQLite(tx *gorm.DB) error {
	var v int64
	if err := tx.Raw("PRAGMA user_version").Scan(&v).Error; err != nil {
		return err
	}
	return tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", v)).Error
}

// sqliteWritable checks that the database file and its directory can be
// written (a read-only file, directory or mount is refused, root or not)
// and that the disk has room.
func sqliteWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return notReady(models.KindUnavailable, "the database cannot take writes", err)
	}
	f.Close()
	dir := filepath.Dir(path)
	if err := syscall.Access(dir, 2 /* W_OK */); err != nil {
		return notReady(models.KindUnavailable, "the database cannot take writes", fmt.Errorf("%s: %w", dir, err))
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return notReady(models.KindUnavailable, "the database cannot take writes", err)
	}
	if free := st.Bavail * uint64(st.Bsize); free < minFreeBytes {
		return notReady(models.KindInsufficientStorage, "the database's disk is full",
			fmt.Errorf("%s: %d bytes free", dir, free))
	}
	return nil
}

// integrity reads every page of the SQLite file for damage, at most once
// every integrityEvery; a damaged file is not ready until a later check
// finds it whole (restored from a backup, say).
func (s *Store) integrity(ctx context.Context) error {
	if !s.ready.checkedAt.IsZero() && time.Since(s.ready.checkedAt) < integrityEvery {
		return s.ready.damaged
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), integrityTimeout)
	defer cancel()
	var rows []string
	err := s.r.WithContext(ctx).Raw("PRAGMA quick_check").Scan(&rows).Error
	switch {
	case err != nil && Fault(err) != models.KindInternal && !errors.Is(err, context.DeadlineExceeded):
		s.ready.damaged = notReady(models.KindUnavailable, "the database is damaged", err)
	case err != nil:
		return notReady(models.KindUnavailable, "the database cannot answer", err) // try again next time
	case len(rows) != 1 || rows[0] != "ok":
		s.ready.damaged = notReady(models.KindUnavailable, "the database is damaged", fmt.Errorf("quick_check: %q", rows))
	default:
		s.ready.damaged = nil
	}
	s.ready.checkedAt = time.Now()
	return s.ready.damaged
}
