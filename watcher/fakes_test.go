package watcher

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"refundwatch/store"
	"refundwatch/store/money"
	"refundwatch/watcher/extract"
)

// The real store must satisfy the watcher's interface.
var _ Store = (*store.DB)(nil)

// fakeStore is an in-memory Store with the real one's RecordCheck rules:
// one transaction, history appended only on a change.
type fakeStore struct {
	mu        sync.Mutex
	purchases map[uint64]store.Purchase
	history   map[uint64][]store.Observation
	alerts    []store.Alert
	records   int
	failID    uint64 // RecordCheck of this ID fails
}

var _ Store = (*fakeStore)(nil)

func newFakeStore(ps ...store.Purchase) *fakeStore {
	s := &fakeStore{purchases: map[uint64]store.Purchase{}, history: map[uint64][]store.Observation{}}
	for _, p := range ps {
		s.purchases[p.ID] = p
	}
	return s
}

func (s *fakeStore) Purchases(ctx context.Context) ([]store.Purchase, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []store.Purchase
	for _, id := range slices.Sorted(maps.Keys(s.purchases)) {
		out = append(out, s.purchases[id])
	}
	return out, nil
}

func (s *fakeStore) Purchase(ctx context.Context, id uint64) (store.Purchase, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.purchases[id]
	if !ok {
		return store.Purchase{}, store.ErrNotFound
	}
	return p, nil
}

func (s *fakeStore) UpdatePurchase(ctx context.Context, id uint64, fn func(*store.Purchase) error) (store.Purchase, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.purchases[id]
	if !ok {
		return store.Purchase{}, store.ErrNotFound
	}
	if err := fn(&p); err != nil {
		return store.Purchase{}, err
	}
	s.purchases[id] = p
	return p, nil
}

func (s *fakeStore) RecordCheck(ctx context.Context, id uint64, obs store.Observation, decide func(*store.Purchase) ([]store.Alert, error)) (store.Purchase, []store.Alert, error) {
	if err := ctx.Err(); err != nil {
		return store.Purchase{}, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == s.failID {
		return store.Purchase{}, nil, fmt.Errorf("disk on fire")
	}
	p, ok := s.purchases[id]
	if !ok {
		return store.Purchase{}, nil, store.ErrNotFound
	}
	alerts, err := decide(&p)
	if err != nil {
		return store.Purchase{}, nil, err
	}
	h := s.history[id]
	if len(h) == 0 || h[len(h)-1].Status != obs.Status || !samePriceOrNil(h[len(h)-1].Price, obs.Price) {
		s.history[id] = append(h, obs)
	}
	s.purchases[id] = p
	for i := range alerts {
		alerts[i].ID = uint64(len(s.alerts) + 1)
		s.alerts = append(s.alerts, alerts[i])
	}
	s.records++
	return p, alerts, nil
}

func samePriceOrNil(a, b *money.Money) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func (s *fakeStore) get(id uint64) store.Purchase {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.purchases[id]
}

func (s *fakeStore) alertsOf(id uint64) []store.Alert {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []store.Alert
	for _, a := range s.alerts {
		if a.PurchaseID == id {
			out = append(out, a)
		}
	}
	return out
}

func (s *fakeStore) historyOf(id uint64) []store.Observation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.history[id])
}

// recordingAlerter remembers what it was told.
type recordingAlerter struct {
	mu     sync.Mutex
	alerts []store.Alert
}

func (r *recordingAlerter) AlertsQueued(ctx context.Context, alerts []store.Alert) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.alerts = append(r.alerts, alerts...)
}

func (r *recordingAlerter) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.alerts)
}

// textExtractor reads the test shop's tiny pages: "ok 1980 JPY",
// "unavailable", "not_found", "blocked", "seller=Foo third_party ok 1980 JPY".
// A body it cannot read is an extraction error.
func textExtractor(body []byte, opts extract.Options) (extract.Result, error) {
	res := extract.Result{URL: opts.URL, Method: "test"}
	fields := strings.Fields(string(body))
	for len(fields) > 0 && (strings.HasPrefix(fields[0], "seller=") || fields[0] == "third_party") {
		if s, ok := strings.CutPrefix(fields[0], "seller="); ok {
			res.Seller = &s
		} else {
			no := false
			res.SoldByStore = &no
		}
		fields = fields[1:]
	}
	if len(fields) == 0 {
		return res, extract.ErrNotHTML
	}
	res.Status = extract.Status(fields[0])
	switch res.Status {
	case extract.StatusOK:
		if len(fields) != 3 {
			return res, extract.ErrNotHTML
		}
		m, err := money.FromDecimal(fields[1], fields[2])
		if err != nil {
			return res, err
		}
		res.Price = &m
	case extract.StatusUnavailable, extract.StatusNotFound, extract.StatusBlocked:
	default:
		return res, extract.ErrNotHTML
	}
	return res, nil
}

// fakeClock advances only when told to, or when someone sleeps (instantly).
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept time.Duration
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{now: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now = c.now.Add(d)
		c.slept += d
	}
	return nil
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) Slept() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.slept
}
