package extract

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"refundwatch/store/money"
)

// visiblePrice is a price shown on the page, in an element whose class, id or
// data attribute names a price.
type visiblePrice struct {
	m      money.Money
	node   *html.Node
	struck bool // shown as an old / list / crossed-out price
	score  int
}

// priceToken finds the first price-looking run in a text: an optional
// currency, a number with optional grouping, an optional currency after.
var priceToken = regexp.MustCompile(`(?i)((?:[A-Z]{3}|US\$|CA\$|AU\$|C\$|A\$|R\$|S/\.?|[$€£¥￥₩₹₽₺₪฿₫₴₦₱]|Kč|zł|CHF|Fr\.|руб\.?|тг\.?)\s?)?([0-9０-９]{1,3}(?:(?:[.,'’\s\x{00a0}\x{202f}]|\s?\.\s?)[0-9０-９]{3})+(?:\s?[.,]\s?[0-9０-９]{1,2})?|[0-9０-９]+(?:\s?[.,]\s?[0-9０-９]{1,2})?)(\s?(?:[A-Z]{3}\b|[$€£¥￥₩₹₽₺₪฿₫₴₦₱]|円|원|元|zł|kr|Kč|руб\.?|тг\.?|lei|Ft|грн|TL))?`)

// struckWords in a class or id mark an old, list or crossed-out price.
// ("regular" is not one: Shopify themes call the current price "price--regular"
// when nothing is on sale.)
var struckWords = []string{"old", "was", "strike", "crossed", "compare", "original", "list", "rrp", "msrp", "uvp", "before", "retail", "reference", "basis", "through", "previous"}

// badContextWords in an ancestor's class or id mark a block that is not the
// main product's price: other products, the site's header and cart, unit
// prices, instalments, shipping, savings.
var badContextWords = []string{
	"related", "recommend", "similar", "carousel", "sponsor", "upsell", "crosssell", "accessor",
	"bundle", "minicart", "header", "footer", "navbar", "nav", "menu", "review", "others",
	"recently", "viewed", "unitprice", "perunit", "installment", "instalment", "monthly",
	"financ", "shipping", "delivery", "saving", "yousave", "coupon", "points", "reward",
	"klarna", "afterpay", "affirm", "swatch", "tile", "productcard", "slick", "recs", "card", "modal", "popup",
}

// listLabels, written just before a price, say it is a reference price, not
// the one to pay ("通常価格 3,500円" beside "2,980円").
var listLabels = []string{
	"通常価格", "参考価格", "定価", "希望小売価格", "メーカー希望", "通常販売価格",
	"list price", "was:", "was ", "rrp", "msrp", "uvp", "statt", "regular price", "reg.", "compare at",
	"prix conseillé", "precio anterior", "antes", "prezzo consigliato",
}

// listLabelled reports whether the text right before n's price — in n itself
// or in the nodes just before it — is a reference-price label.
func listLabelled(n *html.Node) bool {
	own := strings.ToLower(nodeText(n))
	if i := strings.IndexFunc(own, func(r rune) bool { return r >= '0' && r <= '9' }); i > 0 && hasListLabel(own[:i]) {
		return true
	}
	var before string
	for c, k := n, 0; c != nil && k < 2 && len(before) < 40; k++ {
		for sib := c.PrevSibling; sib != nil && len(before) < 40; sib = sib.PrevSibling {
			before = strings.ToLower(nodeText(sib)) + " " + before
		}
		if strings.TrimSpace(before) != "" {
			break
		}
		c = c.Parent
	}
	// A label belongs to the next number: after "Was: $34.99 " the label is spent.
	if i := strings.LastIndexFunc(before, func(r rune) bool { return r >= '0' && r <= '9' }); i >= 0 {
		before = before[i+1:]
	}
	before = strings.TrimSpace(before)
	if r := []rune(before); len(r) > 16 {
		before = string(r[len(r)-16:])
	}
	return hasListLabel(before)
}

