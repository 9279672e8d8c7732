package notify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"refundwatch/notify/card"
	"refundwatch/notify/logsink"
	"refundwatch/store"
)

// Options tune a Dispatcher; zero values mean the defaults.
type Options struct {
	Lang        string         // draft language: auto, ja, en
	Templates   string         // user draft templates (see draft.Render)
	Location    *time.Location // dates in drafts; nil: per store (Asia/Tokyo for Japanese)
	Clock       Clock
	BaseBackoff time.Duration // first retry wait (30 s)
	MaxBackoff  time.Duration // longest retry wait (1 h)
	// Fallback receives, in full, an alert the channel refused for its own
	// settings (invalid_auth, a revoked webhook), so its content is never
	// nowhere while it waits for the fix. nil: nothing is written.
	Fallback io.Writer
	Poll     time.Duration // Run re-reads the outbox at least this often (1 min), for alerts queued by other processes
}

// Dispatcher delivers the outbox: every alert committed to the store is sent
// through one Sender, retried with backoff on temporary errors, marked sent
// right after the channel accepted it and never sent again.
type Dispatcher struct {
	sender Sender
	outbox Outbox
	log    *slog.Logger
	opts   Options
	kick   chan struct{}

	mu sync.Mutex // one delivery round at a time: Run and Flush never send the same alert twice
	// unrecorded holds alerts the channel accepted but the store failed to
	// mark: they are marked again, never re-sent, while this process lives.
	unrecorded map[uint64]sentMark
}

type sentMark struct {
	at      time.Time
	channel string
	ts      string
}

// errSkip tells the claim step the alert is no longer ours to send.
var errSkip = errors.New("alert not due")

// claimLease is how long a claimed alert belongs to the process sending it:
// longer than one HTTP attempt (30 s timeout).
const claimLease = 2 * time.Minute

// inFlight reports whether some process claimed a and is sending it now: a
// claim clears LastError and sets a lease; a failure records an error.
func inFlight(a store.Alert, now time.Time) bool {
	return a.Attempts > 0 && a.LastError == "" && a.NextAttempt.After(now)
}

// NewDispatcher returns a Dispatcher sending through s.
func NewDispatcher(s Sender, outbox Outbox, logger *slog.Logger, opts Options) *Dispatcher {
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	if opts.BaseBackoff <= 0 {
		opts.BaseBackoff = DefaultBaseBackoff
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = DefaultMaxBackoff
	}
	if opts.Poll <= 0 {
		opts.Poll = DefaultPoll
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Dispatcher{
		sender: s, outbox: outbox, log: logger, opts: opts,
		kick:       make(chan struct{}, 1),
		unrecorded: map[uint64]sentMark{},
	}
}

// Channel names where alerts go: "slack-bot:<channel>", "slack-webhook" or "log".
func (d *Dispatcher) Channel() string { return d.sender.Name() }

// Kick asks Run to deliver now. It never blocks.
func (d *Dispatcher) Kick() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// AlertsQueued is the watcher's hook (its Alerter interface): alerts were
// committed to the outbox, deliver them now.
func (d *Dispatcher) AlertsQueued(ctx context.Context, alerts []store.Alert) {
	if len(alerts) > 0 {
		d.Kick()
	}
}

// Run delivers due alerts until ctx ends: at start (alerts left pending by
// an earlier run), on Kick, when a retry falls due, and every Poll.
func (d *Dispatcher) Run(ctx context.Context) error {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-d.kick:
		case <-timer.C:
		}
		next, err := d.deliverDue(ctx)
		if err != nil && ctx.Err() == nil {
			d.log.Warn("outbox round failed", "error", err)
		}
		wait := d.opts.Poll
		if !next.IsZero() {
			wait = min(wait, max(next.Sub(d.opts.Clock.Now()), 0))
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(wait)
	}
}

// Flush delivers every pending alert now, retry waits included (for `check`
// and `demo`). Failures are recorded on the alerts (retried later, or marked
// failed when permanent) and returned joined.
func (d *Dispatcher) Flush(ctx context.Context) error {
	_, err := d.round(ctx, true)
	return err
}

// deliverDue delivers alerts whose NextAttempt has come and returns the
// earliest NextAttempt still ahead (zero: none).
func (d *Dispatcher) deliverDue(ctx context.Context) (time.Time, error) {
	return d.round(ctx, false)
}

