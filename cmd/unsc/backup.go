package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"unsc/models/sqlstore"
)

func backupCmd(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("backup", "--to FILE [--db PATH|URL]",
		"Copies the database to a new file, consistently, even while a server writes to it.\n"+
			"The copy is written beside FILE under a temporary name, read back whole, synced, and\n"+
			"only then named FILE (mode 0600): a failed backup leaves nothing behind.\n"+
			"SQLite: the copy is a database file; to restore, stop the server, move the copy in\n"+
			"place of the database and delete the database's -wal and -shm files.\n"+
			"PostgreSQL: runs pg_dump (its custom format, needs postgresql-client), the password in its\n"+
			"environment, never on its command line; to restore,\n"+
			"pg_restore --no-owner -d URL FILE into an empty database.")
	dbPath := c.dbFlag()
	to := c.String("to", "", "the new `file` to write the copy to (required)")
	if err := c.parseNone(args, stdout); err != nil {
		return err
	}
	if *to == "" {
		return usageError{errors.New("backup needs --to FILE")}
	}
	if err := sqlstore.Backup(ctx, *dbPath, *to); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", sqlstore.Redact(*dbPath), *to)
	return nil
}
