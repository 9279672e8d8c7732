package watcher

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"refundwatch/store"
	"refundwatch/store/money"
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func jpy(n int64) *money.Money { return &money.Money{Amount: n, Currency: "JPY"} }

func mustMinDrop(t testing.TB, s string) MinDrop {
	t.Helper()
	d, err := ParseMinDrop(s)
	if err != nil {
		t.Fatalf("ParseMinDrop(%q): %v", s, err)
	}
	return d
}

// basePurchase: paid ¥1,980 on day 0, window 7 days, never checked.
func basePurchase() store.Purchase {
	return store.Purchase{
		ID: 1, URL: "https://www.amazon.co.jp/dp/B0TEST", Paid: *jpy(1980),
		Bought: t0, Created: t0, WindowEnds: t0.Add(7 * 24 * time.Hour), Status: store.StatusWatching,
	}
}

func okObs(at time.Time, m *money.Money) store.Observation {
	return store.Observation{At: at, Status: "ok", Price: m}
}

func TestDecide(t *testing.T) {
	day1 := t0.Add(24 * time.Hour)
	type want struct {
		kinds      []store.AlertKind
		status     store.Status
		lowest     *money.Money
		lastPrice  *money.Money
		alerted    *money.Money
		suspect    bool
		noteHas    string
		warningHas string
		// reminderSent: the reminder is settled (no later second message).
		reminderSent bool
	}
	for _, tc := range []struct {
		name    string
		minDrop string
		edit    func(*store.Purchase)
		check   Check
		want    want
	}{
		{
			name:  "first drop alerts",
			check: Check{Obs: okObs(day1, jpy(1800))},
			want:  want{kinds: []store.AlertKind{store.AlertDrop}, status: store.StatusDropped, lowest: jpy(1800), lastPrice: jpy(1800), alerted: jpy(1800)},
		},
		{
			name:  "same price as paid: no drop",
			check: Check{Obs: okObs(day1, jpy(1980))},
			want:  want{status: store.StatusWatching, lowest: jpy(1980), lastPrice: jpy(1980)},
		},
		{
			name:  "one yen below with min_drop 1 alerts",
			check: Check{Obs: okObs(day1, jpy(1979))},
			want:  want{kinds: []store.AlertKind{store.AlertDrop}, status: store.StatusDropped, lowest: jpy(1979), lastPrice: jpy(1979), alerted: jpy(1979)},
		},
		{
			name: "drop smaller than min_drop 100: no alert", minDrop: "100",
			check: Check{Obs: okObs(day1, jpy(1881))},
			want:  want{status: store.StatusWatching, lowest: jpy(1881), lastPrice: jpy(1881)},
		},
		{
			name: "drop exactly min_drop 100 alerts", minDrop: "100",
			check: Check{Obs: okObs(day1, jpy(1880))},
			want:  want{kinds: []store.AlertKind{store.AlertDrop}, status: store.StatusDropped, lowest: jpy(1880), lastPrice: jpy(1880), alerted: jpy(1880)},
		},
		{
			name: "2% of 1980 is 39.6, rounds up to 40: 1941 no", minDrop: "2%",
			check: Check{Obs: okObs(day1, jpy(1941))},
			want:  want{status: store.StatusWatching, lowest: jpy(1941), lastPrice: jpy(1941)},
		},
		{
			name: "2%: 1940 alerts", minDrop: "2%",
			check: Check{Obs: okObs(day1, jpy(1940))},
			want:  want{kinds: []store.AlertKind{store.AlertDrop}, status: store.StatusDropped, lowest: jpy(1940), lastPrice: jpy(1940), alerted: jpy(1940)},
		},
		{
			name: "same low twice: no second alert",
			edit: func(p *store.Purchase) {
				p.Status, p.LastAlerted, p.LowestPrice = store.StatusDropped, jpy(1800), jpy(1800)
			},
			check: Check{Obs: okObs(day1, jpy(1800))},
			want:  want{status: store.StatusDropped, lowest: jpy(1800), lastPrice: jpy(1800), alerted: jpy(1800)},
		},
		{
			name: "further drop: second alert",
			edit: func(p *store.Purchase) {
				p.Status, p.LastAlerted, p.LowestPrice = store.StatusDropped, jpy(1800), jpy(1800)
			},
			check: Check{Obs: okObs(day1, jpy(1700))},
			want:  want{kinds: []store.AlertKind{store.AlertDrop}, status: store.StatusDropped, lowest: jpy(1700), lastPrice: jpy(1700), alerted: jpy(1700)},
		},
		{
			name: "price back up: no alert, lowest kept",
			edit: func(p *store.Purchase) {
				p.Status, p.LastAlerted, p.LowestPrice = store.StatusDropped, jpy(1800), jpy(1800)
			},
			check: Check{Obs: okObs(day1, jpy(2100))},
			want:  want{status: store.StatusDropped, lowest: jpy(1800), lastPrice: jpy(2100), alerted: jpy(1800)},
		},
		{
			name: "back up then down to the alerted low again: no alert",
			edit: func(p *store.Purchase) {
				p.Status, p.LastAlerted, p.LowestPrice, p.LastPrice = store.StatusDropped, jpy(1800), jpy(1800), jpy(2100)
			},
			check: Check{Obs: okObs(day1, jpy(1800))},
			want:  want{status: store.StatusDropped, lowest: jpy(1800), lastPrice: jpy(1800), alerted: jpy(1800)},
		},
		{
			name:  "other currency: no comparison, one warning",
			check: Check{Obs: okObs(day1, &money.Money{Amount: 999, Currency: "USD"})},
			want:  want{status: store.StatusWatching, lastPrice: &money.Money{Amount: 999, Currency: "USD"}, warningHas: "USD"},
		},
		{
			name:  "other currency again: no second warning",
			edit:  func(p *store.Purchase) { p.CurrencyWarned = true },
			check: Check{Obs: okObs(day1, &money.Money{Amount: 999, Currency: "USD"})},
			want:  want{status: store.StatusWatching, lastPrice: &money.Money{Amount: 999, Currency: "USD"}},
		},
		{
			name:  "blocked: no alert, no price",
			edit:  func(p *store.Purchase) { p.LastPrice, p.LastSuccess = jpy(1980), day1.Add(-time.Hour) },
			check: Check{Obs: store.Observation{At: day1, Status: "blocked"}},
			want:  want{status: store.StatusWatching, lastPrice: jpy(1980)},
		},
		{
			name:  "unavailable: no alert",
			edit:  func(p *store.Purchase) { p.LastSuccess = day1.Add(-time.Hour) },
			check: Check{Obs: store.Observation{At: day1, Status: "unavailable"}},
			want:  want{status: store.StatusWatching},
		},
		{
			name:  "deep fall not yet confirmed: no alert, lowest untouched",
			check: Check{Obs: okObs(day1, jpy(198))},
			want:  want{status: store.StatusWatching, lastPrice: jpy(198)},
		},
		{
			name:  "deep fall confirmed: suspect alert that says so",
			check: Check{Obs: okObs(day1, jpy(198)), Confirmed: true},
			want:  want{kinds: []store.AlertKind{store.AlertDrop}, status: store.StatusDropped, lowest: jpy(198), lastPrice: jpy(198), alerted: jpy(198), suspect: true, noteHas: "read twice"},
		},
		{
			name:  "70% exactly is not deep",
			check: Check{Obs: okObs(day1, jpy(594))},
			want:  want{kinds: []store.AlertKind{store.AlertDrop}, status: store.StatusDropped, lowest: jpy(594), lastPrice: jpy(594), alerted: jpy(594)},
		},
		{
			name:  "third-party seller: alert says so",
			check: Check{Obs: okObs(day1, jpy(1500)), Seller: ptr("Cheap Co"), SoldByStore: ptr(false)},
			want:  want{kinds: []store.AlertKind{store.AlertDrop}, status: store.StatusDropped, lowest: jpy(1500), lastPrice: jpy(1500), alerted: jpy(1500), noteHas: "Cheap Co"},
		},
		{
			name: "submitted claim: a further drop still alerts, status kept",
			edit: func(p *store.Purchase) {
				p.Status, p.LastAlerted, p.LowestPrice = store.StatusSubmitted, jpy(1800), jpy(1800)
			},
			check: Check{Obs: okObs(day1, jpy(1600))},
			want:  want{kinds: []store.AlertKind{store.AlertDrop}, status: store.StatusSubmitted, lowest: jpy(1600), lastPrice: jpy(1600), alerted: jpy(1600)},
		},
		{
			name: "refunded: no more alerts",
			edit: func(p *store.Purchase) {
				p.Status, p.LastAlerted, p.LowestPrice = store.StatusRefunded, jpy(1800), jpy(1800)
			},
			check: Check{Obs: okObs(day1, jpy(1600))},
			want:  want{status: store.StatusRefunded, lowest: jpy(1600), lastPrice: jpy(1600), alerted: jpy(1800)},
		},
		{
			name:  "window closed: expired, no alert",
			check: Check{Obs: okObs(t0.Add(8*24*time.Hour), jpy(1500))},
			want:  want{status: store.StatusExpired, lastPrice: jpy(1500)},
		},
		{
			name:  "stale: no price read for 13 h",
			edit:  func(p *store.Purchase) { p.LastSuccess = day1.Add(-13 * time.Hour) },
			check: Check{Obs: store.Observation{At: day1, Status: "blocked"}},
			want:  want{kinds: []store.AlertKind{store.AlertStale}, status: store.StatusWatching, noteHas: "blocked"},
		},
		{
			name:  "stale already alerted: once",
			edit:  func(p *store.Purchase) { p.LastSuccess, p.StaleAlerted = day1.Add(-20*time.Hour), true },
			check: Check{Obs: store.Observation{At: day1, Status: "error"}},
			want:  want{status: store.StatusWatching},
		},
		{
			name:  "not stale yet: 11 h",
			edit:  func(p *store.Purchase) { p.LastSuccess = day1.Add(-11 * time.Hour) },
			check: Check{Obs: store.Observation{At: day1, Status: "error"}},
			want:  want{status: store.StatusWatching},
		},
		{
			name:  "last success older than the purchase record: measured from its creation",
			edit:  func(p *store.Purchase) { p.LastSuccess = t0.Add(-48 * time.Hour) },
			check: Check{Obs: store.Observation{At: t0.Add(6 * time.Hour), Status: "error"}},
			want:  want{status: store.StatusWatching},
		},
		{
			name:  "never read, added 13 h ago: stale",
			check: Check{Obs: store.Observation{At: t0.Add(13 * time.Hour), Status: "error"}},
			want:  want{kinds: []store.AlertKind{store.AlertStale}, status: store.StatusWatching, noteHas: "no price has been read"},
		},
		{
			name:  "never read, window closes in 6 h: stale even though just added",
			edit:  func(p *store.Purchase) { p.Created = day1.Add(-time.Hour); p.WindowEnds = day1.Add(6 * time.Hour) },
			check: Check{Obs: store.Observation{At: day1, Status: "blocked"}},
			want:  want{kinds: []store.AlertKind{store.AlertStale}, status: store.StatusWatching, noteHas: "window closes"},
		},
		{
			name: "reminder: unclaimed drop, window closes in 20 h",
			edit: func(p *store.Purchase) {
				p.Status, p.LastAlerted, p.LowestPrice = store.StatusDropped, jpy(1800), jpy(1800)
			},
			check: Check{Obs: okObs(t0.Add(7*24*time.Hour-20*time.Hour), jpy(1800))},
			want:  want{kinds: []store.AlertKind{store.AlertReminder}, status: store.StatusDropped, lowest: jpy(1800), lastPrice: jpy(1800), alerted: jpy(1800), noteHas: "not claimed"},
		},
		{
			name: "reminder already sent: once",
			edit: func(p *store.Purchase) {
				p.Status, p.LastAlerted, p.LowestPrice, p.ReminderSent = store.StatusDropped, jpy(1800), jpy(1800), true
			},
			check: Check{Obs: okObs(t0.Add(7*24*time.Hour-10*time.Hour), jpy(1800))},
			want:  want{status: store.StatusDropped, lowest: jpy(1800), lastPrice: jpy(1800), alerted: jpy(1800)},
		},
		{
			name:  "no reminder while watching",
			check: Check{Obs: okObs(t0.Add(7*24*time.Hour-10*time.Hour), jpy(1980))},
			want:  want{status: store.StatusWatching, lowest: jpy(1980), lastPrice: jpy(1980)},
		},
		{
			name: "no reminder 30 h before close",
			edit: func(p *store.Purchase) {
				p.Status, p.LastAlerted, p.LowestPrice = store.StatusDropped, jpy(1800), jpy(1800)
			},
			check: Check{Obs: okObs(t0.Add(7*24*time.Hour-30*time.Hour), jpy(1800))},
			want:  want{status: store.StatusDropped, lowest: jpy(1800), lastPrice: jpy(1800), alerted: jpy(1800)},
		},
		{
			name:  "drop found in the last day: the drop alert alone (it says the window closes)",
			check: Check{Obs: okObs(t0.Add(7*24*time.Hour-2*time.Hour), jpy(1700))},
			want:  want{kinds: []store.AlertKind{store.AlertDrop}, status: store.StatusDropped, lowest: jpy(1700), lastPrice: jpy(1700), alerted: jpy(1700), reminderSent: true},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := basePurchase()
			if tc.edit != nil {
				tc.edit(&p)
			}
			md := "1"
			if tc.minDrop != "" {
				md = tc.minDrop
			}
			out := Decide(&p, tc.check, Rules{MinDrop: mustMinDrop(t, md)})
			var kinds []store.AlertKind
			for _, a := range out.Alerts {
				kinds = append(kinds, a.Kind)
				if a.PurchaseID != p.ID || !a.Created.Equal(tc.check.Obs.At) {
					t.Errorf("alert %+v: want purchase %d, created %s", a, p.ID, tc.check.Obs.At)
				}
			}
			if got, want := strings.Join(kindStrings(kinds), ","), strings.Join(kindStrings(tc.want.kinds), ","); got != want {
				t.Fatalf("alerts = [%s], want [%s]", got, want)
			}
			if got, want := p.Status, tc.want.status; got != want {
				t.Errorf("status = %s, want %s", got, want)
			}
			checkMoney(t, "lowest", p.LowestPrice, tc.want.lowest)
			checkMoney(t, "last price", p.LastPrice, tc.want.lastPrice)
			checkMoney(t, "last alerted", p.LastAlerted, tc.want.alerted)
			if tc.want.reminderSent && !p.ReminderSent {
				t.Errorf("reminder_sent = false: a reminder would follow the drop alert")
			}
			if len(out.Alerts) > 0 {
				a := out.Alerts[0]
				if a.Suspect != tc.want.suspect {
					t.Errorf("suspect = %v, want %v", a.Suspect, tc.want.suspect)
				}
				if a.Kind == store.AlertDrop {
					checkMoney(t, "alert price", a.Price, tc.check.Obs.Price)
				}
				if !strings.Contains(a.Note, tc.want.noteHas) {
					t.Errorf("note = %q, want it to contain %q", a.Note, tc.want.noteHas)
				}
			}
			if (out.Warning == "") != (tc.want.warningHas == "") || !strings.Contains(out.Warning, tc.want.warningHas) {
				t.Errorf("warning = %q, want containing %q", out.Warning, tc.want.warningHas)
			}
			if !p.LastChecked.Equal(tc.check.Obs.At) || p.LastStatus != tc.check.Obs.Status {
				t.Errorf("last checked/status = %s/%s, want %s/%s", p.LastChecked, p.LastStatus, tc.check.Obs.At, tc.check.Obs.Status)
			}
		})
	}
}

