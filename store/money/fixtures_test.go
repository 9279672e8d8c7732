package money

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fixturesDir finds <module root>/../shared/fixtures, or skips the test.
func fixturesDir(t *testing.T) string {
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
			t.Skip("../shared/fixtures not found: no go.mod above the test directory")
		}
		dir = parent
	}
	fx := filepath.Join(dir, "..", "shared", "fixtures")
	if _, err := os.Stat(filepath.Join(fx, "MANIFEST.tsv")); err != nil {
		t.Skipf("../shared/fixtures not found: %v", err)
	}
	return fx
}

var quoted = regexp.MustCompile(`"([^"]*[0-9][^"]*)"`)

// TestParseManifestPrices reads shared/fixtures/MANIFEST.tsv and parses the
// first quoted price text of each page's where_in_page column with the hint
// its store's host gives, expecting the page's true price.
func TestParseManifestPrices(t *testing.T) {
	f, err := os.Open(filepath.Join(fixturesDir(t), "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Pages whose first quoted number is not the visible price (meta or
	// JSON state quoted first), with the text the page reader would see.
	override := map[string]string{
		"rejuvenation_metaonly.html":           "120.00",
		"etsy_es_conflicting.html":             "53,11 €",
		"ikea_gb_oos.html":                     "£ 25",
		"amazonjp_2022_lukahuang_a.html":       "¥32,970",
		"amazonjp_2020_clarkwkw_available.htm": "￥1,320",
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	checked := 0
	for line := 0; sc.Scan(); line++ {
		cols := strings.Split(sc.Text(), "\t")
		if line == 0 || len(cols) < 8 || cols[5] == "" || cols[6] == "" {
			continue
		}
		name, want, cur, where := cols[0], cols[5], cols[6], cols[7]
		text, ok := override[name]
		if !ok {
			m := quoted.FindStringSubmatch(where)
			if m == nil {
				t.Errorf("%s: no quoted price text in where_in_page; add an override", name)
				continue
			}
			text = m[1]
		}
		host := siteHost(cols[4])
		t.Run(name, func(t *testing.T) {
			got, err := Parse(text, Hint{Host: host})
			if err != nil {
				t.Fatalf("Parse(%q, host %q): %v", text, host, err)
			}
			wantM, err := FromDecimal(want, cur)
			if err != nil {
				t.Fatalf("manifest price %q %s: %v", want, cur, err)
			}
			if got != wantM {
				t.Fatalf("Parse(%q, host %q) = %v, want %v", text, host, got, wantM)
			}
		})
		checked++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Fatalf("only %d manifest prices checked; the manifest format changed?", checked)
	}
}

// siteHost pulls the host out of a locale_site cell ("en-US amazon.com",
// "www.amazon.co.jp/-/en/ (English UI ...)", "etsy.com/es").
func siteHost(cell string) string {
	for _, f := range strings.Fields(cell) {
		if strings.Contains(f, ".") {
			h, _, _ := strings.Cut(f, "/")
			return h
		}
	}
	return ""
}
