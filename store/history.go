package store

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"refundwatch/store/money"
)

// History returns a purchase's observations, oldest first (never nil).
func (db *DB) History(ctx context.Context, id uint64) ([]Observation, error) {
	return listOf(ctx, db, id, historyOf)
}

// historyOf reads history/<id>/ in time order.
func historyOf(tx *bolt.Tx, id uint64) ([]Observation, error) {
	return subList[Observation](tx, bucketHistory, "observation of purchase", id)
}

// RecordCheck stores the result of one check in one transaction: it loads the
// purchase, lets decide update it and return alerts to queue, appends obs to
// the history only when its status or price differs from the latest point,
// stores the purchase and enqueues the alerts (IDs assigned). It returns the
// stored purchase and alerts. If decide fails nothing is written. A zero
// obs.At is now; a nil decide only records the observation. Queued alerts
// belong to this purchase; a zero Created is obs.At.
//
// decide runs inside the write transaction, holding the file lock: it must be
// quick and must not call the DB (that would deadlock).
func (db *DB) RecordCheck(ctx context.Context, id uint64, obs Observation, decide func(p *Purchase) ([]Alert, error)) (Purchase, []Alert, error) {
	if obs.At.IsZero() {
		obs.At = time.Now()
	}
	var (
		p      Purchase
		queued []Alert
	)
	err := db.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if p, err = getPurchase(tx, id); err != nil {
			return err
		}
		var alerts []Alert
		if decide != nil {
			if alerts, err = decide(&p); err != nil {
				return fmt.Errorf("decide: %w", err)
			}
		}
		p.ID = id
		if _, err := appendObservation(tx, id, obs); err != nil {
			return err
		}
		if err := putPurchase(tx, p); err != nil {
			return err
		}
		queued = make([]Alert, 0, len(alerts))
		for _, a := range alerts {
			a.PurchaseID = id
			if a.Created.IsZero() {
				a.Created = obs.At
			}
			if a, err = insertAlert(tx, a); err != nil {
				return err
			}
			queued = append(queued, a)
		}
		return nil
	})
	if err != nil {
		return Purchase{}, nil, fmt.Errorf("record check of purchase %d: %w", id, err)
	}
	return p, queued, nil
}

// appendObservation adds o to history/<id>/ unless the latest point already
// says the same (status and price), so steady prices cost no space.
func appendObservation(tx *bolt.Tx, id uint64, o Observation) (bool, error) {
	h, err := bucket(tx, bucketHistory)
	if err != nil {
		return false, err
	}
	b, err := h.CreateBucketIfNotExists(itob(id))
	if err != nil {
		return false, err
	}
	if _, v := b.Cursor().Last(); v != nil {
		var last Observation
		if err := decode("observation of purchase", id, v, &last); err != nil {
			return false, err
		}
		if last.Status == o.Status && sameMoney(last.Price, o.Price) {
			return false, nil
		}
	}
	return true, put(b, timeKey(o.At), o)
}

// sameMoney compares two optional amounts.
func sameMoney(a, b *money.Money) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
