package extract

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// offer is one price a page states in structured data (JSON-LD, microdata, meta).
type offer struct {
	amount       string // decimal text as written ("49.00", "2449.00", "48,00")
	currency     string // as written, may be ""
	availability string // schema.org availability, lower-case tail ("instock", "outofstock")
	name         string // the product's name, when the offer sits in a Product
	seller       string // offers.seller.name, when stated
	source       string // "jsonld", "microdata", "meta"
}

// jsonldOffers reads every Product/Offer price from the page's JSON-LD blocks,
// in document order, the page's own product before products listed in an
// ItemList (related items, category listings). Malformed blocks are repaired
// where that is cheap (trailing commas, empty values, raw newlines) and
// skipped otherwise.
func jsonldOffers(blocks []string) (offers []offer, name string, isProduct bool) {
	var w ldWalk
	for _, b := range blocks {
		v, err := decodeLenientJSON(b)
		if err != nil {
			// Still a product page, even if its data is broken.
			if strings.Contains(b, `"Product"`) {
				w.isProduct = true
			}
			continue
		}
		w.walk(v, "", false, 0)
	}
	return append(w.offers, w.listed...), w.name, w.isProduct
}

// ldWalk collects offers while walking decoded JSON-LD.
type ldWalk struct {
	offers, listed []offer
	name           string
	isProduct      bool
}

// ldChildren are the keys that lead to products and offers, in the order
// they are read (map order is random, results must not be).
var ldChildren = []string{"@graph", "mainEntity", "offers", "hasVariant", "isVariantOf", "model", "itemListElement", "item"}

func (w *ldWalk) walk(v any, productName string, inList bool, depth int) {
	if depth > 12 {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			w.walk(e, productName, inList, depth+1)
		}
	case map[string]any:
		types := ldTypes(t["@type"])
		if hasType(types, "product", "productgroup", "individualproduct", "productmodel", "book", "vehicle", "car", "softwareapplication") {
			if n := ldString(t["name"]); n != "" {
				productName = n
			}
			if !inList {
				w.isProduct = true
				if w.name == "" {
					w.name = productName
				}
			}
		}
		if hasType(types, "itemlist", "offercatalog") {
			inList = true
		}
		dst := &w.offers
		if inList {
			dst = &w.listed
		}
		if hasType(types, "offer", "aggregateoffer") {
			readOffer(t, productName, dst)
		}
		for _, k := range ldChildren {
			if e, ok := t[k]; ok {
				w.walk(e, productName, inList, depth+1)
			}
		}
		// an "offers" object without @type is still an offer
		if o, ok := t["offers"].(map[string]any); ok && len(ldTypes(o["@type"])) == 0 {
			readOffer(o, productName, dst)
		}
		if arr, ok := t["offers"].([]any); ok {
			for _, e := range arr {
				if o, ok := e.(map[string]any); ok && len(ldTypes(o["@type"])) == 0 {
					readOffer(o, productName, dst)
				}
			}
		}
	}
}

var (
	trailingComma = regexp.MustCompile(`,\s*([}\]])`)
	emptyValue    = regexp.MustCompile(`:\s*,`)
	emptyValueEnd = regexp.MustCompile(`:\s*([}\]])`)
)

func decodeLenientJSON(s string) (any, error) {
	s = strings.TrimSpace(s)
	for _, w := range [][2]string{{"<!--", "-->"}, {"/*<![CDATA[*/", "/*]]>*/"}, {"//<![CDATA[", "//]]>"}, {"<![CDATA[", "]]>"}} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, w[0]), w[1]))
	}
	v, err := unmarshalNumber(s)
	if err == nil {
		return v, nil
	}
	fixed := emptyValue.ReplaceAllString(s, ": null,")
	fixed = emptyValueEnd.ReplaceAllString(fixed, ": null$1")
	fixed = trailingComma.ReplaceAllString(fixed, "$1")
	fixed = strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(fixed)
	if v, err2 := unmarshalNumber(fixed); err2 == nil {
		return v, nil
	}
	return nil, fmt.Errorf("json-ld: %w", err)
}

// unmarshalNumber decodes JSON keeping numbers as written (never float64).
func unmarshalNumber(s string) (any, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func readOffer(o map[string]any, productName string, offers *[]offer) {
	price := ldString(o["price"])
	if price == "" {
		price = ldString(o["lowPrice"])
	}
	cur := ldString(o["priceCurrency"])
	if ps, ok := o["priceSpecification"]; ok && (price == "" || cur == "") {
		specs, _ := ps.([]any)
		if m, ok := ps.(map[string]any); ok {
			specs = []any{m}
		}
		for _, s := range specs {
			m, ok := s.(map[string]any)
			if !ok {
				continue
			}
			// a struck list price or a unit price is not the price to pay
			if pt := strings.ToLower(ldString(m["priceType"])); strings.Contains(pt, "list") || strings.Contains(pt, "strikethrough") || strings.Contains(pt, "srp") || m["referenceQuantity"] != nil {
				continue
			}
			if price == "" {
				price = ldString(m["price"])
			}
			if cur == "" {
				cur = ldString(m["priceCurrency"])
			}
			if price != "" {
				break
			}
		}
	}
	if price == "" && ldString(o["availability"]) == "" {
		return
	}
	*offers = append(*offers, offer{
		amount:       price,
		currency:     cur,
		availability: availTail(ldString(o["availability"])),
		name:         productName,
		seller:       ldSeller(o["seller"]),
		source:       "jsonld",
	})
}

// availTail turns "https://schema.org/InStock" or "InStock" into "instock".
func availTail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndexAny(s, "/:"); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func ldTypes(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{strings.ToLower(availTail(t))}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, strings.ToLower(availTail(s)))
			}
		}
		return out
	}
	return nil
}

func hasType(types []string, want ...string) bool {
	for _, t := range types {
		for _, w := range want {
			if t == w {
				return true
			}
		}
	}
	return false
}

// ldString reads a JSON-LD scalar as text (numbers keep their digits).
func ldString(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case json.Number:
		return t.String()
	case map[string]any:
		if s := ldString(t["@value"]); s != "" {
			return s
		}
		return ldString(t["@id"])
	case []any:
		if len(t) > 0 {
			return ldString(t[0])
		}
	}
	return ""
}

// ldSeller reads offers.seller: an Organization/Person object or a name.
func ldSeller(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case map[string]any:
		return ldString(t["name"])
	case []any:
		if len(t) > 0 {
			return ldSeller(t[0])
		}
	}
	return ""
}
