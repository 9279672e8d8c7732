package extract

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

// sniffJapanese guesses the charset of a page that declares none and is not
// UTF-8: old Japanese shops still serve Shift_JIS or EUC-JP that way, and the
// windows-1252 fallback would turn 円 and ￥ into noise. A candidate must
// decode the sample cleanly and read like Japanese — kana are a large share
// of any Japanese text, while Latin-1 bytes misread as Shift_JIS give kanji
// soup with almost no kana.
func sniffJapanese(body []byte) (encoding.Encoding, string) {
	sample := prefix(body, metaScanLimit)
	for _, c := range []struct {
		enc  encoding.Encoding
		name string
	}{{japanese.ShiftJIS, "shift_jis"}, {japanese.EUCJP, "euc-jp"}} {
		out, err := c.enc.NewDecoder().Bytes(sample)
		if err != nil {
			continue
		}
		if looksJapanese(out) {
			return c.enc, c.name
		}
	}
	return nil, ""
}

// looksJapanese: no undecodable bytes, and at least a fifth of the non-ASCII
// characters are hiragana or katakana.
func looksJapanese(b []byte) bool {
	nonASCII, kana := 0, 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r < utf8.RuneSelf {
			continue
		}
		if r == utf8.RuneError {
			return false
		}
		nonASCII++
		if unicode.In(r, unicode.Hiragana, unicode.Katakana) {
			kana++
		}
	}
	return nonASCII >= 8 && kana*5 >= nonASCII
}
