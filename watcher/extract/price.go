package extract

import (
	"strings"
	"sync"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"refundwatch/store/money"
)

// maxMinor bounds a believable price in minor units (10^12: a billion dollars,
// a trillion yen). Anything larger is a misread (an EAN, a phone number).
const maxMinor = 1_000_000_000_000

// parsePrice reads one price text with the store's currency as the hint.
// Zero, negative and absurd amounts are not prices to pay.
func parsePrice(text, hint string) (money.Money, bool) {
	text = strings.TrimSpace(text)
	if text == "" || len(text) > 200 {
		return money.Money{}, false
	}
	m, err := money.Parse(text, money.Hint{Currency: hint})
	if err != nil || m.Amount <= 0 || m.Amount > maxMinor {
		return money.Money{}, false
	}
	return m, true
}

// trapWords mark a price text that is not the price to pay: unit prices,
// financing, "from" prices of other offers, savings, points, shipping.
var trapWords = []string{
	"/mo", "/month", "per month", "/ mo", "monthly", "/月", "か月", "ヶ月", "mois", "monat", "cuota", " rata ",
	"/ 100", "/100", "/ count", "/count", "/ pack", "/pack", "/ unit", "/unit", "/ unité", "/unité", "/ stück", "/ l)", "/ kg", "/kg", "/ oz", "/oz", "/ ml", "/ g)", "/ ct", "/ item", "/item",
	"ポイント", "pt)", "points", "punkte",
	"より", "から", "from", " ab ", "desde", "à partir", "a partire", "vanaf",
	"save ", "you save", "sparen", "ahorra", "économisez", "risparmi", " off", "割引", "引き", "おトク", "安い",
	"shipping", "delivery", "versand", "envío", "livraison", "spedizione", "送料",
	"coupon", "クーポン", "list price", "was:", "rrp", "uvp", "参考価格", "定価", "before",
	"税抜", "本体価格",
}

// isTrapText reports whether a price text carries words that make it
// something other than the price to pay.
func isTrapText(s string) bool {
	l := " " + strings.ToLower(s) + " "
	for _, w := range trapWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

var selCache sync.Map // string -> cascadia.SelectorGroup; our own selectors only

// parseSelector parses a CSS selector group without caching (the user's
// selectors; nil when invalid).
func parseSelector(sel string) cascadia.SelectorGroup {
	s, err := cascadia.ParseGroup(sel)
	if err != nil {
		return nil
	}
	return s
}

// compiled parses one of this package's CSS selector groups once and caches
// it (nil when invalid).
func compiled(sel string) cascadia.SelectorGroup {
	if s, ok := selCache.Load(sel); ok {
		return s.(cascadia.SelectorGroup)
	}
	s, err := cascadia.ParseGroup(sel)
	if err != nil {
		return nil
	}
	selCache.Store(sel, s)
	return s
}

// findAll returns the elements under n matching a CSS selector (nil for a bad selector).
func findAll(n *html.Node, sel string) []*html.Node {
	s := compiled(sel)
	if s == nil || n == nil {
		return nil
	}
	return cascadia.QueryAll(n, s)
}
