package store

import (
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
