package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database at location, while
// servers go on reading and writing it: for SQLite a new database file at
// to, for PostgreSQL pg_dump's archive at to.
//
// The copy is written to a temporary file beside to (mode 0600: it holds
// the keys' hashes and every webhook's secret), read back whole, synced,
// and only then renamed to to: a copy cut short (a full disk, a kill)
// never stands under the name of a backup, and leaves nothing that would
// refuse the next attempt.
func Backup(ctx context.Context, location, to string) error {
	if _, err := os.Lstat(to); err == nil {
		return fmt.Errorf("backup: %s already exists", to)
	}
	tmp, err := os.CreateTemp(filepath.Dir(to), "."+filepath.Base(to)+".partial-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	name := tmp.Name()
	tmp.Close()
	kept := false
	defer func() {
		if !kept {
			os.Remove(name)
			os.Remove(name + "-journal")
		}
	}()
	write, check := backupSQLite, checkSQLiteCopy
	if IsPostgres(location) {
		write, check, location = backupPostgres, checkPostgresArchive, postgresDSN(location)
	}
	if err := write(ctx, location, name); err != nil {
		return err
	}
	if err := check(ctx, name); err != nil {
		return fmt.Errorf("backup: the copy did not read back whole, and was not kept: %w", err)
	}
	if err := syncPath(name); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(to); err == nil {
		return fmt.Errorf("backup: %s already exists", to)
	}
	if err := os.Rename(name, to); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	kept = true
	// The rename is durable once the folder is synced.
	if err := syncPath(filepath.Dir(to)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// syncPath flushes a file's or a folder's contents to the disk.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, os.ErrInvalid) {
		return nil // a file system that cannot sync a folder
	}
	return err
}
