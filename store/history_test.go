package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"refundwatch/store/money"
)

func TestRecordCheckKeepsHistorySmall(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	p, err := db.AddPurchase(ctx, samplePurchase("https://www.amazon.co.jp/dp/B0STEADY"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	// A week of hourly checks: steady, one drop, a blocked stretch, back.
	price := func(h int) (string, *money.Money) {
		switch {
		case h < 50:
			return "ok", jpy(12800)
		case h < 100:
			return "ok", jpy(11800)
		case h < 110:
			return "blocked", nil
		default:
			return "ok", jpy(11800)
		}
	}
	checks := 0
	for h := range 7 * 24 {
		status, pr := price(h)
		_, _, err := db.RecordCheck(ctx, p.ID, Observation{At: start.Add(time.Duration(h) * time.Hour), Status: status, Price: pr},
			func(p *Purchase) ([]Alert, error) {
				checks++
				p.LastStatus, p.LastPrice = status, pr
				return nil, nil
			})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checks != 168 {
		t.Fatalf("decide called %d times, want 168", checks)
	}
	hist, err := db.History(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []Observation{
		{At: start, Status: "ok", Price: jpy(12800)},
		{At: start.Add(50 * time.Hour), Status: "ok", Price: jpy(11800)},
		{At: start.Add(100 * time.Hour), Status: "blocked"},
		{At: start.Add(110 * time.Hour), Status: "ok", Price: jpy(11800)},
	}
	sameJSON(t, "history", hist, want)
	got, _ := db.Purchase(ctx, p.ID)
	if got.LastStatus != "ok" || got.LastPrice == nil || got.LastPrice.Amount != 11800 {
		t.Fatalf("purchase after checks: status %q price %v", got.LastStatus, got.LastPrice)
	}
}

func TestRecordCheck(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	boom := errors.New("decide failed")
	tests := []struct {
		name        string
		decide      func(p *Purchase) ([]Alert, error)
		wantErr     error
		wantHistory int
		wantAlerts  int
		wantStatus  Status
	}{
		{"nil decide records", nil, nil, 1, 0, StatusWatching},
		{"decide updates and alerts", func(p *Purchase) ([]Alert, error) {
			p.Status, p.LastAlerted, p.ID = StatusDropped, jpy(9000), 77
			return []Alert{{Kind: AlertDrop, Price: jpy(9000)}, {Kind: AlertReminder, Note: "closing", PurchaseID: 999}}, nil
		}, nil, 1, 2, StatusDropped},
		{"decide error writes nothing", func(p *Purchase) ([]Alert, error) {
			p.Status = StatusDropped
			return []Alert{{Kind: AlertDrop}}, boom
		}, boom, 0, 0, StatusWatching},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			p, err := db.AddPurchase(ctx, Purchase{URL: "https://example.com/x", Paid: *jpy(10000)})
			if err != nil {
				t.Fatal(err)
			}
			got, alerts, err := db.RecordCheck(ctx, p.ID, Observation{At: at, Status: "ok", Price: jpy(9000)}, tt.decide)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && (got.ID != p.ID || got.Status != tt.wantStatus) {
				t.Fatalf("returned purchase id %d status %q", got.ID, got.Status)
			}
			for i, a := range alerts {
				if a.ID != uint64(i+1) || a.PurchaseID != p.ID || !a.Created.Equal(at) || !a.Pending() {
					t.Errorf("alert %d = %+v: want ID %d, purchase %d, created at the check, pending", i, a, i+1, p.ID)
				}
			}
			stored, _ := db.Purchase(ctx, p.ID)
			hist, _ := db.History(ctx, p.ID)
			pending, _ := db.PendingAlerts(ctx)
			if stored.Status != tt.wantStatus || len(hist) != tt.wantHistory || len(pending) != tt.wantAlerts {
				t.Fatalf("stored status %q, %d history points, %d pending alerts; want %q, %d, %d",
					stored.Status, len(hist), len(pending), tt.wantStatus, tt.wantHistory, tt.wantAlerts)
			}
		})
	}
}

func TestHistoryZeroAtIsNow(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	p, _ := db.AddPurchase(ctx, Purchase{URL: "https://example.com/x"})
	empty, err := db.History(ctx, p.ID)
	if err != nil || empty == nil || len(empty) != 0 {
		t.Fatalf("History of new purchase = %#v, %v; want empty non-nil", empty, err)
	}
	before := time.Now()
	if _, _, err := db.RecordCheck(ctx, p.ID, Observation{Status: "not_found"}, nil); err != nil {
		t.Fatal(err)
	}
	hist, _ := db.History(ctx, p.ID)
	if len(hist) != 1 || hist[0].At.Before(before) || hist[0].Price != nil {
		t.Fatalf("history = %+v", hist)
	}
}
