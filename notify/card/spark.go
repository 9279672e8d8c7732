package card

import (
	"fmt"
	"strings"

	"refundwatch/notify/draft"
	"refundwatch/store"
	"refundwatch/store/money"
)

const sparkLevels = "▁▂▃▄▅▆▇█"

// maxSpark bounds the sparkline's width; longer histories are bucketed,
// keeping each bucket's lowest price so a short dip stays visible.
const maxSpark = 32

// spark draws the prices seen in the purchase's window, the price paid first.
func spark(p store.Purchase, hist []store.Observation, lang string, L Labels) (line, note string) {
	prices := []int64{p.Paid.Amount}
	for _, o := range hist {
		if o.Price == nil || o.Price.Currency != p.Paid.Currency {
			continue
		}
		if !p.Bought.IsZero() && o.At.Before(p.Bought) || !p.WindowEnds.IsZero() && o.At.After(p.WindowEnds) {
			continue
		}
		prices = append(prices, o.Price.Amount)
	}
	if len(prices) < 2 {
		return "", ""
	}
	line = Sparkline(prices)
	lo, hi := prices[0], prices[0]
	for _, v := range prices {
		lo, hi = min(lo, v), max(hi, v)
	}
	f := func(a int64) string {
		return draft.FormatMoney(money.Money{Amount: a, Currency: p.Paid.Currency}, lang)
	}
	return line, fmt.Sprintf(L.SparkNote, f(lo), f(hi))
}

// Sparkline maps values onto ▁▂▃▄▅▆▇█, lowest to highest; equal values sit
// on the middle level. More than 32 values are bucketed by minimum.
func Sparkline(vals []int64) string {
	if len(vals) == 0 {
		return ""
	}
	if len(vals) > maxSpark {
		b := make([]int64, maxSpark)
		for i := range b {
			from, to := i*len(vals)/maxSpark, (i+1)*len(vals)/maxSpark
			m := vals[from]
			for _, v := range vals[from:to] {
				m = min(m, v)
			}
			b[i] = m
		}
		vals = b
	}
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	levels := []rune(sparkLevels)
	var sb strings.Builder
	for _, v := range vals {
		i := 3
		if hi > lo {
			// integer scaling: no floats anywhere near money.
			i = int((v - lo) * int64(len(levels)-1) / (hi - lo))
		}
		sb.WriteRune(levels[i])
	}
	return sb.String()
}
