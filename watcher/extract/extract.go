// Package extract reads the current price, title, availability and seller off
// a product page. PLACEHOLDER API: issue #3 implements it.
package extract

import (
	"errors"

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
}

// Options say where a page came from and how to read it.
type Options struct {
	URL         string // the page's address (chooses the store adapter, the currency); may be ""
	ContentType string // HTTP Content-Type header, for the charset; may be ""
	Selector    string // the user's CSS selector for the price; wins when given
}

// ErrNotHTML is returned for bodies that are not a readable page.
var ErrNotHTML = errors.New("not an HTML page")

// Extract reads one page body (raw bytes as served; it decodes the charset).
func Extract(body []byte, opts Options) (Result, error) {
	return Result{Status: StatusNotFound, URL: opts.URL}, errors.New("extract: not implemented yet")
}
