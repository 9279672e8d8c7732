// Package extract reads the current price, title, availability and seller off
// a product page: it owns charset decoding, bot-check detection, the store
// adapters (Amazon, every locale and layout), the generic readers (JSON-LD,
// microdata, meta, visible price) and the user's own CSS selector.
//
// The page is parsed once (tree.go); bot checks come first (a blocked page is
// never priced), then the user's selector, then the store adapter, and only
// pages no adapter knows are searched with the generic readers. README.md
// describes the order, the structured-vs-visible policy and the methods.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"refundwatch/store/money"
)

// Status is what a page told us (CONTRACT.md).
type Status string

// Statuses.
const (
	StatusOK          Status = "ok"          // a price to pay was read
	StatusUnavailable Status = "unavailable" // a product page with no buyable offer (out of stock, no buy box)
	StatusNotFound    Status = "not_found"   // no product or no price on the page
	StatusBlocked     Status = "blocked"     // robot check, captcha, WAF challenge: never a price
)

// Result is what would be recorded for a page.
type Result struct {
	Status    Status       `json:"status"`
	Price     *money.Money `json:"price"`
	Title     string       `json:"title"`
	Available *bool        `json:"available"`
	Seller    *string      `json:"seller"`
	// SoldByStore is true when the store itself sells (Amazon.co.jp, Amazon.com...),
	// false for a third-party seller, nil when unknown.
	SoldByStore *bool  `json:"sold_by_store,omitempty"`
	Method      string `json:"method"` // which extractor found it, e.g. "amazon:corePrice", "jsonld", "selector"
	URL         string `json:"url"`
	// Condition is "used" when the only offer on the page is a used one; "" for new.
	Condition string `json:"condition,omitempty"`
	// Charset is the character set the page was decoded from ("utf-8", "shift_jis", ...).
	Charset string `json:"charset,omitempty"`
}

// Options say where a page came from and how to read it.
type Options struct {
	URL         string // the page's address (chooses the store adapter, the currency); may be ""
	ContentType string // HTTP Content-Type header, for the charset; may be ""
	Selector    string // the user's CSS selector for the price; wins when given
}

// ErrNotHTML is returned for bodies that are not a readable page.
var ErrNotHTML = errors.New("not an HTML page")

// ErrBadSelector is returned when Options.Selector is not valid CSS.
var ErrBadSelector = errors.New("invalid CSS selector")

// Extract reads one page body (raw bytes as served; it decodes the charset).
//
// Order: bot checks (blocked, never a price); the user's selector when given
// (it wins; if it matches no price the result is not_found with method
// "selector:no_match" — we do not silently fall back, so a user whose
// selector broke learns it); the store adapter chosen by host or page
// content; then the generic readers.
func Extract(body []byte, opts Options) (Result, error) {
	r := Result{URL: opts.URL}
	if len(bytes.TrimSpace(body)) == 0 {
		return r, ErrNotHTML
	}
	if opts.Selector != "" && parseSelector(opts.Selector) == nil {
		return r, fmt.Errorf("%w: %q", ErrBadSelector, opts.Selector)
	}
	utf, cs, err := toUTF8(body, opts.ContentType)
	if err != nil {
		return r, fmt.Errorf("extract: %w", err)
	}
	r.Charset = cs
	if looksBinary(utf) {
		return r, ErrNotHTML
	}
	return extractTree(buildTree(string(utf)), utf, opts, r), nil
}

// extractTree reads a parsed page; utf is the decoded page (bot-check
// markers are looked for in the raw text, scripts included).
func extractTree(root *html.Node, utf []byte, opts Options, r Result) Result {
	p := newPage(root, normalizeURL(opts.URL))
	if p.host == "" || strings.HasPrefix(p.host, "web.archive.org") {
		if h := amazonHostFromMarkers(utf); h != "" {
			p.host = h
		}
	}
	if r.URL == "" {
		r.URL = p.url
	}
	amazon := isAmazonHost(p.host) || amazonPage(p)
	if amazon && !isAmazonHost(p.host) {
		// a short link (amzn.asia/d/...) or a mirror: the store is the canonical one
		if h := hostOf(p.canon); isAmazonHost(h) {
			p.host = h
		} else if h := amazonHostFromMarkers(utf); h != "" {
			p.host = h
		}
	}
	p.storeCC = money.CurrencyForHost(p.host)

	ld, ldName, ldProduct := jsonldOffers(p.ldjson)
	isProduct := ldProduct || len(p.byID("productTitle")) > 0 || len(p.byID("ebooksProductTitle")) > 0 ||
		strings.EqualFold(p.meta("og:type"), "product") || len(p.itemprop) > 0 && hasItemprop(p, "price")
	if reason := blockedReason(utf, p.title, isProduct); reason != "" {
		r.Status, r.Method = StatusBlocked, "blocked:"+reason
		r.Title = p.title
		return r
	}

	if opts.Selector != "" {
		p.extractSelector(&r, opts.Selector, ld, ldName)
		return r
	}
	if amazon {
		// No generic fallback on Amazon: its pages carry no structured
		// price, and a visible-price guess there would read a carousel.
		p.extractAmazon(&r)
		if r.Status == StatusNotFound && looksNotFound(p.title) {
			r.Method = "not_found"
		}
		return r
	}
	p.extractGeneric(&r, ld, ldName, isProduct)
	return r
}

func hasItemprop(p *page, name string) bool {
	for _, n := range p.itemprop {
		if strings.EqualFold(attr(n, "itemprop"), name) {
			return true
		}
	}
	return false
}

// normalizeURL unwraps archive.org addresses to the page they archived.
func normalizeURL(s string) string {
	if i := strings.Index(s, "web.archive.org/web/"); i >= 0 {
		rest := s[i+len("web.archive.org/web/"):]
		if j := strings.Index(rest, "/"); j >= 0 {
			return rest[j+1:]
		}
	}
	return s
}

// looksBinary reports whether the start of a decoded body holds NUL or other
// control bytes no HTML page carries.
func looksBinary(b []byte) bool {
	n := min(len(b), 512)
	bad := 0
	for _, c := range b[:n] {
		if c == 0 || c < 0x09 {
			bad++
		}
	}
	return bad > 0 && bad*20 > n || !bytes.Contains(bytes.ToLower(b[:min(len(b), 4096)]), []byte("<")) && n > 0
}

// hostOf returns the lower-case host of a URL without "www.".
func hostOf(s string) string {
	if s != "" && !strings.Contains(s, "://") {
		s = "https://" + s // "amazon.co.jp/dp/..." typed without a scheme
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return strings.ToLower(strings.TrimPrefix(u.Hostname(), "www."))
}
