package extract

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
)

// Pages that declare no charset at all, as old shops serve them.
func TestUndeclaredCharsets(t *testing.T) {
	const ja = `<html><head><title>ワイヤレスイヤホン ブルートゥース対応 | テスト商店</title></head><body>
<h1 id="productTitle">ワイヤレスイヤホン ブルートゥース対応</h1>
<p>こちらの商品は当店の人気商品です。お早めにお買い求めください。</p>
<div itemprop="offers" itemscope><span class="price" itemprop="price" content="3980">3,980円（税込）</span><meta itemprop="priceCurrency" content="JPY"></div>
</body></html>`
	const fr = `<html><head><title>Bouilloire électrique — Théière</title></head><body>
<h1>Bouilloire électrique à température réglable, sécurité élevée</h1>
<p>Idéale pour le thé vert, le café filtre et les tisanes. Livrée avec câble amovible. Très économique, écologique et élégante.</p>
<div class="price">49,90 €</div>
</body></html>`
	tests := []struct {
		name        string
		enc         encoding.Encoding
		page        string
		wantCharset string
		wantTitle   string
		wantPrice   string
	}{
		{"Shift_JIS, undeclared", japanese.ShiftJIS, ja, "shift_jis", "ワイヤレスイヤホン ブルートゥース対応", "3980 JPY"},
		{"EUC-JP, undeclared", japanese.EUCJP, ja, "euc-jp", "ワイヤレスイヤホン ブルートゥース対応", "3980 JPY"},
		{"Latin-1 is not mistaken for Japanese", charmap.Windows1252, fr, "windows-1252", "Bouilloire électrique à température réglable, sécurité élevée", "49.90 EUR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := tt.enc.NewEncoder().Bytes([]byte(tt.page))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(body), "charset") {
				t.Fatal("the test page must not declare a charset")
			}
			res, err := Extract(body, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Charset != tt.wantCharset {
				t.Errorf("charset = %q, want %q", res.Charset, tt.wantCharset)
			}
			if !strings.Contains(res.Title, tt.wantTitle) {
				t.Errorf("title = %q, want it to contain %q", res.Title, tt.wantTitle)
			}
			if res.Price == nil || res.Price.String() != tt.wantPrice {
				t.Errorf("price = %v, want %s", res.Price, tt.wantPrice)
			}
		})
	}
}
