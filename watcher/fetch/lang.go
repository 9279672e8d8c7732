package fetch

import "strings"

// acceptLanguages maps a store's domain suffix to the Accept-Language a
// shopper of that store's country sends, so pages come in the store's own
// language and currency. Longest suffix first where they overlap.
var acceptLanguages = []struct{ suffix, lang string }{
	{".co.jp", "ja-JP,ja;q=0.9,en;q=0.8"},
	{".jp", "ja-JP,ja;q=0.9,en;q=0.8"},
	{".co.uk", "en-GB,en;q=0.9"},
	{".com.au", "en-AU,en;q=0.9"},
	{".com.mx", "es-MX,es;q=0.9,en;q=0.8"},
	{".com.br", "pt-BR,pt;q=0.9,en;q=0.8"},
	{".com.tr", "tr-TR,tr;q=0.9,en;q=0.8"},
	{".com.be", "fr-BE,fr;q=0.9,nl;q=0.8,en;q=0.7"},
	{".de", "de-DE,de;q=0.9,en;q=0.8"},
	{".fr", "fr-FR,fr;q=0.9,en;q=0.8"},
	{".it", "it-IT,it;q=0.9,en;q=0.8"},
	{".es", "es-ES,es;q=0.9,en;q=0.8"},
	{".nl", "nl-NL,nl;q=0.9,en;q=0.8"},
	{".se", "sv-SE,sv;q=0.9,en;q=0.8"},
	{".pl", "pl-PL,pl;q=0.9,en;q=0.8"},
	{".ca", "en-CA,en;q=0.9,fr-CA;q=0.8"},
	{".in", "en-IN,en;q=0.9,hi;q=0.8"},
	{".sg", "en-SG,en;q=0.9"},
	{".ae", "en-AE,en;q=0.9,ar;q=0.8"},
	{".sa", "ar-SA,ar;q=0.9,en;q=0.8"},
	{".cn", "zh-CN,zh;q=0.9,en;q=0.8"},
}

const defaultAcceptLanguage = "en-US,en;q=0.9"

// AcceptLanguage is the Accept-Language header sent to host.
func AcceptLanguage(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, a := range acceptLanguages {
		if strings.HasSuffix(host, a.suffix) {
			return a.lang
		}
	}
	return defaultAcceptLanguage
}
