package draft

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"refundwatch/store/money"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var jst = time.FixedZone("JST", 9*3600)

func jpInput() Input {
	return Input{
		Order:      "249-1234567-7654321",
		Title:      "ソニー ワイヤレスノイズキャンセリングヘッドホン WH-1000XM5",
		URL:        "https://www.amazon.co.jp/dp/B09XS7JWHH",
		Host:       "www.amazon.co.jp",
		Bought:     time.Date(2026, 11, 18, 21, 4, 0, 0, jst),
		Paid:       money.Money{Amount: 12800, Currency: "JPY"},
		Now:        money.Money{Amount: 11280, Currency: "JPY"},
		SeenAt:     time.Date(2026, 11, 22, 10, 0, 0, 0, jst),
		WindowDays: 7,
		WindowEnds: time.Date(2026, 11, 25, 21, 4, 0, 0, jst),
	}
}

func usInput() Input {
	return Input{
		Order:      "112-9876543-1234567",
		Title:      "Anker USB-C Charger, 100W",
		URL:        "https://www.amazon.com/dp/B0B9Z1X2Y3",
		Host:       "www.amazon.com",
		Bought:     time.Date(2026, 11, 10, 15, 30, 0, 0, time.UTC),
		Paid:       money.Money{Amount: 123456, Currency: "USD"},
		Now:        money.Money{Amount: 99999, Currency: "USD"},
		SeenAt:     time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC),
		WindowDays: 14,
		WindowEnds: time.Date(2026, 11, 24, 15, 30, 0, 0, time.UTC),
	}
}

func TestRenderGolden(t *testing.T) {
	noOrder := jpInput()
	noOrder.Order = ""
	noOrder.ThirdParty = true
	noOrder.Seller = "ABCストア"
	usThird := usInput()
	usThird.ThirdParty = true
	late := usInput()
	late.SeenAt = late.WindowEnds.Add(time.Hour)
	usBare := Input{Paid: money.Money{Amount: 1999, Currency: "USD"}, Now: money.Money{Amount: 1499, Currency: "USD"}}
	tests := []struct {
		name         string
		in           Input
		lang, style  string
		mustContain  []string
		mustNotMatch []string
	}{
		{"ja_chat", jpInput(), "auto", "chat", []string{"お世話になっております", "よろしくお願いいたします", "249-1234567-7654321", "12,800円", "11,280円", "差額の1,520円", "7日以内", "2026年11月18日"}, nil},
		{"ja_email", jpInput(), "", "email", []string{"件名：", "Amazon.co.jp カスタマーサービス", "お世話になっております", "よろしくお願いいたします", "1,520円"}, nil},
		{"en_chat", usInput(), "auto", "chat", []string{"$1,234.56", "$999.99", "$234.57", "within 14 days", "original payment method", "gift card"}, nil},
		{"en_email", usInput(), "en", "email", []string{"Subject: ", "Dear Amazon.com Customer Service", "$234.57", "November 10, 2026"}, nil},
		{"ja_chat_no_order_third_party", noOrder, "auto", "chat", []string{"[注文番号]", "出品者「ABCストア」"}, []string{"249-"}},
		{"ja_email_no_order_third_party", noOrder, "ja", "email", []string{"（注文番号：[注文番号]）", "出品者「ABCストア」"}, nil},
		{"en_chat_third_party_no_seller", usThird, "en", "chat", []string{"a third-party seller"}, nil},
		{"en_jp_store_forced_english", jpInput(), "en", "chat", []string{"¥12,800", "¥1,520"}, []string{"円"}},
		{"en_chat_seen_after_window", late, "en", "chat", []string{"Could you please refund"}, []string{"within"}},
		{"en_email_unknown_everything", usBare, "auto", "email", []string{"[order number]", "[item name]", "[product link]", "[purchase date]", "[date seen]", "Dear Customer Service", "$5.00"}, []string{"within"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Render(tt.in, tt.lang, tt.style, "")
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			golden := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run with -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("draft differs from %s:\n--- got ---\n%s\n--- want ---\n%s", golden, got, want)
			}
			for _, s := range tt.mustContain {
				if !strings.Contains(got, s) {
					t.Errorf("draft lacks %q", s)
				}
			}
			for _, s := range append(tt.mustNotMatch, "<no value>", "\n\n\n") {
				if strings.Contains(got, s) {
					t.Errorf("draft contains %q", s)
				}
			}
		})
	}
}

