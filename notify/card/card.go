// Package card turns an outbox alert, its purchase and its price history
// into a Card: the channel-neutral content of one notification (headline,
// facts, sparkline, notes, the drafted refund request, links). Slack blocks
// and the log sink are both renderings of a Card. Pure: no I/O.
package card

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"refundwatch/notify/draft"
	"refundwatch/store"
	"refundwatch/store/money"
)

// Card is what one alert says, ready to render.
type Card struct {
	AlertID    uint64
	PurchaseID uint64
	Kind       store.AlertKind
	Lang       string // ja or en

	Headline   string // short, for a header: "Refund due: ¥1,520"
	Fallback   string // one line for notifications and plain-text clients
	Title      string // item name ("" for test alerts)
	URL        string // product page
	StoreName  string
	SupportURL string // store contact page ("" when unknown)

	Facts     []Fact   // paid / now / difference / window closes in
	Sparkline string   // ▁▂▃▄▅▆▇█ of the window's prices, paid first
	SparkNote string   // what the sparkline shows
	Notes     []string // warnings and explanations, one sentence each
	Draft     string   // ready-to-paste refund request ("" when not relevant)

	Labels Labels // words the renderers need, in Lang
}

// Fact is one labelled value.
type Fact struct{ Label, Value string }

// Source is everything Build needs.
type Source struct {
	Alert     store.Alert
	Purchase  store.Purchase // zero for test alerts
	History   []store.Observation
	Now       time.Time
	Lang      string         // config: auto, ja or en
	Templates string         // user draft templates (draft.Render's tmplDir)
	Location  *time.Location // dates in text; nil: Asia/Tokyo for Japanese, else time.Local
}

// Build composes the card for src.Alert.
func Build(src Source) (Card, error) {
	p, a := src.Purchase, src.Alert
	host := hostOf(p.URL)
	lang := draft.LangFor(host, src.Lang)
	L := labelsFor(lang)
	st := draft.StoreFor(host)
	c := Card{
		AlertID: a.ID, PurchaseID: a.PurchaseID, Kind: a.Kind, Lang: lang,
		Title: p.Title, URL: p.URL, StoreName: st.Name, SupportURL: st.SupportURL,
		Labels: L,
	}
	if c.Title == "" {
		c.Title = p.URL
	}
	loc := src.Location
	if loc == nil {
		loc = defaultLocation(lang)
	}
	left := windowLeft(p.WindowEnds, src.Now, L)

	switch a.Kind {
	case store.AlertTest:
		c.Headline = L.TestHeadline
		c.Fallback = L.TestHeadline
		c.Notes = []string{L.TestNote}
		return c, nil
	case store.AlertStale:
		hours := staleHours(p, src.Now)
		c.Headline = fmt.Sprintf(L.StaleHeadline, hours)
		c.Fallback = fmt.Sprintf(L.StaleFallback, hours, c.Title)
		c.Facts = []Fact{{L.Paid, draft.FormatMoney(p.Paid, lang)}}
		if p.LastPrice != nil {
			c.Facts = append(c.Facts, Fact{L.LastPrice, draft.FormatMoney(*p.LastPrice, lang)})
		}
		c.Facts = append(c.Facts, Fact{L.WindowLeft, left})
		note := fmt.Sprintf(L.StaleNote, p.LastStatus)
		if p.LastStatus == "" {
			note = L.StaleNoteNoStatus
		}
		c.Notes = append(c.Notes, note)
		if a.Note != "" {
			c.Notes = append(c.Notes, a.Note)
		}
		c.Sparkline, c.SparkNote = spark(p, src.History, lang, L)
		return c, nil
	}

	// drop and reminder: money is due.
	in := DraftInput(p, src.History, loc)
	if a.Price != nil && a.Kind == store.AlertDrop {
		in.Now = *a.Price
		in.SeenAt = seenAt(src.History, *a.Price, a.Created).In(loc)
	}
	diff, err := p.Paid.Sub(in.Now)
	if err != nil {
		return Card{}, fmt.Errorf("card: alert %d: %w", a.ID, err)
	}
	due := draft.FormatMoney(diff, lang)
	c.Facts = []Fact{
		{L.Paid, draft.FormatMoney(p.Paid, lang)},
		{L.NowPrice, draft.FormatMoney(in.Now, lang)},
		{L.Difference, due},
		{L.WindowLeft, left},
	}
	if a.Kind == store.AlertReminder {
		c.Headline = fmt.Sprintf(L.ReminderHeadline, left)
		c.Fallback = fmt.Sprintf(L.ReminderFallback, due, c.Title, left)
		c.Notes = append(c.Notes, L.ReminderNote)
	} else {
		c.Headline = fmt.Sprintf(L.DropHeadline, due)
		c.Fallback = fmt.Sprintf(L.DropFallback, c.Title, draft.FormatMoney(in.Now, lang), draft.FormatMoney(p.Paid, lang), due, left)
	}
	if a.Suspect {
		c.Notes = append(c.Notes, L.SuspectNote)
	}
	if p.ThirdParty {
		if p.Seller != "" {
			c.Notes = append(c.Notes, fmt.Sprintf(L.ThirdPartyNamed, p.Seller))
		} else {
			c.Notes = append(c.Notes, L.ThirdParty)
		}
	}
	if a.Note != "" {
		c.Notes = append(c.Notes, a.Note)
	}
	c.Sparkline, c.SparkNote = spark(p, src.History, lang, L)
	d, err := draft.Render(in, lang, draft.StyleChat, src.Templates)
	if err != nil && src.Templates != "" && !errors.Is(err, draft.ErrNoDrop) && !errors.Is(err, draft.ErrCurrency) {
		// A broken user template must not cost the alert: use the
		// built-in wording and say why.
		c.Notes = append(c.Notes, fmt.Sprintf(L.TemplateBroken, err))
		d, err = draft.Render(in, lang, draft.StyleChat, "")
	}
	if err != nil {
		return Card{}, fmt.Errorf("card: alert %d: %w", a.ID, err)
	}
	c.Draft = d
	return c, nil
}

