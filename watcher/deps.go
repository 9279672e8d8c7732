package watcher

import (
	"context"
	"log/slog"
	"time"

	"refundwatch/store"
	"refundwatch/watcher/extract"
)

// Store is what the watcher needs of the database; *store.DB satisfies it.
type Store interface {
	Purchases(ctx context.Context) ([]store.Purchase, error)
	Purchase(ctx context.Context, id uint64) (store.Purchase, error)
	UpdatePurchase(ctx context.Context, id uint64, fn func(*store.Purchase) error) (store.Purchase, error)
	RecordCheck(ctx context.Context, id uint64, obs store.Observation, decide func(p *store.Purchase) ([]store.Alert, error)) (store.Purchase, []store.Alert, error)
}

// Extractor reads a price off a page body.
type Extractor interface {
	Extract(body []byte, opts extract.Options) (extract.Result, error)
}

// ExtractorFunc adapts a function (such as extract.Extract) to Extractor.
type ExtractorFunc func(body []byte, opts extract.Options) (extract.Result, error)

// Extract calls f.
func (f ExtractorFunc) Extract(body []byte, opts extract.Options) (extract.Result, error) {
	return f(body, opts)
}

// Alerter hears about alerts after RecordCheck committed them to the store's
// outbox (notify drains the outbox; this is only a nudge, so a lost call
// loses nothing).
type Alerter interface {
	AlertsQueued(ctx context.Context, alerts []store.Alert)
}

// Backoff is implemented by fetchers that can back a host off after a robot
// check (*fetch.Client). host is fetch.HostOf(url).
type Backoff interface {
	Block(host string) time.Time
	Unblock(host string)
}

// LogAlerter writes every alert in full to the log: the stand-in while no
// delivery channel is wired, so an alert is never silently nowhere.
type LogAlerter struct{ Logger *slog.Logger }

// AlertsQueued logs each alert.
func (l LogAlerter) AlertsQueued(ctx context.Context, alerts []store.Alert) {
	lg := l.Logger
	if lg == nil {
		lg = slog.Default()
	}
	for _, a := range alerts {
		attrs := []any{slog.Uint64("alert_id", a.ID), slog.Uint64("purchase_id", a.PurchaseID), slog.String("kind", string(a.Kind))}
		if a.Price != nil {
			attrs = append(attrs, slog.String("price", a.Price.String()))
		}
		if a.Suspect {
			attrs = append(attrs, slog.Bool("suspect", true))
		}
		if a.Note != "" {
			attrs = append(attrs, slog.String("note", a.Note))
		}
		lg.WarnContext(ctx, "alert", attrs...)
	}
}
