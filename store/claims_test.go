package store

import (
	"context"
	"testing"
	"time"

	"refundwatch/store/money"
)

func TestAddClaim(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name         string
		claim        Claim
		wantErr      bool
		wantStatus   Status
		wantRefunded *money.Money
	}{
		{"submitted", Claim{At: at, Kind: ClaimSubmitted}, false, StatusSubmitted, nil},
		{"refunded", Claim{At: at, Kind: ClaimRefunded, Amount: jpy(1000)}, false, StatusRefunded, jpy(1000)},
		{"denied", Claim{At: at, Kind: ClaimDenied, Amount: jpy(5)}, false, StatusDenied, nil},
		{"refunded without amount", Claim{At: at, Kind: ClaimRefunded}, true, StatusDropped, nil},
		{"refunded zero", Claim{At: at, Kind: ClaimRefunded, Amount: jpy(0)}, true, StatusDropped, nil},
		{"unknown kind", Claim{At: at, Kind: "maybe"}, true, StatusDropped, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			p, _ := db.AddPurchase(ctx, Purchase{URL: "https://example.com/x", Paid: *jpy(10000), Status: StatusDropped})
			got, err := db.AddClaim(ctx, p.ID, tt.claim)
			if (err != nil) != tt.wantErr {
				t.Fatalf("AddClaim err = %v, want error %v", err, tt.wantErr)
			}
			stored, _ := db.Purchase(ctx, p.ID)
			if !tt.wantErr && got.Status != tt.wantStatus {
				t.Fatalf("returned status %q, want %q", got.Status, tt.wantStatus)
			}
			if stored.Status != tt.wantStatus || !sameMoney(stored.Refunded, tt.wantRefunded) {
				t.Fatalf("stored status %q refunded %v, want %q %v", stored.Status, stored.Refunded, tt.wantStatus, tt.wantRefunded)
			}
			claims, err := db.Claims(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := []Claim{}
			if !tt.wantErr {
				c := tt.claim
				if c.Kind != ClaimRefunded {
					c.Amount = nil
				}
				want = append(want, c)
			}
			sameJSON(t, "claims", claims, want)
		})
	}
}

func TestClaimsInOrder(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	p, _ := db.AddPurchase(ctx, Purchase{URL: "https://example.com/x", Paid: *jpy(10000)})
	at := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	steps := []Claim{{At: at, Kind: ClaimSubmitted}, {At: at, Kind: ClaimDenied}, {At: at.Add(time.Hour), Kind: ClaimRefunded, Amount: jpy(800)}}
	for _, c := range steps {
		if _, err := db.AddClaim(ctx, p.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := db.Claims(ctx, p.ID)
	sameJSON(t, "claims (same instant kept apart)", got, steps)
	if s, _ := db.Purchase(ctx, p.ID); s.Status != StatusRefunded || s.Refunded.Amount != 800 {
		t.Fatalf("final status %q refunded %v", s.Status, s.Refunded)
	}
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	open, closed := now.Add(24*time.Hour), now.Add(-time.Hour)
	usd := func(n int64) *money.Money { return &money.Money{Amount: n, Currency: "USD"} }
	ps := []Purchase{
		{URL: "https://e/1", Paid: *jpy(10000), WindowEnds: open, Status: StatusWatching},                                                  // watching
		{URL: "https://e/2", Paid: *jpy(10000), WindowEnds: closed, Status: StatusWatching},                                                // expired
		{URL: "https://e/3", Paid: *jpy(10000), WindowEnds: open, Status: StatusDropped, LowestPrice: jpy(9000), LastAlerted: jpy(9000)},   // open drop, due 1000
		{URL: "https://e/4", Paid: *usd(5000), WindowEnds: closed, Status: StatusSubmitted, LowestPrice: usd(4599)},                        // submitted, due 4.01
		{URL: "https://e/5", Paid: *jpy(10000), WindowEnds: closed, Status: StatusRefunded, LowestPrice: jpy(8000), Refunded: jpy(2000)},   // recovered
		{URL: "https://e/6", Paid: *jpy(10000), WindowEnds: closed, Status: StatusDenied, LowestPrice: jpy(8000)},                          // denied
		{URL: "https://e/7", Paid: *jpy(10000), WindowEnds: closed, Status: StatusDropped, LowestPrice: jpy(8000), LastAlerted: jpy(8000)}, // dropped, window closed
		{URL: "https://e/8", Paid: *usd(1000), WindowEnds: closed, Status: StatusRefunded, Refunded: usd(250)},                             // recovered USD
	}
	for _, p := range ps {
		if _, err := db.AddPurchase(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []Alert{{PurchaseID: 3, Kind: AlertDrop}, {PurchaseID: 7, Kind: AlertDrop}, {PurchaseID: 1, Kind: AlertStale}} {
		if _, err := db.EnqueueAlert(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.UpdateAlert(ctx, 1, func(a *Alert) error { a.Sent = now; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateAlert(ctx, 2, func(a *Alert) error { a.Failed = true; return nil }); err != nil {
		t.Fatal(err)
	}
	got, err := db.Stats(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{
		Purchases: 8, Watching: 1, DropsFound: 6, ClaimsOpen: 2,
		Recovered:     []money.Money{*jpy(2000), *usd(250)},
		DueUnclaimed:  []money.Money{*jpy(1000), *usd(401)},
		AlertsPending: 1, AlertsFailed: 1,
	}
	sameJSON(t, "Stats", got, want)

	empty, err := openTest(t).Stats(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "Stats of empty db", empty, Stats{Recovered: []money.Money{}, DueUnclaimed: []money.Money{}})
}

func TestRefundDue(t *testing.T) {
	tests := []struct {
		name   string
		paid   money.Money
		lowest *money.Money
		want   money.Money
	}{
		{"no price seen", *jpy(1000), nil, money.Money{Currency: "JPY"}},
		{"lower", *jpy(1000), jpy(800), *jpy(200)},
		{"higher", *jpy(1000), jpy(1200), money.Money{Currency: "JPY"}},
		{"other currency", *jpy(1000), &money.Money{Amount: 5, Currency: "USD"}, money.Money{Currency: "JPY"}},
	}
	for _, tt := range tests {
		if got := (Purchase{Paid: tt.paid, LowestPrice: tt.lowest}).RefundDue(); got != tt.want {
			t.Errorf("%s: RefundDue = %v, want %v", tt.name, got, tt.want)
		}
	}
}
