// Command unsc serves the UN Security Council tracker and manages its data.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `unsc tracks the UN Security Council: members, drafts, positions and votes.

Usage:
  unsc [serve] [flags]                     serve the API and the vote board (the default command)
  unsc seed [--db PATH] [--scale N]        load the seed (the AFP article of 30 January 2012);
                                           --scale adds N synthetic drafts for load tests
  unsc keys create --name NAME [--db PATH] make a write key; prints its token on the last line
  unsc keys list [--db PATH]               list keys (never their tokens)
  unsc keys revoke NAME [--db PATH]        revoke a key at once
  unsc backup --to FILE [--db PATH]        copy the database consistently, even while it serves
  unsc import undl FILE.csv [--db PATH]    load UN Digital Library voting CSV; all or nothing
  unsc version                             print the version

Flags of serve:
  --addr ADDR         listen address (env UNSC_ADDR, default 127.0.0.1:8080)
  --db PATH           SQLite database file (env UNSC_DB, default unsc.db); every command takes it
  --debug-addr ADDR   serve pprof profiles there too (env UNSC_DEBUG_ADDR, default off)

Run "unsc COMMAND --help" for a command's flags.
`

// run is the whole program, callable from tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		cmd = "help"
	} else if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, args, stderr)
	case "seed":
		err = seedCmd(ctx, args, stdout, stderr)
	case "keys":
		err = keysCmd(ctx, args, stdout, stderr)
	case "backup":
		err = backupCmd(ctx, args, stdout, stderr)
	case "import":
		err = importCmd(ctx, args, stdout, stderr)
	case "version":
		err = versionCmd(stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "unsc: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(stderr, "unsc:", err)
			return 2
		}
		fmt.Fprintln(stderr, "unsc:", err)
		return 1
	}
	return 0
}

type usageError struct{ error }

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// flags makes a command's flag set with the --db flag every command takes.
func flags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("unsc "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: unsc %s [flags]\n\nFlags (each also read from the environment variable named):\n", name)
		fs.PrintDefaults()
	}
	db := fs.String("db", env("UNSC_DB", "unsc.db"), "SQLite database file (env UNSC_DB)")
	return fs, db
}

// parse reads flags wherever they stand among the arguments, so that
// "keys revoke NAME --db PATH" works as well as "keys revoke --db PATH NAME".
// It returns the arguments that are not flags.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err}
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
