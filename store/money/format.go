package money

import "strings"

// symbols are the short signs people read at a glance; other currencies are
// shown with their ISO code.
var symbols = map[string]string{
	"USD": "$", "JPY": "¥", "EUR": "€", "GBP": "£", "KRW": "₩", "INR": "₹",
	"CNY": "CN¥", "CAD": "CA$", "AUD": "A$", "NZD": "NZ$", "HKD": "HK$",
}

// Format renders m for people: "¥12,800", "$1,234.56", "€8.71", "CHF 12.50".
func Format(m Money) string {
	d := m.Decimal()
	sign := ""
	if strings.HasPrefix(d, "-") {
		sign, d = "-", d[1:]
	}
	whole, frac, hasFrac := strings.Cut(d, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	n := b.String()
	if hasFrac {
		n += "." + frac
	}
	if s, ok := symbols[m.Currency]; ok {
		return sign + s + n
	}
	if m.Currency == "" {
		return sign + n
	}
	return sign + m.Currency + " " + n
}
