package money

import (
	"errors"
	"strings"
)

// Hint tells Parse what the surrounding store or page implies.
type Hint struct {
	// Currency is the store's currency (ISO 4217), used when the text names
	// none, and to resolve shared symbols such as "$" (USD, CAD, ARS, ...).
	Currency string
}

// ErrNoPrice means the text holds no readable price.
var ErrNoPrice = errors.New("no price in text")

// Parse reads price text as people write it. PLACEHOLDER: replaced by the
// hardened parser (issue 3); only "1980" / "19.99" forms work here.
func Parse(text string, hint Hint) (Money, error) {
	return FromDecimal(strings.TrimSpace(text), hint.Currency)
}

// CurrencyForHost is the currency a store's domain implies ("" when unknown).
// PLACEHOLDER: replaced by the full table (issue 3).
func CurrencyForHost(host string) string {
	switch {
	case strings.HasSuffix(host, ".co.jp") || strings.HasSuffix(host, ".jp"):
		return "JPY"
	}
	return ""
}
