package money

import (
	"net"
	"net/url"
	"strings"
)

// storeCurrency lists stores on generic domains (.com, .net) that sell in one
// currency. Keys are registrable domains; subdomains match too, the longest
// key first ("jp.mercari.com" before "mercari.com").
var storeCurrency = map[string]string{
	// United States.
	"amazon.com": "USD", "bestbuy.com": "USD", "walmart.com": "USD", "target.com": "USD",
	"newegg.com": "USD", "costco.com": "USD", "overstock.com": "USD", "homedepot.com": "USD",
	"lowes.com": "USD", "bhphotovideo.com": "USD", "ebay.com": "USD", "macys.com": "USD",
	"kohls.com": "USD", "nordstrom.com": "USD", "wayfair.com": "USD", "zappos.com": "USD",
	"potterybarn.com": "USD", "rejuvenation.com": "USD", "williams-sonoma.com": "USD",
	"westelm.com": "USD", "crateandbarrel.com": "USD", "globalindustrial.com": "USD",
	"adorama.com": "USD", "microcenter.com": "USD", "gamestop.com": "USD", "staples.com": "USD",
	"officedepot.com": "USD", "rei.com": "USD", "dickssportinggoods.com": "USD",
	"samsclub.com": "USD", "chewy.com": "USD", "ulta.com": "USD", "jcpenney.com": "USD",
	"bloomingdales.com": "USD", "rakuten.com": "USD", "mercari.com": "USD",
	// Elsewhere, on generic domains.
	"johnlewis.com": "GBP", "flipkart.com": "INR", "myntra.com": "INR",
	"jp.mercari.com": "JPY", "yodobashi.com": "JPY", "biccamera.com": "JPY", "kakaku.com": "JPY",
	"kojima.net": "JPY", "edion.com": "JPY", "ksdenki.com": "JPY", "yamada-denkiweb.com": "JPY",
	"sofmap.com": "JPY", "suruga-ya.com": "JPY", "coupang.com": "KRW", "jarir.com": "SAR",
	// One domain, many countries (the country is in the path): no guess.
	"apple.com": "", "ikea.com": "", "etsy.com": "", "noon.com": "", "aliexpress.com": "",
	"uniqlo.com": "", "muji.com": "", "lazada.com": "", "shopee.com": "",
}

