package draft

import (
	"net"
	"strings"
)

// Store is what the draft and the alert say about a shop.
type Store struct {
	Name       string // "Amazon.co.jp"
	SupportURL string // the customer-service contact page, or the homepage when unknown
}

// amazonContact are the Amazon sites whose contact page lives at the same path.
var amazonContact = map[string]string{
	"amazon.co.jp":  "Amazon.co.jp",
	"amazon.com":    "Amazon.com",
	"amazon.co.uk":  "Amazon.co.uk",
	"amazon.de":     "Amazon.de",
	"amazon.fr":     "Amazon.fr",
	"amazon.it":     "Amazon.it",
	"amazon.es":     "Amazon.es",
	"amazon.ca":     "Amazon.ca",
	"amazon.com.au": "Amazon.com.au",
}

// StoreFor names the store behind host and links its support contact page
// (Amazon) or its homepage (any other shop). An empty host gives an empty Store.
func StoreFor(host string) Store {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "" {
		return Store{}
	}
	base := strings.TrimPrefix(h, "www.")
	base = strings.TrimPrefix(base, "smile.")
	if name, ok := amazonContact[base]; ok {
		return Store{Name: name, SupportURL: "https://www." + base + "/gp/help/customer/contact-us"}
	}
	if net.ParseIP(strings.Trim(h, "[]")) != nil || h == "localhost" {
		return Store{Name: base} // a local or bare-IP shop has no homepage worth linking
	}
	return Store{Name: base, SupportURL: "https://" + h + "/"}
}
