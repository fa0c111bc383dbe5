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
	"regexp"
	"strings"
	"syscall"

	"unsc/models/sqlstore"
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
  unsc seed [--db PATH|URL] [--scale N]        load the seed (the AFP article of 30 January 2012);
                                           --scale adds N synthetic drafts for load tests
  unsc keys create --name NAME [--db PATH|URL] make a write key; prints its token on the last line
  unsc keys list [--db PATH|URL]               list keys (never their tokens)
  unsc keys revoke NAME [--db PATH|URL]        revoke a key at once
  unsc backup --to FILE [--db PATH|URL]        copy the database consistently, even while it serves
  unsc import undl FILE.csv [--db PATH|URL]    load UN Digital Library voting CSV; all or nothing
  unsc version                             print the version and the commit it was built from

Flags of serve:
  --addr ADDR         listen address (env UNSC_ADDR, default 127.0.0.1:8080)
  --db PATH|URL       a SQLite database file, or a PostgreSQL connection string, postgres://...
                      or host=... dbname=... (env UNSC_DB, default unsc.db); every command but
                      version takes it
  --db-conns N        connections serving reads (env UNSC_DB_CONNS, default 8)
  --debug-addr ADDR   serve pprof profiles there too (env UNSC_DEBUG_ADDR, default off)

Run "unsc COMMAND --help" for a command's flags.
`

// run is the whole program, callable from tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if helpAsked(args) {
		cmd = "help"
	} else if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, args, stdout, stderr)
	case "seed":
		err = seedCmd(ctx, args, stdout)
	case "keys":
		err = keysCmd(ctx, args, stdout)
	case "backup":
		err = backupCmd(ctx, args, stdout)
	case "import":
		err = importCmd(ctx, args, stdout)
	case "version":
		err = versionCmd(args, stdout)
	case "help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "unsc: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "unsc:", err)
		if errors.As(err, new(usageError)) {
			return 2
		}
		return 1
	}
	return 0
}

// usageError is a command called the wrong way: exit status 2.
type usageError struct{ error }

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// command is one command's flags and the help that --help prints.
type command struct {
	*flag.FlagSet
	name, args, about string
}

// newCommand makes the flag set of "unsc name": args is its synopsis after
// the name, about what it does.
func newCommand(name, args, about string) *command {
	fs := flag.NewFlagSet("unsc "+name, flag.ContinueOnError)
	// parse reports errors itself, to stderr, and prints the help to
	// stdout when asked for: the flag package would print both to one.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &command{FlagSet: fs, name: name, args: args, about: about}
}

// dbFlag adds the --db flag of every command that opens the database.
func (c *command) dbFlag() *string {
	return c.String("db", env("UNSC_DB", "unsc.db"), "SQLite database file, or PostgreSQL connection string (postgres://... or host=... dbname=...), the `location` (env UNSC_DB)")
}

// withStore opens the database at dbPath, runs do on it and closes it.
func withStore(dbPath string, do func(*sqlstore.Store) error) error {
	store, err := sqlstore.Open(dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	return do(store)
}

// recordFlag adds the --record flag of the commands that seed a database.
func (c *command) recordFlag() *bool {
	return c.Bool("record", true, "load the Council's record (its meetings, decisions and votes since 1946) with the seed (env UNSC_RECORD)")
}

// help prints how the command is called, what it does and its flags.
func (c *command) help(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", strings.TrimSpace("unsc "+c.name+" "+c.args), c.about)
	n := 0
	c.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags:")
		c.SetOutput(w)
		c.PrintDefaults()
		c.SetOutput(io.Discard)
	}
}

// parse reads flags wherever they stand among the arguments, so that
// "keys revoke NAME --db PATH" works as well as "keys revoke --db PATH NAME".
// It returns the arguments that are not flags. Asked for -h or --help, it
// prints the command's help to stdout and returns flag.ErrHelp.
func (c *command) parse(args []string, stdout io.Writer) ([]string, error) {
	if err := c.fromEnv(); err != nil {
		return nil, err
	}
	var rest []string
	for {
		if err := c.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.help(stdout)
				return nil, err
			}
			return nil, usageError{fmt.Errorf("%s: %w (see unsc %s --help)", c.name, err, c.name)}
		}
		if c.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, c.Arg(0))
		args = c.Args()[1:]
	}
}

// parseNone parses the flags of a command that takes no arguments.
func (c *command) parseNone(args []string, stdout io.Writer) error {
	rest, err := c.parse(args, stdout)
	if err == nil && len(rest) > 0 {
		err = usageError{fmt.Errorf("%s takes no arguments, got %q (see unsc %s --help)", c.name, rest, c.name)}
	}
	return err
}

// envName finds the environment variable a flag's usage names: "(env X)".
var envName = regexp.MustCompile(`\(env ([A-Z_]+)\)`)

// fromEnv sets each flag whose usage names an environment variable from
// that variable when it is set; flags on the command line, parsed after,
// win. A value the flag refuses is an error naming the variable.
func (c *command) fromEnv() error {
	var err error
	c.VisitAll(func(f *flag.Flag) {
		m := envName.FindStringSubmatch(f.Usage)
		if m == nil || err != nil {
			return
		}
		if v := os.Getenv(m[1]); v != "" {
			if serr := c.Set(f.Name, v); serr != nil {
				err = usageError{fmt.Errorf("%s=%q (--%s): %w (see unsc %s --help)", m[1], v, f.Name, serr, c.name)}
			}
		}
	})
	return err
}

// subcommand is one command under another, such as "keys create".
type subcommand struct {
	name string
	run  func(ctx context.Context, args []string, stdout io.Writer) error
}

// subcommands runs the subcommand of group that args[0] names. Asked for
// help, it prints the group's summary and then every subcommand's own.
func subcommands(ctx context.Context, group, summary string, subs []subcommand, args []string, stdout io.Writer) error {
	if helpAsked(args) {
		fmt.Fprint(stdout, summary)
		for _, s := range subs {
			fmt.Fprintln(stdout)
			s.run(ctx, []string{"--help"}, stdout)
		}
		return flag.ErrHelp
	}
	var names []string
	for _, s := range subs {
		if len(args) > 0 && args[0] == s.name {
			return s.run(ctx, args[1:], stdout)
		}
		names = append(names, s.name)
	}
	if len(args) == 0 {
		return usageError{fmt.Errorf("%s needs a command: %s (see unsc %s --help)", group, strings.Join(names, ", "), group)}
	}
	return usageError{fmt.Errorf("unknown %s command %q: use %s (see unsc %s --help)", group, args[0], strings.Join(names, ", "), group)}
}

// helpAsked reports whether unsc, or a command with subcommands, was asked
// for its help rather than given a command.
func helpAsked(args []string) bool {
	return len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help")
}
