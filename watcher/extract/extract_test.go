package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current results")

// TestTestdataPages runs every self-written page in testdata/ (so a clone
// without ../shared/fixtures still covers every adapter and status) and
// compares the whole Result with testdata/<page>.golden.
func TestTestdataPages(t *testing.T) {
	cases := []struct {
		file, url, selector string
		status              Status
		price               string // "1980 JPY"; "" for none
		method              string
		title               string // substring
		available           string // "true", "false", "" for null
	}{
		{"amazon_jp_coreprice.html", "", "", StatusOK, "1980 JPY", "amazon:corePriceDisplay", "珈琲ミル", "true"},
		{"amazon_jp_coreprice.html", "https://www.amazon.co.jp/dp/B0TESTJP01", "", StatusOK, "1980 JPY", "amazon:corePriceDisplay", "珈琲ミル", "true"},
		{"amazon_jp_split_price.html", "", "", StatusOK, "12800 JPY", "amazon:corePriceDisplay", "ワイヤレスイヤホン", "false"},
		{"amazon_de_split_price.html", "", "", StatusOK, "1234.56 EUR", "amazon:corePriceDisplay", "Kaffeevollautomat", "true"},
		{"amazon_gone_with_price.html", "", "", StatusUnavailable, "", "amazon:out_of_stock", "Desk Fan", "false"},
		{"amazon_price_range.html", "", "", StatusNotFound, "", "amazon:no_price", "Cotton T-Shirt", ""},
		{"amazon_de_split_price.html", "amazon.de/dp/B0TESTDE01", "", StatusOK, "1234.56 EUR", "amazon:corePriceDisplay", "Kaffeevollautomat", "true"},
		{"amazon_jp_book.html", "", "", StatusOK, "1650 JPY", "amazon:price", "はじめての家庭料理", "true"},
		{"amazon_accordion.html", "", "", StatusOK, "23.99 GBP", "amazon:accordion", "Electric Kettle", "true"},
		{"amazon_oos.html", "", "", StatusUnavailable, "", "amazon:out_of_stock", "使い捨てマスク", "false"},
		{"amazon_captcha.html", "https://www.amazon.com/dp/B0TEST", "", StatusBlocked, "", "blocked:amazon:captcha", "", ""},
		{"aws_waf.html", "https://www.amazon.com/dp/B0TEST", "", StatusBlocked, "", "blocked:aws_waf", "", ""},
		{"cloudflare.html", "https://shop.example/p/1", "", StatusBlocked, "", "blocked:cloudflare_challenge", "", ""},
		{"jsonld_graph.html", "https://shop.example.de/p/1", "", StatusOK, "89.90 EUR", "jsonld", "Trail Runner 3", "true"},
		{"jsonld_pricespec.html", "", "", StatusOK, "149.00 GBP", "jsonld", "Studio Headphones & Case", "true"},
		{"shopify_regular.html", "https://smallshop.example/products/linen", "", StatusOK, "20.00 USD", "jsonld", "Linen Shirt", "true"},
		{"was_now.html", "https://www.shop.example/p/1", "", StatusOK, "31.49 USD", "visible", "Canape Plates", ""},
		{"jsonld_cents.html", "https://mugs.example.com/p/1", "", StatusOK, "29.99 USD", "visible:jsonld_cents", "Enamel Mug", ""},
		{"gone_continue_shopping.html", "https://shop.example.com/p/old", "", StatusNotFound, "", "no_price", "Oops!", ""},
		{"cart_near.html", "https://www.garden.example.ie/hose", "", StatusOK, "34.95 EUR", "visible", "Garden Hose", ""},
		{"jsonld_itemlist_first.html", "https://www.outdoor.example.ch/p/1", "", StatusOK, "249.00 CHF", "jsonld", "Rain Jacket Pro", "true"},
		{"twitter_card.html", "https://studio.example.com/products/vase", "", StatusOK, "45.00 USD", "meta", "Ceramic Vase", ""},
		{"jsonld_broken.html", "https://shop.example.jp/p/1", "", StatusOK, "4380 JPY", "visible", "Desk Lamp", ""},
		{"microdata.html", "", "", StatusOK, "119.01 EUR", "microdata", "Cordless Drill", "true"},
		{"meta_only.html", "", "", StatusOK, "120.00 USD", "meta", "Wall Sconce", ""},
		{"visible_only.html", "https://www.industrial.example/p/1", "", StatusOK, "165.95 USD", "visible", "Maple Workbench", ""},
		{"stale_jsonld.html", "https://www.shop.example.jp/p/1", "", StatusOK, "2800 JPY", "visible:jsonld_stale", "Movie DVD", "true"},
		{"not_found.html", "https://shop.example/p/gone", "", StatusNotFound, "", "not_found", "", ""},
		{"oos_jsonld.html", "https://www.potterybarn.example/p/1", "", StatusUnavailable, "", "out_of_stock", "Tully Sconce", "false"},
		{"jp_tax.html", "https://kagu.example.jp/item/9", "", StatusOK, "1980 JPY", "visible", "木製スツール", ""},
		// Shop platforms' own markup: sale price in <ins> after a <del>, Magento's
		// oldPrice/finalPrice, BigCommerce's MSRP, a Rakuten item page with no <h1>
		// and its 通常価格 beside the price, Yahoo! Shopping's JSON-LD.
		{"platform_woo.html", "https://potter.example.com/product/mug/", "", StatusOK, "19.50 USD", "visible", "Ceramic Mug", ""},
		{"platform_magento.html", "https://www.outdoor.example.de/trail-shoe.html", "", StatusOK, "89.95 EUR", "visible", "Trail Running Shoe", ""},
		{"platform_bigcommerce.html", "https://kitchen.example.com/skillet/", "", StatusOK, "39.99 USD", "visible", "Cast Iron Skillet", ""},
		{"platform_rakuten.html", "https://item.rakuten.co.jp/honey/1kg/", "", StatusOK, "2980 JPY", "visible", "はちみつ", ""},
		// amazon.co.jp variants: 定期おトク便 row (inactive), only other sellers,
		// お取り扱いできません, Kindle 価格, 一時的に在庫切れ with a price, a coupon.
		{"amazon_jp_sns.html", "", "", StatusOK, "1248 JPY", "amazon:accordion", "天然水", "true"},
		{"amazon_jp_otherseller.html", "", "", StatusUnavailable, "", "amazon:no_featured_offer", "限定フィギュア", "false"},
		{"amazon_jp_notavail.html", "", "", StatusUnavailable, "", "amazon:out_of_stock", "炊飯器", "false"},
		{"amazon_jp_kindle.html", "", "", StatusOK, "1100 JPY", "amazon:kindle", "はじめての投資", "true"},
		{"amazon_jp_tempoos.html", "", "", StatusOK, "6980 JPY", "amazon:corePriceDisplay", "ゲーミングマウス", "false"},
		{"amazon_jp_coupon.html", "", "", StatusOK, "4980 JPY", "amazon:corePriceDisplay", "電動歯ブラシ", "true"},
		{"platform_presta.html", "https://boutique.example.fr/theiere.html", "", StatusOK, "29.90 EUR", "visible", "Théière", ""},
		{"platform_sfcc.html", "https://www.brand.example.com/sweater.html", "", StatusOK, "49.00 USD", "visible", "Wool Sweater", ""},
		{"platform_wix.html", "https://www.candles.example.ca/product-page/candle", "", StatusOK, "18.00 CAD", "visible", "Handmade Candle", ""},
		{"platform_jpshop.html", "https://zakka.example.jp/item/bottle", "", StatusOK, "2480 JPY", "visible", "ステンレス水筒", ""},
		{"platform_microcomma.html", "https://bungu.example.jp/item/note", "", StatusOK, "1980 JPY", "microdata", "ノート", ""},
		{"platform_aggregate.html", "https://garden.example.com/chair", "", StatusOK, "79.00 USD", "jsonld", "Garden Chair", ""},
		{"platform_yahoo.html", "https://store.shopping.yahoo.co.jp/denki/mouse.html", "", StatusOK, "1480 JPY", "jsonld", "ワイヤレスマウス", "true"},
		{"shift_jis.html", "https://shop.example.jp/item/1", "", StatusOK, "2480 JPY", "visible", "ぬいぐるみ クマ", ""},
		{"euc_jp.html", "https://item.rakuten.co.jp/shop/kettle/", "", StatusOK, "3980 JPY", "visible", "電気ケトル", ""},
		{"visible_only.html", "https://www.industrial.example/p/1", "#product .pricing del", StatusOK, "199.00 USD", "selector", "Maple Workbench", ""},
		{"visible_only.html", "https://www.industrial.example/p/1", "#no-such-price", StatusNotFound, "", "selector:no_match", "Maple Workbench", ""},
		{"amazon_jp_coreprice.html", "https://www.amazon.co.jp/dp/B0TESTJP01", "#sp_detail .a-offscreen", StatusOK, "980 JPY", "selector", "珈琲ミル", ""},
	}
	for _, c := range cases {
		name := strings.TrimSuffix(c.file, ".html")
		if c.url != "" {
			name += "+url"
		}
		if c.selector != "" {
			name += "+sel-" + strings.Map(func(r rune) rune {
				if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
					return r
				}
				return '_'
			}, c.selector)
		}
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			r, err := Extract(body, Options{URL: c.url, Selector: c.selector})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if r.Status != c.status {
				t.Fatalf("status = %s (method %s), want %s", r.Status, r.Method, c.status)
			}
			got := ""
			if r.Price != nil {
				got = r.Price.String()
			}
			if got != c.price {
				t.Errorf("price = %q, want %q", got, c.price)
			}
			if r.Method != c.method {
				t.Errorf("method = %q, want %q", r.Method, c.method)
			}
			if !strings.Contains(r.Title, c.title) {
				t.Errorf("title = %q, want it to contain %q", r.Title, c.title)
			}
			av := ""
			if r.Available != nil {
				av = map[bool]string{true: "true", false: "false"}[*r.Available]
			}
			if av != c.available {
				t.Errorf("available = %q, want %q", av, c.available)
			}
			checkGolden(t, filepath.Join("testdata", name+".golden"), r)
		})
	}
}

