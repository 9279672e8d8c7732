package card

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"refundwatch/store"
	"refundwatch/store/money"
)

var jst = time.FixedZone("JST", 9*3600)

func yen(a int64) *money.Money { return &money.Money{Amount: a, Currency: "JPY"} }

// Fixture returns a purchase with a drop and its history, shared by tests.
func fixture() (store.Purchase, []store.Observation, time.Time) {
	bought := time.Date(2026, 11, 18, 21, 0, 0, 0, jst)
	p := store.Purchase{
		ID: 3, URL: "https://www.amazon.co.jp/dp/B09XS7JWHH", Title: "ヘッドホン WH-1000XM5", Order: "249-1234567-7654321",
		Paid: money.Money{Amount: 12800, Currency: "JPY"}, Bought: bought, WindowEnds: bought.Add(7 * 24 * time.Hour),
		Status: store.StatusDropped, LowestPrice: yen(11280), LastPrice: yen(11280),
	}
	h := []store.Observation{
		{At: bought.Add(time.Hour), Status: "ok", Price: yen(12800)},
		{At: bought.Add(25 * time.Hour), Status: "ok", Price: yen(12500)},
		{At: bought.Add(49 * time.Hour), Status: "ok", Price: yen(11280)},
	}
	return p, h, bought.Add(50 * time.Hour)
}

func TestBuild(t *testing.T) {
	p, h, now := fixture()
	third := p
	third.ThirdParty, third.Seller = true, "ABCストア"
	stale := p
	stale.LastSuccess = now.Add(-30 * time.Hour)
	stale.LastStatus = "blocked"
	tests := []struct {
		name     string
		src      Source
		headline string
		contains []string // in fallback, notes or draft
		draft    bool
	}{
		{"drop ja", Source{Alert: store.Alert{ID: 1, PurchaseID: 3, Kind: store.AlertDrop, Price: yen(11280)}, Purchase: p, History: h, Now: now},
			"差額返金の対象：1,520円", []string{"11,280円", "4日22時間", "249-1234567-7654321"}, true},
		{"drop en forced", Source{Alert: store.Alert{Kind: store.AlertDrop, Price: yen(11280)}, Purchase: p, History: h, Now: now, Lang: "en"},
			"Refund due: ¥1,520", []string{"¥11,280", "4 days 22 hours"}, true},
		{"suspect third party", Source{Alert: store.Alert{Kind: store.AlertDrop, Price: yen(11280), Suspect: true}, Purchase: third, History: h, Now: now, Lang: "en"},
			"Refund due: ¥1,520", []string{"verify the price on the page", "third-party seller (ABCストア)", "contact the seller"}, true},
		{"reminder", Source{Alert: store.Alert{Kind: store.AlertReminder}, Purchase: p, History: h, Now: p.WindowEnds.Add(-6 * time.Hour), Lang: "en"},
			"Reminder: window closes in 6 hours", []string{"not claimed yet"}, true},
		{"stale", Source{Alert: store.Alert{Kind: store.AlertStale}, Purchase: stale, History: h, Now: now, Lang: "en"},
			"Couldn't read the price for 30 hours", []string{"blocked"}, false},
		{"test", Source{Alert: store.Alert{Kind: store.AlertTest}, Now: now},
			"refundwatch test alert — configuration works", []string{"notify test"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Build(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if c.Headline != tt.headline {
				t.Errorf("Headline = %q, want %q", c.Headline, tt.headline)
			}
			all := c.Fallback + "\n" + strings.Join(c.Notes, "\n") + "\n" + c.Draft
			for _, f := range c.Facts {
				all += "\n" + f.Value
			}
			for _, s := range tt.contains {
				if !strings.Contains(all, s) {
					t.Errorf("card lacks %q:\n%s", s, all)
				}
			}
			if got := c.Draft != ""; got != tt.draft {
				t.Errorf("has draft = %v, want %v", got, tt.draft)
			}
			if strings.Contains(c.Fallback, "\n") {
				t.Errorf("fallback is not one line: %q", c.Fallback)
			}
		})
	}
}

func TestBuildCurrencyMismatch(t *testing.T) {
	p, h, now := fixture()
	_, err := Build(Source{Alert: store.Alert{Kind: store.AlertDrop, Price: &money.Money{Amount: 999, Currency: "USD"}}, Purchase: p, History: h, Now: now})
	if err == nil {
		t.Fatal("a drop alert priced in another currency built a card")
	}
}

func TestSparkline(t *testing.T) {
	tests := []struct {
		in   []int64
		want string
	}{
		{[]int64{12800, 12500, 11280}, "█▆▁"},
		{[]int64{5, 5, 5}, "▄▄▄"},
		{[]int64{0, 1, 2, 3, 4, 5, 6, 7}, "▁▂▃▄▅▆▇█"},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := Sparkline(tt.in); got != tt.want {
			t.Errorf("Sparkline(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
	long := make([]int64, 100)
	for i := range long {
		long[i] = 100
	}
	long[57] = 10 // a short dip must survive bucketing
	got := Sparkline(long)
	if n := len([]rune(got)); n != maxSpark {
		t.Errorf("len = %d, want %d", n, maxSpark)
	}
	if !strings.Contains(got, "▁") {
		t.Errorf("dip lost: %q", got)
	}
}

func TestWindowLeft(t *testing.T) {
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	en := labelsFor("en")
	tests := []struct {
		ends time.Time
		want string
	}{
		{now.Add(3*24*time.Hour + 4*time.Hour + 30*time.Minute), "3 days 4 hours"},
		{now.Add(48 * time.Hour), "2 days"},
		{now.Add(25 * time.Hour), "1 day 1 hour"},
		{now.Add(5 * time.Hour), "5 hours"},
		{now.Add(10 * time.Minute), "under an hour"},
		{now.Add(-time.Minute), "closed"},
		{time.Time{}, "unknown"},
	}
	for _, tt := range tests {
		if got := windowLeft(tt.ends, now, en); got != tt.want {
			t.Errorf("windowLeft(%v) = %q, want %q", tt.ends.Sub(now), got, tt.want)
		}
	}
	if got := windowLeft(now.Add(26*time.Hour), now, labelsFor("ja")); got != "1日2時間" {
		t.Errorf("ja windowLeft = %q", got)
	}
}

func TestDraftInputUnknowns(t *testing.T) {
	in := DraftInput(store.Purchase{URL: "https://shop.example.com/x", Paid: money.Money{Amount: 500, Currency: "USD"}}, nil, time.UTC)
	if !in.Bought.IsZero() || in.Order != "" || in.WindowDays != 0 {
		t.Errorf("invented facts: %+v", in)
	}
	if in.Now != in.Paid {
		t.Errorf("Now = %v, want the price paid when nothing was read", in.Now)
	}
}

func TestBrokenUserTemplateKeepsAlert(t *testing.T) {
	p, h, now := fixture()
	bad := filepath.Join(t.TempDir(), "bad.tmpl")
	if err := os.WriteFile(bad, []byte("{{.Nope}}"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Build(Source{Alert: store.Alert{Kind: store.AlertDrop, Price: yen(11280)}, Purchase: p, History: h, Now: now, Templates: bad})
	if err != nil {
		t.Fatalf("a broken template lost the alert: %v", err)
	}
	if !strings.Contains(c.Draft, "お世話になっております") {
		t.Errorf("draft not the built-in wording: %q", c.Draft)
	}
	if len(c.Notes) == 0 || !strings.Contains(c.Notes[len(c.Notes)-1], "Nope") {
		t.Errorf("notes do not explain the template error: %q", c.Notes)
	}
}
