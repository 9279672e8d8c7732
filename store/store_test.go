package store

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"refundwatch/store/money"
)

// openTest opens a fresh database in a test's temp dir.
func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "state", "refundwatch.db"), Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func jpy(n int64) *money.Money { return &money.Money{Amount: n, Currency: "JPY"} }

// samplePurchase has every field set, so a round trip proves each one is kept.
func samplePurchase(url string) Purchase {
	bought := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	return Purchase{
		URL: url, Title: "ヘッドホン", Order: "249-1234567-1234567",
		Paid: *jpy(12800), Bought: bought, WindowEnds: bought.Add(7 * 24 * time.Hour),
		Selector: "#price", Seller: "Amazon.co.jp", ThirdParty: true,
		LastPrice: jpy(12000), LastStatus: "ok",
		LastChecked: bought.Add(time.Hour), LastSuccess: bought.Add(time.Hour), LowestPrice: jpy(11000),
		LastAlerted: jpy(11000), StaleAlerted: true, ReminderSent: true, CurrencyWarned: true,
	}
}

// sameJSON compares values by their JSON form (times compare by instant).
func sameJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Fatalf("%s:\n got %s\nwant %s", what, g, w)
	}
}

func TestOpenCreatesPrivateFileAndFolders(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "refundwatch.db")
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := db.Path(); got != path {
		t.Fatalf("Path() = %q, want %q", got, path)
	}
	for p, want := range map[string]os.FileMode{
		path: 0o600, filepath.Dir(path): 0o700, filepath.Dir(filepath.Dir(path)): 0o700,
	} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("mode of %s = %v, want %v", p, got, want)
		}
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

func TestOpenRejectsNonDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "not.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("not bbolt ", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), path, Options{}); err == nil {
		t.Fatal("Open of a text file succeeded")
	}
}

