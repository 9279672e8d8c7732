package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// AddPurchase stores a new purchase, assigning ID (NextSequence) and Created.
// An empty Status becomes StatusWatching.
func (db *DB) AddPurchase(ctx context.Context, p Purchase) (Purchase, error) {
	if p.URL == "" {
		return Purchase{}, errors.New("add purchase: empty URL")
	}
	p.Created = time.Now()
	if p.Status == "" {
		p.Status = StatusWatching
	}
	err := db.update(ctx, func(tx *bolt.Tx) error {
		var err error
		p, err = insertPurchase(tx, p)
		return err
	})
	if err != nil {
		return Purchase{}, fmt.Errorf("add purchase: %w", err)
	}
	return p, nil
}

// insertPurchase gives p the next ID and stores it.
func insertPurchase(tx *bolt.Tx, p Purchase) (Purchase, error) {
	b, err := bucket(tx, bucketPurchases)
	if err != nil {
		return Purchase{}, err
	}
	id, err := b.NextSequence()
	if err != nil {
		return Purchase{}, err
	}
	p.ID = id
	return p, put(b, itob(id), p)
}

// Purchase returns one purchase, or ErrNotFound.
func (db *DB) Purchase(ctx context.Context, id uint64) (Purchase, error) {
	var p Purchase
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		p, err = getPurchase(tx, id)
		return err
	})
	return p, err
}

// getPurchase loads one purchase; ErrNotFound names the id.
func getPurchase(tx *bolt.Tx, id uint64) (Purchase, error) {
	p, err := getByID[Purchase](tx, bucketPurchases, "purchase", id)
	p.ID = id
	return p, err
}

// putPurchase stores p under its ID.
func putPurchase(tx *bolt.Tx, p Purchase) error {
	b, err := bucket(tx, bucketPurchases)
	if err != nil {
		return err
	}
	return put(b, itob(p.ID), p)
}

// Purchases returns every purchase ordered by ID.
func (db *DB) Purchases(ctx context.Context) ([]Purchase, error) {
	var ps []Purchase
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		ps, err = allPurchases(tx)
		return err
	})
	return ps, err
}

// allPurchases is every purchase by ID; never nil.
func allPurchases(tx *bolt.Tx) ([]Purchase, error) {
	b, err := bucket(tx, bucketPurchases)
	if err != nil {
		return nil, err
	}
	ps := []Purchase{}
	err = b.ForEach(func(k, v []byte) error {
		var p Purchase
		if err := decode("purchase", btoi(k), v, &p); err != nil {
			return err
		}
		p.ID = btoi(k)
		ps = append(ps, p)
		return nil
	})
	return ps, err
}

// UpdatePurchase loads, changes (fn) and stores a purchase in one transaction.
// fn cannot change the ID; if fn fails nothing is written. fn runs inside the
// transaction: it must not call the DB.
func (db *DB) UpdatePurchase(ctx context.Context, id uint64, fn func(*Purchase) error) (Purchase, error) {
	var p Purchase
	err := db.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if p, err = getPurchase(tx, id); err != nil {
			return err
		}
		if err := fn(&p); err != nil {
			return err
		}
		p.ID = id
		return putPurchase(tx, p)
	})
	if err != nil {
		return Purchase{}, fmt.Errorf("update purchase: %w", err)
	}
	return p, nil
}

// DeletePurchase forgets a purchase with its history, alerts and claims.
func (db *DB) DeletePurchase(ctx context.Context, id uint64) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		if _, err := getPurchase(tx, id); err != nil {
			return err
		}
		if err := tx.Bucket(bucketPurchases).Delete(itob(id)); err != nil {
			return err
		}
		for _, name := range [][]byte{bucketHistory, bucketClaims} {
			parent, err := bucket(tx, name)
			if err != nil {
				return err
			}
			if err := parent.DeleteBucket(itob(id)); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
				return fmt.Errorf("delete %s of purchase %d: %w", name, id, err)
			}
		}
		return deleteAlertsOf(tx, id)
	})
	if err != nil {
		return fmt.Errorf("delete purchase: %w", err)
	}
	return nil
}
