package extract

import (
	"html"
	"strings"

	"refundwatch/store/money"
)

// extractGeneric reads a page no store adapter knows: structured data
// (JSON-LD, microdata, meta) checked against the visible price.
//
// Policy when they disagree (stale JSON-LD is common): the structured price
// wins when the page also shows it (or its whole-unit part, for prices drawn
// as "$229" + "99"); the visible price wins when the structured price is shown
// only struck through (a stale list price), or is shown nowhere while the
// visible price carries its own currency. Among several structured offers,
// the one the page shows as its headline price is taken.
// "Shown nowhere" needs a strong visible price: with its own currency and
// near the title, so that a client-rendered price next to server-rendered
// recommendations does not lose to them.
func (p *page) extractGeneric(r *Result, ld []offer, ldName string, isProduct bool) {
	r.Title = genericTitle(p, ldName)
	structured := make([]offer, 0, len(ld)+4)
	structured = append(structured, ld...)
	structured = append(structured, p.microdataOffers()...)
	structured = append(structured, p.metaOffers()...)

	hint := p.storeCC
	if hint == "" {
		for _, o := range structured {
			if c := strings.ToUpper(strings.TrimSpace(o.currency)); money.ValidCurrency(c) {
				hint = c
				break
			}
		}
	}
	type sOffer struct {
		m money.Money
		o offer
	}
	// Prices the page itself labels as regular/list prices (og:price:standard_amount)
	// make a structured offer with that amount stale.
	var listed []money.Money
	for _, key := range []string{"og:price:standard_amount", "product:original_price:amount", "og:original_price:amount", "product:price:standard_amount"} {
		if v := p.meta(key); v != "" {
			if m, ok := offerMoney(offer{amount: v, currency: hint}, hint); ok {
				listed = append(listed, m)
			}
		}
	}
	var sm, stale []sOffer
	for _, o := range structured {
		if o.amount == "" {
			continue
		}
		m, ok := offerMoney(o, hint)
		if !ok {
			continue
		}
		isListed := false
		for _, l := range listed {
			isListed = isListed || sameAmount(l, m)
		}
		if isListed {
			stale = append(stale, sOffer{m, o})
		} else {
			sm = append(sm, sOffer{m, o})
		}
	}
	if len(sm) == 0 {
		sm = stale
	}
	avail := structuredAvailability(structured)

	// A product signal gates the visible reader (a portal or category page
	// is full of prices): structured product data, a title heading, or a
	// single add-to-cart control (classic Rakuten item pages have no <h1>).
	looksProduct := isProduct || len(p.h1) > 0 || (len(p.carts) > 0 && len(p.carts) <= 4)
	var vis []visiblePrice
	if looksProduct || len(sm) > 0 {
		vis = p.visiblePrices(hint)
	}
	best := bestVisible(vis)

	var price *money.Money
	method, seller := "", ""
	switch {
	case len(sm) > 0 && best != nil:
		for _, s := range sm { // the structured offer the page shows as its headline
			if s.m.Currency == best.m.Currency && s.m.Amount == best.m.Amount*100 {
				// structured data in cents ("price": 2999) under a shown $29.99
				m := best.m
				price, method = &m, "visible:"+s.o.source+"_cents"
				break
			}
			if sameAmount(s.m, best.m) || s.m.Currency == best.m.Currency && best.m.Amount == s.m.Amount*100 {
				// (the second: a shown "$229<sup>99</sup>" read as 22999)
				m := s.m
				price, method, seller = &m, s.o.source, s.o.seller
				break
			}
		}
		if price != nil {
			break
		}
		first := sm[0]
		shown, struck := false, false
		for _, v := range vis {
			if sameAmount(first.m, v.m) || sameWhole(first.m, v.m) {
				if v.struck {
					struck = true
				} else {
					shown = true
				}
			}
		}
		switch {
		case shown:
			m := first.m
			price, method, seller = &m, first.o.source, first.o.seller
		case struck && best.m.Amount < first.m.Amount && best.m.Currency == first.m.Currency:
			// shown only crossed out, above the price shown to pay: a stale list price
			m := best.m
			price, method = &m, "visible:"+first.o.source+"_stale"
		case best.score >= 7: // shown with its currency, next to the title
			m := best.m
			price, method = &m, "visible:"+first.o.source+"_disagrees"
		default:
			m := first.m
			price, method, seller = &m, first.o.source, first.o.seller
		}
	case len(sm) > 0:
		m := sm[0].m
		price, method, seller = &m, sm[0].o.source, sm[0].o.seller
	case best != nil && looksProduct:
		m := best.m
		price, method = &m, "visible"
	}
	if price != nil && price.Currency == "" && hint != "" {
		price.Currency = hint
	}

	oos := availabilityIsOut(avail) || p.visibleOutOfStock()
	switch {
	case price != nil:
		r.Status, r.Price, r.Method = StatusOK, price, method
		switch {
		case oos:
			r.Available = boolp(false)
		case avail != "":
			r.Available = boolp(true)
		}
		if seller != "" {
			s := collapse(html.UnescapeString(seller))
			r.Seller = &s
		}
	case oos:
		r.Status, r.Method, r.Available = StatusUnavailable, "out_of_stock", boolp(false)
	default:
		r.Status, r.Method = StatusNotFound, "no_price"
		if looksNotFound(p.title) {
			r.Method = "not_found"
		}
	}
}

