package money

import "strings"

// picker chooses which number in the scanned text is the price, and its
// currency (see Parse for the rules).
type picker struct {
	rs          []rune
	toks        []token
	hintCur     string
	hintMarkers []marker
}

// pick returns the index in toks of the price number and its currency.
func (p picker) pick() (int, string, error) {
	var firstErr error
	plain := -1
	sawNumber := false
	for i, t := range p.toks {
		if t.isMark {
			continue
		}
		sawNumber = true
		if !p.usable(i) {
			continue
		}
		cur, ok := p.attached(i)
		if !ok {
			if plain < 0 && p.wellFormed(i, p.fallbackCurrency()) == nil {
				plain = i
			}
			continue
		}
		if err := p.wellFormed(i, cur); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if r := p.rangeStart(i); r >= 0 && p.wellFormed(r, cur) == nil {
			return r, cur, nil
		}
		return i, cur, nil
	}
	if plain >= 0 {
		return plain, p.fallbackCurrency(), nil
	}
	if firstErr != nil {
		return 0, "", firstErr
	}
	// Report the first malformed plain number rather than "no price".
	for i, t := range p.toks {
		if !t.isMark && p.usable(i) {
			if err := p.wellFormed(i, p.fallbackCurrency()); err != nil {
				return 0, "", err
			}
		}
	}
	if !sawNumber && hasFreeWord(p.rs) {
		return 0, "", ErrFree
	}
	return 0, "", ErrNoPrice
}

func (p picker) wellFormed(i int, cur string) error {
	_, _, err := p.toks[i].num.split(Digits(cur))
	return err
}

// usable rules out numbers that are not prices whatever their neighbours:
// percentages, numbers glued to letters (codes, sizes, "x2"), "#1".
func (p picker) usable(i int) bool {
	n := p.toks[i].num
	rs := p.rs
	if n.start > 0 {
		prev := rs[n.start-1]
		if prev == '#' || prev == '№' {
			return false
		}
		if isWordLetter(prev) && !(i > 0 && p.toks[i-1].isMark && p.toks[i-1].end == n.start) {
			return false
		}
	}
	if n.end < len(rs) {
		next := rs[n.end]
		if isWordLetter(next) && !(i+1 < len(p.toks) && p.toks[i+1].isMark && p.toks[i+1].start == n.end) {
			return false
		}
	}
	k := n.end
	for k < len(rs) && rs[k] == ' ' {
		k++
	}
	if k < len(rs) && (rs[k] == '%' || rs[k] == '‰') {
		return false
	}
	return true
}

// attached returns the currency of the marker written next to number i.
// Before it, only spaces, ':' and a minus may separate them ("US$:12.99",
// "Price: $ 34.44"); after it, only spaces. With markers on both sides, a
// specific one beats a shared sign ("$12.99 CAD"), then the nearer wins,
// then the one before.
func (p picker) attached(i int) (string, bool) {
	n := p.toks[i].num
	if n.euro {
		return "EUR", true
	}
	var before, after *token
	var gapB, gapA int
	if i > 0 && p.toks[i-1].isMark && gapOK(p.rs[p.toks[i-1].end:n.start], " :-") {
		before = &p.toks[i-1]
		gapB = n.start - before.end
	}
	if i+1 < len(p.toks) && p.toks[i+1].isMark && gapOK(p.rs[n.end:p.toks[i+1].start], " ") {
		after = &p.toks[i+1]
		gapA = after.start - n.end
	}
	switch {
	case before == nil && after == nil:
		return "", false
	case after == nil:
		return before.cur, true
	case before == nil:
		return after.cur, true
	case before.mark.cur == "" && after.mark.cur != "":
		return after.cur, true
	case after.mark.cur == "" && before.mark.cur != "":
		return before.cur, true
	case gapA < gapB:
		return after.cur, true
	default:
		return before.cur, true
	}
}

func gapOK(gap []rune, allowed string) bool {
	if len(gap) > 8 {
		return false
	}
	for _, r := range gap {
		if !strings.ContainsRune(allowed, r) {
			return false
		}
	}
	return true
}

// start is where number i's price text begins, its leading marker included.
func (p picker) start(i int) int {
	n := p.toks[i].num
	if i > 0 && p.toks[i-1].isMark && gapOK(p.rs[p.toks[i-1].end:n.start], " :-") {
		return p.toks[i-1].start
	}
	return n.start
}

// rangeStart finds the first end of a range whose second end is number i
// ("10 – 20 €", "10-$20"): a markerless number joined to it by one dash.
func (p picker) rangeStart(i int) int {
	j := i - 1
	if j >= 0 && p.toks[j].isMark && p.start(i) == p.toks[j].start {
		j--
	}
	if j < 0 || p.toks[j].isMark || !p.usable(j) {
		return -1
	}
	if _, ok := p.attached(j); ok {
		return -1
	}
	gap := strings.TrimSpace(string(p.rs[p.toks[j].end:p.start(i)]))
	if len([]rune(gap)) == 1 && strings.ContainsAny(gap, "-–—~〜") {
		return j
	}
	return -1
}

// negative reports a minus sign written before number i ("-$5", "$-5",
// "- 5 €"), but not a dash between two numbers ("10-20").
func (p picker) negative(i int) bool {
	n := p.toks[i].num
	s := p.start(i)
	if s < n.start && strings.ContainsRune(string(p.rs[s:n.start]), '-') {
		return true
	}
	k := s - 1
	for k >= 0 && p.rs[k] == ' ' {
		k--
	}
	if k < 0 || p.rs[k] != '-' {
		return false
	}
	k--
	for k >= 0 && p.rs[k] == ' ' {
		k--
	}
	return k < 0 || !isDigit(p.rs[k]) && !p.isMarkEnd(k+1)
}

// isMarkEnd reports whether a marker token ends at rune offset end.
func (p picker) isMarkEnd(end int) bool {
	for _, t := range p.toks {
		if t.isMark && t.end == end {
			return true
		}
	}
	return false
}

// fallbackCurrency is the currency when the price number has no marker of
// its own: a marker elsewhere in the text (not one that only counts next to
// a number), else one in the hint text, else the hint's currency.
func (p picker) fallbackCurrency() string {
	for _, t := range p.toks {
		if t.isMark && !t.mark.near {
			return t.cur
		}
	}
	if len(p.hintMarkers) > 0 {
		return p.hintMarkers[0].cur
	}
	return p.hintCur
}

var freeWords = []string{"free", "gratis", "gratuit", "kostenlos", "gratuito", "無料", "免费", "бесплатно", "darmowy", "무료"}

func hasFreeWord(rs []rune) bool {
	s := strings.ToLower(string(rs))
	for _, w := range freeWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
