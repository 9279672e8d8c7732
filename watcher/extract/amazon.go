package extract

import (
	"bytes"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"refundwatch/store/money"
)

// amazonPrice is one place an Amazon layout puts the buy-box price. Rules are
// tried in order, and within a rule its selectors in order; the first
// displayed element with a readable price wins.
type amazonPrice struct {
	method string
	ids    []string // containers (any of them) to look in
	sels   []string // CSS under the container, by priority; none means the container's own text
}

// amazonRules list the price places from newest layout to oldest. Every rule
// names the element holding the price to pay, never a struck list price
// (.a-text-price / basisPrice), a unit price or another seller's "from" price.
var amazonRules = []amazonPrice{
	{"amazon:corePriceDisplay", []string{"corePriceDisplay_desktop_feature_div", "corePriceDisplay_mobile_feature_div"}, []string{".priceToPay", ".apexPriceToPay", ".a-price:not(.a-text-price)"}},
	{"amazon:corePrice", []string{"corePrice_feature_div", "corePrice_desktop", "corePrice_mobile_feature_div"}, []string{".priceToPay", ".apexPriceToPay", ".a-price:not(.a-text-price)"}},
	{"amazon:apex", []string{"apex_desktop", "apex_offerDisplay_desktop", "apex_mobile_feature_div", "apex_offerDisplay_mobile"}, []string{".priceToPay", ".apexPriceToPay"}},
	{"amazon:totalPrice", []string{"tp_price_block_total_price_ww"}, []string{".a-price", ".a-offscreen"}},
	{"amazon:priceblock_dealprice", []string{"priceblock_dealprice"}, nil},
	{"amazon:priceblock_saleprice", []string{"priceblock_saleprice"}, nil},
	{"amazon:priceblock_ourprice", []string{"priceblock_ourprice"}, nil},
	{"amazon:price_inside_buybox", []string{"price_inside_buybox"}, nil},
	{"amazon:newBuyBoxPrice", []string{"newBuyBoxPrice"}, nil},
	{"amazon:kindle", []string{"kindle-price"}, nil},
	{"amazon:kindle", []string{"buybox", "buyBoxInner"}, []string{"tr.kindle-price .a-color-price", ".kindle-price .a-color-price"}},
	{"amazon:buyNew", []string{"buyNewSection"}, []string{".offer-price", ".a-price", ".a-color-price"}},
	{"amazon:buybox", []string{"buybox", "desktop_buybox"}, []string{".a-price:not(.a-text-price)"}},
	{"amazon:price", []string{"price", "booksHeaderSection"}, []string{".a-price:not(.a-text-price)", ".offer-price", "#price"}},
	{"amazon:price", []string{"price", "newOfferAccordionRow"}, nil}, // books: <span id="price">￥1,650</span>
	{"amazon:format", []string{"tmmSwatches"}, []string{".swatchElement.selected .slot-price .a-color-price", ".swatchElement.selected .a-color-price", ".selected .a-color-base"}},
}

// amazonHiddenInputs are last-resort machine-readable prices of the buy box.
var amazonHiddenInputs = []string{"attach-base-product-price", "twister-plus-price-data-price"}

// amazonGone are availability texts of a product with no offer at all;
// amazonLater of one that can be ordered now and ships when back in stock.
var (
	amazonGone = []string{
		"currently unavailable", "out of stock", "現在在庫切れです", "取り扱いできません",
		"derzeit nicht verfügbar", "nicht auf lager", "actuellement indisponible", "no disponible",
		"non disponibile", "niet beschikbaar", "indisponível", "niedostępny", "şu anda mevcut değil",
	}
	amazonLater = []string{
		"temporarily out of stock", "一時的に在庫切れ", "vorübergehend nicht", "temporairement en rupture",
		"temporalmente sin stock", "momentaneamente non disponibile", "tijdelijk niet op voorraad",
	}
)

// isAmazonHost reports whether host is one of Amazon's retail sites.
func isAmazonHost(host string) bool {
	h := strings.TrimPrefix(host, "www.")
	h = strings.TrimPrefix(h, "smile.")
	return strings.HasPrefix(h, "amazon.") && !strings.Contains(h, "/")
}

var ueSN = regexp.MustCompile(`ue_sn\s*=\s*['"]([a-z0-9.\-]+)['"]`)

// amazonHostFromMarkers finds the store host of a saved Amazon page that has
// no canonical link (ue_sn = 'www.amazon.co.jp').
func amazonHostFromMarkers(raw []byte) string {
	i := bytes.Index(raw, []byte("ue_sn"))
	if i < 0 {
		return ""
	}
	end := min(len(raw), i+80)
	m := ueSN.FindSubmatch(raw[i:end])
	if m == nil {
		return ""
	}
	h := strings.TrimPrefix(string(m[1]), "www.")
	if !isAmazonHost(h) || strings.HasPrefix(h, "opfcaptcha.") {
		return ""
	}
	return h
}

// amazonPage reports whether a page with no known host looks like Amazon.
func amazonPage(p *page) bool {
	return len(p.byID("productTitle")) > 0 && (len(p.byID("dp")) > 0 || len(p.byID("dp-container")) > 0 || len(p.byID("nav-logo")) > 0)
}

