package watcher

import (
	"context"
	"errors"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"
)

// Run checks on the configured schedule until ctx is done: one cycle at
// once, then one per tick; a tick during a running cycle is skipped, a
// panicking cycle is logged and the schedule goes on. When ctx ends, the
// in-flight cycle is abandoned (it sees ctx) and Run waits for it at most
// Config.StopTimeout. It returns nil on a normal stop.
func (w *Watcher) Run(ctx context.Context) error {
	sched, err := cron.ParseStandard(w.cfg.Schedule)
	if err != nil {
		return ValidateSchedule(w.cfg.Schedule)
	}
	l := cronLogger{w.log}
	c := cron.New(cron.WithLogger(l))
	// One wrapped job for the start-up run and the ticks, so that
	// SkipIfStillRunning sees both.
	var started atomic.Bool // the first run is the start-up cycle
	job := cron.NewChain(cron.Recover(l), cron.SkipIfStillRunning(l)).Then(cron.FuncJob(func() {
		fresh := time.Duration(0)
		if !started.Swap(true) {
			fresh = w.cfg.RestartGrace
		}
		w.scheduledCycle(ctx, fresh)
	}))
	c.Schedule(sched, job)

	w.running.Store(true)
	defer w.running.Store(false)
	c.Start()
	w.log.Info("scheduler started", slog.String("schedule", w.cfg.Schedule), slog.Time("next", sched.Next(time.Now())))
	var first sync.WaitGroup
	first.Go(job.Run)

	<-ctx.Done()
	stopped := c.Stop()
	done := make(chan struct{})
	go func() {
		<-stopped.Done()
		first.Wait()
		close(done)
	}()
	select {
	case <-done:
		w.log.Info("scheduler stopped")
	case <-time.After(w.cfg.StopTimeout):
		w.log.Warn("scheduler stopped; a cycle is still winding down", slog.Duration("waited", w.cfg.StopTimeout))
	}
	return nil
}

func (w *Watcher) scheduledCycle(ctx context.Context, fresh time.Duration) {
	if ctx.Err() != nil {
		return
	}
	sum, err := w.cycle(ctx, fresh, nil)
	attrs := []any{
		slog.Int("checked", sum.Checked), slog.Int("ok", sum.OK), slog.Int("blocked", sum.Blocked),
		slog.Int("errors", sum.Errors), slog.Int("alerts", sum.Alerts), slog.Int("expired", sum.Expired), slog.Int("fresh", sum.Fresh),
		slog.Duration("took", sum.Duration),
	}
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		w.log.Info("cycle abandoned", attrs...)
	case err != nil:
		w.log.Error("cycle failed", append(attrs, slog.Any("error", err))...)
	default:
		w.log.Info("cycle done", attrs...)
	}
	// The daemon now idles until the next tick (an hour by default): hand the
	// pages' memory back to the OS rather than keep it resident.
	debug.FreeOSMemory()
}

// cronLogger adapts slog to cron.Logger; cron's routine chatter goes to
// Debug, a skipped tick (a cycle longer than the schedule) to Info.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, keysAndValues ...any) {
	if msg == "skip" {
		c.l.Info("cron: tick skipped, the previous cycle is still running", keysAndValues...)
		return
	}
	c.l.Debug("cron: "+msg, keysAndValues...)
}

func (c cronLogger) Error(err error, msg string, keysAndValues ...any) {
	c.l.Error("cron: "+msg, append(keysAndValues, "error", err)...)
}
