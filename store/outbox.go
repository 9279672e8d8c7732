package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// EnqueueAlert commits an alert to the outbox (ID and Created assigned).
// PurchaseID 0 is an alert about no purchase (notify test); any other must exist.
func (db *DB) EnqueueAlert(ctx context.Context, a Alert) (Alert, error) {
	if a.Kind == "" {
		return Alert{}, errors.New("enqueue alert: empty kind")
	}
	a.Created = time.Now()
	err := db.update(ctx, func(tx *bolt.Tx) error {
		if a.PurchaseID != 0 {
			if _, err := getPurchase(tx, a.PurchaseID); err != nil {
				return err
			}
		}
		var err error
		a, err = insertAlert(tx, a)
		return err
	})
	if err != nil {
		return Alert{}, fmt.Errorf("enqueue alert: %w", err)
	}
	return a, nil
}

// insertAlert gives a the next alert ID, stores and indexes it.
func insertAlert(tx *bolt.Tx, a Alert) (Alert, error) {
	b, err := bucket(tx, bucketAlerts)
	if err != nil {
		return Alert{}, err
	}
	if a.ID, err = b.NextSequence(); err != nil {
		return Alert{}, err
	}
	if err := put(b, itob(a.ID), a); err != nil {
		return Alert{}, err
	}
	if a.PurchaseID != 0 {
		idx, err := bucket(tx, bucketAlertsByPurchase)
		if err != nil {
			return Alert{}, err
		}
		if err := idx.Put(pairKey(a.PurchaseID, a.ID), []byte{}); err != nil {
			return Alert{}, err
		}
	}
	return a, nil
}

// getAlert loads one alert; ErrNotFound names the id.
func getAlert(tx *bolt.Tx, id uint64) (Alert, error) {
	a, err := getByID[Alert](tx, bucketAlerts, "alert", id)
	a.ID = id
	return a, err
}

// PendingAlerts returns alerts not yet sent nor permanently failed, by ID.
func (db *DB) PendingAlerts(ctx context.Context) ([]Alert, error) {
	var pending []Alert
	err := db.view(ctx, func(tx *bolt.Tx) error {
		all, err := allAlerts(tx)
		if err != nil {
			return err
		}
		pending = []Alert{}
		for _, a := range all {
			if a.Pending() {
				pending = append(pending, a)
			}
		}
		return nil
	})
	return pending, err
}

// allAlerts is the whole outbox by ID.
func allAlerts(tx *bolt.Tx) ([]Alert, error) {
	b, err := bucket(tx, bucketAlerts)
	if err != nil {
		return nil, err
	}
	var all []Alert
	err = b.ForEach(func(k, v []byte) error {
		var a Alert
		if err := decode("alert", btoi(k), v, &a); err != nil {
			return err
		}
		a.ID = btoi(k)
		all = append(all, a)
		return nil
	})
	return all, err
}

// Alerts returns every alert of one purchase, by ID (never nil), or ErrNotFound.
func (db *DB) Alerts(ctx context.Context, purchaseID uint64) ([]Alert, error) {
	return listOf(ctx, db, purchaseID, alertsOf)
}

// alertIDsOf walks the alerts_by_purchase index.
func alertIDsOf(tx *bolt.Tx, purchaseID uint64) ([]uint64, error) {
	idx, err := bucket(tx, bucketAlertsByPurchase)
	if err != nil {
		return nil, err
	}
	prefix := itob(purchaseID)
	var ids []uint64
	c := idx.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, btoi(k[8:]))
	}
	return ids, nil
}

// alertsOf loads a purchase's alerts through the index.
func alertsOf(tx *bolt.Tx, purchaseID uint64) ([]Alert, error) {
	ids, err := alertIDsOf(tx, purchaseID)
	if err != nil {
		return nil, err
	}
	as := make([]Alert, 0, len(ids))
	for _, id := range ids {
		a, err := getAlert(tx, id)
		if err != nil {
			return nil, fmt.Errorf("index of purchase %d: %w", purchaseID, err)
		}
		as = append(as, a)
	}
	return as, nil
}

// deleteAlertsOf removes a purchase's alerts and their index entries.
func deleteAlertsOf(tx *bolt.Tx, purchaseID uint64) error {
	ids, err := alertIDsOf(tx, purchaseID)
	if err != nil {
		return err
	}
	alerts := tx.Bucket(bucketAlerts)
	idx := tx.Bucket(bucketAlertsByPurchase)
	for _, id := range ids {
		if err := alerts.Delete(itob(id)); err != nil {
			return err
		}
		if err := idx.Delete(pairKey(purchaseID, id)); err != nil {
			return err
		}
	}
	return nil
}

// UpdateAlert loads, changes (fn) and stores an alert in one transaction. fn
// cannot change the ID or the purchase; if fn fails nothing is written. fn
// runs inside the transaction: it must not call the DB.
func (db *DB) UpdateAlert(ctx context.Context, id uint64, fn func(*Alert) error) (Alert, error) {
	var a Alert
	err := db.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if a, err = getAlert(tx, id); err != nil {
			return err
		}
		pid := a.PurchaseID
		if err := fn(&a); err != nil {
			return err
		}
		a.ID, a.PurchaseID = id, pid
		return put(tx.Bucket(bucketAlerts), itob(id), a)
	})
	if err != nil {
		return Alert{}, fmt.Errorf("update alert: %w", err)
	}
	return a, nil
}
