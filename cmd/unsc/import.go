package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"unsc/models/sqlstore"
	"unsc/models/undl"
)

const importSummary = `Usage: unsc import FORMAT FILE [--db PATH|URL]

Loads roll calls from a file, all or nothing. Formats:

  unsc import undl FILE.csv [--db PATH|URL]   the UN Digital Library's Security Council voting CSV
`

var importCommands = []subcommand{{"undl", importUNDL}}

func importCmd(ctx context.Context, args []string, stdout io.Writer) error {
	return subcommands(ctx, "import", importSummary, importCommands, args, stdout)
}

func importUNDL(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("import undl", "FILE.csv [--db PATH|URL]",
		"Loads a UN Digital Library Security Council voting file (one row per member per vote;\n"+
			"columns in any order, unknown ones ignored), as /v1/votes.csv writes it. All or\n"+
			"nothing: the first problem is named by line and column and nothing is written.\n"+
			"A draft whose vote is already recorded is left as it is, so importing twice changes nothing.")
	dbPath := c.dbFlag()
	rest, err := c.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{errors.New("usage: unsc import undl FILE.csv [--db PATH|URL]")}
	}
	file := rest[0]
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	votes, err := undl.Parse(f)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was imported", file, err)
	}
	store, err := sqlstore.Open(*dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	// Members come from the Council's record, which a new database gets
	// from the seed, as when it is first served.
	if _, err := seedIfEmpty(ctx, store, false); err != nil {
		return err
	}
	report, err := store.Import(ctx, "import", votes)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was imported", file, err)
	}
	fmt.Fprintln(stdout, report)
	return nil
}
