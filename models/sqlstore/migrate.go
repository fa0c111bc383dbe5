package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// The migrations: one numbered file per version, in migrations/ where the
// SQL is the same on both databases, in migrations/sqlite3/ and
// migrations/postgres/ where it must differ (a version is in one place or
// the other, never both).
//
//go:embed migrations
var migrations embed.FS

// Migrate brings db's schema to version (0: the latest, with the job
// queue's tables). On PostgreSQL, instances starting at once take
// turns: a lock row (goose's table
// locker, which works through transaction-pooling proxies, unlike a
// session advisory lock) lets one migrate while the others wait.
func Migrate(ctx context.Context, db *sql.DB, dialect goose.Dialect, version int64) error {
	opts := []goose.ProviderOption{}
	if dialect == goose.DialectPostgres {
		locker, err := lock.NewPostgresTableLocker(
			lock.WithTableLockTimeout(200*time.Millisecond, 1500),  // wait up to 5 minutes for another instance
			lock.WithTableUnlockTimeout(200*time.Millisecond, 300), // and 1 minute to let go
		)
		if err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
		opts = append(opts, goose.WithLocker(locker))
	}
	p, err := goose.NewProvider(dialect, db, migrationsFor(string(dialect)), opts...)
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
	if version == 0 {
		return migrateQueue(ctx, db, dialect)
	}
	return nil
}

// migrationsFor is one folder of migrations for dialect: the shared files
// with the dialect's own beside them.
func migrationsFor(dialect string) fs.FS {
	return layered{dirs: []string{"migrations", path.Join("migrations", dialect)}}
}

// layered shows the .sql files of several folders of the embedded
// migrations as one folder.
type layered struct{ dirs []string }

func (l layered) Open(name string) (fs.File, error) {
	if name == "." {
		return &layeredDir{l: l}, nil
	}
	for _, d := range l.dirs {
		if f, err := migrations.Open(path.Join(d, name)); err == nil {
			return f, nil
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (l layered) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	var out []fs.DirEntry
	for _, d := range l.dirs {
		entries, err := migrations.ReadDir(d)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") {
				out = append(out, e)
			}
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// layeredDir is the root of a layered folder, for fs.Glob and friends.
type layeredDir struct{ l layered }

func (d *layeredDir) Stat() (fs.FileInfo, error) { return fs.Stat(migrations, "migrations") }
func (d *layeredDir) Read([]byte) (int, error)   { return 0, io.EOF }
func (d *layeredDir) Close() error               { return nil }
func (d *layeredDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n > 0 {
		return nil, errors.New("migrations: read the folder whole")
	}
	return d.l.ReadDir(".")
}
