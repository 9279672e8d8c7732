package watcher

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"refundwatch/store"
	"refundwatch/store/money"
	"refundwatch/watcher/extract"
)

// fixturesDir is <module root>/../shared/fixtures, or a skip.
func fixturesDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("../shared/fixtures not found: no go.mod above the package")
		}
		dir = parent
	}
	fx := filepath.Join(dir, "..", "shared", "fixtures")
	if _, err := os.Stat(filepath.Join(fx, "MANIFEST.tsv")); err != nil {
		t.Skipf("../shared/fixtures not found: %v", err)
	}
	return fx
}

type fixture struct {
	file  string
	price money.Money
}

func readManifest(t testing.TB, dir string) []fixture {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var out []fixture
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 7 || cols[0] == "filename" || cols[5] == "" || cols[6] == "" {
			continue
		}
		m, err := money.FromDecimal(cols[5], cols[6])
		if err != nil {
			continue // no single expected price (unavailable pages, ...)
		}
		out = append(out, fixture{file: cols[0], price: m})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Real pages served gzipped by a local shop reach the page reader byte for
// byte with their Content-Type; the reader's price drives the decision. The
// reader here is a fake keyed by the page's hash (the real one is wired later).
func TestCycleRealPages(t *testing.T) {
	dir := fixturesDir(t)
	fxs := readManifest(t, dir)
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
