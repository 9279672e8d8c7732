package money

import "testing"

func TestFormat(t *testing.T) {
	tests := []struct {
		in   Money
		want string
	}{
		{Money{12800, "JPY"}, "¥12,800"},
		{Money{1980, "JPY"}, "¥1,980"},
		{Money{999, "JPY"}, "¥999"},
		{Money{123456, "USD"}, "$1,234.56"},
		{Money{5, "USD"}, "$0.05"},
		{Money{871, "EUR"}, "€8.71"},
		{Money{1250, "CHF"}, "CHF 12.50"},
		{Money{1234567, "KWD"}, "KWD 1,234.567"},
		{Money{-1000, "JPY"}, "-¥1,000"},
		{Money{131990, "KZT"}, "KZT 1,319.90"},
		{Money{1999, ""}, "19.99"},
		{Money{100000000, "JPY"}, "¥100,000,000"},
	}
	for _, tt := range tests {
		if got := Format(tt.in); got != tt.want {
			t.Errorf("Format(%+v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
