package watcher

import (
	"fmt"
	"time"

	"refundwatch/store"
	"refundwatch/store/money"
)

// Rules are the drop decision's settings.
type Rules struct {
	MinDrop MinDrop // smallest fall worth an alert (config min_drop)
	// DeepDropPercent: a fall of more than this percent below what was paid
	// smells of a misread and is re-checked before anyone is alerted. Default 70.
	DeepDropPercent int64
	// StaleAfter: no price read for this long (since the last success, or
	// since the purchase was added) is worth one alert. Default 12 h.
	StaleAfter time.Duration
	// StaleBeforeClose: the window closes within this and no price was ever
	// read — worth one alert. Default 12 h.
	StaleBeforeClose time.Duration
	// ReminderBefore: an unclaimed drop whose window closes within this gets
	// one reminder. Default 24 h.
	ReminderBefore time.Duration
}

// Rule defaults.
const (
	DefaultDeepDropPercent  = 70
	DefaultStaleAfter       = 12 * time.Hour
	DefaultStaleBeforeClose = 12 * time.Hour
	DefaultReminderBefore   = 24 * time.Hour
)

func (r Rules) withDefaults() Rules {
	if r.DeepDropPercent <= 0 || r.DeepDropPercent >= 100 {
		r.DeepDropPercent = DefaultDeepDropPercent
	}
	if r.StaleAfter <= 0 {
		r.StaleAfter = DefaultStaleAfter
	}
	if r.StaleBeforeClose <= 0 {
		r.StaleBeforeClose = DefaultStaleBeforeClose
	}
	if r.ReminderBefore <= 0 {
		r.ReminderBefore = DefaultReminderBefore
	}
	return r
}

// Check is what one check of a purchase saw.
type Check struct {
	Obs         store.Observation // At is the check's time; Price set only with status ok
	Seller      *string           // seller named on the page, if any
	SoldByStore *bool             // nil: unknown
	Title       string            // the page's product title ("" when none)
	// Confirmed: a deep fall was read twice in a row, so it is believed.
	Confirmed bool
}

// Outcome is what the decision wants done beyond updating the purchase.
type Outcome struct {
	Alerts  []store.Alert
	Warning string // to log once (e.g. the page's currency differs from what was paid)
}

// Observation statuses besides extract's ok/unavailable/not_found/blocked.
const StatusError = "error" // the page could not be fetched or read

// watched: statuses whose purchase is still watched in its window.
func watched(s store.Status) bool {
	return s == store.StatusWatching || s == store.StatusDropped || s == store.StatusSubmitted
}

// Decide applies one check to p: it updates the last/lowest prices and the
// decision state, moves the status, and returns the alerts to queue. Pure:
// no I/O, the time is c.Obs.At. State kept in p (LastAlerted, StaleAlerted,
// ReminderSent, CurrencyWarned) makes every alert happen once.
func Decide(p *store.Purchase, c Check, r Rules) Outcome {
	r = r.withDefaults()
	now := c.Obs.At
	p.LastChecked = now
	p.LastStatus = c.Obs.Status
	open := windowOpen(*p, now)
	if !open && (p.Status == store.StatusWatching || p.Status == store.StatusDropped) {
		p.Status = store.StatusExpired
	}
	var out Outcome
	if c.Obs.Status == "ok" && c.Obs.Price != nil {
		price := *c.Obs.Price
		p.LastPrice = &price
		p.LastSuccess = now
		p.StaleAlerted = false
		if c.Seller != nil {
			p.Seller = *c.Seller
		}
		if c.SoldByStore != nil {
			p.ThirdParty = !*c.SoldByStore
		}
		if p.Title == "" && c.Title != "" {
			p.Title = c.Title // added with --paid and no --title: name it from its page
		}
		switch {
		case price.Currency != p.Paid.Currency:
			if !p.CurrencyWarned {
				p.CurrencyWarned = true
				out.Warning = fmt.Sprintf("the page shows a price in %s but %s was paid: prices are not compared", curLabel(price.Currency), curLabel(p.Paid.Currency))
			}
		case open:
			deep := deepDrop(p.Paid, price, r)
			if deep && !c.Confirmed {
				break // a likely misread: not a price we stand behind yet
			}
			if p.LowestPrice == nil || p.LowestPrice.Currency != price.Currency || price.Amount < p.LowestPrice.Amount {
				p.LowestPrice = &price
			}
			if watched(p.Status) && dropsEnough(*p, price, r) {
				out.Alerts = append(out.Alerts, dropAlert(p, price, deep, c, r))
				p.LastAlerted = &price
				if p.Status == store.StatusWatching {
					p.Status = store.StatusDropped
				}
			}
		}
	} else if open && watched(p.Status) && !p.StaleAlerted {
		since := p.Created
		if since.IsZero() {
			since = p.Bought
		}
		if p.LastSuccess.After(since) {
			since = p.LastSuccess
		}
		never := p.LastSuccess.IsZero()
		closing := !p.WindowEnds.IsZero() && p.WindowEnds.Sub(now) <= r.StaleBeforeClose
		if (!since.IsZero() && now.Sub(since) >= r.StaleAfter) || (never && closing) {
			note := fmt.Sprintf("no price could be read since %s (last status: %s)", since.UTC().Format(time.RFC3339), c.Obs.Status)
			if never {
				note = fmt.Sprintf("no price has been read yet (last status: %s)", c.Obs.Status)
				if closing {
					note += fmt.Sprintf("; the window closes at %s", p.WindowEnds.UTC().Format(time.RFC3339))
				}
			}
			out.Alerts = append(out.Alerts, store.Alert{PurchaseID: p.ID, Kind: store.AlertStale, Created: now, Note: note})
			p.StaleAlerted = true
		}
	}
	if open && p.Status == store.StatusDropped && !p.ReminderSent && !p.WindowEnds.IsZero() && p.WindowEnds.Sub(now) <= r.ReminderBefore {
		if hasKind(out.Alerts, store.AlertDrop) {
			// The drop alert in hand already says the window closes soon:
			// a reminder beside it would only be a second message.
			p.ReminderSent = true
			return out
		}
		out.Alerts = append(out.Alerts, store.Alert{
			PurchaseID: p.ID, Kind: store.AlertReminder, Created: now, Price: p.LowestPrice,
			Note: fmt.Sprintf("the price-protection window closes at %s and the drop is not claimed yet", p.WindowEnds.UTC().Format(time.RFC3339)),
		})
		p.ReminderSent = true
	}
	return out
}

