package systemd_test

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"refundwatch/systemd"
)

// Example shows how `refundwatch run` talks to systemd. Outside systemd every
// call is a no-op, so the same code runs in a terminal.
func Example() {
	log := systemd.NewLogger(os.Stderr, slog.LevelInfo) // no timestamps in the journal
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	// ... load config, open the store, start the scheduler ...
	storePing := func(ctx context.Context) error { return nil } // store.DB.Ping
	schedulerAlive := func() bool { return true }               // the watcher's health

	if err := systemd.Ready(); err != nil {
		log.Warn("sd_notify failed", "error", err)
	}
	_ = systemd.Status("watching 3 purchases")
	go func() {
		err := systemd.Watchdog(ctx, func(ctx context.Context) bool {
			if err := storePing(ctx); err != nil {
				log.Error("watchdog: store does not answer", "error", err)
				return false
			}
			return schedulerAlive()
		})
		if err != nil {
			log.Error("watchdog stopped", "error", err)
		}
	}()

	<-ctx.Done()
	_ = systemd.Stopping()
	// ... stop the scheduler, wait for in-flight checks, exit 0 ...
}