func (p *page) extractAmazon(r *Result) {
	r.Title = amazonTitle(p)
	avail := amazonAvailability(p)
	r.Seller, r.SoldByStore = amazonSeller(p)

	m, method, used := p.amazonBuyBoxPrice()
	// The out-of-stock box replaces the buy box: then no price on the page
	// is buyable. "Temporarily out of stock" with a buy box is still an
	// order at that price (delivered later), so only the box or a missing
	// price makes the page unavailable.
	oosBox := p.firstShownID("outOfStock") != nil
	later, gone := amazonStock(avail)
	switch {
	case m != nil && !oosBox && !gone:
		r.Status, r.Price, r.Method = StatusOK, m, method
		r.Available = boolp(!later)
		if used {
			r.Condition = "used"
		}
	case oosBox || gone || later:
		r.Status, r.Method, r.Available = StatusUnavailable, "amazon:out_of_stock", boolp(false)
	case p.firstShownID("unqualifiedBuyBox") != nil || p.firstShownID("buybox-see-all-buying-choices") != nil:
		r.Status, r.Method, r.Available = StatusUnavailable, "amazon:no_featured_offer", boolp(false)
	case r.Title == "":
		r.Status, r.Method = StatusNotFound, "amazon:no_product"
	default:
		r.Status, r.Method = StatusNotFound, "amazon:no_price"
	}
}

// amazonBuyBoxPrice finds the price to pay; used is true when the only offer
// is a used one.
func (p *page) amazonBuyBoxPrice() (*money.Money, string, bool) {
	// Accordion buy boxes: only the active row counts.
	for _, acc := range p.byID("buyBoxAccordion") {
		if hidden(acc) {
			continue
		}
		for _, row := range findAll(acc, ".a-accordion-active") {
			if hidden(row) {
				continue
			}
			used := strings.Contains(strings.ToLower(attr(row, "id")+attr(row, "data-a-accordion-row-name")), "used")
			for _, sel := range []string{"#newBuyBoxPrice", "#usedBuyBoxPrice", ".priceToPay", ".apexPriceToPay", "#corePrice_feature_div .a-price:not(.a-text-price)", "#price_inside_buybox", ".header-price", ".offer-price", ".a-price:not(.a-text-price)"} {
				if m := p.firstPrice(findAll(row, sel)); m != nil {
					return m, "amazon:accordion", used
				}
			}
		}
	}
	// A used-only buy box: the used offer is what can be bought here.
	if box := p.firstShownID("usedOnlyBuybox"); box != nil {
		if m := p.firstPrice(findAll(box, ".offer-price, .a-price:not(.a-text-price), .a-color-price")); m != nil {
			return m, "amazon:usedOnly", true
		}
	}
	for _, rule := range amazonRules {
		for _, id := range rule.ids {
			for _, c := range p.byID(id) {
				if hidden(c) {
					continue
				}
				if len(rule.sels) == 0 {
					if m := p.firstPrice([]*html.Node{c}); m != nil {
						return m, rule.method, false
					}
					continue
				}
				for _, sel := range rule.sels {
					if m := p.firstPrice(findAll(c, sel)); m != nil {
						return m, rule.method, false
					}
				}
			}
		}
	}
	for _, id := range amazonHiddenInputs {
		for _, in := range p.byID(id) {
			if m, ok := parsePrice(attr(in, "value"), p.storeCC); ok {
				return &m, "amazon:hidden_input", false
			}
		}
	}
	return nil, "", false
}

// firstPrice returns the first displayed candidate whose own text is one price.
func (p *page) firstPrice(cands []*html.Node) *money.Money {
	for _, n := range cands {
		if hidden(n) || isStruck(n) || inPriceRange(n) {
			continue
		}
		t := amazonPriceText(n)
		if t == "" || isTrapText(t) || len(priceToken.FindAllStringIndex(t, 2)) > 1 {
			continue
		}
		if m, ok := parsePrice(t, p.storeCC); ok {
			return &m
		}
	}
	return nil
}

func amazonTitle(p *page) string {
	for _, id := range []string{"productTitle", "ebooksProductTitle", "btAsinTitle", "title"} {
		for _, n := range p.byID(id) {
			if t := collapse(nodeText(n)); t != "" {
				return t
			}
		}
	}
	if t := p.meta("og:title"); t != "" {
		return t
	}
	return p.title
}

func amazonAvailability(p *page) string {
	for _, id := range []string{"outOfStock", "availability", "availability_feature_div"} {
		if n := p.firstShownID(id); n != nil {
			if t := shownText(n); t != "" {
				return t
			}
		}
	}
	return ""
}

// amazonStock reads an availability text: later is true for "temporarily
// out of stock" (still orderable at its price), gone for "currently
// unavailable" (no offer: a price still on the page is not buyable).
func amazonStock(avail string) (later, gone bool) {
	l := strings.ToLower(avail)
	for _, w := range amazonLater {
		if strings.Contains(l, w) {
			return true, false
		}
	}
	for _, w := range amazonGone {
		if strings.Contains(l, w) {
			return false, true
		}
	}
	return false, false
}

