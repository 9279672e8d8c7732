package money

import (
	"errors"
	"testing"
)

type parseCase struct {
	text    string
	hint    Hint
	amount  string // major units as Money.Decimal writes them; "" when an error is wanted
	cur     string
	wantErr error // nil: any error accepted when amount is ""
}

func runParseCases(t *testing.T, cases []parseCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			got, err := Parse(c.text, c.hint)
			if c.amount == "" {
				if err == nil {
					t.Fatalf("Parse(%q, %+v) = %v, want an error", c.text, c.hint, got)
				}
				if c.wantErr != nil && !errors.Is(err, c.wantErr) {
					t.Fatalf("Parse(%q) error = %v, want %v", c.text, err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q, %+v): %v", c.text, c.hint, err)
			}
			if got.Decimal() != c.amount || got.Currency != c.cur {
				t.Fatalf("Parse(%q, %+v) = %s %q, want %s %q", c.text, c.hint, got.Decimal(), got.Currency, c.amount, c.cur)
			}
		})
	}
}

func TestParseContractForms(t *testing.T) {
	jp := Hint{Currency: "JPY"}
	runParseCases(t, []parseCase{
		{text: "1980", hint: jp, amount: "1980", cur: "JPY"},
		{text: "1980", amount: "1980.00", cur: ""},
		{text: "¥1,980", amount: "1980", cur: "JPY"},
		{text: "￥1,980", amount: "1980", cur: "JPY"},
		{text: "1,980円", amount: "1980", cur: "JPY"},
		{text: "$19.99", amount: "19.99", cur: "USD"},
		{text: "19,99 €", amount: "19.99", cur: "EUR"},
		{text: "EUR 1.234,56", amount: "1234.56", cur: "EUR"},
		{text: "1980 JPY", amount: "1980", cur: "JPY"},
		{text: "１，９８０円", amount: "1980", cur: "JPY"},
		{text: "1 234,56 €", amount: "1234.56", cur: "EUR"},
		{text: "1\u00a0234,56\u00a0€", amount: "1234.56", cur: "EUR"},
		{text: "1\u202f234,56 €", amount: "1234.56", cur: "EUR"},
		{text: "1\u2009234,56 €", amount: "1234.56", cur: "EUR"},
		{text: "CHF 1'234.56", amount: "1234.56", cur: "CHF"},
		{text: "1’234.56 CHF", amount: "1234.56", cur: "CHF"},
		{text: "1.234,56", hint: Hint{Currency: "EUR"}, amount: "1234.56", cur: "EUR"},
		{text: "$2.449", hint: Hint{Currency: "ARS"}, amount: "2449.00", cur: "ARS"},
		{text: "131 990 тг.", amount: "131990.00", cur: "KZT"},
		{text: "30,000원", amount: "30000", cur: "KRW"},
		{text: "30,000원~", amount: "30000", cur: "KRW"},
		{text: "R$ 1.234,56", amount: "1234.56", cur: "BRL"},
		{text: "CHF 12.50", amount: "12.50", cur: "CHF"},
		{text: "12,50 zł", amount: "12.50", cur: "PLN"},
		{text: "kr 1.234,50", hint: Hint{Currency: "NOK"}, amount: "1234.50", cur: "NOK"},
		{text: "₹1,23,456.00", amount: "123456.00", cur: "INR"},
		{text: "$ 499 .99", amount: "499.99", cur: "USD"},
		{text: "Price: $19.99", amount: "19.99", cur: "USD"},
		{text: "Prix de l'offre : 66,75 €", amount: "66.75", cur: "EUR"},
		{text: "Jetzt: 8,71\u00a0€", amount: "8.71", cur: "EUR"},
		{text: "通常価格 4,998 円（税込）", amount: "4998", cur: "JPY"},
		{text: "2,800円 (税込)", amount: "2800", cur: "JPY"},
		{text: "$10 - $20", amount: "10.00", cur: "USD"},
		{text: "1,980.00 JPY", amount: "1980", cur: "JPY"},
		{text: "¥1980.00", amount: "1980", cur: "JPY"},
		{text: "", wantErr: ErrNoPrice},
		{text: "no price here", wantErr: ErrNoPrice},
		{text: "1.2.3.4", wantErr: ErrMalformed},
		{text: "-$5.00", wantErr: ErrNegative},
	})
}

func TestParsePriceParserSuite(t *testing.T) {
	runParseCases(t, priceParserCases)
}
