package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"unsc/models"
)

func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbPath := flags("backup", stderr)
	to := fs.String("to", "", "the new file to write the copy to")
	if _, err := parse(fs, args); err != nil {
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