func sameAmount(a, b money.Money) bool {
	return a.Amount == b.Amount && (a.Currency == b.Currency || a.Currency == "" || b.Currency == "")
}

// sameWhole reports whether two amounts share their whole-unit part (a price
// drawn as "$229" + "99" reads as 229 but means 229.99).
func sameWhole(a, b money.Money) bool {
	if a.Currency != b.Currency && a.Currency != "" && b.Currency != "" {
		return false
	}
	d := int64(1)
	for i := 0; i < money.Digits(a.Currency); i++ {
		d *= 10
	}
	return a.Amount/d == b.Amount/d
}

// outOfStockWords are what shops write instead of a price or buy button.
var outOfStockWords = []string{
	"out of stock", "sold out", "no longer available", "currently unavailable",
	"在庫切れ", "売り切れ", "品切れ", "販売終了", "在庫なし",
	"ausverkauft", "nicht verfügbar", "nicht lieferbar", "épuisé", "rupture de stock", "agotado", "esaurito", "non disponibile", "uitverkocht", "esgotado", "нет в наличии", "품절",
}

// visibleOutOfStock looks for out-of-stock words in price and availability
// elements (not in the whole page: other products' badges say "sold out" too).
func (p *page) visibleOutOfStock() bool {
	check := func(t string) bool {
		t = strings.ToLower(t)
		for _, w := range outOfStockWords {
			if strings.Contains(t, w) {
				return true
			}
		}
		return false
	}
	for _, n := range p.priceish {
		if hidden(n) || badContext(n) {
			continue
		}
		if t := shownText(n); len(t) < 200 && check(t) {
			return true
		}
	}
	for _, id := range []string{"availability", "stock", "product-availability", "outOfStock"} {
		if n := p.firstShownID(id); n != nil && check(shownText(n)) {
			return true
		}
	}
	return false
}

func genericTitle(p *page, ldName string) string {
	if ldName != "" {
		return collapse(html.UnescapeString(ldName))
	}
	// One displayed <h1> is the product's name; several (recommendation
	// tiles) say nothing, and og:title is the better guess.
	var h1s []string
	for _, h := range p.h1 {
		if hidden(h) {
			continue
		}
		if t := collapse(nodeText(h)); t != "" && len(t) < 400 {
			h1s = append(h1s, t)
		}
	}
	if len(h1s) == 1 {
		return h1s[0]
	}
	if t := p.meta("og:title"); t != "" {
		return collapse(t)
	}
	if len(h1s) > 0 {
		return h1s[0]
	}
	return p.title
}
