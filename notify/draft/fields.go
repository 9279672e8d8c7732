package draft

import (
	"time"
)

// Fields is the data a draft template sees. Every text field is ready to
// print: money formatted for the language (12,800円 / ¥12,800 / $1,234.56),
// dates spelled out, and unknown facts replaced by a bracketed placeholder.
// FieldsDoc lists the same fields for the README.
type Fields struct {
	Lang  string // "ja" or "en"
	Style string // "chat" or "email"

	Order      string // order number, or [注文番号] / [order number]
	OrderKnown bool   // false when Order is the placeholder
	Title      string // item name, or [商品名] / [item name]
	URL        string // product page, or [商品ページのURL] / [product link]
	Store      string // store name (Amazon.co.jp), "" when unknown
	SupportURL string // store's contact page, "" when unknown

	Bought     string // purchase date (2026年11月20日 / November 20, 2026), or a placeholder
	Paid       string // price paid
	Now        string // current lowest price
	SeenAt     string // when the current price was seen (date and time), or a placeholder
	Diff       string // Paid − Now, the amount to refund
	WindowDays int    // length of the price-protection window in days (0: unknown)
	WindowEnds string // when the window closes (date), "" when unknown
	DaysSince  int    // whole days from purchase to SeenAt (0 when unknown)
	// WithinWindow is true when the price was seen inside the window; the
	// built-in wording only then says "within N days of purchase".
	WithinWindow bool

	ThirdParty bool   // sold by a third-party seller
	Seller     string // seller name, "" when unknown

	Input Input // the raw facts, for templates that need more (e.g. {{.Input.Paid.Decimal}})
}

// FieldsDoc documents Fields for users writing their own templates; the
// README copies it.
const FieldsDoc = `Draft templates use Go text/template syntax. Fields:
  {{.Lang}}        "ja" or "en"
  {{.Style}}       "chat" or "email"
  {{.Order}}       order number, or [注文番号] / [order number] when unknown
  {{.OrderKnown}}  true when the order number is known
  {{.Title}}       item name, or [商品名] / [item name]
  {{.URL}}         product page, or [商品ページのURL] / [product link]
  {{.Store}}       store name, e.g. Amazon.co.jp ("" when unknown)
  {{.SupportURL}}  the store's contact page ("" when unknown)
  {{.Bought}}      purchase date: 2026年11月20日 / November 20, 2026
  {{.Paid}}        price paid: 12,800円 / ¥12,800 / $1,234.56 / €1,234.56
  {{.Now}}         current lowest price, same format
  {{.SeenAt}}      when that price was seen (date and time)
  {{.Diff}}        the difference to refund, same format
  {{.WindowDays}}  price-protection window in days (0 when unknown)
  {{.WindowEnds}}  date the window closes ("" when unknown)
  {{.DaysSince}}   days from purchase to when the price was seen
  {{.WithinWindow}} true when that price was seen inside the window
  {{.ThirdParty}}  true when a third-party seller sells the item
  {{.Seller}}      the seller's name ("" when unknown)
  {{.Input}}       the raw facts (Input.Paid.Amount is integer minor units)
Name files <lang>_<style>.tmpl (ja_chat.tmpl, ja_email.tmpl, en_chat.tmpl,
en_email.tmpl) in the templates folder; a missing file keeps the built-in
wording. An email template's first line is the subject line.`

var placeholders = map[string]map[string]string{
	LangJA: {"order": "[注文番号]", "title": "[商品名]", "url": "[商品ページのURL]", "date": "[購入日]", "seen": "[確認日時]", "store": ""},
	LangEN: {"order": "[order number]", "title": "[item name]", "url": "[product link]", "date": "[purchase date]", "seen": "[date seen]", "store": ""},
}

// NewFields prepares the template data for in in lang (ja or en) and style.
func NewFields(in Input, lang, style string) Fields {
	ph := placeholders[lang]
	if ph == nil {
		lang, ph = LangEN, placeholders[LangEN]
	}
	st := StoreFor(in.Host)
	f := Fields{
		Lang:       lang,
		Style:      style,
		Order:      orPlaceholder(in.Order, ph["order"]),
		OrderKnown: in.Order != "",
		Title:      orPlaceholder(in.Title, ph["title"]),
		URL:        orPlaceholder(in.URL, ph["url"]),
		Store:      firstNonEmpty(in.StoreName, st.Name, ph["store"]),
		SupportURL: firstNonEmpty(in.SupportURL, st.SupportURL),
		Bought:     ph["date"],
		Paid:       FormatMoney(in.Paid, lang),
		Now:        FormatMoney(in.Now, lang),
		SeenAt:     ph["seen"],
		WindowDays: in.WindowDays,
		ThirdParty: in.ThirdParty,
		Seller:     in.Seller,
		Input:      in,
	}
	diff := in.Paid
	diff.Amount -= in.Now.Amount
	f.Diff = FormatMoney(diff, lang)
	if !in.Bought.IsZero() {
		f.Bought = FormatDate(in.Bought, lang)
	}
	if !in.SeenAt.IsZero() {
		f.SeenAt = FormatTime(in.SeenAt, lang)
	}
	if !in.WindowEnds.IsZero() {
		f.WindowEnds = FormatDate(in.WindowEnds, lang)
	}
	if !in.Bought.IsZero() && !in.SeenAt.IsZero() && in.SeenAt.After(in.Bought) {
		f.DaysSince = int(in.SeenAt.Sub(in.Bought) / (24 * time.Hour))
	}
	switch {
	case in.WindowDays <= 0 || in.SeenAt.IsZero():
	case !in.WindowEnds.IsZero():
		f.WithinWindow = !in.SeenAt.After(in.WindowEnds)
	case !in.Bought.IsZero():
		f.WithinWindow = in.SeenAt.Sub(in.Bought) <= time.Duration(in.WindowDays)*24*time.Hour
	}
	return f
}

func orPlaceholder(v, ph string) string {
	if v == "" {
		return ph
	}
	return v
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
