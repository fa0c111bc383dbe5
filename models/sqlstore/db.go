package sqlstore

import (
	"context"
	"database/sql"
	"sync/atomic"
	"time"
	"unsc/models"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Store holds the tracker's data and answers every query about it. It runs
// on SQLite (a file, the default) or on PostgreSQL (a connection string):
// the same SQL, the same rules; engine_sqlite.go and engine_postgres.go
// hold what differs.
type Store struct {
	// w is the writer: one connection, on which the committer runs every
	// write. On SQLite one transaction writes at a time anyway; queueing
	// writers on one pooled connection, rather than on the file lock, means
	// no writer ever sees "database is locked". On PostgreSQL each instance
	// has its own writer and the versions row orders them (see counters).
	w *gorm.DB
	// writing is the transaction the committer is running, nil between
	// batches; only the committer's goroutine reads or sets it.
	writing *sql.Tx
	// writeCtx is the context of the batch being committed, with its
	// deadline; writeTimeout is that deadline (WithTimeout).
	writeCtx     context.Context
	writeTimeout time.Duration
	// pipelined says the committer sends piped writes' statements in one
	// round trip (PostgreSQL, see runPiped), on wconn: the connection the
	// batch's transaction runs on, held by the committer for the batch.
	pipelined bool
	wconn     *sql.Conn
	// unlocked says the batch being committed has not yet taken the
	// versions lock (see ensureLocked); only the committer reads or sets it.
	unlocked bool
	// r serves reads on several connections at once.
	r *gorm.DB
	// prompt serves the few small reads that a write or a health check
	// makes (keys, members, idempotency keys, the ping), on connections
	// of their own: a crowd of slow reads holding every reader never
	// makes a write or /readyz wait for a connection.
	prompt *gorm.DB
	// readTx is how a read transaction begins: one consistent snapshot;
	// readSetup, when set, is its first statement.
	readTx    *sql.TxOptions
	readSetup string
	jobs      chan *writeJob
	stop      chan struct{} // closed by Close
	stopped   chan struct{} // closed when the committer has ended
	running   bool          // the committer was started
	versions  counters
	keyCache  keyCache
	// memberCache and membersWritten keep the hottest write from reading
	// members in its transaction (see memberCache); keysWritten marks a
	// batch that created or revoked a key.
	memberCache    memberCache
	membersWritten atomic.Bool
	keysWritten    atomic.Bool
	stmts          statements
	// betweenWrites, when the engine sets it, runs after each write of a
	// batch (see openSQLite).
	betweenWrites func()
	// reopenWriter, when the engine sets it, drops the writer's
	// connection, so that the next write opens the file anew (see
	// openSQLite).
	reopenWriter func()
	readConns    int
	now          func() time.Time
	// queue inserts the jobs that send webhook deliveries, over
	// queueDriver; queueDB is the queue's own pool, where it has one.
	queue       *river.Client[*sql.Tx]
	queueDriver riverdriver.Driver[*sql.Tx]
	queueDB     *sql.DB
	// side runs the webhook deliveries' own writes, which touch no table
	// a cached answer reads: the writer on SQLite (one connection writes
	// there), the queue's pool on PostgreSQL, so that they never wait for
	// the committer's one connection nor it for them.
	side *gorm.DB
	// ready keeps the readiness probe's answers (see Ready).
	ready readiness
}

// Option changes how Open sets a Store up.
type Option func(*Store)

// WithClock makes the store read the time from now (tests fix it).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithReadConns sets how many connections serve reads in parallel
// (ReadConns when not given, or given less than 1).
func WithReadConns(n int) Option {
	return func(s *Store) {
		if n > 0 {
			s.readConns = n
		}
	}
}

// WithTimeout bounds each batch of writes the committer runs, and each
// readiness probe, to d (Timeout when not given, or given 0 or less).
func WithTimeout(d time.Duration) Option {
	return func(s *Store) {
		if d > 0 {
			s.writeTimeout = d
		}
	}
}

// Timeout is how long a batch of writes may take by default. A batch of
// 128 writes commits in milliseconds; a database that takes longer has
// stopped answering.
const Timeout = 5 * time.Second

// ReadConns is how many connections serve reads in parallel by default.
const ReadConns = 8

// PromptConns is how many connections serve the reads of writes and of
// health checks: each is one short query, so two are never all busy for
// long.
const PromptConns = 2

// Open opens the database at location, a SQLite file (created if need be)
// or a PostgreSQL connection string, and brings its schema up to date.
func Open(location string, opts ...Option) (*Store, error) {
	s := &Store{now: time.Now, jobs: make(chan *writeJob), stop: make(chan struct{}), stopped: make(chan struct{}), readConns: ReadConns,
		writeTimeout: Timeout}
	for _, o := range opts {
		o(s)
	}
	// Every timestamp the store makes is cut to microseconds, the finest
	// PostgreSQL keeps: a time answered for a write then reads back the
	// same, to the digit, on both databases.
	clock := s.now
	s.now = func() time.Time { return clock().Truncate(time.Microsecond) }
	open := openSQLite
	if IsPostgres(location) {
		open, location = openPostgres, postgresDSN(location)
	}
	if err := open(s, location); err != nil {
		s.Close()
		return nil, err
	}
	s.running = true
	go s.committer()
	return s, nil
}

// gormConfig is how both engines' pools are opened. With prepare,
// statements run outside a transaction are prepared once per connection
// and reused (SQLite's readers); the writer keeps its own (statements).
func gormConfig(prepare bool) *gorm.Config {
	return &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		TranslateError:         true,
		PrepareStmt:            prepare,
		PrepareStmtMaxSize:     512,
	}
}

