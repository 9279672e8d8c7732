package money

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/currency"
)

// marker is one way of writing a currency in price text: a symbol ("€"),
// an abbreviation ("zł", "руб.") or a word ("yen"). A marker names either one
// currency (cur) or a family of currencies sharing a sign (class), which the
// hint resolves: "$" is USD, CAD, ARS, ...; "kr" is SEK, NOK, DKK, ISK.
type marker struct {
	text  string
	runes []rune // text as runes, filled in by markerIndex
	cur   string // ISO 4217 code when the marker names one currency
	class string // key into classes when it does not
	// fold: match regardless of case ("EURO", "Euro", "euro").
	fold bool
	// near: only counts right next to a number ("RM 12"), because on its own
	// it is too likely an ordinary word or abbreviation ("TL;DR", "kn").
	near bool
	// local: a Latin abbreviation that is also a unit or word elsewhere
	// ("6 Ft cable"): ignored when the hint names another currency.
	local bool
}

// class is a family of currencies written with the same sign.
type class struct {
	members []string
	def     string // "" means: not a currency unless the hint is a member
}

var classes = map[string]class{
	"$": {def: "USD", members: []string{"USD", "CAD", "AUD", "NZD", "ARS", "CLP", "MXN", "COP", "SGD",
		"HKD", "TWD", "UYU", "BRL", "DOP", "BSD", "BBD", "BMD", "BZD", "FJD", "GYD", "JMD", "KYD", "LRD",
		"NAD", "SBD", "SRD", "TTD", "XCD", "BND", "CUP", "NIO", "SVC", "ZWL", "CVE", "MOP"}},
	"¥":    {def: "JPY", members: []string{"JPY", "CNY"}},
	"£":    {def: "GBP", members: []string{"GBP", "EGP", "GIP", "FKP", "SHP", "SYP", "LBP", "SSP", "SDG"}},
	"kr":   {def: "SEK", members: []string{"SEK", "NOK", "DKK", "ISK"}},
	"rs":   {def: "INR", members: []string{"INR", "PKR", "LKR", "NPR", "MUR", "SCR"}},
	"rial": {def: "SAR", members: []string{"SAR", "IRR", "OMR", "QAR", "YER"}},
	"rub":  {def: "RUB", members: []string{"RUB", "BYN"}},
	"lei":  {def: "RON", members: []string{"RON", "MDL"}},
	"fr":   {def: "CHF", members: []string{"CHF", "XOF", "XAF", "XPF"}},
	"din":  {def: "RSD", members: []string{"RSD", "MKD", "DZD", "IQD", "KWD", "BHD", "JOD", "LYD", "TND"}},
	"R":    {members: []string{"ZAR"}},
	// Shift_JIS pages decoded by the book show the yen sign as a backslash.
	`\`: {members: []string{"JPY"}},
}

func sym(text, cur string) marker   { return marker{text: text, cur: cur} }
func cls(text, c string) marker     { return marker{text: text, class: c} }
func word(text, cur string) marker  { return marker{text: text, cur: cur, fold: true, near: true} }
func local(text, cur string) marker { return marker{text: text, cur: cur, near: true, local: true} }

var markerList = []marker{
	// Dollars and pesos: prefixes that pin the country come before the bare sign.
	sym("US$", "USD"), sym("U$S", "USD"), sym("U$D", "USD"), sym("USD$", "USD"),
	sym("CA$", "CAD"), sym("CAN$", "CAD"), sym("C$", "CAD"),
	sym("AU$", "AUD"), sym("A$", "AUD"), sym("NZ$", "NZD"), sym("HK$", "HKD"),
	sym("SG$", "SGD"), sym("S$", "SGD"), sym("MX$", "MXN"), sym("NT$", "TWD"),
	sym("R$", "BRL"), sym("AR$", "ARS"), sym("CL$", "CLP"), sym("CO$", "COP"),
	sym("RD$", "DOP"), sym("TT$", "TTD"), sym("J$", "JMD"), sym("BZ$", "BZD"),
	sym("BN$", "BND"), sym("N$", "NAD"), sym("WS$", "WST"), sym("T$", "TOP"),
	sym("Bds$", "BBD"), sym("EC$", "XCD"), sym("FJ$", "FJD"), sym("CUC$", "CUC"),
	sym("MOP$", "MOP"), sym("Z$", "ZWL"), sym("$U", "UYU"), sym("$b", "BOB"),
	cls("$", "$"), cls("﹩", "$"),
	{text: "dollars", class: "$", fold: true, near: true}, {text: "dollar", class: "$", fold: true, near: true},

	// Yen and yuan.
	sym("CN¥", "CNY"), sym("JP¥", "JPY"), cls("¥", "¥"), sym("円", "JPY"), sym("元", "CNY"),
	sym("人民币", "CNY"), sym("RMB", "CNY"), word("yen", "JPY"), word("yuan", "CNY"),

	// Europe.
	sym("€", "EUR"), sym("EUR", "EUR"), word("euros", "EUR"), word("euro", "EUR"), word("eur", "EUR"),
	cls("£", "£"), sym("₤", "GBP"), word("pounds", "GBP"), sym("E£", "EGP"), sym("L.E.", "EGP"),
	sym("CHF", "CHF"), sym("SFr.", "CHF"), {text: "Fr.", class: "fr", near: true, local: true},
	{text: "zł", cur: "PLN", fold: true}, sym("Kč", "CZK"), local("Ft", "HUF"),
	{text: "lei", class: "lei", near: true, fold: true, local: true},
	{text: ":-", class: "kr", near: true}, {text: "kr.", class: "kr", fold: true, near: true}, {text: "kr", class: "kr", fold: true, near: true},
	local("kn", "HRK"), sym("лв.", "BGN"), sym("лв", "BGN"), sym("ден", "MKD"),
	sym("дин.", "RSD"), {text: "dinara", class: "din", fold: true, near: true},
	{text: "dinars", class: "din", fold: true, near: true}, {text: "dinar", class: "din", fold: true, near: true},
	sym("динара", "RSD"), sym("динар", "RSD"), local("Br", "BYN"), {text: "din.", class: "din", near: true, local: true}, local("KM", "BAM"), local("Lek", "ALL"),
	sym("₺", "TRY"), local("TL", "TRY"), sym("₽", "RUB"), sym("руб.", "RUB"),
	sym("рублей", "RUB"), sym("рубля", "RUB"), sym("рубль", "RUB"), sym("руб", "RUB"),
	{text: "р.", class: "rub", near: true}, {text: "р", class: "rub", near: true},
	{text: "Р", class: "rub", near: true},
	sym("₴", "UAH"), sym("грн.", "UAH"), sym("грн", "UAH"),
	sym("₸", "KZT"), sym("тңг.", "KZT"), sym("тңг", "KZT"), sym("тг.", "KZT"), sym("тг", "KZT"),
	sym("₾", "GEL"), sym("₼", "AZN"), sym("ман.", "AZN"), sym("֏", "AMD"), sym("դր.", "AMD"), sym("դր", "AMD"),

	// Asia and the Pacific.
	sym("₩", "KRW"), sym("원", "KRW"), sym("₹", "INR"),
	{text: "Rs.", class: "rs", near: true, local: true}, {text: "Rs", class: "rs", near: true, local: true}, cls("₨", "rs"),
	word("rupees", "INR"), word("rupee", "INR"),
	{text: "रुपये", class: "rs", near: true}, {text: "रु.", class: "rs", near: true},
	{text: "रु", class: "rs", near: true}, {text: "र", class: "rs", near: true},
	local("Rp.", "IDR"), local("Rp", "IDR"), local("RM", "MYR"), sym("₱", "PHP"),
	sym("฿", "THB"), sym("บาท", "THB"), word("baht", "THB"), sym("₫", "VND"), sym("VNĐ", "VND"),
	local("đ", "VND"), sym("₭", "LAK"), sym("₮", "MNT"), sym("৳", "BDT"), sym("៛", "KHR"),
	sym("₪", "ILS"), sym("ש\"ח", "ILS"), sym("ש״ח", "ILS"),

	// Arabic-speaking countries (written with or without the final dot).
	sym("ر.س.", "SAR"), sym("ر.س", "SAR"), sym("د.إ.", "AED"), sym("د.إ", "AED"),
	sym("د.ك.", "KWD"), sym("د.ك", "KWD"), sym("ر.ق.", "QAR"), sym("ر.ق", "QAR"),
	sym("ر.ع.", "OMR"), sym("ر.ع", "OMR"), sym("د.ب.", "BHD"), sym("د.ب", "BHD"),
	sym("د.أ.", "JOD"), sym("د.أ", "JOD"), sym("د.ا.", "JOD"), sym("د.ا", "JOD"),
	sym("د.ج.", "DZD"), sym("د.ج", "DZD"), sym("د.م.", "MAD"), sym("د.م", "MAD"),
	sym("د.ت.", "TND"), sym("د.ت", "TND"), sym("د.ل.", "LYD"), sym("د.ل", "LYD"),
	sym("د.ع.", "IQD"), sym("د.ع", "IQD"), sym("ل.س.", "SYP"), sym("ل.س", "SYP"),
	sym("ل.ل.", "LBP"), sym("ل.ل", "LBP"), sym("ج.م.", "EGP"), sym("ج.م", "EGP"),
	sym("ر.ي.", "YER"), sym("ر.ي", "YER"), sym("درهم", "AED"), sym("جنيه", "EGP"),
	sym("ریال", "IRR"), cls("ريال", "rial"),
	cls("﷼", "rial"), local("SR", "SAR"), local("QR", "QAR"), local("KD", "KWD"), local("BD", "BHD"),
	local("Dhs.", "AED"), local("Dhs", "AED"), local("Dh", "AED"),

	// Africa and the Americas.
	sym("₦", "NGN"), sym("GH₵", "GHS"), sym("₵", "GHS"), sym("₡", "CRC"), sym("₲", "PYG"),
	sym("S/.", "PEN"), sym("S/", "PEN"), local("Bs.", "BOB"),
	{text: "R", class: "R", near: true}, {text: `\`, class: `\`, near: true},
}

// markerIndex maps a marker's first rune (lower-cased) to the markers that
// start with it, longest first so "US$" wins over "$" and "руб." over "р".
var markerIndex = func() map[rune][]marker {
	idx := map[rune][]marker{}
	for _, m := range markerList {
		m.runes = []rune(m.text)
		first := unicode.ToLower(m.runes[0])
		idx[first] = append(idx[first], m)
	}
	for _, ms := range idx {
		sort.SliceStable(ms, func(i, j int) bool { return len(ms[i].runes) > len(ms[j].runes) })
	}
	return idx
}()

// riskyCodes are ISO 4217 codes that are also everyday upper-case words
// ("ALL SIZES", "TOP SELLER", "AMD Ryzen"): read only when the hint says so.
var riskyCodes = map[string]bool{
	"ALL": true, "TOP": true, "CUP": true, "BOB": true, "PEN": true, "MAD": true, "SOS": true,
	"GEL": true, "AMD": true, "TRY": true, "MOP": true, "BAM": true, "ANG": true, "LAK": true,
	"CVE": true, "PHP": true, "KES": true, "MRU": true, "BIF": true, "MGA": true, "GYD": true,
	"NIO": true, "XXX": true, "XTS": true, "XAU": true, "XAG": true, "XPT": true,
	"XPD": true, "XDR": true, "XUA": true, "XSU": true, "XBA": true, "XBB": true, "XBC": true,
	"XBD": true, "XFO": true, "XFU": true, "XRE": true, "USN": true, "USS": true, "ESP": true,
	"CHE": true, "CHW": true, "BOV": true, "COU": true, "MXV": true, "UYI": true, "CLF": true,
}

// matchMarker reports the marker written at rs[i:], if any, and where it ends.
func matchMarker(rs []rune, i int, hintCur string) (marker, int, bool) {
	if m, end, ok := matchCode(rs, i, hintCur); ok {
		return m, end, true
	}
	for _, m := range markerIndex[unicode.ToLower(rs[i])] {
		mr := m.runes
		end := i + len(mr)
		if end > len(rs) || !runesEqual(rs[i:end], mr, m.fold) {
			continue
		}
		if isWordLetter(mr[0]) && i > 0 && isWordLetter(rs[i-1]) {
			continue
		}
		if isWordLetter(mr[len(mr)-1]) && end < len(rs) && isWordLetter(rs[end]) {
			continue
		}
		return m, end, true
	}
	return marker{}, 0, false
}

// matchCode reads a three-letter ISO 4217 code standing as a word ("EUR",
// "1980JPY", "SGD$12"). Codes that are common words need the hint to agree.
// A lower-case code ("140,00 pln") counts only next to a number.
func matchCode(rs []rune, i int, hintCur string) (marker, int, bool) {
	if i+3 > len(rs) {
		return marker{}, 0, false
	}
	upper, lower := true, true
	for _, r := range rs[i : i+3] {
		upper = upper && r >= 'A' && r <= 'Z'
		lower = lower && r >= 'a' && r <= 'z'
	}
	if !upper && !lower {
		return marker{}, 0, false
	}
	if (i > 0 && isWordLetter(rs[i-1])) || (i+3 < len(rs) && isWordLetter(rs[i+3])) {
		return marker{}, 0, false
	}
	code := strings.ToUpper(string(rs[i : i+3]))
	if !(tender[code] || formerCodes[code] || code == hintCur) || (riskyCodes[code] && code != hintCur) {
		return marker{}, 0, false
	}
	if lower && riskyLower[code] && code != hintCur {
		return marker{}, 0, false
	}
	// A code no longer in use ("DEM 170 000") counts only next to a number.
	return marker{text: code, cur: code, near: lower || !tender[code]}, i + 3, true
}

// formerCodes are the withdrawn codes still met in old listings (the euro's
// predecessors, mostly). Other withdrawn codes ("STD", "BAD", "SUR") are
// too often ordinary abbreviations.
var formerCodes = map[string]bool{
	"DEM": true, "FRF": true, "ITL": true, "NLG": true, "BEF": true, "ATS": true, "PTE": true,
	"IEP": true, "FIM": true, "GRD": true, "LUF": true, "SIT": true, "SKK": true, "EEK": true,
	"LVL": true, "LTL": true, "CYP": true, "MTL": true, "TRL": true, "ROL": true,
}

// tender holds the ISO 4217 codes in use today, from CLDR.
var tender = func() map[string]bool {
	set := map[string]bool{}
	for it := currency.Query(); it.Next(); {
		set[it.Unit().String()] = true
	}
	return set
}()

// riskyLower are codes that, written in lower case, are ordinary words
// ("rub", "mur", "ars", "cad").
var riskyLower = map[string]bool{
	"RUB": true, "MUR": true, "ARS": true, "CAD": true, "GIP": true, "ERN": true, "RON": true,
	"DOP": true, "LSL": true, "AOA": true, "TMT": true, "STD": true, "SDG": true, "FJD": true,
}

func runesEqual(a, b []rune, fold bool) bool {
	for k := range a {
		if a[k] == b[k] {
			continue
		}
		if !fold || unicode.ToLower(a[k]) != unicode.ToLower(b[k]) {
			return false
		}
	}
	return true
}

// resolve names the currency a marker stands for, given the hint. It returns
// "" for a marker of a class the hint does not pick and that has no default.
func (m marker) resolve(hintCur string, hintMarkers []marker) string {
	if m.cur != "" {
		return m.cur
	}
	c := classes[m.class]
	if contains(c.members, hintCur) {
		return hintCur
	}
	for _, hm := range hintMarkers {
		if hm.cur != "" && contains(c.members, hm.cur) {
			return hm.cur
		}
	}
	return c.def
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
