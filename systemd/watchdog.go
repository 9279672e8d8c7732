package systemd

import (
	"context"
	"fmt"
	"time"

	"github.com/coreos/go-systemd/v22/daemon"
)

// WatchdogInterval returns the unit's WatchdogSec= as told by the service
// manager (WATCHDOG_USEC), or 0 when no watchdog is armed for this process.
func WatchdogInterval() (time.Duration, error) {
	d, err := daemon.SdWatchdogEnabled(false)
	if err != nil {
		return 0, fmt.Errorf("systemd watchdog: %w", err)
	}
	return d, nil
}

// Watchdog keeps the service manager's watchdog fed for as long as the daemon
// is healthy. Every third of the interval it calls healthy, with a context
// that expires before the next ping is due, and sends WATCHDOG=1 only when
// healthy returns true. One failed check is tolerated (the next ping still
// comes in time); a daemon whose store stops answering or whose scheduler
// died goes quiet, and systemd restarts it after WatchdogSec.
//
// Watchdog blocks until ctx is done and then returns nil. It returns at once
// with nil when no watchdog is armed, and with an error when WATCHDOG_USEC is
// malformed or the manager cannot be reached (the caller logs it; without
// pings systemd restarts the unit, which is the right outcome).
func Watchdog(ctx context.Context, healthy func(context.Context) bool) error {
	interval, err := WatchdogInterval()
	if err != nil || interval <= 0 {
		return err
	}
	period := interval / 3
	ping := func() error {
		cctx, cancel := context.WithTimeout(ctx, period)
		ok := healthy(cctx)
		cancel()
		if !ok || ctx.Err() != nil {
			return nil
		}
		return notify(daemon.SdNotifyWatchdog)
	}

	if err := ping(); err != nil {
		return err
	}
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if err := ping(); err != nil {
				return err
			}
		}
	}
}