func hasKind(alerts []store.Alert, k store.AlertKind) bool {
	for _, a := range alerts {
		if a.Kind == k {
			return true
		}
	}
	return false
}

// NeedsRecheck reports whether an observation would raise a drop alert on a
// fall so deep it may be a misread: the watcher then reads the page once more
// and passes Check.Confirmed.
func NeedsRecheck(p store.Purchase, obs store.Observation, r Rules) bool {
	r = r.withDefaults()
	if obs.Status != "ok" || obs.Price == nil || obs.Price.Currency != p.Paid.Currency {
		return false
	}
	return windowOpen(p, obs.At) && watched(p.Status) && deepDrop(p.Paid, *obs.Price, r) && dropsEnough(p, *obs.Price, r)
}

func windowOpen(p store.Purchase, now time.Time) bool {
	return p.WindowEnds.IsZero() || now.Before(p.WindowEnds)
}

// dropsEnough: at least MinDrop below what was paid and, after an alert, at
// least MinDrop below the price already alerted (same low twice: one alert; a
// price creeping down a yen at a time: not an alert each time).
func dropsEnough(p store.Purchase, price money.Money, r Rules) bool {
	step := r.MinDrop.Amount(p.Paid)
	if price.Amount > p.Paid.Amount-step {
		return false
	}
	if p.LastAlerted == nil || p.LastAlerted.Currency != price.Currency {
		return true
	}
	return price.Amount < p.LastAlerted.Amount && price.Amount <= p.LastAlerted.Amount-step
}

// deepDrop: more than DeepDropPercent below what was paid. Amounts are at most
// money.MaxAmount (1e15), so ×100 stays inside int64.
func deepDrop(paid, price money.Money, r Rules) bool {
	if paid.Amount <= 0 {
		return false
	}
	return (paid.Amount-price.Amount)*100 > paid.Amount*r.DeepDropPercent
}

func dropAlert(p *store.Purchase, price money.Money, deep bool, c Check, r Rules) store.Alert {
	a := store.Alert{PurchaseID: p.ID, Kind: store.AlertDrop, Created: c.Obs.At, Price: &price}
	if deep {
		pct := (p.Paid.Amount - price.Amount) * 100 / p.Paid.Amount
		a.Suspect = true
		a.Note = fmt.Sprintf("the price fell %d%% below what was paid; it was read twice to rule out a misread, but check the page before claiming", pct)
	}
	if p.ThirdParty {
		seller := p.Seller
		if seller == "" {
			seller = "a third-party seller"
		}
		a.Note = joinNote(a.Note, fmt.Sprintf("the offer is sold by %s, not the store: price protection may not apply", seller))
	}
	return a
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func curLabel(c string) string {
	if c == "" {
		return "an unknown currency"
	}
	return c
}
