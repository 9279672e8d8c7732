package logsink

import (
	"strings"
	"testing"

	"refundwatch/notify/card"
)

func TestWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"Paid", 4},
		{"購入価格", 8},
		{"￥12,800", 8},
		{"¥12,800", 7},
		{"ｶﾀｶﾅ", 4}, // half-width katakana are narrow
		{"返金対象期間の残り", 18},
	}
	for _, tt := range tests {
		if got := Width(tt.in); got != tt.want {
			t.Errorf("Width(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestFormatAlignsJapaneseFacts(t *testing.T) {
	out := Format(card.Card{Headline: "x", Facts: []card.Fact{{Label: "購入価格", Value: "39,600円"}, {Label: "返金対象期間の残り", Value: "4日"}}})
	var cols []int
	for _, line := range strings.Split(out, "\n") {
		if i := strings.Index(line, "円"); i > 0 || strings.HasSuffix(line, "4日") {
			v := strings.LastIndex(line, " ")
			cols = append(cols, Width(line[:v]))
		}
	}
	if len(cols) != 2 || cols[0] != cols[1] {
		t.Fatalf("values start at columns %v, want the same column:\n%s", cols, out)
	}
}
