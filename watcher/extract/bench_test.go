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
	fx, rows := readManifest(b)
	type pg struct {
		body []byte
		url  string
	}
	var pages []pg
	size := 0
	for _, r := range rows {
		if !strings.HasPrefix(r.file, "amazon_") || !strings.Contains(r.file, "_20") {
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
