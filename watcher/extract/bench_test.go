package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkExtract reads every Amazon 20xx fixture page (the pages
// tools/bs4_baseline.py is run on) and reports ms per page.
func BenchmarkExtract(b *testing.B) {
	benchPages(b, func(file string) bool {
		return strings.HasPrefix(file, "amazon_") && strings.Contains(file, "_20")
	})
}

// BenchmarkExtractAll reads every fixture page (Amazon, Japanese shops, the
// generic readers' pages).
func BenchmarkExtractAll(b *testing.B) {
	benchPages(b, func(string) bool { return true })
}

func benchPages(b *testing.B, want func(file string) bool) {
	fx, rows := readManifest(b)
	type pg struct {
		body []byte
		url  string
	}
	var pages []pg
	size := 0
	for _, r := range rows {
		if !want(r.file) {
			continue
		}
		body, err := os.ReadFile(filepath.Join(fx, r.file))
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, pg{body, siteURL(r.locale)})
		size += len(body)
	}
	b.SetBytes(int64(size / len(pages)))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		if _, err := Extract(p.body, Options{URL: p.url}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/page")
}
