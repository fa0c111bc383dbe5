package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

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

// openSQLite opens (creating if need be) the SQLite file at path: one
// writer connection, query-only readers (in WAL mode they never block the
// writer nor each other), the counters file beside it and a watcher for
// edits made by other programs.
func openSQLite(s *Store, path string) error {
	if strings.ContainsAny(path, "?#") {
		return fmt.Errorf("database path %q must not contain ? or # (a PostgreSQL connection string begins postgres:// or host=)", Redact(path))
	}
	fc, err := openFileCounters(path)
	if err != nil {
		return err
	}
	s.versions = fc
	s.ready.path = path
	err = fc.exclusive(func() error {
		// Checked under the lock: a process creating the file now has
		// written its first pages by the time the lock is ours.
		if err := checkSQLiteFile(path); err != nil {
			return err
		}
		if s.w, err = openSQLitePool(DSN(path, true), 1, false); err != nil {
			return err
		}
		writer, _ := s.w.DB()
		return Migrate(context.Background(), writer, goose.DialectSQLite3, 0)
	})
	if err != nil {
		return err
	}
	writer, _ := s.w.DB()
	if err := s.openQueue(writer, goose.DialectSQLite3, s.w); err != nil {
		return err
	}
	if s.r, err = openSQLitePool(DSN(path, false), s.readConns, true); err != nil {
		return err
	}
	if s.prompt, err = openSQLitePool(DSN(path, false), PromptConns, true); err != nil {
		return err
	}
	if err := fc.watchOutside(writer); err != nil {
		return err
	}
	// Let request goroutines run between the writes of a batch: a call
	// into SQLite holds its processor until it returns, and on one core
	// the network would otherwise wait for the whole batch.
	s.betweenWrites = runtime.Gosched
	// SQLite opens a file it may not write read-only, silently, and the
	// connection stays so: once a write finds it read-only, the next one
	// opens the file again and can write as soon as the file is writable.
	s.reopenWriter = func() { discardConn(writer) }
	return s.stmts.prepare(writer)
}

// discardConn closes the pool's one connection, waiting for it if another
// holds it for a moment (the outside-edit watcher): database/sql discards
// a connection whose Raw call answers driver.ErrBadConn. Dropping it only
// while idle would miss it whenever it was in use at that instant, and
// the file would stay read-only for good.
func discardConn(db *sql.DB) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		return
	}
	defer conn.Close()
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
}

func openSQLitePool(dsn string, conns int, prepare bool) (*gorm.DB, error) {
	db, err := gorm.Open(sqlite.Open(dsn), gormConfig(prepare))
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := pool(db, conns); err != nil {
		if sqlDB, derr := db.DB(); derr == nil {
			sqlDB.Close()
		}
		return nil, fmt.Errorf("open database: %w", err)
	}
	return db, nil
}

// fileCounters keep the counts in a small file beside the database
// (PATH-version), mapped into memory by every process that has the
// database open: each write bumps them after it commits and before it is
// acknowledged, and reading them costs an atomic load rather than a query.
//
// Commits made by other programs (the sqlite3 shell, say) do not bump
// them; a watcher notices those through SQLite's data_version within
// outsideCheckEvery and bumps them for them.
type fileCounters struct {
	closed atomic.Bool
	file   *os.File
	mem    []byte
	n      *atomic.Uint64
	keys   *atomic.Uint64
	// members is bumped when a member or a term is written.
	members *atomic.Uint64
	watch   *sql.DB // the writer's one connection, for outside changes
	stop    chan struct{}
	done    chan struct{}
}

const (
	outsideCheckEvery = time.Second
	counterBytes      = 24
)

func openFileCounters(dbPath string) (*fileCounters, error) {
	f, err := os.OpenFile(dbPath+"-version", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("change counter: %w", err)
	}
	if fi, err := f.Stat(); err != nil || fi.Size() < counterBytes {
		if err := f.Truncate(counterBytes); err != nil {
			f.Close()
			return nil, fmt.Errorf("change counter: %w", err)
		}
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, counterBytes, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("change counter: %w", err)
	}
	// mmap returns page-aligned memory, fit for 64-bit atomics.
	return &fileCounters{file: f, mem: mem, n: (*atomic.Uint64)(unsafe.Pointer(&mem[0])),
		keys: (*atomic.Uint64)(unsafe.Pointer(&mem[8])), members: (*atomic.Uint64)(unsafe.Pointer(&mem[16]))}, nil
}