func (d *Dispatcher) round(ctx context.Context, force bool) (time.Time, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.retryMarks(ctx)
	pending, err := d.outbox.PendingAlerts(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("outbox: %w", err)
	}
	var next time.Time
	var errs []error
	for _, a := range pending {
		if ctx.Err() != nil {
			return next, ctx.Err()
		}
		if _, ok := d.unrecorded[a.ID]; ok {
			continue
		}
		if !force && a.NextAttempt.After(d.opts.Clock.Now()) {
			next = earliest(next, a.NextAttempt)
			continue
		}
		after, err := d.deliver(ctx, a, force)
		if err != nil {
			errs = append(errs, err)
		}
		next = earliest(next, after)
	}
	return next, errors.Join(errs...)
}

func earliest(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// deliver sends one alert and records the outcome. It returns the alert's
// next attempt time when it stays pending.
func (d *Dispatcher) deliver(ctx context.Context, a store.Alert, force bool) (time.Time, error) {
	now := d.opts.Clock.Now()
	// Claim: count the attempt and lease the alert before sending. Another
	// process (the daemon beside `check`) skips an alert already sent or
	// being sent, and a crash mid-send retries when the lease ends.
	claimed, err := d.outbox.UpdateAlert(ctx, a.ID, func(x *store.Alert) error {
		if !x.Pending() || (!force && x.NextAttempt.After(now)) || inFlight(*x, now) {
			return errSkip
		}
		x.Attempts++
		x.NextAttempt = now.Add(claimLease)
		x.LastError = ""
		return nil
	})
	if errors.Is(err, errSkip) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("alert %d: claim: %w", a.ID, err)
	}
	log := d.log.With("alert_id", claimed.ID, "purchase_id", claimed.PurchaseID, "kind", string(claimed.Kind), "channel", d.sender.Name())

	c, threadTS, err := d.compose(ctx, claimed)
	var ts string
	if err == nil {
		ts, err = d.sender.Send(ctx, c, threadTS)
		if err != nil && threadTS != "" && IsPermanent(err) && !isChannelWide(err) {
			// The thread itself may be the problem (its first message was
			// deleted): post on its own rather than fail every later alert.
			log.Warn("thread reply refused; posting on its own", "error", err)
			threadTS = ""
			ts, err = d.sender.Send(ctx, c, "")
		}
	}
	if err == nil {
		d.markSent(ctx, log, claimed.ID, sentMark{at: d.opts.Clock.Now(), channel: d.sender.Name(), ts: ts})
		log.Info("alert delivered", "attempts", claimed.Attempts, "thread_ts", threadTS)
		return time.Time{}, nil
	}
	if ctx.Err() != nil {
		return time.Time{}, ctx.Err()
	}
	perm := IsPermanent(err)
	next := now.Add(backoff(claimed.Attempts, d.opts.BaseBackoff, d.opts.MaxBackoff))
	if r := retryDelay(err); r > 0 {
		next = now.Add(afterRetry(r))
	}
	if perm && isChannelWide(err) {
		// The channel's settings are wrong, not this alert: keep it queued
		// and try hourly, so fixing the token or webhook delivers it.
		next = now.Add(d.opts.MaxBackoff)
		_, uerr := d.outbox.UpdateAlert(context.WithoutCancel(ctx), claimed.ID, func(x *store.Alert) error {
			x.LastError, x.NextAttempt = err.Error(), next
			return nil
		})
		if uerr != nil {
			log.Error("cannot record delivery failure", "error", uerr)
		}
		if claimed.Attempts == 1 { // loudly, once per alert
			log.Error("alert not delivered: the Slack settings are refused; it stays queued and is retried hourly. Fix them and run `refundwatch notify test`",
				"next_attempt", next, "error", err)
			if d.opts.Fallback != nil && c.Headline != "" {
				_, _ = io.WriteString(d.opts.Fallback, logsink.Format(c))
			}
		}
		return next, fmt.Errorf("alert %d: %w", claimed.ID, err)
	}
	_, uerr := d.outbox.UpdateAlert(context.WithoutCancel(ctx), claimed.ID, func(x *store.Alert) error {
		x.LastError = err.Error()
		if perm {
			x.Failed, x.NextAttempt = true, time.Time{}
		} else {
			x.NextAttempt = next
		}
		return nil
	})
	if uerr != nil {
		log.Error("cannot record delivery failure", "error", uerr)
	}
	if perm {
		// Logged once: a failed alert is never retried.
		log.Error("alert delivery failed permanently; fix the Slack settings and run `refundwatch notify test`", "attempts", claimed.Attempts, "error", err)
		return time.Time{}, fmt.Errorf("alert %d: %w", claimed.ID, err)
	}
	log.Warn("alert delivery failed; will retry", "attempts", claimed.Attempts, "next_attempt", next, "error", err)
	return next, fmt.Errorf("alert %d: %w", claimed.ID, err)
}

