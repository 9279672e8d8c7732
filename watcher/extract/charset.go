package extract

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// metaScanLimit is how far into a page we look for a <meta> charset. The HTML
// standard's prescan stops at 1024 bytes, but many real pages (Amazon 2020+,
// John Lewis, Overstock...) declare it later; the first declaration wins.
const metaScanLimit = 64 << 10

// toUTF8 decodes body to UTF-8 and says which charset it used. Order: the HTTP
// Content-Type header, a byte-order mark, the first <meta> declaration in the
// first 64 KB, else UTF-8 when the bytes are valid UTF-8, else Shift_JIS or
// EUC-JP when the page reads as Japanese in one of them, else windows-1252.
// A declared legacy charset is overruled when the bytes are valid UTF-8 with
// multibyte sequences: stale declarations are common, a legacy-encoded page
// that is also valid multibyte UTF-8 is not.
func toUTF8(body []byte, contentType string) ([]byte, string, error) {
	label := ""
	if contentType != "" {
		if _, params, err := mime.ParseMediaType(contentType); err == nil {
			label = params["charset"]
		}
	}
	if label == "" {
		if enc, name := bomEncoding(body); enc != nil {
			return decodeWith(body, enc, name)
		}
		label = metaCharset(body)
	}
	enc, name := encoding.Encoding(nil), ""
	if label != "" {
		enc, name = charset.Lookup(label)
	}
	if enc == nil || name == "utf-8" {
		if enc == nil && !utf8.Valid(prefix(body, metaScanLimit)) {
			if ja, jaName := sniffJapanese(body); ja != nil {
				return decodeWith(body, ja, jaName)
			}
			enc, name, _ = charset.DetermineEncoding(body, "")
			if name != "utf-8" {
				return decodeWith(body, enc, name)
			}
		}
		return body, "utf-8", nil
	}
	if name != "utf-16le" && name != "utf-16be" && hasMultibyteUTF8(body) {
		return body, "utf-8", nil
	}
	return decodeWith(body, enc, name)
}

func decodeWith(body []byte, enc encoding.Encoding, name string) ([]byte, string, error) {
	if enc == unicode.UTF8 || name == "utf-8" {
		return bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), "utf-8", nil
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, name, fmt.Errorf("decode %s: %w", name, err)
	}
	return out, name, nil
}

func bomEncoding(b []byte) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		return unicode.UTF8, "utf-8"
	case bytes.HasPrefix(b, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(b, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	}
	return nil, ""
}

func prefix(b []byte, n int) []byte {
	if len(b) > n {
		b = b[:n]
		// do not cut a UTF-8 sequence in half
		for i := 0; i < 3 && len(b) > 0 && !utf8.RuneStart(b[len(b)-1]) && b[len(b)-1] >= 0x80; i++ {
			b = b[:len(b)-1]
		}
		if len(b) > 0 && b[len(b)-1] >= 0xc0 {
			b = b[:len(b)-1]
		}
	}
	return b
}

// hasMultibyteUTF8 reports whether b is valid UTF-8 and holds at least one
// multibyte sequence (pure ASCII says nothing about the charset).
func hasMultibyteUTF8(b []byte) bool {
	multi := false
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return false
		}
		multi = true
		i += size
	}
	return multi
}

// metaCharset returns the charset label of the first <meta charset=...> or
// <meta http-equiv=content-type content="...charset=..."> in the first 64 KB,
// skipping comments, scripts and styles.
func metaCharset(body []byte) string {
	b := body
	if len(b) > metaScanLimit {
		b = b[:metaScanLimit]
	}
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return ""
		}
		i += j
		rest := b[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest, []byte("-->"))
			if end < 0 {
				return ""
			}
			i += end + 3
			continue
		case hasFoldPrefix(rest, "<script") || hasFoldPrefix(rest, "<style"):
			closer := "</script"
			if hasFoldPrefix(rest, "<style") {
				closer = "</style"
			}
			end := indexFold(rest[2:], closer)
			if end < 0 {
				return ""
			}
			i += end + 2 + len(closer)
			continue
		case hasFoldPrefix(rest, "<meta") && len(rest) > 5 && isTagSpace(rest[5]):
			end := bytes.IndexByte(rest, '>')
			if end < 0 {
				return ""
			}
			if label := charsetFromMetaTag(string(rest[5:end])); label != "" {
				return label
			}
			i += end
			continue
		}
		i++
	}
	return ""
}

func charsetFromMetaTag(attrs string) string {
	lower := strings.ToLower(attrs)
	k := strings.Index(lower, "charset")
	if k < 0 {
		return ""
	}
	v := strings.TrimLeft(lower[k+len("charset"):], " \t\r\n")
	if !strings.HasPrefix(v, "=") {
		return ""
	}
	v = strings.TrimLeft(v[1:], " \t\r\n\"'")
	end := strings.IndexAny(v, " \t\r\n\"';/>")
	if end >= 0 {
		v = v[:end]
	}
	return v
}

func isTagSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/'
}

func hasFoldPrefix(b []byte, p string) bool {
	return len(b) >= len(p) && strings.EqualFold(string(b[:len(p)]), p)
}

func indexFold(b []byte, p string) int {
	// p is lower-case ASCII; scan for its first byte in either case.
	first, upper := p[0], p[0]
	if 'a' <= first && first <= 'z' {
		upper = first - 32
	}
	for i := 0; i+len(p) <= len(b); i++ {
		if (b[i] == first || b[i] == upper) && hasFoldPrefix(b[i:], p) {
			return i
		}
	}
	return -1
}
