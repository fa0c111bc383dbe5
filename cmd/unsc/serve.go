package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"unsc/api"
	"unsc/api/webhook"
	"unsc/models"

	"unsc/models/sqlstore"
)

// readHeaderTimeout cuts off clients that send their headers too slowly.
const readHeaderTimeout = 5 * time.Second

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand("serve", "[--addr ADDR] [--db PATH|URL] [--debug-addr ADDR]",
		"Serves the API and the vote board until interrupted (SIGINT or SIGTERM), then finishes\n"+
			"the requests in flight. A new database (no file where --db points, or a PostgreSQL database\n"+
			"without the tracker's members) is migrated and seeded first; an empty or cut file is refused.\n"+
			"Logs go to stderr, one JSON object a line. \"unsc\" alone runs this command.")
	dbPath := c.dbFlag()
	record := c.recordFlag()
	conns := c.intFlag("db-conns", sqlstore.ReadConns, 1, "`N` connections serving reads, at least 1 (env UNSC_DB_CONNS)")
	dbTimeout := c.durationFlag("db-timeout", api.DefaultDBTimeout,
		"how long a request's database calls, and a batch of writes, may take before the request is answered 503 (env UNSC_DB_TIMEOUT)")
	addr := c.String("addr", env("UNSC_ADDR", "127.0.0.1:8080"), "listen `address` (env UNSC_ADDR)")
	debugAddr := c.String("debug-addr", env("UNSC_DEBUG_ADDR", ""), "if set, serve pprof profiles on this `address`, e.g. 127.0.0.1:6060 (env UNSC_DEBUG_ADDR)")
	apiOptions := apiFlags(c, addr)
	hooks := webhookFlags(c)
	if err := c.parseNone(args, stdout); err != nil {
		return err
	}
	logw := newLogWriter(stderr)
	defer logw.Close()
	log := slog.New(slog.NewJSONHandler(logw, nil))
	store, err := sqlstore.Open(*dbPath, sqlstore.WithReadConns(*conns), sqlstore.WithTimeout(*dbTimeout))
	if err != nil {
		return err
	}
	defer store.Close()
	if report, err := seedIfEmpty(ctx, store, *record); err != nil {
		return err
	} else if report != nil {
		log.Info("seeded a new database", "db", sqlstore.Redact(*dbPath), "report", report.String())
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	stopping := make(chan struct{})
	srv := &http.Server{
		Handler:           api.New(store, log, append(apiOptions(stopping), api.WithDBTimeout(*dbTimeout))...),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	srv.RegisterOnShutdown(func() { close(stopping) })
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	go purgeReplays(ctx, store, log)
	sender, err := webhook.New(store, webhook.Options{AllowPrivate: *hooks.private, Timeout: *hooks.timeout, Log: log,
		Retry: models.RetryPolicy{First: *hooks.first, For: *hooks.retryFor}})
	if err != nil {
		return err
	}
	sent := make(chan error, 1)
	go func() { sent <- sender.Run(ctx) }()
	if *debugAddr != "" {
		go serveDebug(*debugAddr, log)
	}
	log.Info("serving", "addr", ln.Addr().String(), "db", sqlstore.Redact(*dbPath), "version", buildVersion())
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
	if err := <-sent; err != nil {
		return fmt.Errorf("webhooks: %w", err)
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
func purgeReplays(ctx context.Context, store *sqlstore.Store, log *slog.Logger) {
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