func TestRoundTripAndReopen(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	want := samplePurchase("https://www.amazon.co.jp/dp/B0CXXXXXXX")
	before := time.Now()
	p, err := db.AddPurchase(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != 1 || p.Status != StatusWatching || p.Created.Before(before) {
		t.Fatalf("AddPurchase = id %d status %q created %v; want id 1, watching, created now", p.ID, p.Status, p.Created)
	}
	want.ID, want.Status, want.Created = p.ID, StatusWatching, p.Created
	got, err := db.Purchase(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "Purchase(1)", got, want)

	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := db.Purchase(ctx, 1); !errors.Is(err, ErrClosed) {
		t.Fatalf("Purchase after Close: %v, want ErrClosed", err)
	}
	db2, err := Open(ctx, db.Path(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err = db2.Purchase(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "Purchase(1) after reopen", got, want)
	p2, err := db2.AddPurchase(ctx, samplePurchase("https://example.com/2"))
	if err != nil {
		t.Fatal(err)
	}
	if p2.ID != 2 {
		t.Fatalf("ID after reopen = %d, want 2 (sequence persists)", p2.ID)
	}
}

func TestPurchaseCRUD(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	for i, u := range []string{"https://a.example/1", "https://b.example/2", "https://c.example/3"} {
		p, err := db.AddPurchase(ctx, Purchase{URL: u, Paid: *jpy(int64(1000 * (i + 1)))})
		if err != nil {
			t.Fatal(err)
		}
		if p.ID != uint64(i+1) {
			t.Fatalf("ID = %d, want %d", p.ID, i+1)
		}
	}
	if _, err := db.AddPurchase(ctx, Purchase{}); err == nil {
		t.Fatal("AddPurchase without URL succeeded")
	}
	ps, err := db.Purchases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 3 || ps[0].ID != 1 || ps[2].ID != 3 || ps[1].URL != "https://b.example/2" {
		t.Fatalf("Purchases = %+v", ps)
	}

	t.Run("update", func(t *testing.T) {
		p, err := db.UpdatePurchase(ctx, 2, func(p *Purchase) error {
			p.Title = "renamed"
			p.ID = 99 // ignored
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := db.Purchase(ctx, 2)
		if p.ID != 2 || got.Title != "renamed" {
			t.Fatalf("after update: returned id %d, stored title %q", p.ID, got.Title)
		}
		boom := errors.New("boom")
		if _, err := db.UpdatePurchase(ctx, 2, func(p *Purchase) error { p.Title = "lost"; return boom }); !errors.Is(err, boom) {
			t.Fatalf("failing fn: %v", err)
		}
		if got, _ := db.Purchase(ctx, 2); got.Title != "renamed" {
			t.Fatalf("failed update wrote title %q", got.Title)
		}
	})

	t.Run("unknown id", func(t *testing.T) {
		calls := map[string]func() error{
			"Purchase":       func() error { _, err := db.Purchase(ctx, 42); return err },
			"UpdatePurchase": func() error { _, err := db.UpdatePurchase(ctx, 42, func(*Purchase) error { return nil }); return err },
			"DeletePurchase": func() error { return db.DeletePurchase(ctx, 42) },
			"History":        func() error { _, err := db.History(ctx, 42); return err },
			"Claims":         func() error { _, err := db.Claims(ctx, 42); return err },
			"Alerts":         func() error { _, err := db.Alerts(ctx, 42); return err },
			"AddClaim":       func() error { _, err := db.AddClaim(ctx, 42, Claim{Kind: ClaimSubmitted}); return err },
			"EnqueueAlert":   func() error { _, err := db.EnqueueAlert(ctx, Alert{PurchaseID: 42, Kind: AlertDrop}); return err },
			"UpdateAlert":    func() error { _, err := db.UpdateAlert(ctx, 42, func(*Alert) error { return nil }); return err },
			"RecordCheck":    func() error { _, _, err := db.RecordCheck(ctx, 42, Observation{Status: "ok"}, nil); return err },
		}
		for name, call := range calls {
			err := call()
			if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "42") {
				t.Errorf("%s(42) = %v, want ErrNotFound naming 42", name, err)
			}
		}
	})

	t.Run("delete", func(t *testing.T) {
		if _, _, err := db.RecordCheck(ctx, 1, Observation{Status: "ok", Price: jpy(900)}, func(*Purchase) ([]Alert, error) {
			return []Alert{{Kind: AlertDrop, Price: jpy(900)}}, nil
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddClaim(ctx, 1, Claim{Kind: ClaimSubmitted}); err != nil {
			t.Fatal(err)
		}
		other, err := db.EnqueueAlert(ctx, Alert{PurchaseID: 3, Kind: AlertStale})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.DeletePurchase(ctx, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Purchase(ctx, 1); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Purchase after delete: %v", err)
		}
		pending, err := db.PendingAlerts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) != 1 || pending[0].ID != other.ID {
			t.Fatalf("pending after delete = %+v, want only alert %d of purchase 3", pending, other.ID)
		}
		// A new purchase never inherits the deleted one's history or claims.
		p, err := db.AddPurchase(ctx, Purchase{URL: "https://d.example/4"})
		if err != nil {
			t.Fatal(err)
		}
		if p.ID == 1 {
			t.Fatal("deleted ID reused")
		}
		var n int
		err = db.view(ctx, func(tx *bolt.Tx) error {
			n = tx.Bucket(bucketHistory).Stats().BucketN + tx.Bucket(bucketClaims).Stats().BucketN +
				tx.Bucket(bucketAlertsByPurchase).Stats().KeyN
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// history and claims each count themselves (2) and the alert of purchase 3 is indexed (1).
		if n != 3 {
			t.Fatalf("left-over sub-buckets/index entries: %d, want 3", n)
		}
	})
}

func TestOpenCurrentFileDoesNotWrite(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	txid := func() int {
		var id int
		if err := db.view(ctx, func(tx *bolt.Tx) error { id = tx.ID(); return nil }); err != nil {
			t.Fatal(err)
		}
		return id
	}
	before := txid()
	if _, err := Open(ctx, db.Path(), Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Purchases(ctx); err != nil {
		t.Fatal(err)
	}
	if after := txid(); after != before {
		t.Fatalf("Open and a read moved the file from txn %d to %d", before, after)
	}
	if _, err := db.AddPurchase(ctx, Purchase{URL: "https://example.com"}); err != nil {
		t.Fatal(err)
	}
	if after := txid(); after != before+1 {
		t.Fatalf("a write moved the file from txn %d to %d, want +1", before, after)
	}
}

func TestDetail(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	p, err := db.AddPurchase(ctx, samplePurchase("https://www.amazon.co.jp/dp/D1"))
	if err != nil {
		t.Fatal(err)
	}
	obs := Observation{At: p.Bought.Add(2 * time.Hour), Status: "ok", Price: jpy(11000)}
	if _, _, err := db.RecordCheck(ctx, p.ID, obs, func(*Purchase) ([]Alert, error) {
		return []Alert{{Kind: AlertDrop, Price: jpy(11000)}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddClaim(ctx, p.ID, Claim{At: obs.At, Kind: ClaimSubmitted}); err != nil {
		t.Fatal(err)
	}
	d, err := db.Detail(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Purchase.ID != p.ID || len(d.History) != 1 || len(d.Alerts) != 1 || len(d.Claims) != 1 || d.Purchase.Status != StatusSubmitted {
		t.Fatalf("Detail = %+v", d)
	}
	if _, err := db.Detail(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Detail(999) err = %v, want ErrNotFound", err)
	}
}
