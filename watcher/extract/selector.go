package extract

import (
	"strings"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// extractSelector reads the price from the user's own CSS selector. The first
// matching element with a readable price wins: its content/value attribute
// (meta, input) or else its text. No match is reported as not_found with
// method "selector:no_match" (or "selector:no_price" when elements matched but
// held no price) rather than silently using another reader: a user who named
// a selector wants to know it stopped working.
func (p *page) extractSelector(r *Result, sel string, ld []offer, ldName string) {
	if isAmazonHost(p.host) {
		r.Title = amazonTitle(p)
	} else {
		r.Title = genericTitle(p, ldName)
	}
	hint := p.storeCC
	if hint == "" {
		for _, o := range ld {
			if o.currency != "" {
				hint = strings.ToUpper(o.currency)
				break
			}
		}
	}
	var nodes []*html.Node
	if g := parseSelector(sel); g != nil {
		nodes = cascadia.QueryAll(p.root, g)
	}
	if len(nodes) == 0 {
		r.Status, r.Method = StatusNotFound, "selector:no_match"
		return
	}
	for _, n := range nodes {
		for _, text := range []string{attr(n, "content"), attr(n, "value"), priceText(n)} {
			if text == "" {
				continue
			}
			if m, ok := parsePrice(text, hint); ok {
				r.Status, r.Price, r.Method = StatusOK, &m, "selector"
				return
			}
		}
	}
	r.Status, r.Method = StatusNotFound, "selector:no_price"
}
