package store

import (
	"context"

	bolt "go.etcd.io/bbolt"
)

// Detail is one purchase with everything recorded about it, read at one
// instant (one transaction): what `refundwatch show` prints.
type Detail struct {
	Purchase Purchase
	History  []Observation
	Alerts   []Alert
	Claims   []Claim
}

// Detail reads a purchase with its history, alerts and claims in one read
// transaction, so a purchase removed meanwhile is simply ErrNotFound.
func (db *DB) Detail(ctx context.Context, id uint64) (Detail, error) {
	var d Detail
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		if d.Purchase, err = getPurchase(tx, id); err != nil {
			return err
		}
		if d.History, err = historyOf(tx, id); err != nil {
			return err
		}
		if d.Alerts, err = alertsOf(tx, id); err != nil {
			return err
		}
		d.Claims, err = claimsOf(tx, id)
		return err
	})
	return d, err
}
