package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Bucket names; the tree is drawn in doc.go.
var (
	bucketMeta             = []byte("meta")
	bucketPurchases        = []byte("purchases")
	bucketHistory          = []byte("history")
	bucketAlerts           = []byte("alerts")
	bucketAlertsByPurchase = []byte("alerts_by_purchase")
	bucketClaims           = []byte("claims")

	keySchema = []byte("schema")
)

// allBuckets are the top-level buckets of the current schema.
var allBuckets = [][]byte{bucketMeta, bucketPurchases, bucketHistory, bucketAlerts, bucketAlertsByPurchase, bucketClaims}

// itob is a fixed-width big-endian key, so keys sort numerically.
func itob(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func btoi(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

// timeKey is the history key of t: unix nanoseconds, big-endian.
func timeKey(t time.Time) []byte { return itob(uint64(t.UnixNano())) }

// pairKey is <a><b>, both big-endian: an index entry.
func pairKey(a, b uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, a)
	binary.BigEndian.PutUint64(k[8:], b)
	return k
}

// bucket returns a top-level bucket, or an error naming it when the file
// lacks it (a damaged or foreign file).
func bucket(tx *bolt.Tx, name []byte) (*bolt.Bucket, error) {
	b := tx.Bucket(name)
	if b == nil {
		return nil, fmt.Errorf("bucket %s missing: not a refundwatch database?", name)
	}
	return b, nil
}

// put stores v as JSON under key.
func put(b *bolt.Bucket, key []byte, v any) error {
	buf, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return b.Put(key, buf)
}

// decode reads a JSON value; json.Unmarshal copies, so the result outlives the transaction.
func decode(what string, id uint64, buf []byte, v any) error {
	if err := json.Unmarshal(buf, v); err != nil {
		return fmt.Errorf("decode %s %d: %w", what, id, err)
	}
	return nil
}

// getByID decodes <name>/<id>; ErrNotFound names what and id.
func getByID[T any](tx *bolt.Tx, name []byte, what string, id uint64) (T, error) {
	var v T
	b, err := bucket(tx, name)
	if err != nil {
		return v, err
	}
	buf := b.Get(itob(id))
	if buf == nil {
		return v, fmt.Errorf("%s %d: %w", what, id, ErrNotFound)
	}
	err = decode(what, id, buf, &v)
	return v, err
}

// subList decodes every value of <parent>/<id>/ in key order; never nil.
func subList[T any](tx *bolt.Tx, parent []byte, what string, id uint64) ([]T, error) {
	out := []T{}
	pb, err := bucket(tx, parent)
	if err != nil {
		return nil, err
	}
	b := pb.Bucket(itob(id))
	if b == nil {
		return out, nil
	}
	err = b.ForEach(func(_, buf []byte) error {
		var v T
		if err := decode(what, id, buf, &v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// listOf runs read for one purchase in a read transaction, after checking
// the purchase exists (ErrNotFound otherwise).
func listOf[T any](ctx context.Context, db *DB, id uint64, read func(*bolt.Tx, uint64) ([]T, error)) ([]T, error) {
	var out []T
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if _, err := getPurchase(tx, id); err != nil {
			return err
		}
		var err error
		out, err = read(tx, id)
		return err
	})
	return out, err
}
