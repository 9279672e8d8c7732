package money

import (
	"testing"
	"unicode/utf8"
)

// FuzzParse checks Parse's promises on any input: no panic, never negative,
// never above MaxAmount, a currency that is "" or ISO 4217, and an amount
// that survives the JSON decimal form. Seeds: testdata/fuzz/FuzzParse and
// the forms below.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"1980", "¥1,980", "￥1,980", "1,980円", "$19.99", "19,99 €",
		"EUR 1.234,56", "1980 JPY", "１，９８０円", "1 234,56", "1'234.56", "$2.449", "131 990 тг.",
		"30,000원~", "₹1,23,456.00", "$ 499 .99", "35€99", "1.837, 32 €", "10 – 20 €", "-$5"} {
		f.Add(s, "", "", false)
	}
	f.Add("$1.999", "MXN", "", false)
	f.Add("kr 1.234,50", "NOK", "", true)
	f.Add("19.99", "", "€", false)
	f.Fuzz(func(t *testing.T, text, hintCur, hintText string, exact bool) {
		m, err := Parse(text, Hint{Currency: hintCur, Text: hintText, Exact: exact})
		if err != nil {
			if m != (Money{}) {
				t.Fatalf("Parse(%q) returned %v with error %v", text, m, err)
			}
			return
		}
		if m.Amount < 0 || m.Amount > MaxAmount {
			t.Fatalf("Parse(%q) amount %d out of range", text, m.Amount)
		}
		if m.Currency != "" && !ValidCurrency(m.Currency) {
			t.Fatalf("Parse(%q) currency %q is not ISO 4217", text, m.Currency)
		}
		back, err := FromDecimal(m.Decimal(), m.Currency)
		if err != nil || back != m {
			t.Fatalf("Parse(%q) = %v does not round-trip through %q: %v %v", text, m, m.Decimal(), back, err)
		}
		if utf8.ValidString(text) {
			// Reading the same text twice gives the same answer.
			if again, _ := Parse(text, Hint{Currency: hintCur, Text: hintText, Exact: exact}); again != m {
				t.Fatalf("Parse(%q) not deterministic: %v then %v", text, m, again)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	inputs := []struct {
		text string
		hint Hint
	}{
		{"$19.99", Hint{}},
		{"通常価格 4,998 円（税込）", Hint{Currency: "JPY"}},
		{"Prix de l'offre : 66,75 €", Hint{}},
		{"₹1,23,456.00", Hint{}},
		{"4.5 out of 5 stars 1,234 ratings. Was $34.99, now $29.99 ($6.24 / Pack)", Hint{Currency: "USD"}},
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range inputs {
			if _, err := Parse(in.text, in.hint); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// FuzzParseMachine checks ParseMachine's promises like FuzzParse's.
func FuzzParseMachine(f *testing.F) {
	for _, s := range []string{"19.99", "2449.00", "12.500", "48,00", "34.992001", ".5", "-1", "1e5"} {
		f.Add(s, "USD")
	}
	f.Fuzz(func(t *testing.T, text, cur string) {
		m, err := ParseMachine(text, cur)
		if err != nil {
			return
		}
		if m.Amount < 0 || m.Amount > MaxAmount {
			t.Fatalf("ParseMachine(%q) amount %d out of range", text, m.Amount)
		}
		if m.Currency != "" && !ValidCurrency(m.Currency) {
			t.Fatalf("ParseMachine(%q) currency %q is not ISO 4217", text, m.Currency)
		}
	})
}
