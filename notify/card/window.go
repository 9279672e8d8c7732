package card

import (
	"fmt"
	"time"
)

// windowLeft says how long until the window closes, to the hour:
// "3 days 4 hours" / "3日4時間"; "closed" / "終了" once past.
func windowLeft(ends, now time.Time, L Labels) string {
	if ends.IsZero() {
		return L.Unknown
	}
	d := ends.Sub(now)
	if d <= 0 {
		return L.Closed
	}
	h := int(d / time.Hour)
	days, hours := h/24, h%24
	switch {
	case days == 0 && hours == 0:
		return L.UnderAnHour
	case days == 0:
		return unit(hours, L.Hour, L.Hours)
	case hours == 0:
		return unit(days, L.Day, L.Days)
	}
	return unit(days, L.Day, L.Days) + L.Join + unit(hours, L.Hour, L.Hours)
}

func unit(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf(one, n)
	}
	return fmt.Sprintf(many, n)
}