// pool sizes db's connection pool to conns connections, kept open, and
// checks that the database answers.
func pool(db *gorm.DB, conns int) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	sqlDB.SetMaxOpenConns(conns)
	sqlDB.SetMaxIdleConns(conns)
	sqlDB.SetConnMaxIdleTime(0)
	sqlDB.SetConnMaxLifetime(0)
	return sqlDB.Ping()
}

// Close stops the committer once the writes in hand are done, then
// releases the prepared statements, the version counters and both pools. A
// second Close does nothing.
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
	s.ready.waitProbe() // its write is refused now, its reads end with the pools
	s.stmts.close()
	if s.versions != nil {
		s.versions.close()
	}
	if s.queueDB != nil {
		s.queueDB.Close()
	}
	for _, db := range []*gorm.DB{s.w, s.r, s.prompt} {
		if db == nil {
			continue
		}
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	}
	return nil
}

// pools returns the writer and reader connection pools, for this
// package's tests of the database's settings. Writes made on them bypass
// the committer and the version counters.
func (s *Store) pools() (writer, reader *sql.DB) {
	writer, _ = s.w.DB()
	reader, _ = s.r.DB()
	return writer, reader
}

// ReadPool returns the pool that serves reads, for tests and tools that
// look at the tables behind the store's back. It is for reading only: on
// SQLite its connections are query-only and refuse writes; on PostgreSQL
// a write through it would bypass the committer and the version counters,
// so no instance would know that its caches went stale.
func (s *Store) ReadPool() *sql.DB {
	_, reader := s.pools()
	return reader
}

// readTimeout bounds a read whose caller set no deadline (a command, a
// background task; a request's reads have the API's own, shorter one).
const readTimeout = time.Minute

// read runs fn in one read transaction, so that its queries see one
// consistent snapshot, within the caller's deadline or readTimeout.
func (s *Store) read(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, readTimeout)
		defer cancel()
	}
	return s.readOn(ctx, s.r, fn)
}

// readValue runs fn in one read transaction (see read) and returns its
// answer.
func readValue[T any](s *Store, ctx context.Context, fn func(tx *gorm.DB) (T, error)) (T, error) {
	var v T
	err := s.read(ctx, func(tx *gorm.DB) (err error) {
		v, err = fn(tx)
		return err
	})
	return v, err
}

// readPage reads one page of a list in one read transaction: the cursor
// and page size are checked before any query, fn reads at most limit+1
// rows after the cursor's key (the one past the page tells PageOf there
// are more), and key and size cut the page (see models.PageOf). fn may
// shorten limit, where it cut its rows to fit MaxPageBytes before loading
// them (see fitPage).
func readPage[T any](s *Store, ctx context.Context, cursor string, limit int, key func(T) models.CursorKey, size func(T) int,
	fn func(tx *gorm.DB, k models.CursorKey, limit *int) ([]T, error)) (models.Page[T], error) {
	k, limit, err := models.PageArgs(cursor, limit)
	if err != nil {
		return models.Page[T]{}, err
	}
	out, err := readValue(s, ctx, func(tx *gorm.DB) ([]T, error) { return fn(tx, k, &limit) })
	if err != nil {
		return models.Page[T]{}, err
	}
	return models.PageOf(out, limit, key, size), nil
}

// readOn runs fn in one read transaction on the pool db.
func (s *Store) readOn(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	if s.readSetup == "" {
		return db.WithContext(ctx).Transaction(fn, s.readTx)
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(s.readSetup).Error; err != nil {
			return err
		}
		return fn(tx)
	}, s.readTx)
}

// today is the current calendar date by the store's clock.
func (s *Store) today() models.Date { return models.DateOf(s.now()) }

// Today is the current calendar date by the store's clock, for readers
// that default to the Council sitting today (the board's pages).
func (s *Store) Today() models.Date { return s.today() }
