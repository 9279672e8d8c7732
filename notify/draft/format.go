package draft

import (
	"strings"
	"time"

	"refundwatch/store/money"
)

// FormatMoney renders an amount the way a shopper writing in lang expects:
// JPY as 12,800円 in Japanese and ¥12,800 in English, USD as $1,234.56,
// GBP as £1,234.56, anything else as "EUR 1,234.56".
func FormatMoney(m money.Money, lang string) string {
	num := group(m.Decimal())
	neg := strings.HasPrefix(num, "-")
	num = strings.TrimPrefix(num, "-")
	sign := ""
	if neg {
		sign = "-"
	}
	switch m.Currency {
	case "JPY":
		if lang == LangJA {
			return sign + num + "円"
		}
		return sign + "¥" + num
	case "USD":
		return sign + "$" + num
	case "GBP":
		return sign + "£" + num
	case "":
		return sign + num
	}
	return sign + m.Currency + " " + num
}

// group inserts thousands separators into a plain decimal ("-1234.50" → "-1,234.50").
func group(dec string) string {
	sign := ""
	if strings.HasPrefix(dec, "-") {
		sign, dec = "-", dec[1:]
	}
	whole, frac, hasFrac := strings.Cut(dec, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return sign + b.String()
}

// FormatDate renders a calendar date: 2026年11月20日 / November 20, 2026.
func FormatDate(t time.Time, lang string) string {
	if lang == LangJA {
		return t.Format("2006年1月2日")
	}
	return t.Format("January 2, 2006")
}

// FormatTime renders a date with the time of day and zone:
// 2026年11月22日 10:00 / November 22, 2026 at 10:00 UTC. Japanese text
// names the zone only when it is not Japan time.
func FormatTime(t time.Time, lang string) string {
	if lang == LangJA {
		s := t.Format("2006年1月2日 15:04")
		if _, off := t.Zone(); off != 9*3600 {
			s += " (" + t.Format("MST") + ")"
		}
		return s
	}
	return t.Format("January 2, 2006 at 15:04 MST")
}