func hasListLabel(s string) bool {
	for _, l := range listLabels {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}

// goodWords in a class or id mark the price to pay.
var goodWords = []string{"sale", "current", "final", "special", "offer", "now", "actual", "selling", "ourprice", "main", "buy", "pdp", "productprice", "large", "big", "primary", "deal", "headline"}

// visiblePrices reads every displayed price-named element, scored. It
// returns them in document order.
func (p *page) visiblePrices(hint string) []visiblePrice {
	var out []visiblePrice
	h1 := 0
	if len(p.h1) > 0 {
		h1 = p.order[p.h1[0]]
	}
	seen := map[*html.Node]bool{}
	for _, n := range p.priceish {
		if seen[n] || hidden(n) || n.DataAtom == atom.Body || n.DataAtom == atom.Html {
			continue
		}
		label := strings.ToLower(attr(n, "class") + " " + attr(n, "id") + " " + dataAttrs(n))
		struck := isStruck(n) || labelHas(label, struckWords) || listLabelled(n)
		if badContext(n) {
			continue
		}
		text := priceText(n)
		if text == "" || len(text) > 120 {
			continue
		}
		m, hasCur, ok := pickToken(text, hint)
		if !ok {
			continue
		}
		seen[n] = true
		score := 0
		if labelHas(label, goodWords) || strings.EqualFold(attr(n, "itemprop"), "price") {
			score += 3
		}
		if hasCur {
			score += 2
		}
		if p.nearCart(n) {
			score += 2
		}
		pos := p.order[n]
		if h1 > 0 && pos > h1 {
			score += 3
			if pos-h1 < 400 {
				score += 2
			}
		}
		out = append(out, visiblePrice{m: m, node: n, struck: struck, score: score})
	}
	return out
}

// bestVisible is the highest-scored unstruck visible price (earliest on ties).
// A price element that holds other unstruck price elements ("Was $34.99 Now
// $29.99" around two spans) yields to them: the inner one says it better.
func bestVisible(vs []visiblePrice) *visiblePrice {
	inner := make(map[*html.Node]bool, len(vs))
	for _, v := range vs {
		if v.struck {
			continue
		}
		for a := v.node.Parent; a != nil; a = a.Parent {
			inner[a] = true
		}
	}
	var best *visiblePrice
	for i := range vs {
		v := &vs[i]
		if v.struck || inner[v.node] {
			continue
		}
		if best == nil || v.score > best.score {
			best = v
		}
	}
	return best
}

// priceText is the displayed text of n without struck-through parts.
func priceText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
			return
		case html.ElementNode:
			if c != n && (hiddenSelf(c) || c.DataAtom == atom.S || c.DataAtom == atom.Del || c.DataAtom == atom.Strike) {
				return
			}
			if c != n && labelHas(strings.ToLower(attr(c, "class")), struckWords) {
				return
			}
			if c.DataAtom == atom.Br || c.DataAtom == atom.Div || c.DataAtom == atom.P {
				b.WriteByte(' ')
			}
			if c != n && superscriptCents(c, b.String()) {
				b.WriteByte('.') // "$229<sup>99</sup>" is 229.99
			}
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return collapse(b.String())
}

func isStruck(n *html.Node) bool {
	for a := n; a != nil; a = a.Parent {
		switch a.DataAtom {
		case atom.S, atom.Del, atom.Strike:
			return true
		}
		if st := strings.ReplaceAll(strings.ToLower(attr(a, "style")), " ", ""); strings.Contains(st, "line-through") {
			return true
		}
	}
	return false
}

func badContext(n *html.Node) bool {
	for a := n; a != nil; a = a.Parent {
		switch a.DataAtom {
		case atom.Header, atom.Footer, atom.Nav, atom.Aside, atom.Option, atom.Select:
			return true
		}
		if a.Type != html.ElementNode {
			continue
		}
		label := strings.ToLower(attr(a, "class") + " " + attr(a, "id"))
		if label != " " && labelHas(label, badContextWords) {
			return true
		}
	}
	return false
}

// inOtherProducts reports whether n sits in a block of other products.
func inOtherProducts(n *html.Node) bool {
	for a := n.Parent; a != nil; a = a.Parent {
		if a.Type != html.ElementNode {
			continue
		}
		label := strings.ToLower(attr(a, "class") + " " + attr(a, "id"))
		if labelHas(label, otherProductWords) {
			return true
		}
	}
	return false
}