var (
	// end is where a seller name stops: ". " or a final "." (names like
	// "Amazon.co.jp" keep their inner dots).
	soldByPatterns = []*regexp.Regexp{
		regexp.MustCompile(`(?i)(?:ships|dispatched) from and sold by\s+(.+?)(?:\.\s|\.?$)`),
		regexp.MustCompile(`(?i)sold by\s+(.+?)\s+and\s+(?:fulfilled|shipped|dispatched)`),
		regexp.MustCompile(`(?i)sold by:?\s+(.+?)(?:\.\s|\.?$)`),
		regexp.MustCompile(`この商品は、\s*(.+?)\s*が販売`),
		regexp.MustCompile(`^\s*(.+?)\s*が販売`),
		regexp.MustCompile(`販売元\s*[:：]?\s*(.+?)\s*$`),
		regexp.MustCompile(`(?i)verkauf (?:und versand )?durch\s+(.+?)(?:\s+und\s+versand|\.\s|\.?$)`),
		regexp.MustCompile(`(?i)(?:expédié et )?vendu par\s+(.+?)(?:\s+et\s+expédié|\.\s|\.?$)`),
		regexp.MustCompile(`(?i)(?:venduto e spedito|venduto) da\s+(.+?)(?:\s+e\s+spedito|\.\s|\.?$)`),
		regexp.MustCompile(`(?i)(?:vendido y enviado|vendido) por\s+(.+?)(?:\s+y\s+enviado|\.\s|\.?$)`),
	}
	amazonSelf = regexp.MustCompile(`(?i)^amazon(\.[a-z.]+)?(\s|$|,)|^amazon\s+(eu|export|media|services|us|japan|retail)`)
)

// amazonSeller reads who sells the buy-box offer and whether it is Amazon itself.
func amazonSeller(p *page) (*string, *bool) {
	var seller string
	if n := p.firstShownID("sellerProfileTriggerId"); n != nil {
		seller = collapse(nodeText(n))
	}
	if seller == "" {
		for _, box := range p.byID("tabular-buybox") {
			rows := findAll(box, `[tabular-attribute-name="Sold by"] .tabular-buybox-text, [tabular-attribute-name="販売元"] .tabular-buybox-text, [tabular-attribute-name="Verkäufer"] .tabular-buybox-text, [tabular-attribute-name="Vendu par"] .tabular-buybox-text, [tabular-attribute-name="Venduto da"] .tabular-buybox-text, [tabular-attribute-name="Vendido por"] .tabular-buybox-text`)
			for _, n := range rows {
				if t := shownText(n); t != "" {
					seller = t
					break
				}
			}
		}
	}
	if seller == "" {
		// Kindle: "Sold by: <publisher>" row of the ebook buy box
		for _, id := range []string{"buybox", "Ebooks-desktop-printSoldBy"} {
			for _, c := range p.byID(id) {
				for _, n := range findAll(c, "tr.print-sold-by .a-color-base") {
					if t := shownText(n); t != "" && seller == "" {
						seller = t
					}
				}
			}
		}
	}
	if seller == "" {
		for _, id := range []string{"merchant-info", "merchantInfoFeature_feature_div"} {
			if n := p.firstShownID(id); n != nil {
				if t := shownText(n); t != "" {
					seller = sellerFromSentence(t)
					break
				}
			}
		}
	}
	if seller == "" {
		return nil, nil
	}
	self := amazonSelf.MatchString(seller)
	return &seller, &self
}

func sellerFromSentence(t string) string {
	for _, re := range soldByPatterns {
		if m := re.FindStringSubmatch(t); m != nil {
			return strings.TrimSpace(strings.TrimRight(m[1], ". "))
		}
	}
	return t
}

func boolp(b bool) *bool { return &b }

// amazonPriceText reads an element holding one Amazon price. An .a-price
// carries it twice: in .a-offscreen for screen readers (empty on some
// amazon.co.jp pages) and split for display into symbol, whole and fraction.
func amazonPriceText(n *html.Node) string {
	offs := findAll(n, ".a-offscreen")
	for _, o := range append(offs, findAll(n, ".aok-offscreen")...) {
		if t := collapse(nodeText(o)); t != "" {
			return t
		}
	}
	if len(offs) > 0 || hasClass(n, "a-price") {
		var b strings.Builder
		for _, part := range findAll(n, ".a-price-symbol, .a-price-whole, .a-price-decimal, .a-price-fraction") {
			for c := part.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.TextNode {
					b.WriteString(c.Data)
				}
			}
		}
		if t := collapse(b.String()); t != "" {
			return t
		}
	}
	return priceText(n)
}

// inPriceRange reports whether n is one end of a "$12.99 - $24.99" range (a
// parent product with no variant chosen): neither end is the price to pay.
func inPriceRange(n *html.Node) bool {
	for a := n; a != nil; a = a.Parent {
		if hasClass(a, "a-price-range") {
			return true
		}
		if a.DataAtom == atom.Body || hasAttr(a, "id") && strings.HasSuffix(attr(a, "id"), "_feature_div") {
			return false
		}
	}
	return false
}