// exclusive runs fn, the first opening of the database and its
// migration, while holding an exclusive lock on the counters file:
// processes opening one new database at once would otherwise each find it
// at version 0 and create the same tables (goose locks only on
// PostgreSQL), or race to turn a new file's journal into a write-ahead
// log, which SQLite refuses at once rather than wait for.
func (c *fileCounters) exclusive(fn func() error) error {
	if err := syscall.Flock(int(c.file.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("migrate: lock %s: %w", c.file.Name(), err)
	}
	defer syscall.Flock(int(c.file.Fd()), syscall.LOCK_UN)
	return fn()
}

func (c *fileCounters) current(context.Context) (counts, error) {
	if c.closed.Load() {
		return counts{}, ErrClosed
	}
	return counts{n: c.n.Load(), keys: c.keys.Load(), members: c.members.Load()}, nil
}

// lock does nothing: the one writer connection and SQLite's own write
// lock already order writers.
func (c *fileCounters) lock(*gorm.DB) error { return nil }

// bump does nothing: the file is bumped once the write has committed.
func (c *fileCounters) bump(*gorm.DB, bool, bool) error { return nil }

func (c *fileCounters) committed(keys, members bool) {
	if c.closed.Load() {
		return
	}
	if keys {
		c.keys.Add(1)
	}
	if members {
		c.members.Add(1)
	}
	c.n.Add(1)
}

// watchOutside bumps the counters when another connection committed since
// the last look. It reads data_version on the writer's one connection
// (the pool never opens a second nor recycles it): that value changes with
// every commit made by any other connection, another process or the
// sqlite3 shell, and never with the writer's own commits, which bump the
// counters themselves. Watching from a connection of its own would see
// our own writes too and empty every cache a second after each of them.
func (c *fileCounters) watchOutside(writer *sql.DB) error {
	last, err := dataVersion(writer)
	if err != nil {
		return err
	}
	c.watch, c.stop, c.done = writer, make(chan struct{}), make(chan struct{})
	go c.watchLoop(last)
	return nil
}

func (c *fileCounters) watchLoop(last int64) {
	defer close(c.done)
	t := time.NewTicker(outsideCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		if v, err := dataVersion(c.watch); err == nil && v != last {
			last = v
			c.committed(true, true) // an outside edit may have touched keys and members too
		}
	}
}

func dataVersion(db *sql.DB) (int64, error) {
	var v int64
	err := db.QueryRow("PRAGMA data_version").Scan(&v)
	return v, err
}

// close unmaps the counters. The store closes them only once nothing
// serves from them any more; a late reader gets an error rather than a
// fault.
func (c *fileCounters) close() {
	if c.closed.Swap(true) {
		return
	}
	if c.stop != nil {
		close(c.stop)
		<-c.done
	}
	syscall.Munmap(c.mem)
	c.file.Close()
}

// sqliteUnique reports whether err is SQLite's unique-constraint failure
// from a statement of our own.
func sqliteUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) &&
		(se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}

// sqliteBusy reports whether err is SQLite saying the database is locked
// by someone else for longer than the busy timeout.
func sqliteBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// sqliteReadonly reports whether err is SQLite refusing to write a file
// it opened read-only.
func sqliteReadonly(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrReadonly
}

// backupSQLite writes a consistent copy of the database at path to the
// file to, which Backup made empty, while servers go on reading and
// writing it: VACUUM INTO reads one snapshot and writes it out compacted,
// as a database of its own.
func backupSQLite(ctx context.Context, path, to string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := checkSQLiteFile(path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	db, err := sql.Open("sqlite3", DSN(path, false))
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// VACUUM INTO writes only the new file; this connection may not write.
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = false"); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", to); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// checkSQLiteCopy reads every page of the copy at file: integrity_check
// answers ok only for a whole, sound database. The copy is opened
// immutable, so that checking it leaves no file beside it.
func checkSQLiteCopy(ctx context.Context, file string) error {
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: file}).EscapedPath()+"?immutable=1")
	if err != nil {
		return err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&result); err != nil {
		return err
	}
	if result != "ok" {
		return fmt.Errorf("integrity_check: %s", result)
	}
	return nil
}
