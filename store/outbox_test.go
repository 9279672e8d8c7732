package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestOutbox(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	p1, _ := db.AddPurchase(ctx, Purchase{URL: "https://example.com/1"})
	p2, _ := db.AddPurchase(ctx, Purchase{URL: "https://example.com/2"})
	in := []Alert{
		{PurchaseID: p1.ID, Kind: AlertDrop, Price: jpy(900)},
		{PurchaseID: p2.ID, Kind: AlertStale},
		{PurchaseID: 0, Kind: AlertTest},
		{PurchaseID: p1.ID, Kind: AlertReminder},
	}
	for i, a := range in {
		got, err := db.EnqueueAlert(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != uint64(i+1) || got.Created.IsZero() || got.Kind != a.Kind {
			t.Fatalf("EnqueueAlert #%d = %+v", i, got)
		}
	}
	if _, err := db.EnqueueAlert(ctx, Alert{PurchaseID: p1.ID}); err == nil {
		t.Fatal("alert without kind accepted")
	}

	ids := func(as []Alert, err error) []uint64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		out := []uint64{}
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	sameJSON(t, "Alerts(p1)", ids(db.Alerts(ctx, p1.ID)), []uint64{1, 4})
	sameJSON(t, "Alerts(p2)", ids(db.Alerts(ctx, p2.ID)), []uint64{2})
	sameJSON(t, "PendingAlerts", ids(db.PendingAlerts(ctx)), []uint64{1, 2, 3, 4})

	sent := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	updates := []struct {
		id uint64
		fn func(*Alert) error
	}{
		{1, func(a *Alert) error {
			a.Sent, a.Channel, a.ThreadTS, a.PurchaseID = sent, "slack", "123.456", 999
			return nil
		}},
		{2, func(a *Alert) error { a.Failed, a.LastError, a.Attempts = true, "channel_not_found", 5; return nil }},
		{3, func(a *Alert) error { a.Attempts = 1; return errors.New("not now") }},
	}
	for _, u := range updates {
		_, err := db.UpdateAlert(ctx, u.id, u.fn)
		if u.id == 3 && err == nil {
			t.Fatal("failing fn did not fail")
		}
	}
	sameJSON(t, "PendingAlerts after updates", ids(db.PendingAlerts(ctx)), []uint64{3, 4})
	as, _ := db.Alerts(ctx, p1.ID)
	if a := as[0]; !a.Sent.Equal(sent) || a.ThreadTS != "123.456" || a.PurchaseID != p1.ID {
		t.Fatalf("alert 1 after update = %+v (purchase must not move)", a)
	}
	pending, _ := db.PendingAlerts(ctx)
	if pending[0].Attempts != 0 {
		t.Fatal("failed UpdateAlert wrote its change")
	}
}
