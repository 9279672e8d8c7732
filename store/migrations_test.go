package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// buildAt makes a database file at schema version v (0: empty bbolt file)
// and lets fill write old-style data into it.
func buildAt(t *testing.T, v uint64, fill func(tx *bolt.Tx) error) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		if err := migrate(tx, v); err != nil {
			return err
		}
		if fill != nil {
			return fill(tx)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// fileVersion reads the schema version straight from the file.
func fileVersion(t *testing.T, path string) uint64 {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	var v uint64
	if err := bdb.View(func(tx *bolt.Tx) error { v, err = readVersion(tx); return err }); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestMigrationsAreOrdered(t *testing.T) {
	for i, m := range migrations {
		if m.version != uint64(i+1) || m.name == "" || m.run == nil {
			t.Fatalf("migration #%d = {%d %q}: versions must run 1, 2, 3... with a name and a func", i, m.version, m.name)
		}
	}
}

func TestMigrateV0ToV1CreatesBuckets(t *testing.T) {
	path := buildAt(t, 0, nil)
	if got := fileVersion(t, path); got != 0 {
		t.Fatalf("fresh file version = %d", got)
	}
	path = buildAt(t, 1, nil)
	if got := fileVersion(t, path); got != 1 {
		t.Fatalf("version after v1 = %d", got)
	}
	bdb, _ := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	defer bdb.Close()
	_ = bdb.View(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketPurchases, bucketHistory, bucketAlerts, bucketClaims} {
			if tx.Bucket(name) == nil {
				t.Errorf("bucket %s missing at v1", name)
			}
		}
		if tx.Bucket(bucketAlertsByPurchase) != nil {
			t.Error("v2's index exists at v1")
		}
		return nil
	})
}

func TestMigrateV1ToV2IndexesAlerts(t *testing.T) {
	// A v1 database: two purchases and alerts stored without the index.
	path := buildAt(t, 1, func(tx *bolt.Tx) error {
		for _, p := range []Purchase{{URL: "https://example.com/1"}, {URL: "https://example.com/2"}} {
			if _, err := insertPurchase(tx, p); err != nil {
				return err
			}
		}
		alerts := tx.Bucket(bucketAlerts)
		for _, a := range []Alert{{PurchaseID: 2, Kind: AlertDrop}, {PurchaseID: 0, Kind: AlertTest}, {PurchaseID: 1, Kind: AlertStale}, {PurchaseID: 2, Kind: AlertReminder}} {
			id, _ := alerts.NextSequence()
			a.ID = id
			if err := put(alerts, itob(id), a); err != nil {
				return err
			}
		}
		return nil
	})
	ctx := context.Background()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := fileVersion(t, path); got != 2 {
		t.Fatalf("version after Open = %d, want 2", got)
	}
	for pid, want := range map[uint64][]uint64{1: {3}, 2: {1, 4}} {
		as, err := db.Alerts(ctx, pid)
		if err != nil {
			t.Fatal(err)
		}
		var got []uint64
		for _, a := range as {
			got = append(got, a.ID)
		}
		sameJSON(t, "alerts of purchase", got, want)
	}
	// The index is what DeletePurchase uses: migrated alerts go with their purchase.
	if err := db.DeletePurchase(ctx, 2); err != nil {
		t.Fatal(err)
	}
	pending, _ := db.PendingAlerts(ctx)
	if len(pending) != 2 || pending[0].ID != 2 || pending[1].ID != 3 {
		t.Fatalf("pending after deleting purchase 2 = %+v, want alerts 2 and 3", pending)
	}
}

func TestMigrateFailureWritesNothing(t *testing.T) {
	// A v1 file with an undecodable alert: v2 fails, the file stays v1.
	path := buildAt(t, 1, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAlerts).Put(itob(1), []byte("{not json"))
	})
	_, err := Open(context.Background(), path, Options{})
	if err == nil || !strings.Contains(err.Error(), "schema v2") {
		t.Fatalf("Open = %v, want a v2 migration error", err)
	}
	if got := fileVersion(t, path); got != 1 {
		t.Fatalf("version after failed migration = %d, want 1", got)
	}
}

func TestRefuseNewerSchema(t *testing.T) {
	newer := currentVersion() + 1
	path := buildAt(t, currentVersion(), func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, itob(newer))
	})
	_, err := Open(context.Background(), path, Options{})
	if !errors.Is(err, ErrTooNew) {
		t.Fatalf("Open = %v, want ErrTooNew", err)
	}
	for _, want := range []string{"v3", "v2", "newer refundwatch"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if got := fileVersion(t, path); got != newer {
		t.Fatalf("version changed to %d", got)
	}
}

func TestNewerSchemaWhileOpen(t *testing.T) {
	// A newer refundwatch migrates the file under a running one: every
	// later operation refuses rather than misreading it.
	ctx := context.Background()
	db := openTest(t)
	bdb, err := bolt.Open(db.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = bdb.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, itob(currentVersion()+1)) })
	bdb.Close()
	if _, err := db.Purchases(ctx); !errors.Is(err, ErrTooNew) {
		t.Fatalf("Purchases = %v, want ErrTooNew", err)
	}
	if _, err := db.AddPurchase(ctx, Purchase{URL: "https://example.com"}); !errors.Is(err, ErrTooNew) {
		t.Fatalf("AddPurchase = %v, want ErrTooNew", err)
	}
}
