package api_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"unsc/models/dbtest"
	"unsc/models/sqlstore"
	"unsc/seed"
)

// The Council's record takes seconds to load, so on SQLite it is loaded
// once per run of this package into a file that each test then copies.
var recordTemplate struct {
	once sync.Once
	dir  string
	err  error
}

// newRecordEnv is newEnv with the Council's record loaded (seed.LoadRecord)
// beside the article's seed: a database of the test's own, to write to.
func newRecordEnv(t testing.TB) *env {
	t.Helper()
	if dbtest.Postgres() != "" {
		store := openStore(t, dbtest.Location(t))
		ctx := context.Background()
		if _, err := seed.Load(ctx, store); err != nil {
			t.Fatal(err)
		}
		if _, err := seed.LoadRecord(ctx, store); err != nil {
			t.Fatal(err)
		}
		return envOn(t, store)
	}
	recordTemplate.once.Do(buildRecordTemplate)
	if recordTemplate.err != nil {
		t.Fatal(recordTemplate.err)
	}
	db := filepath.Join(t.TempDir(), "unsc.db")
	if err := dbtest.CopyFile(filepath.Join(recordTemplate.dir, "unsc.db"), db); err != nil {
		t.Fatal(err)
	}
	return envOn(t, openStore(t, db))
}

// TestMain removes the templates (the record's, and those of
// fromTemplate), which outlive the tests that first needed them.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range append(templates.dirs, recordTemplate.dir) {
		if dir != "" {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

// buildRecordTemplate loads the seed and the record into a file of its
// own, closed (so that its write-ahead log is folded in) before any test
// copies it.
func buildRecordTemplate() {
	dir, err := os.MkdirTemp("", "unsc-record-")
	if err != nil {
		recordTemplate.err = err
		return
	}
	recordTemplate.dir = dir
	store, err := sqlstore.Open(filepath.Join(dir, "unsc.db"), sqlstore.WithClock(func() time.Time { return today }))
	if err != nil {
		recordTemplate.err = err
		return
	}
	ctx := context.Background()
	if _, err = seed.Load(ctx, store); err == nil {
		_, err = seed.LoadRecord(ctx, store)
	}
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	recordTemplate.err = err
}
