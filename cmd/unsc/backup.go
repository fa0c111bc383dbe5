package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"unsc/models"
)

func backupCmd(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("backup", "--to FILE [--db PATH]",
		"Copies the database to a new file, consistently, even while a server writes to it.\n"+
			"To restore: stop the server, move the copy in place of the database and delete\n"+
			"the database's -wal and -shm files.")
	dbPath := c.dbFlag()
	to := c.String("to", "", "the new `file` to write the copy to (required)")
	if err := c.parseNone(args, stdout); err != nil {
		return err
	}
	if *to == "" {
		return usageError{errors.New("backup needs --to FILE")}
	}
	if err := models.Backup(ctx, *dbPath, *to); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", *dbPath, *to)
	return nil
}
