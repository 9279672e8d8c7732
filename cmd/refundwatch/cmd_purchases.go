package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"refundwatch/cmd/refundwatch/config"
	"refundwatch/store"
	"refundwatch/store/money"
	"refundwatch/watcher/extract"
)

func cmdAdd(ctx context.Context, a *app, args []string) error {
	fs := a.flags("add", true)
	paid := fs.String("paid", "", "price paid: 1980, ¥1,980, 1,980円, $19.99, 19,99 €, EUR 1.234,56, 1980 JPY")
	cur := fs.String("currency", "", "ISO 4217 currency when --paid names none and the store does not tell")
	order := fs.String("order", "", "the store's order number")
	bought := fs.String("bought", "", "purchase date: 2026-11-20 or RFC 3339 (default now)")
	title := fs.String("title", "", "item name (default: the page's title)")
	window := fs.String("window", "", "price-protection window after purchase (default from config, 7d)")
	selector := fs.String("selector", "", "CSS selector of the price on the page, when refundwatch cannot find it")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs("add", pos, 1, 1, "the product URL"); err != nil {
		return err
	}
	now := a.now()
	u, err := parseProductURL(pos[0])
	if err != nil {
		return err
	}
	p := store.Purchase{URL: u.String(), Title: strings.TrimSpace(*title), Order: strings.TrimSpace(*order),
		Selector: strings.TrimSpace(*selector), Status: store.StatusWatching}
	if p.Selector != "" {
		if err := checkSelector(p.Selector); err != nil {
			return err
		}
	}
	fallback := money.CurrencyForHost(u.Hostname())
	if *cur != "" {
		c, err := money.NormalizeCurrency(*cur)
		if err != nil {
			return usagef("--currency %q is not an ISO 4217 currency code like JPY or USD", *cur)
		}
		fallback = c
	}
	p.Bought = now
	if *bought != "" {
		if p.Bought, err = parseBought(*bought, now); err != nil {
			return err
		}
	}
	w := a.cfg.Window
	if *window != "" {
		d, err := config.ParseDuration(*window)
		if err == nil {
			err = config.CheckWindow(d)
		}
		if err != nil {
			return usagef("--window %q: %v", *window, err)
		}
		w = d
	}
	p.WindowEnds = p.Bought.Add(w)
	if w%(24*time.Hour) == 0 {
		// "7d" is seven calendar days: midnight stays midnight across a DST change.
		p.WindowEnds = p.Bought.AddDate(0, 0, int(w/(24*time.Hour)))
	}

	if *paid != "" {
		m, err := parsePaid(*paid, fallback, *cur != "")
		if err != nil {
			return err
		}
		p.Paid = m
	} else {
		// No --paid: what the page asks now is what was paid.
		res, err := a.readPage(ctx, p.URL, p.Selector)
		if err != nil {
			return err
		}
		if res.Price == nil {
			code, why := exitNoPrice, fmt.Sprintf("no price on %s (%s)", p.URL, res.Status)
			if res.Status == extract.StatusBlocked {
				code, why = exitBlocked, fmt.Sprintf("the store served a robot check instead of %s (blocked)", p.URL)
			}
			return &exitError{code: code, err: fmt.Errorf("add: %s; give the price paid with --paid", why)}
		}
		p.Paid = *res.Price
		if p.Paid.Currency == "" {
			if fallback == "" {
				return usagef("add: the page does not say its currency; give it with --currency")
			}
			p.Paid.Currency = fallback
		}
		if p.Title == "" {
			p.Title = res.Title
		}
	}

	db, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	saved, err := db.AddPurchase(ctx, p)
	if err != nil {
		return fmt.Errorf("add purchase: %w", err)
	}
	if a.globals.json {
		return writeJSON(a.stdout, toJSON(saved, now))
	}
	fmt.Fprintln(a.stdout, saved.ID)
	return nil
}

func parseProductURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return nil, usagef("%q is not a product URL: it must start with http:// or https:// and name a host", s)
	}
	u.Fragment = ""
	return u, nil
}

// ambiguousGrouping is one '.' or ',' followed by exactly three digits and
// no other separator: "1.234" is a thousand in Germany and one in the US.
var ambiguousGrouping = regexp.MustCompile(`^[^0-9]*[0-9]{1,3}[.,][0-9]{3}[^0-9.,]*$`)

// parsePaid reads --paid with the one money parser. strict: --currency was
// given, so a different currency in the text is a contradiction.
func parsePaid(text, fallback string, strict bool) (money.Money, error) {
	// Typed amounts are never rounded (Exact), and "12.345" is refused where
	// the currency has decimals: a misread there is a false alarm for a week.
	m, err := money.Parse(text, money.Hint{Currency: fallback, Exact: true})
	if err != nil {
		return money.Money{}, usagef("--paid %q is not a price (examples: 1980, ¥1,980, 1,980円, $19.99, 19,99 €)", text)
	}
	if money.Digits(m.Currency) > 0 && ambiguousGrouping.MatchString(text) {
		return money.Money{}, usagef("--paid %q is ambiguous: write %s or with its decimals, like 1,234.50", text, strings.NewReplacer(",", "", ".", "").Replace(text))
	}
	if m.Currency == "" {
		return money.Money{}, usagef("--paid %q names no currency and the store's is unknown; add --currency", text)
	}
	if strict && fallback != "" && m.Currency != fallback {
		return money.Money{}, usagef("--paid %q is in %s but --currency says %s", text, m.Currency, fallback)
	}
	if m.Amount <= 0 {
		return money.Money{}, usagef("--paid %q must be more than zero", text)
	}
	return m, nil
}

