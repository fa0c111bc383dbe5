package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"unsc/models"
	"unsc/models/sqlstore"
)

const keysSummary = `Usage: unsc keys COMMAND [flags]

Write keys: every write to the API needs one ("Authorization: Bearer TOKEN"), and
its name is recorded beside every write made with it.

  unsc keys create --name NAME [--db PATH|URL]   make a key; prints its token alone on the last line
  unsc keys list [--db PATH|URL]                 list keys (never their tokens)
  unsc keys revoke NAME [--db PATH|URL]          revoke a key at once
`

var keysCommands = []subcommand{{"create", keysCreate}, {"list", keysList}, {"revoke", keysRevoke}}

func keysCmd(ctx context.Context, args []string, stdout io.Writer) error {
	return subcommands(ctx, "keys", keysSummary, keysCommands, args, stdout)
}

func keysCreate(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("keys create", "--name NAME [--db PATH|URL]",
		"Makes a write key and prints its token alone on the last line of stdout, the only\n"+
			"time it is shown (only its hash is kept), so that TOKEN=$(unsc keys create ... | tail -n 1)\n"+
			"works. Names are never reused: a revoked key's name stays taken.")
	dbPath := c.dbFlag()
	name := c.String("name", "", "the key's `name`, recorded beside every write made with it (required)")
	if err := c.parseNone(args, stdout); err != nil {
		return err
	}
	if *name == "" {
		return usageError{errors.New("keys create needs --name NAME")}
	}
	return withStore(*dbPath, func(store *sqlstore.Store) error {
		token, err := store.CreateKey(ctx, *name)
		if models.KindOf(err) == models.KindConflict {
			return nameTaken(ctx, store, *name)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created key %s; its token is shown once, keep it safe:\n%s\n", *name, token)
		return nil
	})
}

// nameTaken says why a key cannot have this name and what to do instead.
// A revoked key keeps its name, since writes made with it record it.
func nameTaken(ctx context.Context, store *sqlstore.Store, name string) error {
	keys, err := store.ListKeys(ctx)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if k.Name == name && k.RevokedAt != nil {
			return fmt.Errorf("a key named %s existed and was revoked on %s; names are never reused, since writes made with it record it: choose another --name",
				name, k.RevokedAt.Format(time.DateOnly))
		}
	}
	return fmt.Errorf("a key named %s already exists; choose another --name. To replace it, create a key under a new name, then revoke the old one with: unsc keys revoke %s",
		name, name)
}

func keysList(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("keys list", "[--db PATH|URL]", "Lists the keys, when each was made and revoked; never their tokens.")
	dbPath := c.dbFlag()
	if err := c.parseNone(args, stdout); err != nil {
		return err
	}
	var keys []sqlstore.Key
	if err := withStore(*dbPath, func(store *sqlstore.Store) (err error) {
		keys, err = store.ListKeys(ctx)
		return err
	}); err != nil {
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
}

func keysRevoke(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("keys revoke", "NAME [--db PATH|URL]",
		"Revokes the key called NAME: every server on the database refuses it from the next request.")
	dbPath := c.dbFlag()
	rest, err := c.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{errors.New("keys revoke needs the key's NAME")}
	}
	if err := withStore(*dbPath, func(store *sqlstore.Store) error { return store.RevokeKey(ctx, rest[0]) }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "revoked key %s\n", rest[0])
	return nil
}