func TestLangFor(t *testing.T) {
	tests := []struct{ host, cfg, want string }{
		{"www.amazon.co.jp", "auto", "ja"},
		{"www.amazon.co.jp", "", "ja"},
		{"shop.example.jp.", "auto", "ja"},
		{"www.amazon.com", "auto", "en"},
		{"www.amazon.co.jp", "en", "en"},
		{"www.amazon.com", "ja", "ja"},
		{"", "auto", "en"},
	}
	for _, tt := range tests {
		if got := LangFor(tt.host, tt.cfg); got != tt.want {
			t.Errorf("LangFor(%q, %q) = %q, want %q", tt.host, tt.cfg, got, tt.want)
		}
	}
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		m    money.Money
		lang string
		want string
	}{
		{money.Money{Amount: 12800, Currency: "JPY"}, "ja", "12,800円"},
		{money.Money{Amount: 12800, Currency: "JPY"}, "en", "¥12,800"},
		{money.Money{Amount: 980, Currency: "JPY"}, "ja", "980円"},
		{money.Money{Amount: 1234567, Currency: "JPY"}, "ja", "1,234,567円"},
		{money.Money{Amount: 123456, Currency: "USD"}, "en", "$1,234.56"},
		{money.Money{Amount: 5, Currency: "USD"}, "en", "$0.05"},
		{money.Money{Amount: -150, Currency: "USD"}, "en", "-$1.50"},
		{money.Money{Amount: 123456, Currency: "EUR"}, "en", "€1,234.56"},
		{money.Money{Amount: 99900, Currency: "GBP"}, "en", "£999.00"},
		{money.Money{Amount: 1234567, Currency: "KWD"}, "en", "KWD 1,234.567"},
		{money.Money{Amount: 100000, Currency: ""}, "en", "1,000.00"},
	}
	for _, tt := range tests {
		if got := FormatMoney(tt.m, tt.lang); got != tt.want {
			t.Errorf("FormatMoney(%v, %s) = %q, want %q", tt.m, tt.lang, got, tt.want)
		}
	}
}

func TestStoreFor(t *testing.T) {
	tests := []struct{ host, name, support string }{
		{"www.amazon.co.jp", "Amazon.co.jp", "https://www.amazon.co.jp/gp/help/customer/contact-us"},
		{"amazon.com", "Amazon.com", "https://www.amazon.com/gp/help/customer/contact-us"},
		{"shop.example.com", "shop.example.com", "https://shop.example.com/"},
		{"127.0.0.1", "127.0.0.1", ""},
		{"[::1]", "[::1]", ""},
		{"localhost", "localhost", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		got := StoreFor(tt.host)
		if got.Name != tt.name || got.SupportURL != tt.support {
			t.Errorf("StoreFor(%q) = %+v, want %q %q", tt.host, got, tt.name, tt.support)
		}
	}
}

func TestRenderUserTemplates(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ja_chat.tmpl"), []byte("注文{{.Order}}：{{.Diff}}の返金をお願いします（{{.Input.Paid.Amount}}）\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	single := filepath.Join(t.TempDir(), "mine.tmpl")
	if err := os.WriteFile(single, []byte("{{.Lang}}/{{.Style}} {{.Title}} {{.Now}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.tmpl")
	if err := os.WriteFile(bad, []byte("{{.NoSuchField}}"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, lang, style, dir, want, wantErr string
	}{
		{"dir override", "ja", "chat", dir, "注文249-1234567-7654321：1,520円の返金をお願いします（12800）\n", ""},
		{"dir falls back to built-in", "ja", "email", dir, "件名：価格変更に伴う差額返金のお願い", ""},
		{"single file", "en", "email", single, "en/email " + jpInput().Title + " ¥11,280\n", ""},
		{"unknown field", "ja", "chat", bad, "", "NoSuchField"},
		{"missing path", "ja", "chat", filepath.Join(dir, "nope"), "", "no such file"},
		{"bad lang", "fr", "chat", "", "", "language"},
		{"bad style", "ja", "letter", "", "", "style"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Render(jpInput(), tt.lang, tt.style, tt.dir)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got %q, want prefix %q", got, tt.want)
			}
		})
	}
	if _, err := Render(jpInput(), "xx", "chat", ""); !errors.Is(err, ErrBadOption) {
		t.Errorf("bad lang error %v is not ErrBadOption", err)
	}
}

func TestRenderRefusesNonsense(t *testing.T) {
	same := jpInput()
	same.Now = same.Paid
	rose := jpInput()
	rose.Now.Amount = rose.Paid.Amount + 100
	mixed := jpInput()
	mixed.Now = money.Money{Amount: 9000, Currency: "USD"}
	tests := []struct {
		name string
		in   Input
		want error
	}{
		{"no drop", same, ErrNoDrop},
		{"price rose", rose, ErrNoDrop},
		{"currencies differ", mixed, ErrCurrency},
	}
	for _, tt := range tests {
		if _, err := Render(tt.in, "auto", "chat", ""); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

// TestFieldsDocComplete keeps FieldsDoc (copied into the README) in step
// with the Fields struct.
func TestFieldsDocComplete(t *testing.T) {
	typ := reflect.TypeOf(Fields{})
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		if !strings.Contains(FieldsDoc, "{{."+name+"}}") {
			t.Errorf("FieldsDoc does not document {{.%s}}", name)
		}
	}
}