// parseBought reads 2026-11-20 (local midnight) or RFC 3339; not in the future.
func parseBought(s string, now time.Time) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", s, now.Location())
	if err != nil {
		t, err = time.Parse(time.RFC3339, s)
	}
	if err != nil {
		return time.Time{}, usagef("--bought %q is not a date like 2026-11-20 or 2026-11-20T15:04:05+09:00", s)
	}
	if t.After(now.Add(5 * time.Minute)) {
		return time.Time{}, usagef("--bought %q is in the future", s)
	}
	return t, nil
}

func parseID(s string) (uint64, error) {
	id, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id == 0 {
		return 0, usagef("%q is not a purchase ID (see refundwatch list)", s)
	}
	return id, nil
}

// notFound maps store.ErrNotFound to a usage error naming the ID.
func notFound(id uint64, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return usagef("no purchase with ID %d (see refundwatch list --all)", id)
	}
	return err
}

func cmdList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("list", true)
	all := fs.Bool("all", false, "every purchase, also those whose window closed")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs("list", pos, 0, 0, ""); err != nil {
		return err
	}
	db, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	ps, err := db.Purchases(ctx)
	if err != nil {
		return fmt.Errorf("list purchases: %w", err)
	}
	now := a.now()
	var shown []store.Purchase
	out := []purchaseJSON{}
	for _, p := range ps {
		if *all || now.Before(p.WindowEnds) { // in its window, whatever its claim status
			shown = append(shown, p)
			out = append(out, toJSON(p, now))
		}
	}
	if a.globals.json {
		return writeJSON(a.stdout, out)
	}
	if len(out) == 0 {
		if len(ps) == 0 {
			fmt.Fprintln(a.stdout, "No purchases yet. Add one: refundwatch add URL --paid PRICE --order ID")
		} else {
			fmt.Fprintf(a.stdout, "No purchase is in its window now (%d in all: refundwatch list --all).\n", len(ps))
		}
		return nil
	}
	tw := newTable(a.stdout)
	fmt.Fprintln(tw, "ID\tTITLE\tPAID\tNOW\tDUE\tCLOSES IN\tSTATUS")
	for i, j := range out {
		due := "-"
		if j.RefundDue.Amount > 0 {
			due = money.Format(j.RefundDue)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", j.ID, clip(orDash(j.Title), 40), money.Format(j.Paid),
			priceOrDash(j.LastPrice), due, until(now, shown[i].WindowEnds), j.Status)
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func cmdShow(ctx context.Context, a *app, args []string) error {
	fs := a.flags("show", true)
	id, db, err := a.purchaseArg(ctx, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	d, err := db.Detail(ctx, id)
	if err != nil {
		return notFound(id, err)
	}
	p, hist, alerts, claims := d.Purchase, d.History, d.Alerts, d.Claims
	now := a.now()
	v := showJSON{purchaseJSON: toJSON(p, now), History: []historyJSON{}, Alerts: []alertJSON{}, Claims: claims}
	if v.Claims == nil {
		v.Claims = []store.Claim{}
	}
	for _, o := range hist {
		v.History = append(v.History, historyJSON{At: rfc3339(o.At), Status: o.Status, Price: o.Price})
	}
	for _, al := range alerts {
		v.Alerts = append(v.Alerts, alertJSON{ID: al.ID, Kind: al.Kind, Created: rfc3339(al.Created), Price: al.Price,
			State: alertState(al), Attempts: al.Attempts, LastError: al.LastError})
	}
	if a.globals.json {
		return writeJSON(a.stdout, v)
	}
	w := a.stdout
	fmt.Fprintf(w, "#%d  %s\n", p.ID, orDash(p.Title))
	tw := newTable(w)
	fmt.Fprintf(tw, "URL\t%s\n", p.URL)
	fmt.Fprintf(tw, "Order\t%s\n", orDash(p.Order))
	fmt.Fprintf(tw, "Paid\t%s on %s\n", money.Format(p.Paid), p.Bought.Local().Format("2006-01-02 15:04"))
	fmt.Fprintf(tw, "Window\tcloses %s (%s)\n", p.WindowEnds.Local().Format("2006-01-02 15:04"), until(now, p.WindowEnds))
	fmt.Fprintf(tw, "Status\t%s\n", v.Status)
	if p.LastChecked.IsZero() {
		fmt.Fprintf(tw, "Now\tnot checked yet\n")
	} else {
		fmt.Fprintf(tw, "Now\t%s (%s, checked %s)\n", priceOrDash(p.LastPrice), p.LastStatus, p.LastChecked.Local().Format("2006-01-02 15:04"))
	}
	fmt.Fprintf(tw, "Lowest\t%s\n", priceOrDash(p.LowestPrice))
	fmt.Fprintf(tw, "Refund due\t%s\n", money.Format(v.RefundDue))
	if p.Seller != "" {
		fmt.Fprintf(tw, "Seller\t%s\n", p.Seller)
	}
	if p.Refunded != nil {
		fmt.Fprintf(tw, "Refunded\t%s\n", money.Format(*p.Refunded))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nPrice history:")
	if len(hist) == 0 {
		fmt.Fprintln(w, "  (none yet: the first check records one)")
	}
	tw = newTable(w)
	for _, o := range hist {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", o.At.Local().Format("2006-01-02 15:04"), o.Status, priceOrDash(o.Price))
	}
	for _, al := range v.Alerts {
		fmt.Fprintf(tw, "  alert %d\t%s\t%s\t%s\n", al.ID, al.Kind, al.State, al.LastError)
	}
	return tw.Flush()
}

func cmdRm(ctx context.Context, a *app, args []string) error {
	fs := a.flags("rm", false)
	id, db, err := a.purchaseArg(ctx, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.DeletePurchase(ctx, id); err != nil {
		return notFound(id, err)
	}
	fmt.Fprintf(a.stdout, "removed purchase %d\n", id)
	return nil
}
