package slack

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"refundwatch/notify/card"
	"refundwatch/store"
	"refundwatch/store/money"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var jst = time.FixedZone("JST", 9*3600)

func yen(a int64) *money.Money { return &money.Money{Amount: a, Currency: "JPY"} }

func dropSource(lang string) card.Source {
	bought := time.Date(2026, 11, 18, 21, 0, 0, 0, jst)
	p := store.Purchase{
		ID: 3, URL: "https://www.amazon.co.jp/dp/B09XS7JWHH", Title: "ソニー ヘッドホン WH-1000XM5 <黒>", Order: "249-1234567-7654321",
		Paid: money.Money{Amount: 12800, Currency: "JPY"}, Bought: bought, WindowEnds: bought.Add(7 * 24 * time.Hour),
		Status: store.StatusDropped, LowestPrice: yen(11280), LastPrice: yen(11280),
	}
	h := []store.Observation{
		{At: bought.Add(time.Hour), Status: "ok", Price: yen(12800)},
		{At: bought.Add(25 * time.Hour), Status: "ok", Price: yen(12500)},
		{At: bought.Add(49 * time.Hour), Status: "ok", Price: yen(11280)},
	}
	return card.Source{Alert: store.Alert{ID: 7, PurchaseID: 3, Kind: store.AlertDrop, Price: yen(11280)},
		Purchase: p, History: h, Now: bought.Add(50 * time.Hour), Lang: lang, Location: jst}
}

func mustCard(t *testing.T, src card.Source) card.Card {
	t.Helper()
	c, err := card.Build(src)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBuildMessageGolden(t *testing.T) {
	suspect := dropSource("en")
	suspect.Alert.Suspect = true
	suspect.Purchase.ThirdParty, suspect.Purchase.Seller = true, "ABC Store"
	stale := dropSource("en")
	stale.Alert.Kind = store.AlertStale
	stale.Purchase.LastSuccess = stale.Now.Add(-26 * time.Hour)
	stale.Purchase.LastStatus = "blocked"
	tests := []struct {
		name string
		src  card.Source
		want []string // substrings of the JSON
	}{
		{"drop_ja", dropSource("auto"), []string{`"type":"header"`, "差額返金の対象：1,520円", `"rich_text_preformatted"`, "お世話になっております", "https://www.amazon.co.jp/gp/help/customer/contact-us", "█▆▁", "&lt;黒&gt;"}},
		{"drop_en_suspect_third_party", suspect, []string{"Refund due: ¥1,520", "verify the price on the page", "contact the seller", "Window closes in"}},
		{"stale_en", stale, []string{"Couldn't read the price for 26 hours", "blocked"}},
		{"test", card.Source{Alert: store.Alert{Kind: store.AlertTest}}, []string{"refundwatch test alert — configuration works"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := BuildMessage(mustCard(t, tt.src))
			got := marshal(t, m, "  ")
			golden := filepath.Join("testdata", tt.name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run with -update): %v", err)
			}
			if string(got) != string(want) {
				t.Errorf("blocks differ from %s:\n%s", golden, got)
			}
			compact := marshal(t, m, "")
			for _, s := range tt.want {
				if !strings.Contains(string(compact), s) {
					t.Errorf("message lacks %q", s)
				}
			}
			if strings.Contains(m.Text, "\n") || m.Text == "" {
				t.Errorf("fallback text %q is not one line", m.Text)
			}
		})
	}
}

func TestBuildMessageHeaderLimit(t *testing.T) {
	c := mustCard(t, dropSource("en"))
	c.Headline = strings.Repeat("x", 400)
	m := BuildMessage(c)
	b, _ := json.Marshal(m.Blocks[0])
	if strings.Contains(string(b), strings.Repeat("x", 150)) {
		t.Errorf("header not truncated below Slack's 150 characters: %s", b)
	}
}

// marshal renders m as Slack receives it, without Go's HTML escaping so the
// golden files stay readable.
func marshal(t *testing.T, m Message, indent string) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(map[string]any{"text": m.Text, "blocks": m.Blocks}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
