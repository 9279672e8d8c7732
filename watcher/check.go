package watcher

import (
	"context"
	"errors"
	"log/slog"

	"refundwatch/store"
	"refundwatch/store/money"
	"refundwatch/watcher/extract"
	"refundwatch/watcher/fetch"
)

// checkOutcome is one purchase's part of a Summary.
type checkOutcome struct {
	status    string
	alerts    int
	recorded  bool
	abandoned bool // ctx ended: nothing recorded, not counted
}

// reading is one fetch + extract of a purchase's page.
type reading struct {
	obs         store.Observation
	seller      *string
	soldByStore *bool
	title       string
}

// check fetches, reads, decides and records one purchase.
func (w *Watcher) check(ctx context.Context, p store.Purchase) checkOutcome {
	r := w.read(ctx, p)
	if ctx.Err() != nil {
		return checkOutcome{abandoned: true}
	}
	c := Check{Obs: r.obs, Seller: r.seller, SoldByStore: r.soldByStore, Title: r.title}
	if NeedsRecheck(p, r.obs, w.cfg.Rules) {
		w.log.Info("deep price fall; reading the page again before alerting",
			slog.Uint64("purchase_id", p.ID), slog.String("price", r.obs.Price.String()), slog.String("paid", p.Paid.String()))
		if err := w.cfg.Clock.Sleep(ctx, w.cfg.RecheckDelay); err != nil {
			return checkOutcome{abandoned: true}
		}
		again := w.read(ctx, p)
		if ctx.Err() != nil {
			return checkOutcome{abandoned: true}
		}
		switch {
		case samePrice(again.obs.Price, r.obs.Price) && again.obs.Status == "ok":
			c.Confirmed = true
		case again.obs.Status == "ok":
			// The second read disagrees: trust it, unconfirmed (a deep
			// price there is left for the next cycle to confirm).
			c = Check{Obs: again.obs, Seller: again.seller, SoldByStore: again.soldByStore, Title: again.title}
			w.log.Warn("deep price fall not confirmed by a second read", slog.Uint64("purchase_id", p.ID),
				slog.String("first", r.obs.Price.String()), slog.String("second", priceText(again.obs.Price)))
		default:
			w.log.Warn("deep price fall could not be re-read; not alerting yet", slog.Uint64("purchase_id", p.ID),
				slog.String("status", again.obs.Status))
		}
	}

	var out Outcome
	_, alerts, err := w.store.RecordCheck(ctx, p.ID, c.Obs, func(sp *store.Purchase) ([]store.Alert, error) {
		out = Decide(sp, c, w.cfg.Rules)
		return out.Alerts, nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return checkOutcome{abandoned: true}
		}
		if errors.Is(err, store.ErrNotFound) {
			w.log.Info("purchase removed during its check", slog.Uint64("purchase_id", p.ID))
			return checkOutcome{abandoned: true}
		}
		w.log.Error("cannot record check", slog.Uint64("purchase_id", p.ID), slog.Any("error", err))
		return checkOutcome{status: StatusError}
	}
	if out.Warning != "" {
		w.log.Warn(out.Warning, slog.Uint64("purchase_id", p.ID))
	}
	for _, a := range alerts {
		attrs := []any{slog.Uint64("purchase_id", p.ID), slog.Uint64("alert_id", a.ID), slog.String("kind", string(a.Kind))}
		if a.Price != nil {
			attrs = append(attrs, slog.String("price", a.Price.String()), slog.String("paid", p.Paid.String()))
		}
		w.log.Info("alert queued", attrs...)
	}
	if len(alerts) > 0 {
		w.cfg.Alerter.AlertsQueued(ctx, alerts)
	}
	if w.log.Enabled(ctx, slog.LevelDebug) {
		w.log.Debug("checked", slog.Uint64("purchase_id", p.ID), slog.String("status", c.Obs.Status),
			slog.String("price", priceText(c.Obs.Price)), slog.Int("alerts", len(alerts)))
	}
	return checkOutcome{status: c.Obs.Status, alerts: len(alerts), recorded: true}
}

// read fetches and extracts one page (ReadPage); the body is dropped on return.
func (w *Watcher) read(ctx context.Context, p store.Purchase) reading {
	r := reading{obs: store.Observation{At: w.cfg.Clock.Now(), Status: StatusError}}
	res, err := ReadPage(ctx, w.fetcher, w.cfg.Extractor, p.URL, p.Selector)
	if err != nil {
		if ctx.Err() == nil {
			w.log.Warn("cannot read page", slog.Uint64("purchase_id", p.ID), slog.String("host", fetch.HostOf(p.URL)), slog.Any("error", err))
		}
		return r
	}
	r.seller, r.soldByStore, r.title = res.Seller, res.SoldByStore, res.Title
	switch {
	case res.Status == extract.StatusOK && res.Price != nil:
		price := *res.Price
		r.obs.Status, r.obs.Price = string(extract.StatusOK), &price
	case res.Status == extract.StatusBlocked, res.Status == extract.StatusUnavailable:
		r.obs.Status = string(res.Status)
	default:
		r.obs.Status = string(extract.StatusNotFound)
	}
	return r
}

func samePrice(a, b *money.Money) bool {
	return a != nil && b != nil && *a == *b
}

func priceText(m *money.Money) string {
	if m == nil {
		return "none"
	}
	return m.String()
}
