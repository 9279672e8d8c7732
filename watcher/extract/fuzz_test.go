package extract

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"refundwatch/store/money"
)

// FuzzExtract feeds arbitrary bytes (seeded with the testdata pages and the
// committed corpus in testdata/fuzz/FuzzExtract) through Extract: it must not
// panic, must never give a price when blocked, and never a negative, zero or
// absurd amount or an unknown currency.
func FuzzExtract(f *testing.F) {
	pages, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "https://www.amazon.co.jp/dp/X", "")
	}
	f.Add([]byte(`<span class="price">$-5.00</span>`), "", "")
	f.Add([]byte(`<meta property="product:price:amount" content="1e308">`), "", ".price")
	f.Fuzz(func(t *testing.T, body []byte, url, sel string) {
		var r Result
		var err error
		done := make(chan struct{})
		go func() { r, err = Extract(body, Options{URL: url, Selector: sel}); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("Extract took more than 5 s (url %q, selector %q)", url, sel)
		}
		if err != nil {
			return
		}
		if r.Price == nil {
			return
		}
		if r.Status == StatusBlocked {
			t.Fatalf("blocked page with a price %v", r.Price)
		}
		if r.Price.Amount <= 0 || r.Price.Amount > maxMinor {
			t.Fatalf("absurd amount %d", r.Price.Amount)
		}
		if r.Price.Currency != "" && !money.ValidCurrency(r.Price.Currency) {
			t.Fatalf("unknown currency %q", r.Price.Currency)
		}
	})
}
