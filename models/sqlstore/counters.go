package sqlstore

import (
	"context"

	"gorm.io/gorm"
)

// counts say how far the database has moved: n with every write, keys
// when a key is created or revoked, members when a member or a term is
// written. A response, the key cache or the member cache built after
// reading counts c is current for as long as the counts still read c.
type counts struct{ n, keys, members uint64 }

// counters keep the counts where every process on the database sees them,
// so that a read that starts after any instance acknowledged a write sees
// new counts. SQLite keeps them in a file mapped into memory beside the
// database (an atomic load to read); PostgreSQL in a row of its own, read
// by one query shared among the requests waiting for it.
type counters interface {
	// current returns the counts as they stood at some moment after the
	// call began.
	current(ctx context.Context) (counts, error)
	// lock is the first statement of every write transaction: it may take
	// the lock that orders writers, and may count the write already (a
	// batch that writes nothing is rolled back).
	lock(tx *gorm.DB) error
	// bump records, in the write transaction before it commits, that it
	// wrote; and keys or members, when those were written.
	bump(tx *gorm.DB, keys, members bool) error
	// committed records the same after the commit, before any write of
	// the batch is acknowledged.
	committed(keys, members bool)
	close()
}

// DataVersion is a number that changes whenever a write commits, in this
// process or another. A response built after reading version v is current
// for as long as DataVersion still returns v.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	c, err := s.versions.current(ctx)
	return int64(c.n), err
}
