package money

import (
	"fmt"
	"strings"
)

// ParseMachine reads an amount written for machines rather than people: a
// schema.org Offer.price, a <meta property="product:price:amount">, a
// data-price attribute. In "12.500" or "2449.00" the dot is then always the
// decimal point, whatever the currency, as schema.org prescribes. Extra
// decimals round half up ("34.992001" GBP is 34.99). Values that are not
// plain decimals ("48,00", "1,299.00", "$19.99") are read by Parse with cur as
// the hint, since sites do put formatted text in these fields.
func ParseMachine(text, cur string) (Money, error) {
	c, err := NormalizeCurrency(cur)
	if err != nil {
		c = ""
	}
	s := strings.TrimSpace(text)
	whole, frac, hasDot := strings.Cut(s, ".")
	if !plainDigits(whole) || hasDot && !plainDigits(frac) {
		return Parse(s, Hint{Currency: c})
	}
	amount, err := toMinor(whole, frac, Digits(c), false)
	if err != nil {
		return Money{}, fmt.Errorf("amount %q: %w", short(s), err)
	}
	return Money{Amount: amount, Currency: c}, nil
}

func plainDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
