package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// changeCounter is a number shared by every process that has the database
// open: each write bumps it after it commits and before it is
// acknowledged, so a read that starts after a write's 2xx sees a new
// number, in this process or any other. It lives in a small file beside
// the database (PATH-version), mapped into memory, so reading it costs an
// atomic load rather than a query.
//
// Commits made by other programs (the sqlite3 shell, say) do not bump it;
// a watcher notices them through SQLite's data_version within
// outsideCheckEvery and bumps it for them.
type changeCounter struct {
	closed atomic.Bool
	file   *os.File
	mem    []byte
	n      *atomic.Uint64 // bumped by every write
	keys   *atomic.Uint64 // bumped when a key is created or revoked
	// members is bumped when a member or a term is written.
	members *atomic.Uint64
	stop    chan struct{}
	done    chan struct{}
}

const (
	outsideCheckEvery = time.Second
	counterBytes      = 24
)

func openChangeCounter(dbPath string) (*changeCounter, error) {
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
	return &changeCounter{file: f, mem: mem, n: (*atomic.Uint64)(unsafe.Pointer(&mem[0])),
		keys: (*atomic.Uint64)(unsafe.Pointer(&mem[8])), members: (*atomic.Uint64)(unsafe.Pointer(&mem[16]))}, nil
}

// watchOutside bumps the counter when the database changed since the
// last look: data_version, read on a connection that never writes, changes
// with every commit from any other connection. Our own writes bump the
// counter themselves; bumping again for them only costs one cache refill.
func (c *changeCounter) watchOutside(db *sql.DB, last int64) {
	c.stop, c.done = make(chan struct{}), make(chan struct{})
	go c.watch(db, last)
}

func (c *changeCounter) watch(db *sql.DB, last int64) {
	defer close(c.done)
	t := time.NewTicker(outsideCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		if v, err := dataVersion(db); err == nil && v != last {
			last = v
			c.n.Add(1)
			c.keys.Add(1)    // an outside edit may have touched keys too,
			c.members.Add(1) // and members
		}
	}
}

func dataVersion(db *sql.DB) (int64, error) {
	var v int64
	err := db.QueryRow("PRAGMA data_version").Scan(&v)
	return v, err
}

// close unmaps the counter. The store closes it only once nothing serves
// from it any more; a late reader gets an error rather than a fault.
func (c *changeCounter) close() {
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

// DataVersion is a number that changes whenever a write commits, in this
// process or another. A response built after reading version v is current
// for as long as DataVersion still returns v.
func (s *Store) DataVersion(context.Context) (int64, error) {
	if s.changes.closed.Load() {
		return 0, errors.New("store closed")
	}
	return int64(s.changes.n.Load()), nil
}

// committed marks that a write has committed: readers everywhere must now
// look again.
func (s *Store) committed() {
	if !s.changes.closed.Load() {
		s.changes.n.Add(1)
	}
}
