package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"refundwatch/store"
	"refundwatch/systemd"
	"refundwatch/watcher"
)

func cmdCheck(ctx context.Context, a *app, args []string) error {
	fs := a.flags("check", true)
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	var ids []uint64
	for _, s := range pos {
		id, err := parseID(s)
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	db, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, id := range ids {
		if _, err := db.Purchase(ctx, id); err != nil {
			return notFound(id, err)
		}
	}
	d, w, err := a.pipeline(db, nil, nil)
	if err != nil {
		return err
	}
	sum, err := w.Cycle(ctx, ids...)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	// Deliver what the cycle queued; failures stay in the outbox for the daemon.
	if err := d.Flush(ctx); err != nil {
		a.log.Warn("some alerts were not delivered yet; they stay queued", slog.Any("error", err))
	}
	if a.globals.json {
		return writeJSON(a.stdout, sum)
	}
	fmt.Fprintln(a.stdout, summaryLine(sum))
	return nil
}

// summaryLine: "checked 3: 2 ok, 1 blocked; 1 alert".
func summaryLine(s watcher.Summary) string {
	var parts []string
	for _, c := range []struct {
		n    int
		what string
	}{{s.OK, "ok"}, {s.Unavailable, "unavailable"}, {s.NotFound, "no price"}, {s.Blocked, "blocked"}, {s.Errors, "failed"}, {s.Expired, "window closed"}, {s.BackedOff, "left alone (store blocked us moments ago)"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	line := fmt.Sprintf("checked %d", s.Checked)
	if len(parts) > 0 {
		line += ": " + strings.Join(parts, ", ")
	}
	switch s.Alerts {
	case 0:
	case 1:
		line += "; 1 alert"
	default:
		line += fmt.Sprintf("; %d alerts", s.Alerts)
	}
	return line
}

// stopGrace bounds how long run waits for its parts after a signal.
const stopGrace = 5 * time.Second

func cmdRun(ctx context.Context, a *app, args []string) error {
	fs := a.flags("run", false)
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs("run", pos, 0, 0, ""); err != nil {
		return err
	}
	db, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	release, err := db.LockDaemon()
	if err != nil {
		if errors.Is(err, store.ErrDaemonRunning) {
			return fmt.Errorf("%w (%s)", store.ErrDaemonRunning, db.Path())
		}
		return fmt.Errorf("lock %s: %w", db.Path(), err)
	}
	defer release()
	d, w, err := a.pipeline(db, nil, nil)
	if err != nil {
		return err
	}
	ps, err := db.Purchases(ctx)
	if err != nil {
		return fmt.Errorf("read purchases: %w", err)
	}
	a.log.Info("refundwatch started", slog.String("db", db.Path()), slog.String("schedule", a.cfg.Schedule),
		slog.String("alerts", d.Channel()), slog.Int("purchases", len(ps)), slog.String("config", orDefault(a.cfg.Path)))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for _, part := range []func(context.Context) error{d.Run, w.Run} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := recovered(part)(ctx); err != nil && ctx.Err() == nil {
				errs <- err
				cancel()
			}
		}()
	}
	if err := systemd.Ready(); err != nil {
		a.log.Warn("cannot tell systemd we are ready", slog.Any("error", err))
	}
	_ = systemd.Status(fmt.Sprintf("watching %d purchases; alerts via %s", len(ps), d.Channel()))
	wg.Add(1)
	go func() {
		defer wg.Done()
		// WATCHDOG=1 only while the scheduler lives and the database answers.
		err := systemd.Watchdog(ctx, func(c context.Context) bool { return w.Healthy() && db.Ping(c) == nil })
		if err != nil {
			a.log.Warn("systemd watchdog", slog.Any("error", err))
		}
	}()

	<-ctx.Done()
	_ = systemd.Stopping()
	a.log.Info("stopping")
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(stopGrace):
		a.log.Warn("parts did not stop in time; exiting anyway", slog.Duration("waited", stopGrace))
	}
	select {
	case err := <-errs:
		return fmt.Errorf("daemon stopped: %w", err)
	default:
	}
	a.log.Info("stopped")
	return nil
}

// recovered turns a panic in one of the daemon's parts into an error, so the
// daemon stops with one sentence (and systemd restarts it), not a stack trace.
func recovered(part func(context.Context) error) func(context.Context) error {
	return func(ctx context.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("internal error: %v", r)
			}
		}()
		return part(ctx)
	}
}

func orDefault(path string) string {
	if path == "" {
		return "(built-in defaults)"
	}
	return path
}
