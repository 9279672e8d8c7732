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
	fallback := p.fallbackCurrency()
	plain := -1
	sawNumber := false
	// A price labelled as the old one or a saving ("Was $120.00 Now
	// $60.00") gives way to a later unlabelled price, if any.
	wasIdx, wasCur := -1, ""
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
			if plain < 0 && p.wellFormed(i, fallback) == nil {
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
			i = r
		}
		if p.labelledOld(i) {
			if wasIdx < 0 {
				wasIdx, wasCur = i, cur
			}
			continue
		}
		return i, cur, nil
	}
	if wasIdx >= 0 {
		return wasIdx, wasCur, nil
	}
	if plain >= 0 {
		return plain, fallback, nil
	}
	if firstErr != nil {
		return 0, "", firstErr
	}
	// Report the first malformed plain number rather than "no price".
	for i, t := range p.toks {
		if !t.isMark && p.usable(i) {
			if err := p.wellFormed(i, fallback); err != nil {
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
// percentages, "#1", thresholds ("$49+"), amounts with a CJK multiplier
// ("3万円"), and numbers glued to letters (codes, sizes,
// "x2", "12GB") unless a currency marker sits on their other side
// ("$19.99Regular price", as flattened markup reads).
func (p picker) usable(i int) bool {
	n := p.toks[i].num
	rs := p.rs
	markBefore := i > 0 && p.toks[i-1].isMark && p.owner(i-1) == i
	markAfter := i+1 < len(p.toks) && p.toks[i+1].isMark && p.owner(i+1) == i
	if n.start > 0 {
		prev := rs[n.start-1]
		if prev == '#' || prev == '№' {
			return false
		}
		// "No.5", "Art.12" glue through an abbreviation's dot.
		abbrev := prev == '.' && n.start > 1 && isWordLetter(rs[n.start-2])
		glued := (isWordLetter(prev) || abbrev) && !(markBefore && p.toks[i-1].end == n.start)
		if glued && !markAfter {
			return false
		}
	}
	if n.end < len(rs) {
		next := rs[n.end]
		if isMultiplier(next) || next == '+' {
			// "3万円" read as 3 would be off by 10,000; "$49+" is a threshold.
			return false
		}
		glued := isWordLetter(next) && !(markAfter && p.toks[i+1].start == n.end)
		if glued && !markBefore {
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

// isMultiplier reports CJK number multipliers: 万 (10⁴), 億 (10⁸), 千 (10³).
func isMultiplier(r rune) bool {
	switch r {
	case '万', '萬', '만', '億', '억', '亿', '千', '천', '百', '백':
		return true
	}
	return false
}

// attached returns the currency of the marker written next to number i.
// Before it, only spaces, ':' and a minus may separate them ("US$:12.99",
// "Price: $ 34.44"); after it, only spaces. A marker between two numbers
// belongs to the nearer one; at equal distance a sign written before
// amounts ("$", "£", "¥") goes to the next number, others to the previous
// ("3600 $199", "12,99 € 13,99 €"). With markers on both sides, a specific
// one beats a shared sign ("$12.99 CAD"), then the nearer wins, then the one
// before.
func (p picker) attached(i int) (string, bool) {
	n := p.toks[i].num
	if n.euro {
		return "EUR", true
	}
	var before, after *token
	var gapB, gapA int
	if i > 0 && p.toks[i-1].isMark && p.owner(i-1) == i {
		before = &p.toks[i-1]
		gapB = n.start - before.end
	}
	if i+1 < len(p.toks) && p.toks[i+1].isMark && p.owner(i+1) == i {
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

// owner returns the index of the number marker m belongs to, or -1.
func (p picker) owner(m int) int {
	mk := p.toks[m]
	prev, next := -1, -1
	var gapP, gapN int
	if m > 0 && !p.toks[m-1].isMark && gapOK(p.rs[p.toks[m-1].end:mk.start], " ") {
		prev, gapP = m-1, mk.start-p.toks[m-1].end
	}
	if m+1 < len(p.toks) && !p.toks[m+1].isMark && gapOK(p.rs[mk.end:p.toks[m+1].start], " :-") {
		next, gapN = m+1, p.toks[m+1].start-mk.end
	}
	switch {
	case prev < 0:
		return next
	case next < 0:
		return prev
	case gapP < gapN:
		return prev
	case gapN < gapP:
		return next
	case prefixSign(mk.mark.text):
		return next
	default:
		return prev
	}
}

// prefixSign reports signs that are written before the amount.
func prefixSign(text string) bool {
	return strings.ContainsAny(text, "$£¥₹₩₱₦฿")
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
	if i > 0 && p.toks[i-1].isMark && p.owner(i-1) == i {
		return p.toks[i-1].start
	}
	return n.start
}

// rangeStart finds the first end of a range whose second end is number i
// with its marker written after it ("10 – 20 €", "From 26 to 50 €"): a
// markerless number joined to it by a dash or a word meaning "to". A marker
// written before ("50 - $2.00") is a quantity table, not a range.
func (p picker) rangeStart(i int) int {
	if p.start(i) != p.toks[i].num.start {
		return -1
	}
	j := i - 1
	if j < 0 || p.toks[j].isMark || !p.usable(j) {
		return -1
	}
	if _, ok := p.attached(j); ok {
		return -1
	}
	gap := strings.ToLower(strings.TrimSpace(string(p.rs[p.toks[j].end:p.toks[i].num.start])))
	if rangeWords[gap] {
		return j
	}
	return -1
}

// labelledOld reports a price introduced as a former, list or saved amount.
func (p picker) labelledOld(i int) bool {
	s := p.start(i)
	from := s - 40
	if from < 0 {
		from = 0
	}
	before := strings.ToLower(strings.TrimRight(string(p.rs[from:s]), " :-–(*"))
	for _, l := range oldLabels {
		if strings.HasSuffix(before, l) {
			rest := []rune(strings.TrimSuffix(before, l))
			if len(rest) == 0 || !isWordLetter(rest[len(rest)-1]) {
				return true
			}
		}
	}
	return false
}

// oldLabels introduce a price that is not the one to pay now.
var oldLabels = []string{
	"was", "list price", "list", "rrp", "msrp", "reg.", "regular price", "regularly", "orig.",
	"original price", "originally", "compare at", "you save", "save", "savings", "statt", "uvp",
	"vorher", "bisher", "sie sparen", "du sparst", "avant", "au lieu de", "économisez", "antes",
	"ahorras", "ahorra", "precio anterior", "prima", "risparmi", "старая цена", "参考価格",
	"定価", "希望小売価格", "정가",
}

// rangeWords join the two ends of a price range.
var rangeWords = map[string]bool{
	"-": true, "–": true, "—": true, "~": true, "〜": true, "to": true, "bis": true, "a": true,
	"à": true, "al": true, "до": true, "až": true, "do": true, "til": true, "tot": true, "から": true,
}

// negative reports a minus sign written before number i ("-$5", "$-5",
// "- 5 €") or right after it as accountants do ("€ 127,54-"), but not a
// dash between two numbers ("10-20", "10- 20").
func (p picker) negative(i int) bool {
	n := p.toks[i].num
	if e := n.end; e < len(p.rs) && p.rs[e] == '-' {
		k := e + 1
		for k < len(p.rs) && p.rs[k] == ' ' {
			k++
		}
		if k == len(p.rs) || !isDigit(p.rs[k]) && !p.isMarkStart(k) {
			return true
		}
	}
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

// isMarkStart reports whether a marker token starts at rune offset start.
func (p picker) isMarkStart(start int) bool {
	for _, t := range p.toks {
		if t.isMark && t.start == start {
			return true
		}
	}
	return false
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
