package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql's "pgx", for migrations and the versions row
	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// openPostgres opens the PostgreSQL database at the connection string
// dsn: one writer connection (this instance's group commit), a pool of
// readers reading one snapshot per transaction, and the versions row that
// every instance on the database reads before trusting its caches.
//
// Nothing is prepared by name for longer than pgx's own statement cache
// keeps it; behind a pooler in transaction mode, add
// default_query_exec_mode=exec to dsn and pgx prepares nothing that
// outlives a round trip.
func openPostgres(s *Store, dsn string) error {
	var err error
	if s.w, err = openPostgresPool(dsn, 1); err != nil {
		return err
	}
	// Migrations run on a pool of their own: goose's locker keeps its lock
	// row alive from a second connection while the first migrates.
	mig, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("open database: %w", redactErr(err, dsn))
	}
	err = Migrate(context.Background(), mig, goose.DialectPostgres, 0)
	mig.Close()
	if err != nil {
		return redactErr(err, dsn)
	}
	if s.r, err = openPostgresPool(dsn, s.readConns); err != nil {
		return err
	}
	if s.prompt, err = openPostgresPool(dsn, PromptConns); err != nil {
		return err
	}
	// The job queue has a pool of its own: its workers, its fetches and
	// its completions must not wait for the one writer connection.
	if s.queueDB, err = sql.Open("pgx", dsn); err != nil {
		return fmt.Errorf("open database: %w", redactErr(err, dsn))
	}
	s.queueDB.SetMaxOpenConns(queueConns)
	side, err := gorm.Open(postgres.New(postgres.Config{Conn: s.queueDB}), gormConfig(false))
	if err != nil {
		return fmt.Errorf("open database: %w", redactErr(err, dsn))
	}
	if err := s.openQueue(s.queueDB, goose.DialectPostgres, side); err != nil {
		return err
	}
	s.readTx = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	// No JIT compilation for the record's questions: PostgreSQL judges
	// them costly enough to compile, and compiling took 290 of 370 ms of
	// whole-record alignment that runs in 80 ms without. SET LOCAL lasts
	// the transaction alone, so a pooler's next client never inherits it.
	s.readSetup = "SET LOCAL jit = off"
	// The versions row is read on a connection of its own, so that a
	// burst of slow reads holding every reader never delays the check
	// every request makes first. One reading is on its way at a time.
	vdb, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("open database: %w", redactErr(err, dsn))
	}
	vdb.SetMaxOpenConns(1)
	vdb.SetMaxIdleConns(1)
	s.versions = &rowCounters{db: vdb, timeout: s.writeTimeout}
	s.stmts.rebind(postgresPlaceholders)
	s.pipelined = true
	return nil
}

// queueConns is the size of the job queue's pool on PostgreSQL: River's
// fetches and completions, the fan-out, and each sender's record of its
// attempt.
const queueConns = 12

func openPostgresPool(dsn string, conns int) (*gorm.DB, error) {
	db, err := gorm.Open(postgres.Open(dsn), gormConfig(false))
	if err != nil {
		return nil, fmt.Errorf("open database: %w", redactErr(err, dsn))
	}
	if err := pool(db, conns); err != nil {
		if sqlDB, derr := db.DB(); derr == nil {
			sqlDB.Close()
		}
		return nil, fmt.Errorf("open database: %w", redactErr(err, dsn))
	}
	return db, nil
}

// redactErr keeps a connection string's password out of an error that
// quotes it.
func redactErr(err error, dsn string) error {
	msg := err.Error()
	if cfg, perr := pgconn.ParseConfig(dsn); perr == nil && cfg.Password != "" {
		msg = strings.ReplaceAll(msg, cfg.Password, masked)
	}
	if _, pw, ok := withoutPassword(dsn); ok && pw != "" {
		msg = strings.ReplaceAll(msg, pw, masked)
	}
	if msg == err.Error() {
		return err
	}
	return errors.New(msg)
}

// postgresPlaceholders turns the ? placeholders of our own statements
// into PostgreSQL's $1, $2, ... (gorm does the same for its own).
func postgresPlaceholders(query string) string {
	out := make([]byte, 0, len(query)+8)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			out = fmt.Appendf(out, "$%d", n)
			continue
		}
		out = append(out, query[i])
	}
	return string(out)
}

// rowCounters keep the counts in the unsc_versions row. Every write
// transaction bumps the row first, which locks it, so writes from every
// instance commit one at a time (the invariants checked in Go hold across
// instances as they do on one SQLite writer), and the new counts become
// visible with the write itself.
//
// A read must see counts read after it began. Rather than a query per
// request, the requests that arrive while one reading of the row is on its
// way wait for the next reading, which begins after they arrived, and share
// it: one query per round trip serves them all.
type rowCounters struct {
	db *sql.DB
	// timeout bounds a request's wait for a reading, whatever its own
	// deadline: the store's deadline for a database call (a request served
	// from the response cache has no other). See reading.deadline.
	timeout time.Duration
	mu      sync.Mutex
	// next is the reading the requests arriving now will share; reading
	// says whether a goroutine is taking readings.
	next    *reading
	reading bool
	closed  bool
}

