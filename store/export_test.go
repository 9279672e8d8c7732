package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// fillForExport makes two purchases with history, claims and alerts.
func fillForExport(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	for i, u := range []string{"https://www.amazon.co.jp/dp/B01", "https://www.amazon.co.jp/dp/B02"} {
		p := samplePurchase(u)
		p.Status = ""
		p, err := db.AddPurchase(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		for h, price := range []int64{12800, 12000, 11000 - int64(i)} {
			_, _, err := db.RecordCheck(ctx, p.ID, Observation{At: at.Add(time.Duration(h) * time.Hour), Status: "ok", Price: jpy(price)},
				func(p *Purchase) ([]Alert, error) {
					if price < 12800 {
						p.Status = StatusDropped
						return []Alert{{Kind: AlertDrop, Price: jpy(price)}}, nil
					}
					return nil, nil
				})
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.AddClaim(ctx, p.ID, Claim{At: at.Add(5 * time.Hour), Kind: ClaimSubmitted}); err != nil {
			t.Fatal(err)
		}
	}
}

// exportFilled fills db with fillForExport and returns its export.
func exportFilled(t *testing.T, db *DB) []byte {
	t.Helper()
	fillForExport(t, db)
	var buf bytes.Buffer
	if err := db.Export(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// snapshot is everything a database holds, IDs left out, for comparing two.
func snapshot(t *testing.T, db *DB) string {
	t.Helper()
	var buf bytes.Buffer
	if err := db.Export(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range doc["purchases"].([]any) {
		pm := p.(map[string]any)
		delete(pm, "id")
		delete(pm, "created")
		for _, a := range pm["alerts"].([]any) {
			delete(a.(map[string]any), "id")
			delete(a.(map[string]any), "purchase_id")
		}
	}
	out, _ := json.MarshalIndent(doc["purchases"], "", " ")
	return string(out)
}

func TestExportShape(t *testing.T) {
	db := openTest(t)
	fillForExport(t, db)
	var buf bytes.Buffer
	if err := db.Export(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version   int                          `json:"version"`
		Exported  time.Time                    `json:"exported"`
		Purchases []map[string]json.RawMessage `json:"purchases"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || doc.Exported.IsZero() || len(doc.Purchases) != 2 {
		t.Fatalf("doc: version %d exported %v purchases %d", doc.Version, doc.Exported, len(doc.Purchases))
	}
	p := doc.Purchases[0]
	for _, key := range []string{"id", "url", "paid", "bought", "window_ends", "status", "history", "claims", "alerts"} {
		if _, ok := p[key]; !ok {
			t.Errorf("exported purchase lacks %q", key)
		}
	}
	var paid bytes.Buffer
	_ = json.Compact(&paid, p["paid"])
	if got := paid.String(); got != `{"amount":"12800","currency":"JPY"}` {
		t.Errorf("paid = %s", got)
	}
	var hist []Observation
	_ = json.Unmarshal(p["history"], &hist)
	if len(hist) != 3 {
		t.Errorf("history has %d points, want 3", len(hist))
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := openTest(t)
	exported := exportFilled(t, src)

	t.Run("fresh database", func(t *testing.T) {
		dst := openTest(t)
		added, merged, err := dst.Import(ctx, bytes.NewReader(exported))
		if err != nil || added != 2 || merged != 0 {
			t.Fatalf("Import = %d added, %d merged, %v; want 2, 0", added, merged, err)
		}
		if got, want := snapshot(t, dst), snapshot(t, src); got != want {
			t.Fatalf("imported copy differs:\n got %s\nwant %s", got, want)
		}
		pending, _ := dst.PendingAlerts(ctx)
		for _, a := range pending {
			if _, err := dst.Purchase(ctx, a.PurchaseID); err != nil {
				t.Fatalf("alert %d points at purchase %d: %v", a.ID, a.PurchaseID, err)
			}
		}
	})

	t.Run("same database twice", func(t *testing.T) {
		before := snapshot(t, src)
		for range 2 {
			added, merged, err := src.Import(ctx, bytes.NewReader(exported))
			if err != nil || added != 0 || merged != 2 {
				t.Fatalf("Import = %d added, %d merged, %v; want 0, 2", added, merged, err)
			}
		}
		if after := snapshot(t, src); after != before {
			t.Fatalf("re-import changed the database:\n%s\nwas\n%s", after, before)
		}
	})

	t.Run("merge adds missing history", func(t *testing.T) {
		dst := openTest(t)
		if _, _, err := dst.Import(ctx, bytes.NewReader(exported)); err != nil {
			t.Fatal(err)
		}
		// dst checks on; then the old export comes back in.
		later := Observation{At: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), Status: "blocked"}
		if _, _, err := dst.RecordCheck(ctx, 1, later, nil); err != nil {
			t.Fatal(err)
		}
		if _, merged, err := dst.Import(ctx, bytes.NewReader(exported)); err != nil || merged != 2 {
			t.Fatalf("re-import: merged %d, %v", merged, err)
		}
		hist, _ := dst.History(ctx, 1)
		if len(hist) != 4 || hist[3].Status != "blocked" {
			t.Fatalf("history after merge = %+v, want the 3 exported points and the later one", hist)
		}
	})
}

func TestImportInvalidWritesNothing(t *testing.T) {
	ctx := context.Background()
	good := string(exportFilled(t, openTest(t)))
	// The second purchase is broken in each case, so a half import would show.
	second := strings.LastIndex(good, `"url": "https://www.amazon.co.jp/dp/B02"`)
	breakSecond := func(old, new string) string {
		return good[:second] + strings.Replace(good[second:], old, new, 1)
	}
	tests := []struct {
		name, doc, wantErr string
	}{
		{"empty", "", "not a refundwatch export"},
		{"truncated", good[:len(good)/2], "not a refundwatch export"},
		{"not json", "hello", "not a refundwatch export"},
		{"trailing data", good + "{}", "data after"},
		{"wrong version", strings.Replace(good, `"version": 1`, `"version": 2`, 1), "version 2"},
		{"no purchases", `{"version": 1}`, "purchases"},
		{"bad money", breakSecond(`"amount": "12800"`, `"amount": "12,8x"`), "money"},
		{"bad currency", breakSecond(`"currency": "JPY"`, `"currency": "XYZ"`), "currency"},
		{"zero paid", breakSecond(`"amount": "12800"`, `"amount": "0"`), "paid"},
		{"bad url", breakSecond(`"url": "https://www.amazon.co.jp/dp/B02"`, `"url": "ftp://x"`), "url"},
		{"bad status", breakSecond(`"status": "submitted"`, `"status": "lost"`), "status"},
		{"history without status", breakSecond(`"status": "ok"`, `"status": ""`), "no status"},
		{"history before 1970", breakSecond(`"at": "2026-11-21T00:00:00Z"`, `"at": "1969-01-01T00:00:00Z"`), "before 1970"},
		{"bad claim", breakSecond(`"kind": "submitted"`, `"kind": "maybe"`), "claim"},
		{"bad time", breakSecond(`"bought": "2026`, `"bought": "yesterday`), "not a refundwatch export"},
		{"window before bought", breakSecond(`"window_ends": "2026-11-27T09:30:00Z"`, `"window_ends": "2026-11-19T09:30:00Z"`), "window_ends"},
		{"no window", breakSecond(`"window_ends": "2026-11-27T09:30:00Z"`, `"window_ends": "0001-01-01T00:00:00Z"`), "window_ends"},
		{"window over a year", breakSecond(`"window_ends": "2026-11-27T09:30:00Z"`, `"window_ends": "2028-11-27T09:30:00Z"`), "window_ends"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.doc == good {
				t.Fatal("test case did not change the document")
			}
			dst := openTest(t)
			added, merged, err := dst.Import(ctx, strings.NewReader(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrBadExport) {
				t.Fatalf("Import = %v, want an ErrBadExport mentioning %q", err, tt.wantErr)
			}
			if added != 0 || merged != 0 {
				t.Fatalf("counts %d/%d on error", added, merged)
			}
			if ps, _ := dst.Purchases(ctx); len(ps) != 0 {
				t.Fatalf("%d purchases imported from an invalid file", len(ps))
			}
		})
	}
}
