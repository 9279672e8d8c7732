package watcher

import (
	"compress/gzip"
	"crypto/sha256"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"refundwatch/store"
	"refundwatch/store/money"
	"refundwatch/watcher/extract"
	"refundwatch/watcher/extract/fixtures"
)

type fixture struct {
	file  string
	price money.Money
}

func readManifest(t testing.TB) []fixture {
	t.Helper()
	var out []fixture
	for _, row := range fixtures.Manifest(t) {
		m, err := money.FromDecimal(row.Price, row.Currency)
		if row.Price == "" || row.Currency == "" || err != nil {
			continue // no single expected price (unavailable pages, ...)
		}
		out = append(out, fixture{file: row.File, price: m})
	}
	return out
}

// Real pages served gzipped by a local shop reach the page reader byte for
// byte with their Content-Type; the reader's price drives the decision. The
// reader here is a fake keyed by the page's hash (the real one is wired later).
func TestCycleRealPages(t *testing.T) {
	dir := fixtures.Dir(t)
	fxs := readManifest(t)
	if len(fxs) == 0 {
		t.Skip("no fixture with a single expected price in MANIFEST.tsv")
	}
	fxs = fxs[:min(len(fxs), 5)]
	s := newShop(t)
	byHash := map[[32]byte]money.Money{}
	var ps []store.Purchase
	for i, fx := range fxs {
		b, err := os.ReadFile(filepath.Join(dir, fx.file))
		if err != nil {
			t.Fatal(err)
		}
		byHash[sha256.Sum256(b)] = fx.price
		path := "/" + fx.file
		s.serve(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", "gzip")
			zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed) // -race makes flate slow
			zw.Write(b)
			zw.Close()
		})
		p := purchase(uint64(i+1), s.url(path))
		p.Paid = money.Money{Amount: fx.price.Amount*2 + 1, Currency: fx.price.Currency} // a 50% drop
		ps = append(ps, p)
	}
	e := newEnv(t, ps...)
	e.cfg.Extractor = ExtractorFunc(func(body []byte, o extract.Options) (extract.Result, error) {
		if o.ContentType != "text/html; charset=utf-8" || o.URL == "" {
			t.Errorf("extract options %+v: want the page's Content-Type and the purchase URL", o)
		}
		m, ok := byHash[sha256.Sum256(body)]
		if !ok {
			return extract.Result{Status: extract.StatusNotFound}, nil // body changed on the way
		}
		return extract.Result{Status: extract.StatusOK, Price: &m, URL: o.URL}, nil
	})
	e.cfg.Rules.MinDrop = MinDrop{} // any fall, whatever the currency
	e.timeout = 20 * time.Second    // big pages, gzipped under -race
	e.restart(t)
	sum := e.cycle(t)
	if sum.OK != len(fxs) || sum.Alerts != len(fxs) {
		t.Fatalf("summary %+v, want %d pages read and %d drops\n%s", sum, len(fxs), len(fxs), e.logs.String())
	}
	for i, fx := range fxs {
		p := e.st.get(uint64(i + 1))
		if p.LastPrice == nil || *p.LastPrice != fx.price {
			t.Errorf("%s: last price %v, want %s", fx.file, moneyText(p.LastPrice), fx.price)
		}
	}
}
