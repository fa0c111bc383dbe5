package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"unsc/models/dbtest"
)

var (
	seedOnce sync.Once
	seedFile string // a database `unsc seed` filled, which seeded copies
	seedOut  string // what that seed printed
	seedErr  error
)

// seeded returns a new database holding what `unsc seed` loads: the seed
// and the Council's record. Loading the record takes seconds under -race
// and these tests only start from it, so on SQLite it is loaded once and
// each test gets a copy of the file (with the counters file beside it);
// on PostgreSQL each test seeds a schema of its own. It also returns what
// the command printed.
func seeded(t *testing.T) (db, out string) {
	t.Helper()
	db = dbtest.Location(t)
	if dbtest.Postgres() != "" {
		code, out, stderr := runCmd(t, "seed", "--db", db)
		if code != 0 {
			t.Fatalf("seed: exit %d: %s", code, stderr)
		}
		return db, out
	}
	seedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "unsc-seeded")
		if err != nil {
			seedErr = err
			return
		}
		seedFile = filepath.Join(dir, "unsc.db")
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"seed", "--db", seedFile}, &stdout, &stderr); code != 0 {
			seedErr = fmt.Errorf("seed: exit %d: %s", code, stderr.String())
		}
		seedOut = stdout.String()
	})
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	// The store checkpoints its log when it closes: the file and the
	// counters are the whole database; a log left over is copied too.
	for _, suffix := range []string{"", "-wal", "-version"} {
		if err := dbtest.CopyFile(seedFile+suffix, db+suffix); err != nil && !(suffix == "-wal" && os.IsNotExist(err)) {
			t.Fatal(err)
		}
	}
	return db, seedOut
}
