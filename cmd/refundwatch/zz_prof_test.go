package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"refundwatch/store"
	"refundwatch/store/money"
	"refundwatch/watcher/extract/fixtures"
)

func BenchmarkZZCycleInProcess(b *testing.B) {
	const n = 300
	page := fixtures.Read(b, "amazonjp_2022_lukahuang_a.html")
	shop := newFixtureShop(b, page)
	dir := b.TempDir()
	dbPath := filepath.Join(dir, "bench.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte("schedule = \"@every 1h\"\n[http]\nper_host_interval = \"0s\"\n"), 0o600)
	ctx := context.Background()
	db, _ := store.Open(ctx, dbPath, store.Options{})
	now := time.Now()
	for i := 0; i < n; i++ {
		db.AddPurchase(ctx, store.Purchase{URL: fmt.Sprintf("%s/dp/P%04d", shop.URL, i), Paid: money.Money{Amount: 32970, Currency: "JPY"}, Bought: now, WindowEnds: now.Add(7 * 24 * time.Hour)})
	}
	db.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var out, errb bytes.Buffer
		code := run(ctx, []string{"--db", dbPath, "--config", cfg, "check"}, env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, now: time.Now})
		if code != 0 {
			b.Fatal(errb.String())
		}
	}
}
