package store

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// claimStatus is where each claim step leaves the purchase.
var claimStatus = map[ClaimKind]Status{
	ClaimSubmitted: StatusSubmitted,
	ClaimRefunded:  StatusRefunded,
	ClaimDenied:    StatusDenied,
}

// AddClaim records a claim step and moves the purchase's status with it
// (submitted/refunded/denied; refunded sets Refunded) in one transaction.
// A refunded step needs a positive Amount; a zero At is now.
func (db *DB) AddClaim(ctx context.Context, id uint64, c Claim) (Purchase, error) {
	status, ok := claimStatus[c.Kind]
	if !ok {
		return Purchase{}, fmt.Errorf("add claim: unknown kind %q", c.Kind)
	}
	if c.Kind == ClaimRefunded && (c.Amount == nil || c.Amount.Amount <= 0) {
		return Purchase{}, fmt.Errorf("add claim: a refund needs a positive amount")
	}
	if c.Kind != ClaimRefunded {
		c.Amount = nil
	}
	if c.At.IsZero() {
		c.At = time.Now()
	}
	var p Purchase
	err := db.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if p, err = getPurchase(tx, id); err != nil {
			return err
		}
		if err := insertClaim(tx, id, c); err != nil {
			return err
		}
		p.Status = status
		if c.Kind == ClaimRefunded {
			amount := *c.Amount
			p.Refunded = &amount
		}
		return putPurchase(tx, p)
	})
	if err != nil {
		return Purchase{}, fmt.Errorf("add claim: %w", err)
	}
	return p, nil
}

// insertClaim appends c to claims/<id>/ under the next step number.
func insertClaim(tx *bolt.Tx, id uint64, c Claim) error {
	parent, err := bucket(tx, bucketClaims)
	if err != nil {
		return err
	}
	b, err := parent.CreateBucketIfNotExists(itob(id))
	if err != nil {
		return err
	}
	n, err := b.NextSequence()
	if err != nil {
		return err
	}
	return put(b, itob(n), c)
}

// Claims returns a purchase's claim steps, oldest first (never nil).
func (db *DB) Claims(ctx context.Context, id uint64) ([]Claim, error) {
	return listOf(ctx, db, id, claimsOf)
}

// claimsOf reads claims/<id>/ in step order.
func claimsOf(tx *bolt.Tx, id uint64) ([]Claim, error) {
	return subList[Claim](tx, bucketClaims, "claim of purchase", id)
}
