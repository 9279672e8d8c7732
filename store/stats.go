package store

import (
	"context"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"refundwatch/store/money"
)

// Stats summarises the database at now:
//   - Watching: purchases whose effective status at now is watching;
//   - DropsFound: purchases that ever dropped (status dropped, submitted,
//     refunded or denied, or a drop alerted);
//   - ClaimsOpen: drops still claimable (effective status dropped) plus
//     submitted claims awaiting an answer;
//   - Recovered: refunded amounts; DueUnclaimed: RefundDue of the open claims;
//     both one entry per currency, sorted by code, never nil;
//   - AlertsPending / AlertsFailed: the outbox.
func (db *DB) Stats(ctx context.Context, now time.Time) (Stats, error) {
	var st Stats
	err := db.view(ctx, func(tx *bolt.Tx) error {
		ps, err := allPurchases(tx)
		if err != nil {
			return err
		}
		alerts, err := allAlerts(tx)
		if err != nil {
			return err
		}
		st = summarise(ps, alerts, now)
		return nil
	})
	return st, err
}

// summarise is Stats without the database.
func summarise(ps []Purchase, alerts []Alert, now time.Time) Stats {
	dropAlerted := map[uint64]bool{}
	st := Stats{Purchases: len(ps)}
	for _, a := range alerts {
		if a.Kind == AlertDrop {
			dropAlerted[a.PurchaseID] = true
		}
		switch {
		case a.Failed:
			st.AlertsFailed++
		case a.Pending():
			st.AlertsPending++
		}
	}
	recovered, due := map[string]int64{}, map[string]int64{}
	for _, p := range ps {
		eff := p.EffectiveStatus(now)
		if eff == StatusWatching {
			st.Watching++
		}
		switch p.Status {
		case StatusDropped, StatusSubmitted, StatusRefunded, StatusDenied:
			st.DropsFound++
		default:
			if p.LastAlerted != nil || dropAlerted[p.ID] {
				st.DropsFound++
			}
		}
		if eff == StatusDropped || p.Status == StatusSubmitted {
			st.ClaimsOpen++
			if d := p.RefundDue(); d.Amount > 0 {
				due[d.Currency] += d.Amount
			}
		}
		if p.Status == StatusRefunded && p.Refunded != nil {
			recovered[p.Refunded.Currency] += p.Refunded.Amount
		}
	}
	st.Recovered, st.DueUnclaimed = perCurrency(recovered), perCurrency(due)
	return st
}

// perCurrency turns sums into a slice sorted by currency code.
func perCurrency(sums map[string]int64) []money.Money {
	out := make([]money.Money, 0, len(sums))
	for cur, amount := range sums {
		out = append(out, money.Money{Amount: amount, Currency: cur})
	}
	slices.SortFunc(out, func(a, b money.Money) int { return strings.Compare(a.Currency, b.Currency) })
	return out
}
