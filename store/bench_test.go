package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// benchDB is a database with 100 purchases, each with some history, like a
// busy user's.
func benchDB(b *testing.B) *DB {
	b.Helper()
	ctx := context.Background()
	db := openTest(b)
	at := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for i := range 100 {
		p, err := db.AddPurchase(ctx, samplePurchase(fmt.Sprintf("https://www.amazon.co.jp/dp/B%08d", i)))
		if err != nil {
			b.Fatal(err)
		}
		for h := range 10 {
			if _, _, err := db.RecordCheck(ctx, p.ID, Observation{At: at.Add(time.Duration(h) * time.Hour), Status: "ok", Price: jpy(int64(12000 + h))}, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	return db
}

// BenchmarkRecordCheck is the daemon's per-check cost: open, lock, one write
// transaction (fsync), close. Steady price: no history point is added.
func BenchmarkRecordCheck(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	obs := Observation{At: time.Now(), Status: "ok", Price: jpy(12009)}
	decide := func(p *Purchase) ([]Alert, error) {
		p.LastChecked = time.Now()
		return nil, nil
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, _, err := db.RecordCheck(ctx, uint64(i%100+1), obs, decide); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecordCheckNewPoint adds a history point every time.
func BenchmarkRecordCheckNewPoint(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	at := time.Now()
	for i := 0; b.Loop(); i++ {
		obs := Observation{At: at.Add(time.Duration(i) * time.Second), Status: "ok", Price: jpy(int64(10000 + i%2))}
		if _, _, err := db.RecordCheck(ctx, uint64(i%100+1), obs, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPurchase is a CLI read: open shared, one read transaction, close.
func BenchmarkPurchase(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	for i := 0; b.Loop(); i++ {
		if _, err := db.Purchase(ctx, uint64(i%100+1)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPurchases lists all 100 purchases (refundwatch list).
func BenchmarkPurchases(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	for b.Loop() {
		if _, err := db.Purchases(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen is what every CLI command pays first on a current file.
func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	path := benchDB(b).Path()
	for b.Loop() {
		if _, err := Open(ctx, path, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
