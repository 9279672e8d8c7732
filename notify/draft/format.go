package draft

import (
	"strings"
	"time"

	"refundwatch/store/money"
)

// FormatMoney renders an amount the way a shopper writing in lang expects:
// JPY as 12,800円 in Japanese; otherwise money.Format (¥12,800, $1,234.56,
// £1,234.56, €8.71, "CHF 12.50").
func FormatMoney(m money.Money, lang string) string {
	if m.Currency == "JPY" && lang == LangJA {
		s := money.Format(m) // "¥12,800" or "-¥12,800"
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "¥") + "円"
		if neg {
			s = "-" + s
		}
		return s
	}
	return money.Format(m)
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
