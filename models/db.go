package models

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pressly/goose/v3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store holds the tracker's data and answers every query about it.
type Store struct {
	// w is the single writer connection. SQLite lets one transaction write
	// at a time; queueing writers on one pooled connection, rather than on
	// the file lock, means no writer ever sees "database is locked".
	w *gorm.DB
	// r serves reads on several connections at once: in WAL mode readers
	// never block the writer nor each other.
	r        *gorm.DB
	jobs     chan *writeJob
	stop     chan struct{} // closed by Close
	stopped  chan struct{} // closed when the committer has ended
	running  bool          // the committer was started
	changes  *changeCounter
	keyCache keyCache
	// memberCache and membersWritten keep the hottest write from reading
	// members in its transaction (see memberCache).
	memberCache    memberCache
	membersWritten atomic.Bool
	stmts          statements
	watch          *sql.DB // a connection that never writes, for outside changes
	now            func() time.Time
}

// Option changes how Open sets a Store up.
type Option func(*Store)

// WithClock makes the store read the time from now (tests fix it).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// ReadConns is how many connections serve reads in parallel.
const ReadConns = 8

// DSN returns the data source name for the SQLite file at path. Every
// setting lives in the DSN, so each pooled connection gets it, not just the
// first one.
func DSN(path string, writer bool) string {
	q := url.Values{}
	// WAL: readers and the writer proceed together; commits append to the log.
	q.Set("_journal_mode", "WAL")
	// Foreign keys are off by default in SQLite; the schema relies on them.
	q.Set("_foreign_keys", "on")
	// Wait for a lock instead of failing at once (another process, a checkpoint).
	q.Set("_busy_timeout", "10000")
	// FULL: a commit is on disk before it is acknowledged, even on power loss.
	q.Set("_synchronous", "FULL")
	if writer {
		// Take the write lock at BEGIN, so a transaction never fails midway
		// on upgrading a read lock to a write lock.
		q.Set("_txlock", "immediate")
	} else {
		// Readers take no write lock and may not write at all.
		q.Set("_txlock", "deferred")
		q.Set("_query_only", "true")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Open opens (creating if need be) the SQLite database at path and brings
// its schema up to date.
func Open(path string, opts ...Option) (*Store, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("database path %q must not contain ? or #", path)
	}
	s := &Store{now: time.Now, jobs: make(chan *writeJob), stop: make(chan struct{}), stopped: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	var err error
	if s.w, err = openGorm(DSN(path, true), 1, false); err != nil {
		return nil, err
	}
	if err := migrate(s.w); err != nil {
		s.Close()
		return nil, err
	}
	if s.r, err = openGorm(DSN(path, false), ReadConns, true); err != nil {
		s.Close()
		return nil, err
	}
	if s.changes, err = openChangeCounter(path); err != nil {
		s.Close()
		return nil, err
	}
	if s.watch, err = sql.Open("sqlite3", DSN(path, false)); err != nil {
		s.Close()
		return nil, err
	}
	// One connection, kept open: data_version compares commits seen by
	// that very connection.
	s.watch.SetMaxOpenConns(1)
	s.watch.SetMaxIdleConns(1)
	s.watch.SetConnMaxLifetime(0)
	s.watch.SetConnMaxIdleTime(0)
	last, err := dataVersion(s.watch)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.changes.watchOutside(s.watch, last)
	writer, _ := s.w.DB()
	if err := s.stmts.prepare(writer); err != nil {
		s.Close()
		return nil, err
	}
	s.running = true
	go s.committer()
	return s, nil
}

// openGorm opens a pool of conns connections. With prepare, statements
// run outside a transaction are prepared once per connection and reused;
// the writer works only in transactions and keeps its own (statements).
func openGorm(dsn string, conns int, prepare bool) (*gorm.DB, error) {
	db, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		TranslateError:         true,
		PrepareStmt:            prepare,
		PrepareStmtMaxSize:     512,
	})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(conns)
	sqlDB.SetMaxIdleConns(conns)
	sqlDB.SetConnMaxIdleTime(0)
	sqlDB.SetConnMaxLifetime(0)
	if err := sqlDB.Ping(); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	return db, nil
}

// migrate applies the embedded, versioned SQL migrations in order.
func migrate(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return Migrate(context.Background(), sqlDB, 0)
}

// Migrate brings db's schema to version (0: the latest).
func Migrate(ctx context.Context, db *sql.DB, version int64) error {
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, dir)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if version == 0 {
		_, err = p.Up(ctx)
	} else {
		_, err = p.UpTo(ctx, version)
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Close stops the committer once the writes in hand are done, then
// releases the prepared statements, the change counter, the watcher's
// connection and both pools. A second Close does nothing.
func (s *Store) Close() error {
	select {
	case <-s.stop:
		return nil
	default:
	}
	close(s.stop)
	if s.running {
		<-s.stopped
	}
	s.stmts.close()
	if s.changes != nil {
		s.changes.close()
	}
	if s.watch != nil {
		s.watch.Close()
	}
	for _, db := range []*gorm.DB{s.w, s.r} {
		if db == nil {
			continue
		}
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	}
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	return s.r.WithContext(ctx).Raw("SELECT 1").Scan(&n).Error
}

// Pools returns the writer and reader connection pools, for the metrics'
// pool figures and for tests that inspect the file's settings. Writes made
// on them bypass the committer and the change counter.
func (s *Store) Pools() (writer, reader *sql.DB) {
	writer, _ = s.w.DB()
	reader, _ = s.r.DB()
	return writer, reader
}

// read runs fn in one read transaction, so that its queries see one
// consistent snapshot.
func (s *Store) read(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.r.WithContext(ctx).Transaction(fn)
}

// today is the current calendar date by the store's clock.
func (s *Store) today() Date { return DateOf(s.now()) }
