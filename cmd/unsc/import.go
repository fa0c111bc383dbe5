package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"unsc/models"
	"unsc/models/undl"
)

func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbPath := flags("import", stderr)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 || rest[0] != "undl" {
		return usageError{errors.New("usage: unsc import undl FILE.csv [--db PATH]")}
	}
	f, err := os.Open(rest[1])
	if err != nil {
		return err
	}
	defer f.Close()
	votes, err := undl.Parse(f)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was imported", rest[1], err)
	}
	store, err := models.Open(*dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	report, err := store.Import(models.WithActor(ctx, "import"), votes)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was imported", rest[1], err)
	}
	fmt.Fprintln(stdout, report)
	return nil
}
