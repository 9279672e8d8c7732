package notify

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"refundwatch/store"
	"refundwatch/store/money"
)

var (
	_ Outbox = (*store.DB)(nil)
	_ Outbox = (*fakeOutbox)(nil)
)

// fakeOutbox is an in-memory store. failUpdate, when set, can fail an
// UpdateAlert call before or after fn ran (after: the change is discarded).
type fakeOutbox struct {
	mu         sync.Mutex
	alerts     map[uint64]store.Alert
	purchases  map[uint64]store.Purchase
	history    map[uint64][]store.Observation
	nextID     uint64
	failUpdate func(before, after store.Alert) error
}

func newFakeOutbox() *fakeOutbox {
	return &fakeOutbox{alerts: map[uint64]store.Alert{}, purchases: map[uint64]store.Purchase{}, history: map[uint64][]store.Observation{}}
}

func (f *fakeOutbox) enqueue(a store.Alert) store.Alert {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	a.ID = f.nextID
	f.alerts[a.ID] = a
	return a
}

func (f *fakeOutbox) get(id uint64) store.Alert {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.alerts[id]
}

func (f *fakeOutbox) sorted(keep func(store.Alert) bool) []store.Alert {
	var out []store.Alert
	for _, a := range f.alerts {
		if keep(a) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b store.Alert) int { return int(a.ID) - int(b.ID) })
	return out
}

func (f *fakeOutbox) PendingAlerts(ctx context.Context) ([]store.Alert, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sorted(store.Alert.Pending), nil
}

func (f *fakeOutbox) Alerts(ctx context.Context, purchaseID uint64) ([]store.Alert, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sorted(func(a store.Alert) bool { return a.PurchaseID == purchaseID }), nil
}

func (f *fakeOutbox) UpdateAlert(ctx context.Context, id uint64, fn func(*store.Alert) error) (store.Alert, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.alerts[id]
	if !ok {
		return store.Alert{}, store.ErrNotFound
	}
	b := a
	if err := fn(&b); err != nil {
		return store.Alert{}, fmt.Errorf("update alert %d: %w", id, err)
	}
	if f.failUpdate != nil {
		if err := f.failUpdate(a, b); err != nil {
			return store.Alert{}, err
		}
	}
	f.alerts[id] = b
	return b, nil
}

func (f *fakeOutbox) Purchase(ctx context.Context, id uint64) (store.Purchase, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.purchases[id]
	if !ok {
		return store.Purchase{}, fmt.Errorf("purchase %d: %w", id, store.ErrNotFound)
	}
	return p, nil
}

func (f *fakeOutbox) History(ctx context.Context, id uint64) ([]store.Observation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.history[id]), nil
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var jst = time.FixedZone("JST", 9*3600)

func yen(a int64) *money.Money { return &money.Money{Amount: a, Currency: "JPY"} }

// seed adds a dropped purchase (id) with history and returns the start time.
func seed(f *fakeOutbox, id uint64) time.Time {
	bought := time.Date(2026, 11, 18, 21, 0, 0, 0, jst)
	f.purchases[id] = store.Purchase{
		ID: id, URL: "https://www.amazon.co.jp/dp/B09XS7JWHH", Title: "ヘッドホン WH-1000XM5", Order: "249-1234567-7654321",
		Paid: money.Money{Amount: 12800, Currency: "JPY"}, Bought: bought, WindowEnds: bought.Add(7 * 24 * time.Hour),
		Status: store.StatusDropped, LowestPrice: yen(11280), LastPrice: yen(11280),
	}
	f.history[id] = []store.Observation{
		{At: bought.Add(time.Hour), Status: "ok", Price: yen(12800)},
		{At: bought.Add(49 * time.Hour), Status: "ok", Price: yen(11280)},
	}
	return bought.Add(50 * time.Hour)
}

func dropAlert(pid uint64, at time.Time) store.Alert {
	return store.Alert{PurchaseID: pid, Kind: store.AlertDrop, Created: at, Price: yen(11280)}
}
