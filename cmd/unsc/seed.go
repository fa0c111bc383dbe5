package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"unsc/models"
	"unsc/seed"
)

func seedCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbPath := flags("seed", stderr)
	scale := fs.Int("scale", 0, "also add this many synthetic drafts with 15 positions each, for load tests (not while a server writes)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	store, err := models.Open(*dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	report, err := seed.Load(ctx, store)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, report)
	if *scale > 0 {
		start := time.Now()
		n, err := seed.Scale(ctx, store, *scale)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "scale: added %d drafts and %d positions in %s\n", *scale, n, time.Since(start).Round(time.Second))
	}
	return nil
}
