// Package money is refundwatch's one representation of an amount of money and
// its one parser for price text, shared by the command line (--paid) and the
// page reader (watcher/extract).
//
// Amounts are integer minor units (cents, yen, fils) plus an ISO 4217 code.
// Nothing here ever uses a float.
package money

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"golang.org/x/text/currency"
)

// Money is an amount in the currency's minor units (JPY 0 decimals, USD 2, KWD 3).
// Currency is an upper-case ISO 4217 code, or "" when nothing told us.
type Money struct {
	Amount   int64
	Currency string
}

// ErrUnknownCurrency is returned for a currency code that is not ISO 4217.
var ErrUnknownCurrency = errors.New("unknown currency")

// Digits is the number of minor-unit digits of an ISO 4217 currency, from the
// CLDR data in golang.org/x/text. An unknown or empty code has 2.
func Digits(code string) int {
	if code == "" {
		return 2
	}
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

// ValidCurrency reports whether code is a recognised ISO 4217 currency code.
func ValidCurrency(code string) bool {
	if len(code) != 3 || strings.ToUpper(code) != code {
		return false
	}
	_, err := currency.ParseISO(code)
	return err == nil
}

// NormalizeCurrency upper-cases and validates an ISO 4217 code.
func NormalizeCurrency(code string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(code))
	if !ValidCurrency(c) {
		return "", fmt.Errorf("%w %q", ErrUnknownCurrency, code)
	}
	return c, nil
}

// FromDecimal reads a plain decimal in major units ("19.99", "1980", "-3.5")
// into minor units of cur. More fractional digits than the currency has is an error.
func FromDecimal(s, cur string) (Money, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && (!hasDot || frac == "") {
		return Money{}, fmt.Errorf("amount %q is not a decimal number", s)
	}
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return Money{}, fmt.Errorf("amount %q is not a decimal number", s)
			}
		}
	}
	d := Digits(cur)
	frac = strings.TrimRight(frac, "0")
	if len(frac) > d {
		return Money{}, fmt.Errorf("amount %q has more decimals than %s allows (%d)", s, curName(cur), d)
	}
	digits := whole + frac + strings.Repeat("0", d-len(frac))
	n, ok := new(big.Int).SetString(strings.TrimLeft(digits, "0")+"0", 10)
	if !ok {
		return Money{}, fmt.Errorf("amount %q is not a decimal number", s)
	}
	n.Div(n, big.NewInt(10))
	if !n.IsInt64() || n.Int64() > MaxAmount {
		return Money{}, fmt.Errorf("amount %q is too large", s)
	}
	v := n.Int64()
	if neg {
		v = -v
	}
	return Money{Amount: v, Currency: cur}, nil
}

// MaxAmount bounds any amount we accept (10^15 minor units): larger is a misread.
const MaxAmount = 1_000_000_000_000_000

func curName(c string) string {
	if c == "" {
		return "an unknown currency"
	}
	return c
}

// Decimal formats the amount in major units without grouping: "19.99", "1980", "-0.50".
func (m Money) Decimal() string {
	d := Digits(m.Currency)
	a := m.Amount
	sign := ""
	if a < 0 {
		sign = "-"
		a = -a
	}
	s := fmt.Sprintf("%0*d", d+1, a)
	if d == 0 {
		return sign + s
	}
	return sign + s[:len(s)-d] + "." + s[len(s)-d:]
}

// String is a plain, locale-neutral rendering: "1980 JPY", "19.99 USD".
func (m Money) String() string {
	if m.Currency == "" {
		return m.Decimal()
	}
	return m.Decimal() + " " + m.Currency
}

// Sub returns m − o; both must share a currency.
func (m Money) Sub(o Money) (Money, error) {
	if m.Currency != o.Currency {
		return Money{}, fmt.Errorf("cannot subtract %s from %s", o.Currency, m.Currency)
	}
	return Money{Amount: m.Amount - o.Amount, Currency: m.Currency}, nil
}

type jsonMoney struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// MarshalJSON writes {"amount": "19.99", "currency": "USD"} (CONTRACT.md).
func (m Money) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonMoney{Amount: m.Decimal(), Currency: m.Currency})
}

// UnmarshalJSON reads the form MarshalJSON writes.
func (m *Money) UnmarshalJSON(b []byte) error {
	var j jsonMoney
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("money: %w", err)
	}
	if j.Currency != "" && !ValidCurrency(j.Currency) {
		return fmt.Errorf("money: %w %q", ErrUnknownCurrency, j.Currency)
	}
	v, err := FromDecimal(j.Amount, j.Currency)
	if err != nil {
		return fmt.Errorf("money: %w", err)
	}
	*m = v
	return nil
}