// DraftInput gathers the draft's facts for a purchase: the lowest price seen
// in its window (else the last price, else the price paid) and when it was
// seen, with dates in loc. `refundwatch draft ID` uses it directly.
func DraftInput(p store.Purchase, hist []store.Observation, loc *time.Location) draft.Input {
	host := hostOf(p.URL)
	if loc == nil {
		loc = defaultLocation(draft.LangFor(host, ""))
	}
	in := draft.Input{
		Order: p.Order, Title: p.Title, URL: p.URL, Host: host,
		Paid: p.Paid, Now: p.Paid,
		ThirdParty: p.ThirdParty, Seller: p.Seller,
	}
	if !p.Bought.IsZero() {
		in.Bought = p.Bought.In(loc)
	}
	if !p.WindowEnds.IsZero() {
		in.WindowEnds = p.WindowEnds.In(loc)
		if !p.Bought.IsZero() {
			in.WindowDays = int((p.WindowEnds.Sub(p.Bought) + 12*time.Hour) / (24 * time.Hour))
		}
	}
	switch {
	case p.LowestPrice != nil:
		in.Now = *p.LowestPrice
	case p.LastPrice != nil:
		in.Now = *p.LastPrice
	}
	if t := seenAt(hist, in.Now, p.LastChecked); !t.IsZero() {
		in.SeenAt = t.In(loc)
	}
	return in
}

// seenAt is the latest observation at price, else fallback.
func seenAt(hist []store.Observation, price money.Money, fallback time.Time) time.Time {
	for i := len(hist) - 1; i >= 0; i-- {
		if o := hist[i]; o.Price != nil && *o.Price == price {
			return o.At
		}
	}
	return fallback
}

func staleHours(p store.Purchase, now time.Time) int {
	since := p.LastSuccess
	if since.IsZero() {
		since = p.Created
	}
	if since.IsZero() {
		return 0
	}
	return int(now.Sub(since) / time.Hour)
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

func defaultLocation(lang string) *time.Location {
	if lang == draft.LangJA {
		if l, err := time.LoadLocation("Asia/Tokyo"); err == nil {
			return l
		}
		return time.FixedZone("JST", 9*3600)
	}
	return time.Local
}
