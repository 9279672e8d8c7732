package watcher

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"refundwatch/store"
	"refundwatch/watcher/fetch"
)

// Through a whole cycle with several workers, a host never sees two requests
// at once, and requests to it are at least per_host_interval apart.
func TestCyclePerHostSerialization(t *testing.T) {
	type hostLog struct {
		inflight, max int
		starts        []time.Time
	}
	var mu sync.Mutex
	logs := map[string]*hostLog{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		h := logs[r.Host]
		if h == nil {
			h = &hostLog{}
			logs[r.Host] = h
		}
		h.inflight++
		h.max = max(h.max, h.inflight)
		h.starts = append(h.starts, time.Now())
		mu.Unlock()
		time.Sleep(3 * time.Millisecond)
		mu.Lock()
		h.inflight--
		mu.Unlock()
		fmt.Fprint(w, "ok 1980 JPY")
	})
	a, b := httptest.NewServer(handler), httptest.NewServer(handler)
	defer a.Close()
	defer b.Close()

	var ps []store.Purchase
	for i := range 12 {
		base := a.URL
		if i%2 == 1 {
			base = b.URL
		}
		p := purchase(uint64(i+1), fmt.Sprintf("%s/dp/%d", base, i))
		p.Created, p.WindowEnds = time.Now(), time.Now().Add(24*time.Hour) // real clock here
		ps = append(ps, p)
	}
	st := newFakeStore(ps...)
	const gap = 30 * time.Millisecond
	fc, err := fetch.New(fetch.Config{PerHostInterval: gap, Jitter: 5 * time.Millisecond, MaxConcurrent: 8, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	w, err := New(Config{Workers: 8, Extractor: ExtractorFunc(textExtractor), Logger: quiet()}, st, fc)
	if err != nil {
		t.Fatal(err)
	}
	sum := e2eCycle(t, w)
	if sum.OK != 12 {
		t.Fatalf("summary %+v, want 12 ok", sum)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(logs) != 2 {
		t.Fatalf("%d hosts asked, want 2", len(logs))
	}
	for host, h := range logs {
		if h.max != 1 {
			t.Errorf("%s saw %d requests at once, want 1", host, h.max)
		}
		if len(h.starts) != 6 {
			t.Errorf("%s got %d requests, want 6", host, len(h.starts))
		}
		for i := 1; i < len(h.starts); i++ {
			if d := h.starts[i].Sub(h.starts[i-1]); d < gap-10*time.Millisecond {
				t.Errorf("%s: requests %s apart, want >= %s", host, d, gap)
			}
		}
	}
}

func e2eCycle(t *testing.T, w *Watcher) Summary {
	t.Helper()
	sum, err := w.Cycle(t.Context())
	if err != nil {
		t.Fatalf("Cycle: %v", err)
	}
	return sum
}
