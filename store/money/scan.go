package money

// token is either a number or a currency marker found in the text, in order.
type token struct {
	num    *number
	mark   marker
	cur    string // the marker's currency once resolved against the hint
	start  int
	end    int
	isMark bool
}

// scan splits normalized text into numbers and currency markers. Markers
// whose class the hint cannot resolve (a bare "R" outside South Africa) are
// not markers. Adjacent markers ("NZD $", "USD$") fuse, the more specific
// naming the currency.
func scan(rs []rune, hintCur string, hintMarkers []marker) []token {
	euros := 0
	for _, r := range rs {
		if r == '€' {
			euros++
		}
	}
	var toks []token
	for i := 0; i < len(rs); {
		r := rs[i]
		if isDigit(r) {
			n := readNumber(rs, i, euros == 1)
			if leadingDot(rs, i, n, toks) {
				// "$.99": cents alone.
				n = number{start: i - 1, end: n.end, groups: []string{"0", n.groups[0]}, seps: []rune{'.'}, forced: true}
			}
			toks = append(toks, token{num: &n, start: n.start, end: n.end})
			i = n.end
			continue
		}
		if m, end, ok := matchMarker(rs, i, hintCur); ok {
			cur := m.resolve(hintCur, hintMarkers)
			if m.local && hintCur != "" && cur != hintCur {
				cur = ""
			}
			if cur != "" {
				t := token{mark: m, cur: cur, start: i, end: end, isMark: true}
				if k := len(toks) - 1; k >= 0 && toks[k].isMark && onlySpaces(rs[toks[k].end:i]) {
					toks[k] = fuse(toks[k], t)
				} else {
					toks = append(toks, t)
				}
			}
			i = end
			continue
		}
		i++
	}
	return toks
}

// fuse joins two adjacent markers: an ISO code or a country-pinned symbol
// beats a shared sign ("NZD $" → NZD, "$ USD" → USD).
func fuse(a, b token) token {
	out := a
	out.end = b.end
	if a.mark.cur == "" && b.mark.cur != "" {
		out.mark, out.cur = b.mark, b.cur
	}
	return out
}

func onlySpaces(rs []rune) bool {
	for _, r := range rs {
		if r != ' ' {
			return false
		}
	}
	return true
}