type reading struct {
	done chan struct{}
	// deadline is timeout after the first request joined: a reading that
	// waited behind one the database did not answer gets what is left, so
	// no request waits for the row longer than timeout in all.
	deadline time.Time
	c        counts
	err      error
}

const (
	sqlReadVersions = "SELECT n, keys, members FROM unsc_versions"
)

func (rc *rowCounters) current(ctx context.Context) (counts, error) {
	rc.mu.Lock()
	if rc.closed {
		rc.mu.Unlock()
		return counts{}, ErrClosed
	}
	r := rc.next
	if r == nil {
		r = &reading{done: make(chan struct{}), deadline: time.Now().Add(rc.timeout)}
		rc.next = r
		if !rc.reading {
			rc.reading = true
			go rc.take()
		}
	}
	rc.mu.Unlock()
	select {
	case <-r.done:
		return r.c, r.err
	case <-ctx.Done():
		return counts{}, ctx.Err()
	}
}

// take reads the row for each waiting group in turn, until none waits.
func (rc *rowCounters) take() {
	for {
		rc.mu.Lock()
		r := rc.next
		rc.next = nil
		if r == nil {
			rc.reading = false
			rc.mu.Unlock()
			return
		}
		rc.mu.Unlock()
		var n, keys, members int64
		ctx, cancel := context.WithDeadline(context.Background(), r.deadline)
		r.err = rc.db.QueryRowContext(ctx, sqlReadVersions).Scan(&n, &keys, &members)
		if r.err != nil && ctx.Err() != nil {
			// Whatever words the driver used, the reading ran out of
			// time, and callers tell that apart (context.DeadlineExceeded).
			r.err = fmt.Errorf("reading the data version: %w", ctx.Err())
		}
		cancel()
		r.c = counts{n: uint64(n), keys: uint64(keys), members: uint64(members)}
		close(r.done)
	}
}

// lock takes the row's lock by bumping n: the one statement both orders
// the writers and marks that the batch wrote (a batch that writes nothing
// is rolled back, bump and all).
func (rc *rowCounters) lock(tx *gorm.DB) error {
	return tx.Exec(sqlLockVersions).Error
}

// sqlLockVersions is lock's statement, which runPiped may send itself.
const sqlLockVersions = "UPDATE unsc_versions SET n = n + 1"

// bump counts a key or member written; n was bumped by lock.
func (rc *rowCounters) bump(tx *gorm.DB, keys, members bool) error {
	if !keys && !members {
		return nil
	}
	return tx.Exec("UPDATE unsc_versions SET keys = keys + ?, members = members + ?", b2i(keys), b2i(members)).Error
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// committed does nothing: the row was bumped in the transaction.
func (rc *rowCounters) committed(bool, bool) {}

func (rc *rowCounters) close() {
	rc.mu.Lock()
	rc.closed = true
	rc.mu.Unlock()
	rc.db.Close()
}

// postgresUnique reports whether err is PostgreSQL's unique_violation.
func postgresUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// postgresBusy reports whether err is PostgreSQL asking to be tried again:
// a serialization failure or deadlock, a lock not available, too many
// connections, or a server starting or shutting down.
func postgresBusy(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40001", "40P01", "55P03", "53300", "57P03":
		return true
	}
	return false
}

// backupPostgres runs pg_dump for the database at dsn, writing its custom
// archive (restore with pg_restore) to the file to, which Backup made
// empty: one consistent snapshot while servers go on working.
func backupPostgres(ctx context.Context, dsn, to string) error {
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return errors.New("backup: pg_dump is not installed (Debian: apt-get install postgresql-client)")
	}
	cmd, err := pgDumpCommand(ctx, bin, dsn, to)
	if err != nil {
		return err
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("backup: pg_dump: %v: %s", err, redactErr(errors.New(string(out)), dsn))
	}
	return nil
}

// pgDumpCommand is pg_dump at bin, writing the database at dsn to the
// file to. The password goes in pg_dump's environment (PGPASSWORD), which
// only its user and root can read, never on its command line, which any
// local user sees in ps; so do pgx's own parameters, which libpq refuses.
func pgDumpCommand(ctx context.Context, bin, dsn, to string) (*exec.Cmd, error) {
	rest, password, ok := withoutPassword(dsn)
	if !ok {
		return nil, fmt.Errorf("backup: cannot read the connection string %s", Redact(dsn))
	}
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--no-owner", "--file="+to, "--dbname="+rest)
	cmd.Env = os.Environ()
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	return cmd, nil
}

// checkPostgresArchive reads the whole archive at file as a restore
// would, to the end of its last table's data: a short or damaged archive
// fails.
func checkPostgresArchive(ctx context.Context, file string) error {
	bin, err := exec.LookPath("pg_restore")
	if err != nil {
		return errors.New("pg_restore is not installed (Debian: apt-get install postgresql-client)")
	}
	if out, err := exec.CommandContext(ctx, bin, "--file=/dev/null", file).CombinedOutput(); err != nil {
		return fmt.Errorf("pg_restore: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}
