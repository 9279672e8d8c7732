package extract

// stripInert is the reference the light tree builder is checked against:
// the same page for html.Parse, without script/style bodies and comments.

import (
	"bytes"
	"strings"
)

// stripInert returns the page without what no reader looks at: the bodies of
// <script> elements (JSON data blocks such as JSON-LD are kept), <style>
// bodies and comments. On a 1.5 MB Amazon page this halves what the HTML
// parser has to tokenize. Tags are kept, so the tree keeps its shape. The
// scan follows the tokenizer: quoted attribute values may hold "<", and raw
// text elements (title, textarea, noscript...) are copied untouched.
func stripInert(b []byte) []byte {
	out := make([]byte, 0, len(b)/2)
	last := 0
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := b[i:]
		if bytes.HasPrefix(rest, []byte("<!--")) {
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				break
			}
			out = append(out, b[last:i]...)
			i += 4 + end + 3
			last = i
			continue
		}
		if len(rest) < 2 || !isASCIILetter(rest[1]) {
			i++
			continue
		}
		k := 1
		for k < len(rest) && !isTagSpace(rest[k]) && rest[k] != '>' {
			k++
		}
		name := strings.ToLower(string(rest[1:k]))
		gt := tagEnd(rest, k)
		if gt < 0 {
			break
		}
		switch name {
		case "script", "style", "textarea", "title", "noscript", "xmp", "iframe", "noembed", "noframes":
		default:
			i += gt + 1
			continue
		}
		if rest[gt-1] == '/' && name != "script" && name != "style" {
			i += gt + 1
			continue
		}
		body := rest[gt+1:]
		end := indexTagFold(string(body), "</"+name)
		if end < 0 {
			break
		}
		if name == "script" && !containsFold(string(rest[:gt]), "json") || name == "style" {
			out = append(out, b[last:i+gt+1]...)
			last = i + gt + 1 + end
		}
		i += gt + 1 + end
	}
	return append(out, b[last:]...)
}

// tagEnd returns the index of the '>' closing the tag that starts at b[0],
// skipping quoted attribute values; -1 when there is none.
func tagEnd(b []byte, from int) int {
	for i := from; i < len(b); i++ {
		switch b[i] {
		case '>':
			return i
		case '=':
			i++
			for i < len(b) && isTagSpace(b[i]) && b[i] != '/' {
				i++
			}
			if i < len(b) && (b[i] == '"' || b[i] == '\'') {
				q := bytes.IndexByte(b[i+1:], b[i])
				if q < 0 {
					return -1
				}
				i += q + 1
			} else {
				i--
			}
		}
	}
	return -1
}
