package money

import "testing"

func TestCurrencyForHost(t *testing.T) {
	for _, c := range []struct{ host, want string }{
		{"amazon.co.jp", "JPY"},
		{"www.amazon.co.jp", "JPY"},
		{"WWW.AMAZON.CO.JP", "JPY"},
		{"www.amazon.co.jp:443", "JPY"},
		{"www.amazon.co.jp.", "JPY"},
		{"amazon.com", "USD"},
		{"www.amazon.com", "USD"},
		{"smile.amazon.com", "USD"},
		{"www.bestbuy.com", "USD"},
		{"www.newegg.com", "USD"},
		{"www.costco.com", "USD"},
		{"www.overstock.com", "USD"},
		{"www.johnlewis.com", "GBP"},
		{"www.amazon.co.uk", "GBP"},
		{"www.argos.co.uk", "GBP"},
		{"amazon.de", "EUR"},
		{"www.otto.de", "EUR"},
		{"amazon.fr", "EUR"},
		{"amazon.it", "EUR"},
		{"amazon.es", "EUR"},
		{"amazon.nl", "EUR"},
		{"shop.example.at", "EUR"},
		{"example.be", "EUR"},
		{"example.ie", "EUR"},
		{"example.pt", "EUR"},
		{"example.fi", "EUR"},
		{"example.gr", "EUR"},
		{"example.sk", "EUR"},
		{"example.si", "EUR"},
		{"example.ee", "EUR"},
		{"example.lv", "EUR"},
		{"example.lt", "EUR"},
		{"example.lu", "EUR"},
		{"amazon.ca", "CAD"},
		{"www.bestbuy.ca", "CAD"},
		{"amazon.com.au", "AUD"},
		{"amazon.in", "INR"},
		{"www.flipkart.com", "INR"},
		{"amazon.com.br", "BRL"},
		{"amazon.com.mx", "MXN"},
		{"amazon.se", "SEK"},
		{"amazon.pl", "PLN"},
		{"amazon.com.tr", "TRY"},
		{"amazon.ae", "AED"},
		{"amazon.sa", "SAR"},
		{"amazon.sg", "SGD"},
		{"amazon.eg", "EGP"},
		{"amazon.cn", "CNY"},
		{"www.rakuten.co.jp", "JPY"},
		{"www.suruga-ya.jp", "JPY"},
		{"www.tmon.co.kr", "KRW"},
		{"www.coupang.com", "KRW"},
		{"example.kr", "KRW"},
		{"www.paris.cl", "CLP"},
		{"www.stockcenter.com.ar", "ARS"},
		{"www.mechta.kz", "KZT"},
		{"www.digitec.ch", "CHF"},
		{"www.komplett.no", "NOK"},
		{"www.proshop.dk", "DKK"},
		{"www.alza.cz", "CZK"},
		{"www.emag.hu", "HUF"},
		{"www.ozon.ru", "RUB"},
		{"www.pbtech.co.nz", "NZD"},
		{"www.fortress.com.hk", "HKD"},
		{"24h.pchome.com.tw", "TWD"},
		{"www.takealot.co.za", "ZAR"},
		{"www.example.com", ""},
		{"www.etsy.com", ""},
		{"jp.mercari.com", "JPY"},
		{"https://www.amazon.co.jp/dp/B07WXL5YPW", "JPY"},
		{"https://www.etsy.com/es/listing/1", ""},
		{"www.mercari.com", "USD"},
		{"www.apple.com", ""},
		{"kakaku.com", "JPY"},
		{"www.yodobashi.com", "JPY"},
		{"ebay.de", "EUR"},
		{"www.ebay.co.uk", "GBP"},
		{"www.amazon.com.be", "EUR"},
		{"www.ikea.com", ""},
		{"example.net", ""},
		{"localhost", ""},
		{"127.0.0.1", ""},
		{"127.0.0.1:8080", ""},
		{"[::1]:8080", ""},
		{"", ""},
		{"jp", ""},
		{"co.uk", ""},
	} {
		if got := CurrencyForHost(c.host); got != c.want {
			t.Errorf("CurrencyForHost(%q) = %q, want %q", c.host, got, c.want)
		}
	}
}

// TestHostCurrenciesAreISO guards the tables against typos.
func TestHostCurrenciesAreISO(t *testing.T) {
	for k, c := range storeCurrency {
		if c != "" && !ValidCurrency(c) {
			t.Errorf("storeCurrency[%q] = %q is not ISO 4217", k, c)
		}
	}
	for k, c := range suffixCurrency {
		if !ValidCurrency(c) {
			t.Errorf("suffixCurrency[%q] = %q is not ISO 4217", k, c)
		}
	}
}

// TestMarkerCurrenciesAreISO guards the marker table against typos.
func TestMarkerCurrenciesAreISO(t *testing.T) {
	for _, m := range markerList {
		if m.cur != "" && !ValidCurrency(m.cur) {
			t.Errorf("marker %q names %q, not ISO 4217", m.text, m.cur)
		}
		if m.cur == "" {
			if _, ok := classes[m.class]; !ok {
				t.Errorf("marker %q has unknown class %q", m.text, m.class)
			}
		}
	}
	for name, c := range classes {
		if c.def != "" && !contains(c.members, c.def) {
			t.Errorf("class %q default %q is not a member", name, c.def)
		}
		for _, m := range c.members {
			if !ValidCurrency(m) {
				t.Errorf("class %q member %q is not ISO 4217", name, m)
			}
		}
	}
}
