package money

import (
	"errors"
	"testing"
)

func TestParseMachine(t *testing.T) {
	for _, c := range []struct {
		text, cur string
		want      string // Decimal() of the result, "" for an error
		wantCur   string
		err       error
	}{
		{"19.99", "USD", "19.99", "USD", nil},
		{" 19.99 ", "usd", "19.99", "USD", nil},
		{"12.500", "USD", "12.50", "USD", nil},
		{"2449.00", "ARS", "2449.00", "ARS", nil},
		{"229990", "CLP", "229990", "CLP", nil},
		{"1980.0", "JPY", "1980", "JPY", nil},
		{"34.992001", "GBP", "34.99", "GBP", nil},
		{"0.125", "KWD", "0.125", "KWD", nil},
		{"329.99", "", "329.99", "", nil},
		{"48,00", "USD", "48.00", "USD", nil},
		{"1,299.00", "USD", "1299.00", "USD", nil},
		{"30,000원~", "KRW", "30000", "KRW", nil},
		{"$19.99", "CAD", "19.99", "CAD", nil},
		{"", "USD", "", "", ErrNoPrice},
		{"None", "USD", "", "", ErrNoPrice},
		{"-5.00", "USD", "", "", ErrNegative},
		{"99999999999999999999", "USD", "", "", ErrTooLarge},
		{".5", "USD", "0.50", "USD", nil},
	} {
		got, err := ParseMachine(c.text, c.cur)
		if c.want == "" {
			if err == nil || !errors.Is(err, c.err) {
				t.Errorf("ParseMachine(%q, %q) = %v, %v; want error %v", c.text, c.cur, got, err, c.err)
			}
			continue
		}
		if err != nil || got.Decimal() != c.want || got.Currency != c.wantCur {
			t.Errorf("ParseMachine(%q, %q) = %s %q, %v; want %s %q", c.text, c.cur, got.Decimal(), got.Currency, err, c.want, c.wantCur)
		}
	}
}