func TestDecideSuccessResetsStale(t *testing.T) {
	p := basePurchase()
	p.StaleAlerted = true
	at := t0.Add(30 * time.Hour)
	Decide(&p, Check{Obs: okObs(at, jpy(1980))}, Rules{})
	if p.StaleAlerted || !p.LastSuccess.Equal(at) {
		t.Fatalf("after a success: stale_alerted = %v, last_success = %s; want false, %s", p.StaleAlerted, p.LastSuccess, at)
	}
	// A new long failure alerts again, once.
	out := Decide(&p, Check{Obs: store.Observation{At: at.Add(13 * time.Hour), Status: "error"}}, Rules{})
	if len(out.Alerts) != 1 || out.Alerts[0].Kind != store.AlertStale {
		t.Fatalf("alerts = %+v, want one stale", out.Alerts)
	}
}

func TestNeedsRecheck(t *testing.T) {
	day1 := t0.Add(24 * time.Hour)
	for _, tc := range []struct {
		name string
		edit func(*store.Purchase)
		obs  store.Observation
		want bool
	}{
		{"deep fall", nil, okObs(day1, jpy(500)), true},
		{"ordinary fall", nil, okObs(day1, jpy(1500)), false},
		{"free", nil, okObs(day1, jpy(0)), true},
		{"deep but already alerted at that price", func(p *store.Purchase) { p.LastAlerted = jpy(500) }, okObs(day1, jpy(500)), false},
		{"deep, other currency", nil, okObs(day1, &money.Money{Amount: 5, Currency: "USD"}), false},
		{"blocked", nil, store.Observation{At: day1, Status: "blocked"}, false},
		{"window closed", nil, okObs(t0.Add(8*24*time.Hour), jpy(500)), false},
		{"denied claim", func(p *store.Purchase) { p.Status = store.StatusDenied }, okObs(day1, jpy(500)), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := basePurchase()
			if tc.edit != nil {
				tc.edit(&p)
			}
			if got := NeedsRecheck(p, tc.obs, Rules{MinDrop: mustMinDrop(t, "1")}); got != tc.want {
				t.Fatalf("NeedsRecheck = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseMinDrop(t *testing.T) {
	usd := money.Money{Amount: 19999, Currency: "USD"} // $199.99
	for _, tc := range []struct {
		in      string
		paid    money.Money
		want    int64
		wantErr bool
	}{
		{"1", *jpy(1980), 1, false},
		{"1", usd, 100, false},
		{"0.5", usd, 50, false},
		{"0.5", *jpy(1980), 1, false}, // half a yen rounds up to one
		{"0", *jpy(1980), 1, false},   // a drop is at least one minor unit
		{"100", *jpy(1980), 100, false},
		{" 2% ", *jpy(1980), 40, false},
		{"2.5%", *jpy(10000), 250, false},
		{"10%", usd, 2000, false},
		{"1%", money.Money{Amount: money.MaxAmount, Currency: "JPY"}, money.MaxAmount / 100, false},
		{"", usd, 0, true},
		{"abc", usd, 0, true},
		{"-1", usd, 0, true},
		{"1,5", usd, 0, true},
		{"100%", usd, 0, true},
		{"2.555%", usd, 0, true},
		{"%", usd, 0, true},
	} {
		d, err := ParseMinDrop(tc.in)
		if tc.wantErr {
			if err == nil || !strings.Contains(err.Error(), "min_drop") {
				t.Errorf("ParseMinDrop(%q) err = %v, want one naming min_drop", tc.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseMinDrop(%q): %v", tc.in, err)
			continue
		}
		if got := d.Amount(tc.paid); got != tc.want {
			t.Errorf("ParseMinDrop(%q).Amount(%s) = %d, want %d", tc.in, tc.paid, got, tc.want)
		}
	}
}

func kindStrings(ks []store.AlertKind) []string {
	var out []string
	for _, k := range ks {
		out = append(out, string(k))
	}
	return out
}

func checkMoney(t *testing.T, what string, got, want *money.Money) {
	t.Helper()
	if (got == nil) != (want == nil) || (got != nil && *got != *want) {
		t.Errorf("%s = %v, want %v", what, moneyText(got), moneyText(want))
	}
}

func moneyText(m *money.Money) string {
	if m == nil {
		return "nil"
	}
	return m.String()
}

func ptr[T any](v T) *T { return &v }

func TestDecideTitleFromPage(t *testing.T) {
	at := t0.Add(time.Hour)
	for _, tc := range []struct {
		name, have, page, want string
		obs                    store.Observation
	}{
		{"empty title named from the page", "", "ヘッドホン WH-1000XM5", "ヘッドホン WH-1000XM5", okObs(at, jpy(1980))},
		{"the user's title is kept", "my headphones", "ヘッドホン WH-1000XM5", "my headphones", okObs(at, jpy(1980))},
		{"a page without a price names nothing", "", "Robot Check", "", store.Observation{At: at, Status: "blocked"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := basePurchase()
			p.Title = tc.have
			Decide(&p, Check{Obs: tc.obs, Title: tc.page}, Rules{})
			if p.Title != tc.want {
				t.Errorf("title = %q, want %q", p.Title, tc.want)
			}
		})
	}
}

// After an alert, a further alert needs a further fall of at least min_drop.
func TestDecideFurtherDropRespectsMinDrop(t *testing.T) {
	p := basePurchase() // paid ¥1,980
	p.Paid = *jpy(10000)
	rules := Rules{MinDrop: mustMinDrop(t, "500")}
	var alerts []int64
	for i, price := range []int64{9000, 8999, 8998, 8700, 8501, 8500, 8500, 7000} {
		out := Decide(&p, Check{Obs: okObs(t0.Add(time.Duration(i+1)*time.Hour), jpy(price))}, rules)
		for _, a := range out.Alerts {
			if a.Kind == store.AlertDrop {
				alerts = append(alerts, a.Price.Amount)
			}
		}
	}
	want := []int64{9000, 8500, 7000}
	if fmt.Sprint(alerts) != fmt.Sprint(want) {
		t.Errorf("drop alerts at %v, want %v", alerts, want)
	}
}
