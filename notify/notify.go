// Package notify delivers refundwatch's alerts: it owns the outbox
// dispatcher (deliver every committed alert, retry with backoff, mark it sent
// once the channel accepted it, never send it twice) and chooses the channel
// — Slack bot, Slack webhook, or the log sink when no Slack is configured.
//
// The wording lives in notify/draft and notify/card, Slack specifics in
// notify/slack, the log rendering in notify/logsink.
package notify

import (
	"context"
	"time"

	"refundwatch/notify/card"
	"refundwatch/store"
)

// Outbox is the part of the store the dispatcher uses. *store.DB implements it.
type Outbox interface {
	PendingAlerts(ctx context.Context) ([]store.Alert, error)
	Alerts(ctx context.Context, purchaseID uint64) ([]store.Alert, error)
	UpdateAlert(ctx context.Context, id uint64, fn func(*store.Alert) error) (store.Alert, error)
	Purchase(ctx context.Context, id uint64) (store.Purchase, error)
	History(ctx context.Context, id uint64) ([]store.Observation, error)
}

// Sender is one delivery channel (Slack bot, Slack webhook, log sink).
type Sender interface {
	// Name is stored on sent alerts (Alert.Channel): "slack-bot:<channel>", "slack-webhook", "log".
	Name() string
	// Threads reports whether Send can reply in a thread (bot mode).
	Threads() bool
	// Send delivers c, in threadTS's thread when not empty, and returns the
	// message's ts ("" when the channel has none). Errors may implement
	// Permanent() bool and RetryDelay() time.Duration.
	Send(ctx context.Context, c card.Card, threadTS string) (ts string, err error)
}

// Clock tells the time; tests replace it.
type Clock interface{ Now() time.Time }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }
