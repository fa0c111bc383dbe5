package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"unsc/models"
)

func keysCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{errors.New("keys needs a command: create, list or revoke")}
	}
	sub, args := args[0], args[1:]
	fs, dbPath := flags("keys "+sub, stderr)
	var name *string
	if sub == "create" {
		name = fs.String("name", "", "the key's name, recorded beside every write made with it")
	}
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	open := func() (*models.Store, error) { return models.Open(*dbPath) }
	switch sub {
	case "create":
		if *name == "" {
			return usageError{errors.New("keys create needs --name NAME")}
		}
		store, err := open()
		if err != nil {
			return err
		}
		defer store.Close()
		token, err := store.CreateKey(ctx, *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created key %s; its token is shown once, keep it safe:\n%s\n", *name, token)
	case "list":
		store, err := open()
		if err != nil {
			return err
		}
		defer store.Close()
		keys, err := store.ListKeys(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "NAME\tCREATED\tREVOKED")
		for _, k := range keys {
			revoked := "-"
			if k.RevokedAt != nil {
				revoked = k.RevokedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\n", k.Name, k.CreatedAt.Format(time.RFC3339), revoked)
		}
		return w.Flush()
	case "revoke":
		if len(rest) != 1 {
			return usageError{errors.New("keys revoke needs the key's NAME")}
		}
		store, err := open()
		if err != nil {
			return err
		}
		defer store.Close()
		if err := store.RevokeKey(ctx, rest[0]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked key %s\n", rest[0])
	default:
		return usageError{fmt.Errorf("unknown keys command %q: use create, list or revoke", sub)}
	}
	return nil
}
