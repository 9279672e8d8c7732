package money

import (
	"errors"
	"fmt"
	"strings"
)

// Hint tells Parse what the surrounding store or page implies.
type Hint struct {
	// Currency is the store's currency (ISO 4217), used when the text names
	// none, and to resolve shared symbols such as "$" (USD, CAD, ARS, ...).
	Currency string
	// Host is the store's host name; when Currency is empty,
	// CurrencyForHost(Host) stands in for it.
	Host string
	// Text is nearby text that may name the currency when the price text
	// does not: a sibling element ("€" next to "119,01"), a table header.
	// Only its currency markers are read, never its numbers.
	Text string
	// Exact refuses to round: more non-zero decimals than the currency has
	// ("19.999 USD") is ErrPrecision instead of rounding half up. Set it for
	// amounts a person typed (add --paid).
	Exact bool
}

// ErrNoPrice means the text holds no readable price.
var ErrNoPrice = errors.New("no price in text")

// ErrFree means the text says the item is free ("Free!", "Gratis", "無料")
// and holds no number. It wraps ErrNoPrice; a caller that wants such text
// read as zero checks errors.Is(err, ErrFree).
var ErrFree = fmt.Errorf("%w: marked free", ErrNoPrice)

// maxTextBytes bounds the work Parse does on one string; price text is short
// and anything longer is a whole page handed over by mistake.
const maxTextBytes = 16 << 10

// Parse reads the first price in text as people and shops write it:
// "1980", "¥1,980", "１，９８０円", "$19.99", "19,99 €", "EUR 1.234,56",
// "1 234,56 zł", "1'234.56 CHF", "₹1,23,456.00", "R$ 1.234,56",
// "131 990 тг.", "30,000원~", "Price: $ 499 .99".
//
// Which number: the first one written next to a currency marker (symbol,
// abbreviation or ISO code, before or after, spaces or not); when no number
// has one, the first number. A marker between two numbers belongs to the
// nearer one ("3600 $199" is 199). Never prices: percentages ("-20%"),
// thresholds ("$49+"), "#1", CJK multiplied amounts ("3万円", refused rather
// than read 10,000 times too small), numbers glued to letters ("B0057",
// "12GB") unless a marker is on their other side ("$19.99Regular"). In a
// range ("$10 - $20", "10 – 20 €", "From 26 to 50 €") the first end is read.
// A price labelled as former, list or saved ("Was $120.00 Now $60.00",
// "RRP £16.99 £13.53", "statt 149,99 €") gives way to a later one.
// Machine-written values (schema.org, meta tags) go to ParseMachine instead.
//
// Which currency: the marker next to the number; else a marker elsewhere in
// text; else one in hint.Text; else hint.Currency (or the host's). Shared
// signs resolve through the hint: "$" is hint.Currency when that is a dollar
// or peso, else USD; "¥" is CNY when the hint says so, else JPY; "kr" is SEK,
// NOK, DKK or ISK. The result's Currency is "" only when nothing names one.
//
// Separators:
//   - Spaces of every width (NBSP, narrow NBSP, thin) and apostrophes
//     ("1'234") only group thousands, and only before exactly three digits.
//   - When two kinds of separator appear, the last one is the decimal point
//     ("1.234,56", "1,234.56", "1 234,56"); a repeated one only groups
//     ("1.144.000").
//   - A lone '.' or ',' is a decimal point when one, two or four and more
//     digits follow it ("12,99", "3.3900"). With exactly three digits it groups
//     thousands ("2.449" pesos, "1,980" yen, "$699,000"), unless the part
//     before is 0 ("0.125"), longer than three digits, or the currency has
//     three decimals (KWD, BHD, ...) and the separator is a dot ("KD 1.250").
//   - Groups must be regular: 1-3 digits then threes, or Indian 1,23,45,678.
//     Anything else ("1.2.3.4", "15.08.2017") is ErrMalformed, never a guess.
//   - Markup flattened to text is read: "$ 499 .99", "$119. 95",
//     "1.837, 32 €", superscript cents "$19⁹⁹", the euro sign as decimal
//     point "35€99", cents alone "$.99".
//   - Every digit script (full-width, Arabic-Indic, Devanagari, ...) and
//     every space width (NBSP, U+202F, thin, ideographic) is understood.
//
// Decimals beyond the currency's (golang.org/x/text/currency): zeros are
// dropped ("¥1,980.00" is 1980 JPY); other digits round half up
// ("34.992001 GBP" is 34.99), or are ErrPrecision when hint.Exact is set.
//
// Errors: ErrNoPrice (no usable number; ErrFree for "Free"), ErrMalformed,
// ErrNegative, ErrTooLarge (over MaxAmount), ErrPrecision. Any error means
// no price was read from text. Zero is a valid result ("$0.00"); whether it
// is a believable price is the caller's call. Parse never panics and reads
// at most the first 16 KiB of text.
func Parse(text string, hint Hint) (Money, error) {
	hintCur := hint.currency()
	var hintMarkers []marker
	if hint.Text != "" {
		for _, t := range scan(normalize(clip(hint.Text)), hintCur, nil) {
			if t.isMark {
				m := t.mark
				m.cur = t.cur
				hintMarkers = append(hintMarkers, m)
			}
		}
	}
	rs := normalize(clip(text))
	toks := scan(rs, hintCur, hintMarkers)

	p := picker{rs: rs, toks: toks, hintCur: hintCur, hintMarkers: hintMarkers}
	idx, cur, err := p.pick()
	if err != nil {
		return Money{}, err
	}
	n := toks[idx].num
	if p.negative(idx) {
		return Money{}, fmt.Errorf("%w: %q", ErrNegative, short(strings.TrimSpace(text)))
	}
	d := Digits(cur)
	whole, frac, err := n.split(d)
	if err != nil {
		return Money{}, err
	}
	amount, err := toMinor(whole, frac, d, hint.Exact)
	if err != nil {
		return Money{}, fmt.Errorf("amount %q: %w", short(n.raw()), err)
	}
	return Money{Amount: amount, Currency: cur}, nil
}

func (h Hint) currency() string {
	if c, err := NormalizeCurrency(h.Currency); err == nil {
		return c
	}
	if h.Host != "" {
		return CurrencyForHost(h.Host)
	}
	return ""
}

func clip(s string) string {
	if len(s) <= maxTextBytes {
		return s
	}
	return s[:maxTextBytes]
}
