package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"refundwatch/store/money"
	"refundwatch/watcher/extract/fixtures"
)

// fixtureRow is one line of ../shared/fixtures/MANIFEST.tsv.
type fixtureRow struct {
	file, locale, price, currency string
}

// readManifest reads the real pages' manifest through the shared locator
// (skips where ../shared/fixtures is absent, fails under CI).
func readManifest(t testing.TB) (string, []fixtureRow) {
	t.Helper()
	fx := fixtures.Dir(t)
	var rows []fixtureRow
	for _, r := range fixtures.Manifest(t) {
		rows = append(rows, fixtureRow{file: r.File, locale: r.Locale, price: r.Price, currency: r.Currency})
	}
	if len(rows) < 40 {
		t.Fatalf("manifest has %d rows, want at least 40", len(rows))
	}
	return fx, rows
}

// siteURL turns the manifest's locale_site ("en-US amazon.com",
// "www.amazon.co.jp/-/en/ (English UI...)", "en-GB ikea.com/gb") into a URL.
func siteURL(locale string) string {
	for _, f := range strings.Fields(locale) {
		if strings.Contains(f, ".") && !strings.HasPrefix(f, "(") {
			f = strings.TrimSuffix(f, ",")
			if !strings.HasPrefix(f, "www.") {
				f = "www." + f
			}
			return "https://" + f
		}
	}
	return ""
}

// wantStatus is the status a no-price fixture must give.
func wantStatus(r fixtureRow) Status {
	switch {
	case r.price != "":
		return StatusOK
	case strings.Contains(r.file, "captcha") || strings.Contains(r.file, "awswaf"):
		return StatusBlocked
	case strings.Contains(r.file, "not_found") || strings.Contains(r.file, "rakuten_top"):
		return StatusNotFound
	}
	return StatusUnavailable
}

// extraWant holds what some fixtures must also say beyond price and status
// (the manifest's "decide policy" rows and the seller on amazon.co.jp).
var extraWant = map[string]struct {
	available, condition, seller string // "" = not checked
	soldByStore                  string
}{
	"ikea_gb_oos.html":                           {available: "false"},
	"amazon_co_uk_2024_usedonly_1849757097.html": {condition: "used", available: "true"},
	"amazon_de_2020_unqualified_B00CYG4J5U.html": {available: "false"},
	"amazon_com_2020_oos_B07FW264WL.html":        {available: "false"},
	"amazonjp_2022_lukahuang_a.html":             {available: "true", seller: "Amazon.co.jp", soldByStore: "true"},
	"amazonjp_2020_clarkwkw_available.htm":       {available: "true", seller: "Amazon.co.jp", soldByStore: "true"},
	"amazon_it_2020_coupon_B085ZSV1JJ.html":      {seller: "RetevisDirect", soldByStore: "false"},
	"amazon_com_2021_ourprice_B00N150YS4.html":   {seller: "Amazon.com", soldByStore: "true"},
	"amazon_com_2024_kindle_B0011UCPM4.html":     {seller: "Hachette Book Group", soldByStore: "false"},
	"amazon_com_2017_kindle_B0011UCPM4.html":     {seller: "Hachette Book Group", soldByStore: "false"},
}

func boolString(b *bool) string {
	if b == nil {
		return ""
	}
	if *b {
		return "true"
	}
	return "false"
}

// noURLSkips are fixtures whose currency cannot be known without their URL:
// "$" with no canonical link and no currency in the page.
var noURLSkips = map[string]string{}

func TestFixtures(t *testing.T) {
	fx, rows := readManifest(t)
	for _, withURL := range []bool{true, false} {
		name := "with_url"
		if !withURL {
			name = "saved_page_no_url"
		}
		t.Run(name, func(t *testing.T) {
			for _, row := range rows {
				t.Run(row.file, func(t *testing.T) {
					if !withURL {
						if why, ok := noURLSkips[row.file]; ok {
							t.Skip(why)
						}
					}
					body, err := os.ReadFile(filepath.Join(fx, row.file))
					if err != nil {
						t.Fatalf("read: %v", err)
					}
					opts := Options{}
					if withURL {
						opts.URL = siteURL(row.locale)
					}
					res, err := Extract(body, opts)
					if err != nil {
						t.Fatalf("Extract: %v", err)
					}
					if got, want := res.Status, wantStatus(row); got != want {
						t.Fatalf("status = %s (method %s, price %v), want %s", got, res.Method, res.Price, want)
					}
					if x, ok := extraWant[row.file]; ok {
						if x.available != "" && boolString(res.Available) != x.available {
							t.Errorf("available = %q, want %q", boolString(res.Available), x.available)
						}
						if res.Condition != x.condition {
							t.Errorf("condition = %q, want %q", res.Condition, x.condition)
						}
						if x.seller != "" && (res.Seller == nil || *res.Seller != x.seller) {
							t.Errorf("seller = %v, want %q", res.Seller, x.seller)
						}
						if x.soldByStore != "" && boolString(res.SoldByStore) != x.soldByStore {
							t.Errorf("sold_by_store = %q, want %q", boolString(res.SoldByStore), x.soldByStore)
						}
					}
					if row.price == "" {
						if res.Price != nil {
							t.Fatalf("price = %v, want none", res.Price)
						}
						return
					}
					want, err := money.FromDecimal(row.price, row.currency)
					if err != nil {
						t.Fatalf("manifest price %q %s: %v", row.price, row.currency, err)
					}
					if res.Price == nil || *res.Price != want {
						t.Fatalf("price = %v (method %s), want %v", res.Price, res.Method, want)
					}
				})
			}
		})
	}
}
