package logsink

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"refundwatch/notify/card"
)

func TestSendWritesWholeCard(t *testing.T) {
	c := card.Card{
		AlertID: 2, PurchaseID: 5, Kind: "drop", Headline: "Refund due: $5.00", Title: "Widget",
		URL: "https://shop.example.com/w", StoreName: "shop.example.com", SupportURL: "https://shop.example.com/",
		Facts:     []card.Fact{{Label: "Paid", Value: "$20.00"}, {Label: "Window closes in", Value: "2 days"}},
		Sparkline: "█▁", SparkNote: "prices", Notes: []string{"Sold by a third-party seller."},
		Draft:  "Hello,\nplease refund $5.00.\n",
		Labels: card.Labels{DraftTitle: "Refund request", Product: "Product page", Support: "Contact %s support"},
	}
	var buf bytes.Buffer
	s := New(&buf)
	if _, err := s.Send(context.Background(), c, ""); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	for _, want := range []string{
		"==== refundwatch: Refund due: $5.00 ====",
		"purchase 5, alert 2 (drop)",
		"  Paid:             $20.00",
		"  Window closes in: 2 days",
		"█▁  prices",
		"! Sold by a third-party seller.",
		"---- Refund request ----\nHello,\nplease refund $5.00.\n---- end ----",
		"Product page: https://shop.example.com/w",
		"Contact shop.example.com support: https://shop.example.com/",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestSendReportsWriteError(t *testing.T) {
	if _, err := New(failWriter{}).Send(context.Background(), card.Card{Headline: "x"}, ""); err == nil {
		t.Fatal("a failed write reported success: the alert would be marked sent")
	}
}
