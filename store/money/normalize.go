package money

import (
	"html"
	"strings"
	"unicode"
)

// normalize turns text into runes the scanner can read with a handful of
// comparisons: HTML entities are decoded, every decimal digit script
// (full-width, Arabic-Indic, Devanagari, ...) becomes ASCII, full-width
// punctuation becomes its ASCII twin, every kind of space (NBSP, narrow
// NBSP, thin, ideographic) becomes ' ', and invisible direction marks and
// soft hyphens disappear.
func normalize(text string) []rune {
	if strings.IndexByte(text, '&') >= 0 {
		// Entities left in double-escaped text: "&euro;", "&#36;", "&nbsp;".
		text = html.UnescapeString(text)
	}
	out := make([]rune, 0, len(text))
	for _, r := range text {
		switch {
		case r >= '0' && r <= '9':
		case r >= 0xFF01 && r <= 0xFF5E:
			// Full-width ASCII block: １，９８０ → 1,980, ＄ → $.
			r -= 0xFF01 - 0x21
		case r == 0xFFE5:
			r = '¥'
		case r == 0xFFE1:
			r = '£'
		case r == 0xFFE6:
			r = '₩'
		case r == 0x066B: // Arabic decimal separator
			r = '.'
		case r == 0x066C: // Arabic thousands separator
			r = ','
		case r == 0x200E || r == 0x200F || r == 0x061C || r == 0x00AD || r == 0x200B || r == 0xFEFF || r == 0x2060:
			continue // direction marks, soft hyphen, zero-width spaces
		case r == '\u2212' || r == '\u2010' || r == '\u2011':
			r = '-'
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f':
			r = ' '
		case r > 0x7F && unicode.IsSpace(r), r == 0x200A, r == 0x2009, r == 0x202F, r == 0x3000:
			r = ' '
		case r == '⁰' || r == '¹' || r == '²' || r == '³' || r >= '⁴' && r <= '⁹':
			r = supDigit(r)
		case r > 0x7F && unicode.Is(unicode.Nd, r):
			if d, ok := digitValue(r); ok {
				r = '0' + d
			}
		}
		out = append(out, r)
	}
	return out
}

// digitZeros are the zero digits of the decimal scripts prices are written in.
var digitZeros = []rune{
	0x0660, // Arabic-Indic
	0x06F0, // Extended Arabic-Indic (Persian, Urdu)
	0x0966, // Devanagari
	0x09E6, // Bengali
	0x0A66, // Gurmukhi
	0x0AE6, // Gujarati
	0x0BE6, // Tamil
	0x0C66, // Telugu
	0x0CE6, // Kannada
	0x0D66, // Malayalam
	0x0E50, // Thai
	0x0ED0, // Lao
	0x1040, // Myanmar
	0x17E0, // Khmer
	0x1810, // Mongolian
}

func digitValue(r rune) (rune, bool) {
	for _, z := range digitZeros {
		if r >= z && r <= z+9 {
			return r - z, true
		}
	}
	return 0, false
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// Superscript digits ("$19⁹⁹", cents drawn small) become private-use runes
// supZero..supZero+9 so the scanner can tell them from footnote marks.
const supZero = 0xE000

func supDigit(r rune) rune {
	switch r {
	case '⁰':
		return supZero
	case '¹':
		return supZero + 1
	case '²':
		return supZero + 2
	case '³':
		return supZero + 3
	}
	return supZero + r - '⁰'
}

func isSupDigit(r rune) bool { return r >= supZero && r <= supZero+9 }

// isWordLetter reports letters of alphabetic scripts, where a number glued to
// a letter ("B0057", "12GB", "x2") is a code or a quantity, not a price.
// CJK and Hangul are excluded ("税込1,980円" is ordinary Japanese), and so are
// Arabic and Hebrew, which write amounts against words ("تومان56,000").
func isWordLetter(r rune) bool {
	if r < 0x80 {
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
	}
	return unicode.IsLetter(r) && (unicode.In(r, unicode.Latin, unicode.Cyrillic, unicode.Greek, unicode.Armenian, unicode.Georgian))
}
