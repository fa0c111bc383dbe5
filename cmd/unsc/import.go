package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"unsc/models/dhl"
	"unsc/models/sqlstore"
	"unsc/models/undl"
	"unsc/seed"
)

const importSummary = `Usage: unsc import FORMAT FILE... [--db PATH|URL]

Loads the Council's record or roll calls from files, all or nothing. Formats:

  unsc import undl FILE.csv       the UN Digital Library's Security Council voting CSV
  unsc import meetings FILE...    the Dag Hammarskjold Library's yearly tables "Meetings conducted by the Security Council"
  unsc import vetoes FILE         the Dag Hammarskjold Library's veto list, applied to the meetings stored
`

var importCommands = []subcommand{{"undl", importUNDL}, {"meetings", importMeetings}, {"vetoes", importVetoes}}

func importCmd(ctx context.Context, args []string, stdout io.Writer) error {
	return subcommands(ctx, "import", importSummary, importCommands, args, stdout)
}

func importUNDL(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("import undl", "FILE.csv [--db PATH|URL]",
		"Loads a UN Digital Library Security Council voting file (one row per member per vote;\n"+
			"columns in any order, unknown ones ignored), as /v1/votes.csv writes it. All or\n"+
			"nothing: the first problem is named by line and column and nothing is written.\n"+
			"A draft is found by its symbol (draft), else its resolution's (resolution), else the\n"+
			"vote's date and meeting. A whole roll call already recorded is left as it is; a vote\n"+
			"known by its tally (the Council's record) gets the members' votes the file gives, which\n"+
			"must agree with the tally, the votes known and the outcome, or the line and column are\n"+
			"named. Importing twice changes nothing. A new database is seeded first, as when served.")
	flags := c.importFlags()
	rest, err := flags.files(args, stdout, true, "usage: unsc import undl FILE.csv [--db PATH|URL]")
	if err != nil {
		return err
	}
	file := rest[0]
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	votes, err := undl.Parse(f)
	if err != nil {
		return notImported(fmt.Errorf("%s: %w", file, err))
	}
	// Members come from the seed, and the votes to complete from the
	// Council's record, which a new database gets as when first served.
	return flags.into(ctx, func(store *sqlstore.Store) error {
		report, err := store.Import(ctx, "import", votes)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		fmt.Fprintln(stdout, report)
		return nil
	})
}

func importMeetings(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("import meetings", "FILE... [--db PATH|URL] [--record=false]",
		"Loads the Dag Hammarskjold Library's yearly tables \"Meetings conducted by the Security\n"+
			"Council\" (scactYYYY_table_en.html, as published), so that a year the Library publishes\n"+
			"joins the record. All or nothing: the first problem is named by file, row and cell, and\n"+
			"nothing is written. A row the reader cannot read is an error, never skipped.\n"+
			"\n"+
			"A meeting already stored as the table gives it is left as it is (with its drafts), so\n"+
			"loading a year again changes nothing; one stored differently is an error naming the row\n"+
			"and what differs. Each resolution and draft not adopted becomes a draft with its vote: the\n"+
			"tally, the vetoes the table names, and its outcome, which must be the one the tally gives\n"+
			"under Art. 27, or the row is named. A draft the tracker holds (by symbol) gets the vote.\n"+
			"\n"+
			"The corrections the shipped record's derivation makes from the tables alone are made and\n"+
			"printed: a resolution number printed twice is renumbered between its neighbours, a meeting\n"+
			"listed again on a later day is joined with its first. A tally that contradicts the stated\n"+
			"outcome is NOT left out, as the derivation does (it checks with the whole record): here it\n"+
			"is an error naming the row, for a person to judge. Who vetoed comes from the table; run\n"+
			"'unsc import vetoes' with the Library's veto list afterwards to check it and fill it in.\n"+
			"With --vetoes FILE (the Library's veto list), the tables are first checked against it for\n"+
			"the years they cover, as the shipped record's derivation does: the list decides who vetoed,\n"+
			"and adds a vetoed draft a table lacks or drops a copy it lists twice (1963, 1971, 1974:\n"+
			"without it, loading those tables on the shipped record is refused as differing).\n"+
			"\n"+
			"A new database gets the seed and, unless --record=false, the shipped record first, as\n"+
			"when first served, so that the years it holds are not loaded twice.")
	flags := c.importFlags()
	vetoList := c.String("vetoes", "", "the Library's veto list (scact_veto_table_en.html) to check the tables against, a `FILE`")
	files, err := flags.files(args, stdout, false, "usage: unsc import meetings FILE... [--vetoes FILE] [--db PATH|URL]")
	if err != nil {
		return err
	}
	var meetings []dhl.Meeting
	for _, file := range files {
		ms, err := readPage(file, dhl.ParseMeetings)
		if err != nil {
			return notImported(err)
		}
		meetings = append(meetings, ms...)
	}
	meetings, fixes, err := seed.PrepareMeetings(meetings)
	if err != nil {
		return notImported(err)
	}
	if *vetoList != "" {
		checked, err := checkVetoes(meetings, *vetoList)
		if err != nil {
			return notImported(err)
		}
		fixes = append(fixes, checked...)
	}
	return flags.into(ctx, func(store *sqlstore.Store) error {
		report, err := seed.LoadMeetings(ctx, store, "import", meetings)
		if err != nil {
			return err
		}
		for _, f := range fixes {
			fmt.Fprintln(stdout, "corrected: "+f)
		}
		fmt.Fprintf(stdout, "%s (%d meetings read)\n", report, len(meetings))
		return nil
	})
}

