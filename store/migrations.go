package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migration brings the file from version-1 to version. Migrations run in
// order inside the write transaction that found the file older, so a failed
// one leaves the file as it was.
type migration struct {
	version uint64
	name    string
	run     func(tx *bolt.Tx) error
}

// migrations is the schema's history. Append only; each has a test in
// migrations_test.go.
var migrations = []migration{
	{1, "create buckets", createBucketsV1},
	{2, "index alerts by purchase", indexAlertsV2},
}

// currentVersion is the schema this code writes.
func currentVersion() uint64 { return migrations[len(migrations)-1].version }

// readVersion is the file's schema version; 0 for a fresh file.
func readVersion(tx *bolt.Tx) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, nil
	}
	v := meta.Get(keySchema)
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("schema version is %d bytes, want 8", len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// versionError explains a file this code cannot use as it is.
func versionError(v uint64) error {
	if v > currentVersion() {
		return fmt.Errorf("%w: its schema is v%d, this refundwatch knows up to v%d", ErrTooNew, v, currentVersion())
	}
	return fmt.Errorf("%w: v%d, want v%d", errOlderSchema, v, currentVersion())
}

// errOlderSchema marks a file that a write transaction must migrate first.
var errOlderSchema = errors.New("database schema is older than this refundwatch")

// migrate runs the migrations after the file's version up to target.
func migrate(tx *bolt.Tx, target uint64) error {
	v, err := readVersion(tx)
	if err != nil {
		return err
	}
	if v > currentVersion() {
		return versionError(v)
	}
	for _, m := range migrations {
		if m.version <= v || m.version > target {
			continue
		}
		if err := m.run(tx); err != nil {
			return fmt.Errorf("migrate to schema v%d (%s): %w", m.version, m.name, err)
		}
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return fmt.Errorf("migrate to schema v%d: no meta bucket", m.version)
		}
		if err := meta.Put(keySchema, itob(m.version)); err != nil {
			return fmt.Errorf("migrate to schema v%d: %w", m.version, err)
		}
	}
	return nil
}

// createBucketsV1 lays out the first schema.
func createBucketsV1(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketMeta, bucketPurchases, bucketHistory, bucketAlerts, bucketClaims} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// indexAlertsV2 adds alerts_by_purchase and fills it from the alerts already
// queued, so Alerts and DeletePurchase need not scan the whole outbox.
func indexAlertsV2(tx *bolt.Tx) error {
	idx, err := tx.CreateBucketIfNotExists(bucketAlertsByPurchase)
	if err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketAlertsByPurchase, err)
	}
	alerts, err := bucket(tx, bucketAlerts)
	if err != nil {
		return err
	}
	return alerts.ForEach(func(k, v []byte) error {
		var a Alert
		if err := decode("alert", btoi(k), v, &a); err != nil {
			return err
		}
		if a.PurchaseID == 0 {
			return nil
		}
		return idx.Put(pairKey(a.PurchaseID, btoi(k)), []byte{})
	})
}