// suffixCurrency maps public suffixes (country TLDs and their second levels)
// to the currency shops there price in.
var suffixCurrency = map[string]string{
	// Euro area.
	"de": "EUR", "fr": "EUR", "it": "EUR", "es": "EUR", "nl": "EUR", "at": "EUR", "be": "EUR",
	"ie": "EUR", "pt": "EUR", "fi": "EUR", "gr": "EUR", "sk": "EUR", "si": "EUR", "ee": "EUR",
	"lv": "EUR", "lt": "EUR", "lu": "EUR", "mt": "EUR", "cy": "EUR", "hr": "EUR", "eu": "EUR",
	"com.es": "EUR", "com.de": "EUR", "com.gr": "EUR", "com.cy": "EUR", "com.mt": "EUR", "com.pt": "EUR",
	// Rest of Europe.
	"uk": "GBP", "co.uk": "GBP", "org.uk": "GBP", "ch": "CHF", "li": "CHF", "se": "SEK", "no": "NOK",
	"dk": "DKK", "is": "ISK", "pl": "PLN", "com.pl": "PLN", "cz": "CZK", "hu": "HUF", "co.hu": "HUF",
	"ro": "RON", "bg": "BGN", "rs": "RSD", "ru": "RUB", "by": "BYN", "ua": "UAH", "com.ua": "UAH",
	"com.tr": "TRY", "tr": "TRY", "md": "MDL", "mk": "MKD", "ba": "BAM", "al": "ALL", "ge": "GEL",
	"am": "AMD", "az": "AZN", "kz": "KZT",
	// Americas.
	"us": "USD", "ca": "CAD", "com.mx": "MXN", "mx": "MXN", "com.br": "BRL", "br": "BRL",
	"com.ar": "ARS", "ar": "ARS", "cl": "CLP", "co": "COP", "com.co": "COP", "pe": "PEN",
	"com.pe": "PEN", "uy": "UYU", "com.uy": "UYU", "py": "PYG", "com.py": "PYG", "bo": "BOB",
	"com.bo": "BOB", "ec": "USD", "com.ec": "USD", "cr": "CRC", "co.cr": "CRC", "gt": "GTQ",
	"com.gt": "GTQ", "do": "DOP", "com.do": "DOP", "pa": "PAB", "jm": "JMD",
	// Asia and the Pacific.
	"jp": "JPY", "co.jp": "JPY", "ne.jp": "JPY", "or.jp": "JPY", "cn": "CNY", "com.cn": "CNY",
	"hk": "HKD", "com.hk": "HKD", "tw": "TWD", "com.tw": "TWD", "kr": "KRW", "co.kr": "KRW",
	"in": "INR", "co.in": "INR", "sg": "SGD", "com.sg": "SGD", "my": "MYR", "com.my": "MYR",
	"id": "IDR", "co.id": "IDR", "ph": "PHP", "com.ph": "PHP", "th": "THB", "co.th": "THB",
	"vn": "VND", "com.vn": "VND", "pk": "PKR", "com.pk": "PKR", "lk": "LKR", "bd": "BDT",
	"com.bd": "BDT", "np": "NPR", "au": "AUD", "com.au": "AUD", "nz": "NZD", "co.nz": "NZD",
	"mn": "MNT",
	// Middle East and Africa.
	"ae": "AED", "sa": "SAR", "com.sa": "SAR", "qa": "QAR", "com.qa": "QAR", "kw": "KWD",
	"com.kw": "KWD", "bh": "BHD", "com.bh": "BHD", "om": "OMR", "com.om": "OMR", "jo": "JOD",
	"il": "ILS", "co.il": "ILS", "eg": "EGP", "com.eg": "EGP", "ma": "MAD", "co.ma": "MAD",
	"za": "ZAR", "co.za": "ZAR", "ng": "NGN", "com.ng": "NGN", "ke": "KES", "co.ke": "KES",
	"gh": "GHS", "com.gh": "GHS", "tn": "TND", "dz": "DZD",
}

// CurrencyForHost is the currency a store's host name implies: a known store
// on a generic domain ("amazon.com" → USD), else the country of its domain
// ("amazon.co.jp" → JPY, "otto.de" → EUR). Case, a leading "www.", other
// subdomains, a trailing dot and a port are ignored, and a whole URL is
// reduced to its host. It returns "" when the host says nothing certain (an
// unknown ".com", a store whose country is in the path).
func CurrencyForHost(host string) string {
	h := strings.ToLower(strings.TrimSpace(host))
	if strings.Contains(h, "://") {
		// A whole URL handed over: its host is what counts.
		if u, err := url.Parse(h); err == nil {
			h = u.Host
		}
	}
	if hp, _, err := net.SplitHostPort(h); err == nil {
		h = hp
	}
	h = strings.Trim(h, ".[]")
	if _, isSuffix := suffixCurrency[h]; isSuffix || h == "" || net.ParseIP(h) != nil {
		return ""
	}
	labels := strings.Split(h, ".")
	// The longest known store domain wins ("smile.amazon.com").
	for i := range labels {
		if c, ok := storeCurrency[strings.Join(labels[i:], ".")]; ok {
			return c
		}
	}
	// Then the longest public suffix, needing a name in front of it: ".co.uk" before ".uk".
	for i := 1; i < len(labels); i++ {
		if c, ok := suffixCurrency[strings.Join(labels[i:], ".")]; ok {
			return c
		}
	}
	return ""
}