// compose builds the alert's card and finds the thread to reply in: the
// first alert of the same purchase this channel delivered with a ts.
func (d *Dispatcher) compose(ctx context.Context, a store.Alert) (card.Card, string, error) {
	src := card.Source{Alert: a, Now: d.opts.Clock.Now(), Lang: d.opts.Lang, Templates: d.opts.Templates, Location: d.opts.Location}
	if a.Kind == store.AlertTest || a.PurchaseID == 0 {
		c, err := card.Build(src)
		return c, "", err
	}
	p, err := d.outbox.Purchase(ctx, a.PurchaseID)
	if errors.Is(err, store.ErrNotFound) {
		return card.Card{}, "", permanentError{fmt.Errorf("purchase %d no longer exists: %w", a.PurchaseID, err)}
	}
	if err != nil {
		return card.Card{}, "", fmt.Errorf("load purchase %d: %w", a.PurchaseID, err)
	}
	src.Purchase = p
	if src.History, err = d.outbox.History(ctx, a.PurchaseID); err != nil {
		return card.Card{}, "", fmt.Errorf("load history of purchase %d: %w", a.PurchaseID, err)
	}
	c, err := card.Build(src)
	if err != nil {
		return card.Card{}, "", permanentError{err}
	}
	var thread string
	if d.sender.Threads() {
		all, err := d.outbox.Alerts(ctx, a.PurchaseID)
		if err != nil {
			return card.Card{}, "", fmt.Errorf("load alerts of purchase %d: %w", a.PurchaseID, err)
		}
		// Only a drop alert starts a thread: a drop posted under an earlier
		// stale alert would be hidden where nobody looks.
		for _, o := range all {
			if o.ID != a.ID && o.Kind == store.AlertDrop && !o.Sent.IsZero() && o.ThreadTS != "" && o.Channel == d.sender.Name() {
				thread = o.ThreadTS
				break
			}
		}
	}
	return c, thread, nil
}

// markSent records an accepted alert right away, even while shutting down.
func (d *Dispatcher) markSent(ctx context.Context, log *slog.Logger, id uint64, m sentMark) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := d.applyMark(ctx, id, m); err != nil {
		d.unrecorded[id] = m
		log.Error("alert delivered but not recorded; will record again, not resend", "error", err)
	}
}

func (d *Dispatcher) applyMark(ctx context.Context, id uint64, m sentMark) error {
	_, err := d.outbox.UpdateAlert(ctx, id, func(x *store.Alert) error {
		x.Sent, x.Channel, x.ThreadTS = m.at, m.channel, m.ts
		x.LastError, x.NextAttempt = "", time.Time{}
		return nil
	})
	return err
}

func (d *Dispatcher) retryMarks(ctx context.Context) {
	for id, m := range d.unrecorded {
		if err := d.applyMark(ctx, id, m); err == nil {
			delete(d.unrecorded, id)
		}
	}
}

// SendTest sends a clearly marked test alert straight through the channel
// (not the outbox) and returns the channel's exact error, e.g.
// "slack chat.postMessage: invalid_auth".
func (d *Dispatcher) SendTest(ctx context.Context) error {
	c, err := card.Build(card.Source{Alert: store.Alert{Kind: store.AlertTest}, Now: d.opts.Clock.Now(), Lang: d.opts.Lang})
	if err != nil {
		return fmt.Errorf("test alert: %w", err)
	}
	if _, err := d.sender.Send(ctx, c, ""); err != nil {
		return fmt.Errorf("test alert via %s: %w", d.sender.Name(), err)
	}
	return nil
}