func importVetoes(ctx context.Context, args []string, stdout io.Writer) error {
	c := newCommand("import vetoes", "FILE [--db PATH|URL] [--record=false]",
		"Applies the Dag Hammarskjold Library's veto list (scact_veto_table_en.html, as published)\n"+
			"to the meetings stored. Each row must match a vote of the record: a draft not adopted of\n"+
			"its date, by symbol, else the only one at its meeting. Its vetoers become those members'\n"+
			"negative votes, which a vote known by its tally may lack; the list is the official one\n"+
			"(A/58/47, Annex III), so a draft the table called not adopted becomes vetoed if the tally\n"+
			"allows it under Art. 27. A row that matches no vote, names a member the record has voting\n"+
			"otherwise, or that Art. 27 does not count as a veto is an error naming file, row and cell.\n"+
			"All or nothing; a list that agrees with what is stored changes nothing. Load the tables\n"+
			"of the years it covers first ('unsc import meetings'). A new database gets the seed and,\n"+
			"unless --record=false, the shipped record first, as when first served.")
	flags := c.importFlags()
	rest, err := flags.files(args, stdout, true, "usage: unsc import vetoes FILE [--db PATH|URL]")
	if err != nil {
		return err
	}
	vetoes, err := readPage(rest[0], dhl.ParseVetoes)
	if err != nil {
		return notImported(err)
	}
	return flags.into(ctx, func(store *sqlstore.Store) error {
		report, err := seed.LoadVetoes(ctx, store, "import", vetoes)
		if err != nil {
			return err
		}
		for _, ch := range report.Changes {
			fmt.Fprintln(stdout, "changed: "+ch)
		}
		fmt.Fprintln(stdout, report)
		return nil
	})
}

// importCommand is the flags every import takes: the database and
// whether a new one gets the shipped record with the seed.
type importCommand struct {
	*command
	dbPath *string
	record *bool
}

func (c *command) importFlags() importCommand {
	return importCommand{command: c, dbPath: c.dbFlag(), record: c.recordFlag()}
}

// files reads the flags and returns the files named: exactly one when
// one is set, else at least one; otherwise a usage error saying usage.
func (c importCommand) files(args []string, stdout io.Writer, one bool, usage string) ([]string, error) {
	files, err := c.parse(args, stdout)
	if err != nil {
		return nil, err
	}
	if (one && len(files) != 1) || len(files) == 0 {
		return nil, usageError{errors.New(usage)}
	}
	return files, nil
}

// into opens the database, seeds it first if it is new, as when first
// served, and runs load on it; load's error says that nothing was
// imported.
func (c importCommand) into(ctx context.Context, load func(*sqlstore.Store) error) error {
	return withStore(*c.dbPath, func(store *sqlstore.Store) error {
		if _, err := seedIfEmpty(ctx, store, *c.record); err != nil {
			return err
		}
		if err := load(store); err != nil {
			return notImported(err)
		}
		return nil
	})
}

// notImported is err, of an import that wrote nothing: every import is
// all or nothing, and says so when it fails.
func notImported(err error) error {
	return fmt.Errorf("%w; nothing was imported", err)
}

// readPage reads one of the Library's pages with parse.
func readPage[T any](file string, parse func(io.Reader, string) ([]T, error)) ([]T, error) {
	f, name, err := dhl.OpenPage(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parse(f, name)
}

// checkVetoes applies the veto list's rows of the years the meetings
// cover to them, as the shipped record's derivation does, and says what
// it corrected.
func checkVetoes(meetings []dhl.Meeting, file string) ([]string, error) {
	vetoes, err := readPage(file, dhl.ParseVetoes)
	if err != nil {
		return nil, err
	}
	years := map[string]bool{}
	for _, m := range meetings {
		years[m.Date[:4]] = true
	}
	var mine []dhl.Veto
	for _, v := range vetoes {
		if years[v.Date[:4]] {
			mine = append(mine, v)
		}
	}
	ds, err := dhl.ApplyVetoes(meetings, mine)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out, nil
}
