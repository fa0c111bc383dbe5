package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"unsc/models/sqlstore"
	"unsc/seed"
)

func seedCmd(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("seed", "[--db PATH|URL] [--scale N]",
		"Loads the seed, the facts of the AFP article of 30 January 2012 on the Arab League-backed\n"+
			"Syria draft: the Council, the drafts, the positions and the October roll call; and the\n"+
			"Council's record: every meeting, resolution, presidential statement and draft voted on\n"+
			"in the Dag Hammarskjold Library's tables (1946 to June 2022), and the drafts not adopted since.\n"+
			"Running it again changes nothing.")
	dbPath := c.dbFlag()
	record := c.recordFlag()
	scale := c.intFlag("scale", 0, 0, "also add `N` synthetic drafts with 15 positions each, for load tests (not while a server writes)")
	if err := c.parseNone(args, stdout); err != nil {
		return err
	}
	return withStore(*dbPath, func(store *sqlstore.Store) error { return loadSeed(ctx, store, *record, *scale, stdout) })
}

// loadSeed loads the seed into store, the Council's record too if record
// is set, and scale synthetic drafts, saying what it loaded.
func loadSeed(ctx context.Context, store *sqlstore.Store, record bool, scale int, stdout io.Writer) error {
	report, err := seed.Load(ctx, store)
	if err != nil {
		return err
	}
	if record {
		start := time.Now()
		rr, err := seed.LoadRecord(ctx, store)
		if err != nil {
			return err
		}
		report.Record = &rr
		fmt.Fprintln(stdout, report)
		fmt.Fprintf(stdout, "record: loaded in %s\n", time.Since(start).Round(time.Millisecond))
	} else {
		fmt.Fprintln(stdout, report)
	}
	if scale > 0 {
		start := time.Now()
		n, err := seed.Scale(ctx, store, scale)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "scale: added %d drafts and %d positions in %s\n", scale, n, time.Since(start).Round(time.Second))
	}
	return nil
}

// seedIfEmpty loads the seed into a database that holds no member yet,
// and says what it loaded (nil when the database was not empty).
func seedIfEmpty(ctx context.Context, store *sqlstore.Store, record bool) (*seed.Report, error) {
	if empty, err := store.NoMembers(ctx); err != nil || !empty {
		return nil, err // the common case, without queueing a write
	}
	return seed.LoadIfEmpty(ctx, store, record)
}
