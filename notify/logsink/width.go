package logsink

import "golang.org/x/text/width"

// Width is how many terminal columns s takes: East Asian wide and full-width
// characters (漢字, かな, ￥) take two. Columns of Japanese text line up by it.
func Width(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
