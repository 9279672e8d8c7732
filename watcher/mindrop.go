package watcher

import (
	"fmt"
	"strings"

	"refundwatch/store/money"
)

// MinDrop is the smallest fall worth an alert (config min_drop): an absolute
// amount in the purchase's own currency ("1" = 1 yen on a yen purchase, 1
// dollar on a dollar one), or a percentage of the price paid ("2%").
// The zero MinDrop alerts on any fall of at least one minor unit.
type MinDrop struct {
	text string // as configured, for messages
	// Absolute amount as a decimal: mantissa × 10^-scale major units.
	mantissa int64
	scale    int
	// Percentage in basis points (1% = 100).
	bp      int64
	percent bool
}

// ParseMinDrop reads "1", "0.5", "2%", "2.5 %".
func ParseMinDrop(s string) (MinDrop, error) {
	t := strings.TrimSpace(s)
	if num, ok := strings.CutSuffix(t, "%"); ok {
		// Hundredths of a percent are basis points: read it as a 2-decimal amount.
		m, err := money.FromDecimal(strings.TrimSpace(num), "USD")
		if err != nil || m.Amount < 0 || m.Amount >= 10000 {
			return MinDrop{}, fmt.Errorf("min_drop: want an amount or a percentage below 100%% with at most 2 decimals (got %q)", s)
		}
		return MinDrop{text: t, bp: m.Amount, percent: true}, nil
	}
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" && frac == "" || len(frac) > 6 || len(whole) > 12 || !digits(whole) || !digits(frac) {
		return MinDrop{}, fmt.Errorf("min_drop: want an amount like \"1\" or a percentage like \"2%%\" (got %q)", s)
	}
	frac = strings.TrimRight(frac, "0")
	var m int64
	for _, r := range whole + frac {
		m = m*10 + int64(r-'0')
	}
	return MinDrop{text: t, mantissa: m, scale: len(frac)}, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String is the value as configured.
func (d MinDrop) String() string { return d.text }

// Amount is the minimum fall, in minor units of paid's currency, never less
// than one minor unit (a price equal to what was paid is no drop). Fractions
// of a minor unit round up, so a drop is never smaller than asked.
func (d MinDrop) Amount(paid money.Money) int64 {
	var n int64
	if d.percent {
		// Split to keep paid × bp inside int64 for any amount money accepts.
		q, r := paid.Amount/10000, paid.Amount%10000
		n = q*d.bp + ceilDiv(r*d.bp, 10000)
	} else {
		digits := money.Digits(paid.Currency)
		n = d.mantissa
		for i := d.scale; i < digits; i++ {
			n *= 10
		}
		for i := digits; i < d.scale; i++ {
			n = ceilDiv(n, 10)
		}
	}
	return max(n, 1)
}

func ceilDiv(a, b int64) int64 {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}
