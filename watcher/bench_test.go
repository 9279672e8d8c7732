package watcher

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"refundwatch/store"
	"refundwatch/store/money"
	"refundwatch/watcher/extract"
	"refundwatch/watcher/extract/fixtures"
	"refundwatch/watcher/fetch"
)

// benchExtractor stands in for the page reader: it finds a marker and reads
// the number after it. To measure with the real reader, set it to
// ExtractorFunc(extract.Extract) and serve a real page.
var benchExtractor Extractor = ExtractorFunc(func(body []byte, o extract.Options) (extract.Result, error) {
	i := bytes.Index(body, []byte(`data-price="`))
	if i < 0 {
		return extract.Result{Status: extract.StatusNotFound, URL: o.URL}, nil
	}
	rest := body[i+len(`data-price="`):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return extract.Result{Status: extract.StatusNotFound, URL: o.URL}, nil
	}
	m, err := money.FromDecimal(string(rest[:j]), "JPY")
	if err != nil {
		return extract.Result{}, err
	}
	return extract.Result{Status: extract.StatusOK, Price: &m, URL: o.URL}, nil
})

// benchPages: a small synthetic page, and a real ~0.7 MB product page with
// the marker appended (when ../shared/fixtures is there).
func benchPages(b *testing.B) []struct {
	name string
	body []byte
} {
	small := []byte(`<html><head><title>Test product</title></head><body>` +
		string(bytes.Repeat([]byte(`<div class="row">filler text for a realistic page size</div>`), 30)) +
		`<span id="price" data-price="1980">￥1,980</span></body></html>`)
	pages := []struct {
		name string
		body []byte
	}{{"small", small}}
	if dir := fixtures.Optional(b); dir != "" {
		if raw, err := os.ReadFile(filepath.Join(dir, "amazon_com_2017_ourprice_B0057OC5O8.html")); err == nil {
			pages = append(pages, struct {
				name string
				body []byte
			}{"fixture", append(raw, []byte(`<span data-price="1980"></span>`)...)})
		}
	}
	return pages
}

const benchPurchases = 1000

// BenchmarkCycle: one cycle over 1,000 purchases against a local shop,
// politeness off, in-memory store, cheap page reader. ns/check and
// allocs/check include the test shop's own work (same process).
func BenchmarkCycle(b *testing.B) {
	for _, pg := range benchPages(b) {
		b.Run(pg.name, func(b *testing.B) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(pg.body)
			}))
			defer srv.Close()
			now := time.Now()
			ps := make([]store.Purchase, benchPurchases)
			for i := range ps {
				ps[i] = store.Purchase{
					ID: uint64(i + 1), URL: fmt.Sprintf("%s/dp/B%09d", srv.URL, i), Paid: *jpy(1980),
					Bought: now, Created: now, WindowEnds: now.Add(7 * 24 * time.Hour), Status: store.StatusWatching,
				}
			}
			st := newFakeStore(ps...)
			fc, err := fetch.New(fetch.Config{Jitter: -1, Logger: quiet()})
			if err != nil {
				b.Fatal(err)
			}
			w, err := New(Config{Extractor: benchExtractor, Logger: quiet(), Alerter: &recordingAlerter{}}, st, fc)
			if err != nil {
				b.Fatal(err)
			}
			var ms0, ms1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms0)
			b.ResetTimer()
			for b.Loop() {
				sum, err := w.Cycle(b.Context())
				if err != nil || sum.OK != benchPurchases {
					b.Fatalf("cycle: %+v, %v", sum, err)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&ms1)
			checks := float64(b.N * benchPurchases)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/checks, "ns/check")
			b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/checks, "allocs/check")
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/checks, "B/check")
			if got := len(st.historyOf(1)); got != 1 {
				b.Fatalf("history of a steady price has %d points, want 1", got)
			}
		})
	}
}

// BenchmarkExtractAlone is the page reader alone over the same pages, the
// yardstick for BenchmarkCycle's per-check overhead.
func BenchmarkExtractAlone(b *testing.B) {
	for _, pg := range benchPages(b) {
		b.Run(pg.name, func(b *testing.B) {
			opts := extract.Options{URL: "http://127.0.0.1/dp/B000000001", ContentType: "text/html; charset=utf-8"}
			for b.Loop() {
				if res, err := benchExtractor.Extract(pg.body, opts); err != nil || res.Status != extract.StatusOK {
					b.Fatalf("extract: %+v, %v", res, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/check")
		})
	}
}
