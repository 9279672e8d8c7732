package extract

import (
	"strings"

	"golang.org/x/net/html"

	"refundwatch/store/money"
)

// microdataOffers reads itemprop=price (content or text) with the nearest
// priceCurrency and availability of the same itemscope, in document order.
// Offers inside recommendation/related blocks are skipped.
func (p *page) microdataOffers() []offer {
	var out []offer
	for _, n := range p.itemprop {
		if !strings.EqualFold(attr(n, "itemprop"), "price") && !strings.EqualFold(attr(n, "itemprop"), "lowPrice") {
			continue
		}
		if inOtherProducts(n) {
			continue
		}
		v := strings.TrimSpace(attr(n, "content"))
		if v == "" {
			v = strings.TrimSpace(attr(n, "value"))
		}
		if v == "" {
			v = collapse(nodeText(n))
		}
		if v == "" {
			continue
		}
		scope := itemScope(n)
		o := offer{amount: v, source: "microdata"}
		if scope != nil {
			for _, c := range p.itemprop {
				if itemScope(c) != scope {
					continue
				}
				switch strings.ToLower(attr(c, "itemprop")) {
				case "pricecurrency":
					if o.currency == "" {
						o.currency = firstNonEmpty(attr(c, "content"), attr(c, "value"), collapse(nodeText(c)))
					}
				case "availability":
					if o.availability == "" {
						o.availability = availTail(firstNonEmpty(attr(c, "href"), attr(c, "content"), collapse(nodeText(c))))
					}
				}
			}
		}
		out = append(out, o)
	}
	return out
}

func itemScope(n *html.Node) *html.Node {
	for a := n.Parent; a != nil; a = a.Parent {
		if a.Type == html.ElementNode && hasAttr(a, "itemscope") {
			return a
		}
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// metaOffers reads Open Graph / product meta prices.
func (p *page) metaOffers() []offer {
	var out []offer
	cur := firstNonEmpty(p.meta("product:price:currency"), p.meta("og:price:currency"), p.meta("product:sale_price:currency"))
	avail := availTail(firstNonEmpty(p.meta("product:availability"), p.meta("og:availability")))
	for _, key := range []string{"product:sale_price:amount", "product:price:amount", "og:price:amount", "og:price", "product:price"} {
		if v := p.meta(key); v != "" {
			out = append(out, offer{amount: v, currency: cur, availability: avail, source: "meta"})
		}
	}
	// Twitter product cards: twitter:label1 "Price", twitter:data1 "$19.99"
	for _, k := range []string{"1", "2"} {
		if strings.Contains(strings.ToLower(p.meta("twitter:label"+k)), "price") {
			if v := p.meta("twitter:data" + k); v != "" {
				out = append(out, offer{amount: v, currency: cur, availability: avail, source: "meta"})
			}
		}
	}
	return out
}

// offerMoney turns a structured offer into Money. A decimal with a currency
// code reads as written ("2449.00" ARS is 2449, whatever the locale); anything
// else goes through the price parser with the store currency as the hint.
func offerMoney(o offer, hint string) (money.Money, bool) {
	cur := strings.ToUpper(strings.TrimSpace(o.currency))
	if !money.ValidCurrency(cur) {
		cur = ""
	}
	if cur == "" {
		cur = hint
	}
	if m, err := money.FromDecimal(o.amount, cur); err == nil && m.Amount > 0 && m.Amount <= maxMinor {
		return m, true
	}
	text := o.amount
	if cur != "" && !strings.Contains(strings.ToUpper(text), cur) {
		text = text + " " + cur
	}
	return parsePrice(text, cur)
}

// structuredAvailability is the first availability any structured source states.
func structuredAvailability(offers []offer) string {
	for _, o := range offers {
		if o.availability != "" {
			return o.availability
		}
	}
	return ""
}

func availabilityIsOut(a string) bool {
	switch a {
	case "outofstock", "soldout", "discontinued", "out_of_stock", "oos", "out of stock":
		return true
	}
	return false
}