func checkGolden(t *testing.T, path string, r Result) {
	t.Helper()
	got, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("result differs from %s:\n got: %s\nwant: %s", path, got, want)
	}
}

func TestSellerAndStoreFlag(t *testing.T) {
	for _, c := range []struct {
		file, seller string
		self         bool
	}{
		{"amazon_jp_coreprice.html", "Amazon.co.jp", true},
		{"amazon_accordion.html", "Amazon", true},
		{"amazon_jp_split_price.html", "イヤホン専門店", false},
		{"amazon_jp_book.html", "Amazon.co.jp", true},
		{"amazon_de_split_price.html", "Amazon", true},
	} {
		body, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Extract(body, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Seller == nil || *r.Seller != c.seller {
			t.Errorf("%s: seller = %v, want %q", c.file, r.Seller, c.seller)
		}
		if r.SoldByStore == nil || *r.SoldByStore != c.self {
			t.Errorf("%s: sold_by_store = %v, want %v", c.file, r.SoldByStore, c.self)
		}
	}
}

func TestSellerSentences(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Ships from and sold by Amazon.com.", "Amazon.com"},
		{"Dispatched from and sold by Amazon. Gift-wrap available.", "Amazon"},
		{"Sold by RetevisDirect and Fulfilled by Amazon.", "RetevisDirect"},
		{"この商品は、Amazon.co.jp が販売、発送します。", "Amazon.co.jp"},
		{"Verkauf und Versand durch Amazon.", "Amazon"},
		{"Expédié et vendu par Amazon.", "Amazon"},
		{"Vendido y enviado por NFBRICOLAJE.", "NFBRICOLAJE"},
	} {
		if got := sellerFromSentence(c.in); got != c.want {
			t.Errorf("sellerFromSentence(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCharset(t *testing.T) {
	utf8Page := []byte(`<html><head><meta charset="utf-8"><meta http-equiv="content-type" content="text/html; charset=Shift_JIS"></head><body>価格</body></html>`)
	sjisBody, err := os.ReadFile(filepath.Join("testdata", "shift_jis.html"))
	if err != nil {
		t.Fatal(err)
	}
	eucBody, err := os.ReadFile(filepath.Join("testdata", "euc_jp.html"))
	if err != nil {
		t.Fatal(err)
	}
	late := append([]byte("<html><head>"+strings.Repeat("<!-- pad -->", 200)+`<meta charset="utf-8">`), []byte("<title>19,99 €</title></head></html>")...)
	for _, c := range []struct {
		name, ct, want, contains string
		body                     []byte
	}{
		{"first meta wins over a stale second one", "", "utf-8", "価格", utf8Page},
		{"declared Shift_JIS but bytes are UTF-8", "text/html; charset=Shift_JIS", "utf-8", "価格", utf8Page},
		{"Shift_JIS declared after byte 1024", "", "shift_jis", "ぬいぐるみ", sjisBody},
		{"EUC-JP meta", "", "euc-jp", "電気ケトル", eucBody},
		{"header wins", "text/html; charset=EUC-JP", "euc-jp", "電気ケトル", eucBody},
		{"utf-8 meta after byte 1024", "", "utf-8", "€", late},
		{"BOM", "", "utf-8", "é", append([]byte("\xef\xbb\xbf<p>"), []byte("é</p>")...)},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, name, err := toUTF8(c.body, c.ct)
			if err != nil {
				t.Fatal(err)
			}
			if name != c.want {
				t.Errorf("charset = %q, want %q", name, c.want)
			}
			if !strings.Contains(string(out), c.contains) {
				t.Errorf("decoded text lacks %q", c.contains)
			}
		})
	}
}

func TestExtractErrors(t *testing.T) {
	if _, err := Extract(nil, Options{}); !errors.Is(err, ErrNotHTML) {
		t.Errorf("empty body: err = %v, want ErrNotHTML", err)
	}
	if _, err := Extract([]byte("\x00\x01\x02\x03\x89PNG\x00\x00\x00"), Options{}); !errors.Is(err, ErrNotHTML) {
		t.Errorf("binary body: err = %v, want ErrNotHTML", err)
	}
	if _, err := Extract([]byte("<html></html>"), Options{Selector: "##bad[["}); !errors.Is(err, ErrBadSelector) {
		t.Errorf("bad selector: err = %v, want ErrBadSelector", err)
	}
}

func TestStripInertKeepsJSONLD(t *testing.T) {
	in := []byte(`<p title="a <!-- b">x</p><script>var a="<div id=x>";</script><script type="application/ld+json">{"a":1}</script><style>p{}</style><!-- c --><textarea><script>t</script></textarea>`)
	got := string(stripInert(in))
	want := `<p title="a <!-- b">x</p><script></script><script type="application/ld+json">{"a":1}</script><style></style><textarea><script>t</script></textarea>`
	if got != want {
		t.Errorf("stripInert:\n got %s\nwant %s", got, want)
	}
}
