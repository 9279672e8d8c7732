package money

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// number is a run of digits with the separators between its groups, as
// written: "1.234,56" is groups [1 234 56] with seps ['.' ','].
type number struct {
	start, end int // rune span in the normalized text
	groups     []string
	seps       []rune // ' ' (any space), '\'' (any apostrophe), '.', ','
	// forced is true when the last separator is certainly the decimal one,
	// as in split text "$ 499 .99" or "35€99".
	forced bool
	euro   bool // "35€99": the euro sign was the decimal separator
}

// ErrMalformed means a number is written in a way no locale uses
// ("1.2.3.4", "12,34,5"): reading it would be a guess.
var ErrMalformed = errors.New("malformed number")

// ErrTooLarge means the amount exceeds MaxAmount: almost surely a misread
// (a product code or a phone number).
var ErrTooLarge = errors.New("amount too large")

// ErrPrecision means the amount has more decimals than its currency, with
// Hint.Exact set.
var ErrPrecision = errors.New("more decimals than the currency has")

// ErrNegative means the price is written with a minus sign.
var ErrNegative = errors.New("negative price")

// short trims text quoted in an error to a readable length.
func short(s string) string {
	const max = 40
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

func (n number) raw() string {
	var b strings.Builder
	for i, g := range n.groups {
		if i > 0 {
			b.WriteRune(n.seps[i-1])
		}
		b.WriteString(g)
	}
	return b.String()
}

// split decides which separator, if any, is the decimal one, checks the
// grouping and returns the whole and fractional digit strings. digits is the
// currency's number of minor-unit digits (it settles "1.234").
func (n number) split(digits int) (whole, frac string, err error) {
	if len(n.seps) == 0 {
		return n.groups[0], "", nil
	}
	last := len(n.seps) - 1
	dec := -1 // index into seps of the decimal separator
	switch s := n.seps[last]; {
	case n.forced:
		dec = last
	case s == '.' || s == ',':
		count := strings.Count(string(n.seps), string(s))
		switch {
		case count > 1:
			// "1.144.000": a repeated separator groups.
		case len(n.seps) > 1:
			// "1.234,56", "1 234,56", "1'234.56": the one separator that
			// differs from the grouping is the decimal point.
			dec = last
		default:
			if !oneSepGroups(n.groups[0], n.groups[1], s, digits) {
				dec = last
			}
		}
	}
	grouping := n.seps
	if dec >= 0 {
		grouping = n.seps[:dec]
		frac = n.groups[dec+1]
	}
	if !validGroups(n.groups[:len(grouping)+1], grouping) {
		return "", "", fmt.Errorf("%w: %q", ErrMalformed, short(n.raw()))
	}
	return strings.Join(n.groups[:len(grouping)+1], ""), frac, nil
}

// oneSepGroups settles a lone '.' or ',' ("2.449", "1,980", "12.99").
// One or two digits after it, or four and more, is a decimal part. Exactly
// three digits is a thousands group, because prices with three decimals are
// rare — except when the part before is zero ("0.125"), longer than a group
// ("1234.567"), or the currency has three decimals (KWD, BHD, OMR, ...) and
// the separator is a dot, as Gulf shops write "KD 1.250".
func oneSepGroups(head, tail string, sep rune, digits int) bool {
	if len(tail) != 3 || len(head) > 3 || strings.Trim(head, "0") == "" {
		return false
	}
	if digits == 3 && sep == '.' {
		return false
	}
	return true
}

// validGroups accepts Western grouping (1-3 digits, then groups of 3) and
// Indian grouping (1,23,45,678: 1-2 digits, groups of 2, a final 3), with
// one kind of separator throughout.
func validGroups(groups []string, seps []rune) bool {
	if len(seps) == 0 {
		return true
	}
	for _, s := range seps {
		if s != seps[0] {
			return false
		}
	}
	western := len(groups[0]) <= 3
	for _, g := range groups[1:] {
		if len(g) != 3 {
			western = false
		}
	}
	if western {
		return true
	}
	if seps[0] != ',' || len(groups) < 3 || len(groups[0]) > 2 || len(groups[len(groups)-1]) != 3 {
		return false
	}
	for _, g := range groups[1 : len(groups)-1] {
		if len(g) != 2 {
			return false
		}
	}
	return true
}

// toMinor converts decimal digit strings into minor units. Extra decimals
// that are zeros are dropped ("1980.00" JPY); other extra decimals round half
// up ("34.992001" GBP → 34.99), or are ErrPrecision when exact is set.
func toMinor(whole, frac string, digits int, exact bool) (int64, error) {
	whole = strings.TrimLeft(whole, "0")
	roundUp := false
	if len(frac) > digits {
		extra := frac[digits:]
		frac = frac[:digits]
		if strings.Trim(extra, "0") != "" {
			if exact {
				return 0, fmt.Errorf("%w (%d)", ErrPrecision, digits)
			}
			roundUp = extra[0] >= '5'
		}
	}
	frac += strings.Repeat("0", digits-len(frac))
	all := strings.TrimLeft(whole+frac, "0")
	if all == "" {
		all = "0"
	}
	if len(all) > 18 {
		return 0, ErrTooLarge
	}
	v, err := strconv.ParseInt(all, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q", ErrMalformed, all)
	}
	if roundUp {
		v++
	}
	if v > MaxAmount {
		return 0, ErrTooLarge
	}
	return v, nil
}
