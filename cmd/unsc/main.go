// Command unsc serves the UN Security Council tracker and manages its data.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"text/tabwriter"
	"time"

	"unsc/api"
	"unsc/models"
	"unsc/models/undl"
	"unsc/seed"
)

// readHeaderTimeout cuts off clients that send their headers too slowly.
const readHeaderTimeout = 5 * time.Second

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

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
		fmt.Fprintln(stdout, "unsc", buildVersion())
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

// buildVersion is the version set at build time, else the commit the
// binary was built from, as the Go toolchain recorded it.
func buildVersion() string {
	if version != "dev" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return version + " (" + info.GoVersion + ")"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+changes"
	}
	return "dev-" + rev + " (" + info.GoVersion + ")"
}

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

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs, dbPath := flags("serve", stderr)
	addr := fs.String("addr", env("UNSC_ADDR", "127.0.0.1:8080"), "listen address (env UNSC_ADDR)")
	debugAddr := fs.String("debug-addr", env("UNSC_DEBUG_ADDR", ""), "if set, serve pprof profiles on this address, e.g. 127.0.0.1:6060 (env UNSC_DEBUG_ADDR)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Errorf("serve takes no arguments, got %q", rest)}
	}
	logw := newLogWriter(stderr)
	defer logw.Close()
	log := slog.New(slog.NewJSONHandler(logw, nil))
	store, err := models.Open(*dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	empty, err := store.Empty(ctx)
	if err != nil {
		return err
	}
	if empty {
		report, err := seed.Load(ctx, store)
		if err != nil {
			return err
		}
		log.Info("seeded a new database", "db", *dbPath, "report", report.String())
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           api.New(store, log),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	go purgeReplays(ctx, store, log)
	if *debugAddr != "" {
		go serveDebug(*debugAddr, log)
	}
	log.Info("serving", "addr", ln.Addr().String(), "db", *dbPath, "version", buildVersion())
	logw.Flush()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

// serveDebug serves net/http/pprof's profiles, for finding where time goes.
func serveDebug(addr string, log *slog.Logger) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: readHeaderTimeout}
	log.Info("serving profiles", "addr", addr)
	if err := srv.ListenAndServe(); err != nil {
		log.Warn("profiles", "error", err)
	}
}

// purgeReplays forgets expired idempotency keys, at start and hourly.
func purgeReplays(ctx context.Context, store *models.Store, log *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		if n, err := store.PurgeReplays(ctx); err != nil && ctx.Err() == nil {
			log.Warn("purging idempotency keys", "error", err)
		} else if n > 0 {
			log.Info("purged expired idempotency keys", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

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