func dataAttrs(n *html.Node) string {
	var b strings.Builder
	for _, a := range n.Attr {
		if strings.HasPrefix(a.Key, "data-") && len(a.Val) < 40 {
			b.WriteString(a.Val)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// otherProductWords in an ancestor's class or id mark a block of other products.
var otherProductWords = []string{"related", "recommend", "similar", "carousel", "sponsor", "upsell", "crosssell", "accessor", "recently"}

// labelHas reports whether a class/id label holds one of words: short words
// (≤ 5 letters) must be a whole token ("old" in "price-old", not "bold"),
// longer ones may sit inside a token ("strike" in "priceBlockStrikePrice").
func labelHas(label string, words []string) bool {
	tokens := strings.FieldsFunc(label, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	for _, t := range tokens {
		for _, w := range words {
			if t == w || len(w) > 5 && strings.Contains(t, w) {
				return true
			}
		}
	}
	return false
}

// codeOK reports whether a matched currency group (text[i:j]) that is three
// letters is a real ISO 4217 code.
func codeOK(text string, i, j int) bool {
	if i < 0 {
		return true
	}
	c := strings.TrimSpace(text[i:j])
	if len(c) == 3 && isASCIIAlpha(c) {
		return money.ValidCurrency(strings.ToUpper(c))
	}
	return true
}

func isASCIIAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// superscriptCents reports whether element c holds exactly two digits drawn
// right after a whole number with no decimal part ("$229" + "<sup>99</sup>").
func superscriptCents(c *html.Node, sofar string) bool {
	t := strings.TrimSpace(nodeText(c))
	if len(t) != 2 || t[0] < '0' || t[0] > '9' || t[1] < '0' || t[1] > '9' {
		return false
	}
	s := strings.TrimRight(sofar, " ")
	if s == "" || s[len(s)-1] < '0' || s[len(s)-1] > '9' {
		return false
	}
	// the whole part must not already have a decimal separator
	k := len(s) - 1
	for k >= 0 && (s[k] >= '0' && s[k] <= '9' || s[k] == ',' || s[k] == '.') {
		k--
	}
	run := s[k+1:]
	if i := strings.LastIndexAny(run, ".,"); i >= 0 && len(run)-i-1 <= 2 {
		return false
	}
	return true
}

// taxExclusive marks a price shown before tax next to the one to pay
// ("1,800円（税抜）", "1.800 € HT", "zzgl. MwSt.").
var taxExclusive = []string{"税抜", "税別", "+税", "本体価格", "excl", "ex. vat", "ex vat", "ht", "zzgl", "netto", "sin iva", "+ iva", "+iva", "hors taxe"}

// pickToken reads the first price in an element's text that is not a trap:
// not after "from"/"was"/"save" words, not a unit or monthly price, not a
// percentage, not a before-tax price. hasCur says whether the text named
// its currency.
func pickToken(text, hint string) (m money.Money, hasCur, ok bool) {
	prevEnd := 0
	for _, loc := range priceToken.FindAllStringSubmatchIndex(text, 4) {
		// the words before this price, not the previous price's "(税抜)" or "(excl. VAT)"
		gap := strings.TrimLeft(text[prevEnd:loc[0]], " ")
		if strings.HasPrefix(gap, "(") || strings.HasPrefix(gap, "（") {
			if k := strings.IndexAny(gap, ")）"); k >= 0 {
				gap = gap[k:]
			}
		}
		prevEnd = loc[1]
		before := strings.ToLower(gap[max(0, len(gap)-12):])
		after := strings.ToLower(text[loc[1]:min(len(text), loc[1]+14)])
		ta := strings.TrimSpace(after)
		if isTrapText(before) || strings.HasPrefix(ta, "/") || strings.Contains(after, "/mo") || strings.HasPrefix(ta, "%") {
			continue
		}
		if tax := afterHas(ta, taxExclusive); tax {
			continue
		}
		if !codeOK(text, loc[2], loc[3]) || !codeOK(text, loc[6], loc[7]) {
			continue // "SKU 5796", "EAN 4902..." are not currencies
		}
		hasCur = loc[2] >= 0 || loc[6] >= 0
		num := text[loc[4]:loc[5]]
		if !hasCur && (hint == "" || len(num) < 3) {
			continue // a bare "1" or "12" in a price box is a quantity or a badge
		}
		if m, ok := parsePrice(strings.TrimSpace(text[loc[0]:loc[1]]), hint); ok {
			return m, hasCur, true
		}
	}
	return money.Money{}, false, false
}

// afterHas reports whether the text right after a price starts with (or, in
// brackets, holds) one of words.
func afterHas(after string, words []string) bool {
	a := strings.TrimLeft(after, " (（[")
	for _, w := range words {
		if strings.HasPrefix(a, w) {
			return true
		}
	}
	return false
}
