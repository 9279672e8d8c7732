package watcher

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"refundwatch/store"
	"refundwatch/watcher/fetch"
)

// Watcher checks purchases: one Cycle now, or Run on a schedule.
type Watcher struct {
	cfg     Config
	store   Store
	fetcher fetch.Fetcher
	backoff Backoff // nil when the fetcher cannot back off
	log     *slog.Logger

	running atomic.Bool
	mu      sync.Mutex
	last    Summary
	hasLast bool
}

// New builds a Watcher. A fetcher that also implements Backoff
// (*fetch.Client does) is told when a host serves a robot check.
func New(cfg Config, st Store, f fetch.Fetcher) (*Watcher, error) {
	cfg = cfg.withDefaults()
	if err := ValidateSchedule(cfg.Schedule); err != nil {
		return nil, err
	}
	if st == nil || f == nil {
		return nil, errors.New("watcher: a store and a fetcher are required")
	}
	cfg.Extractor = newParseLimit(cfg.Extractor, cfg.Parsers)
	w := &Watcher{cfg: cfg, store: st, fetcher: f, log: cfg.Logger}
	w.backoff, _ = f.(Backoff)
	return w, nil
}

// Summary counts what one cycle did.
type Summary struct {
	Started     time.Time     `json:"started"`
	Duration    time.Duration `json:"duration_ns"`
	Checked     int           `json:"checked"`     // purchases whose check was recorded
	OK          int           `json:"ok"`          // a price was read
	Unavailable int           `json:"unavailable"` // page read, no buyable offer
	NotFound    int           `json:"not_found"`   // page read, no price on it
	Blocked     int           `json:"blocked"`     // robot check, or host backed off
	Errors      int           `json:"errors"`      // fetch/read/record failures
	Alerts      int           `json:"alerts"`      // alerts queued
	Expired     int           `json:"expired"`     // windows closed this cycle
	Fresh       int           `json:"fresh"`       // start-up cycle: skipped, checked moments ago
	BackedOff   int           `json:"backed_off"`  // skipped: their store served a robot check moments ago
}

func (s *Summary) add(o checkOutcome) {
	if !o.recorded {
		s.Errors++
		return
	}
	s.Checked++
	switch o.status {
	case "ok":
		s.OK++
	case "unavailable":
		s.Unavailable++
	case "not_found":
		s.NotFound++
	case "blocked":
		s.Blocked++
	default:
		s.Errors++
	}
	s.Alerts += o.alerts
}

// Cycle checks every purchase whose window is open, or exactly the IDs given
// (whatever their window: an explicit request). Purchases whose window has
// passed are marked expired and not fetched. One purchase's failure never
// stops the cycle; the error is for the cycle itself (store unreadable, an
// unknown ID, ctx done).
func (w *Watcher) Cycle(ctx context.Context, ids ...uint64) (Summary, error) {
	return w.cycle(ctx, 0, ids)
}

// cycle is Cycle, skipping purchases checked less than fresh ago (fresh > 0).
func (w *Watcher) cycle(ctx context.Context, fresh time.Duration, ids []uint64) (Summary, error) {
	now := w.cfg.Clock.Now()
	sum := Summary{Started: now}
	todo, err := w.due(ctx, now, fresh, ids, &sum)
	if err != nil {
		return sum, err
	}
	// Shuffled so that hosts interleave and no purchase is always last.
	rand.Shuffle(len(todo), func(i, j int) { todo[i], todo[j] = todo[j], todo[i] })

	jobs := make(chan store.Purchase)
	outcomes := make(chan checkOutcome)
	var wg sync.WaitGroup
	for range min(w.cfg.Workers, len(todo)) {
		wg.Go(func() {
			for p := range jobs {
				outcomes <- w.safeCheck(ctx, p)
			}
		})
	}
	go func() {
		defer close(jobs)
		for _, p := range todo {
			select {
			case jobs <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(outcomes) }()
	for o := range outcomes {
		if o.abandoned {
			continue
		}
		sum.add(o)
	}
	sum.Duration = w.cfg.Clock.Now().Sub(now)
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("cycle: %w", err)
	}
	w.mu.Lock()
	w.last, w.hasLast = sum, true
	w.mu.Unlock()
	return sum, nil
}

// due lists the purchases to check, expiring those whose window passed,
// leaving out those checked less than fresh ago and those of a store that
// served a robot check less than BlockedPause ago.
func (w *Watcher) due(ctx context.Context, now time.Time, fresh time.Duration, ids []uint64, sum *Summary) ([]store.Purchase, error) {
	all, err := w.store.Purchases(ctx)
	if err != nil {
		return nil, fmt.Errorf("list purchases: %w", err)
	}
	paused := map[string]bool{}
	for _, p := range all {
		if p.LastStatus == "blocked" && now.Sub(p.LastChecked) < w.cfg.BlockedPause {
			paused[fetch.HostOf(p.URL)] = true
		}
	}
	var todo []store.Purchase
	if len(ids) > 0 {
		seen := make(map[uint64]bool, len(ids))
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			p, err := w.store.Purchase(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("purchase %d: %w", id, err)
			}
			todo = append(todo, p)
		}
	} else {
		for _, p := range all {
			if !watched(p.Status) {
				continue
			}
			if windowOpen(p, now) {
				if fresh > 0 && !p.LastChecked.IsZero() && now.Sub(p.LastChecked) < fresh {
					sum.Fresh++
					continue
				}
				todo = append(todo, p)
				continue
			}
			if p.Status == store.StatusSubmitted {
				continue // a claim in progress keeps its status
			}
			if err := w.expire(ctx, p.ID, now); err != nil {
				w.log.Error("cannot mark purchase expired", slog.Uint64("purchase_id", p.ID), slog.Any("error", err))
				continue
			}
			sum.Expired++
		}
	}
	out := todo[:0]
	for _, p := range todo {
		if host := fetch.HostOf(p.URL); paused[host] {
			sum.BackedOff++
			w.log.Info("not checked: its store served a robot check moments ago", slog.Uint64("purchase_id", p.ID), slog.String("host", host))
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

func (w *Watcher) expire(ctx context.Context, id uint64, now time.Time) error {
	_, err := w.store.UpdatePurchase(ctx, id, func(p *store.Purchase) error {
		if (p.Status == store.StatusWatching || p.Status == store.StatusDropped) && !windowOpen(*p, now) {
			p.Status = store.StatusExpired
		}
		return nil
	})
	if err == nil {
		w.log.Info("price-protection window closed", slog.Uint64("purchase_id", id))
	}
	return err
}

// Healthy reports whether Run's scheduler is alive (for the systemd watchdog).
func (w *Watcher) Healthy() bool { return w.running.Load() }

// LastCycle is the summary of the last completed cycle (false: none yet).
func (w *Watcher) LastCycle() (Summary, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last, w.hasLast
}

// safeCheck is check with a panic (say, in the page reader on a strange page)
// turned into one failed purchase instead of a dead daemon.
func (w *Watcher) safeCheck(ctx context.Context, p store.Purchase) (o checkOutcome) {
	defer func() {
		if v := recover(); v != nil {
			w.log.Error("check panicked", slog.Uint64("purchase_id", p.ID), slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
			o = checkOutcome{status: StatusError}
		}
	}()
	return w.check(ctx, p)
}