// digitRun returns the end of the run of ASCII digits starting at i.
func digitRun(rs []rune, i int) int {
	for i < len(rs) && isDigit(rs[i]) {
		i++
	}
	return i
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' || r == '′' }

// readNumber reads the number starting at rs[i] (a digit). Separators join
// groups only when a digit follows them. A space joins only a group of
// exactly three digits ("131 990", not "2 Piece" or "4.81 16"). Split
// decimals in markup-flattened text ("$ 499 .99", "$119. 95") and the euro
// sign used as decimal point ("35€99", when the text has a single euro) are
// recognised with exactly two decimals.
func readNumber(rs []rune, i int, oneEuro bool) number {
	n := number{start: i}
	j := digitRun(rs, i)
	n.groups = append(n.groups, string(rs[i:j]))
	onlySpaceSeps := true
	for j < len(rs) && !n.forced {
		r := rs[j]
		switch {
		case (r == '.' || r == ',') && j+1 < len(rs) && isDigit(rs[j+1]):
			k := digitRun(rs, j+1)
			n.seps = append(n.seps, r)
			n.groups = append(n.groups, string(rs[j+1:k]))
			onlySpaceSeps = false
			j = k
			continue
		case isApostrophe(r) && j+1 < len(rs) && isDigit(rs[j+1]):
			k := digitRun(rs, j+1)
			if k-(j+1) != 3 {
				break
			}
			n.seps = append(n.seps, '\'')
			n.groups = append(n.groups, string(rs[j+1:k]))
			onlySpaceSeps = false
			j = k
			continue
		case r == ' ':
			if j+1 < len(rs) && rs[j+1] == '€' && oneEuro {
				if k, ok := euroDecimals(rs, j+1); ok {
					n.seps = append(n.seps, '.')
					n.groups = append(n.groups, string(rs[k-2:k]))
					n.forced, n.euro = true, true
					j = k
					continue
				}
			}
			if k, ok := twoDecimals(rs, j); ok && !hasDecimalSep(n.seps) {
				n.seps = append(n.seps, '.')
				n.groups = append(n.groups, string(rs[k-2:k]))
				n.forced = true
				j = k
				continue
			}
			if onlySpaceSeps && j+1 < len(rs) && isDigit(rs[j+1]) && len(n.groups[len(n.groups)-1]) <= 3 {
				k := digitRun(rs, j+1)
				if k-(j+1) == 3 && !(k < len(rs) && (rs[k] == '%' || isWordLetter(rs[k]) && !startsMarker(rs, k))) {
					n.seps = append(n.seps, ' ')
					n.groups = append(n.groups, string(rs[j+1:k]))
					j = k
					continue
				}
			}
		case (r == '.' || r == ',') && j+1 < len(rs) && rs[j+1] == ' ' && !n.forced:
			if k, ok := twoDecimals(rs, j); ok && (r == '.' && !hasDecimalSep(n.seps) || r == ',' && commaDecimalsEnd(rs, k)) {
				n.seps = append(n.seps, '.')
				n.groups = append(n.groups, string(rs[k-2:k]))
				n.forced = true
				j = k
				continue
			}
		case isSupDigit(r) && !hasDecimalSep(n.seps):
			// "19⁹⁹": exactly two superscript digits are the cents.
			k := j
			for k < len(rs) && isSupDigit(rs[k]) {
				k++
			}
			if k-j != 2 {
				break
			}
			n.seps = append(n.seps, '.')
			n.groups = append(n.groups, string([]rune{'0' + rs[j] - supZero, '0' + rs[j+1] - supZero}))
			n.forced = true
			j = k
			continue
		case r == '€' && oneEuro:
			if k, ok := euroDecimals(rs, j); ok {
				n.seps = append(n.seps, '.')
				n.groups = append(n.groups, string(rs[k-2:k]))
				n.forced, n.euro = true, true
				j = k
				continue
			}
		}
		break
	}
	n.end = j
	return n
}

// leadingDot reports ".99" written without a whole part, after the start of
// the text, a space or a currency marker.
func leadingDot(rs []rune, i int, n number, toks []token) bool {
	if i == 0 || rs[i-1] != '.' || len(n.seps) != 0 || len(n.groups[0]) > 2 {
		return false
	}
	if i-1 == 0 || rs[i-2] == ' ' {
		return true
	}
	k := len(toks) - 1
	return k >= 0 && toks[k].isMark && toks[k].end == i-1
}

func hasDecimalSep(seps []rune) bool {
	for _, s := range seps {
		if s == '.' || s == ',' {
			return true
		}
	}
	return false
}

// twoDecimals matches " .99", ". 99" or " . 99" at rs[j:]: spaces and one
// dot around exactly two digits that end the number. It returns the end.
func twoDecimals(rs []rune, j int) (int, bool) {
	k := j
	for k < len(rs) && rs[k] == ' ' {
		k++
	}
	if k >= len(rs) || (rs[k] != '.' && (rs[k] != ',' || k != j)) || k == j && (k+1 >= len(rs) || rs[k+1] != ' ') {
		return 0, false
	}
	k++
	for k < len(rs) && rs[k] == ' ' {
		k++
	}
	e := digitRun(rs, k)
	if e-k != 2 || (e < len(rs) && (rs[e] == '.' || rs[e] == ',' || rs[e] == '%')) {
		return 0, false
	}
	return e, true
}

// commaDecimalsEnd reports whether "1.837, 32" really ends a price: after
// the two digits comes the end of the text or a currency marker, so that a
// list ("sizes 8, 10") is not read as 8.10.
func commaDecimalsEnd(rs []rune, k int) bool {
	for k < len(rs) && rs[k] == ' ' {
		k++
	}
	return k == len(rs) || startsMarker(rs, k)
}

// euroDecimals matches "€99" or "€ 99" (the euro as decimal point) at rs[j:].
func euroDecimals(rs []rune, j int) (int, bool) {
	k := j + 1
	if k < len(rs) && rs[k] == ' ' {
		k++
	}
	e := digitRun(rs, k)
	if e-k != 2 || (e < len(rs) && (isDigit(rs[e]) || rs[e] == '.' || rs[e] == ',' || rs[e] == '%')) {
		return 0, false
	}
	return e, true
}

// startsMarker reports whether a currency marker begins at rs[k].
func startsMarker(rs []rune, k int) bool {
	_, _, ok := matchMarker(rs, k, "")
	return ok
}
