package watcher

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"refundwatch/store"
	"refundwatch/watcher/fetch"
)

// shop is a test store front: each path serves a sequence of answers (the
// last one repeats) and counts its hits.
type shop struct {
	mu    sync.Mutex
	pages map[string][]http.HandlerFunc
	hits  map[string]int
	srv   *httptest.Server
}

func newShop(t *testing.T) *shop {
	s := &shop{pages: map[string][]http.HandlerFunc{}, hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		seq := s.pages[r.URL.Path]
		n := s.hits[r.URL.Path]
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		if len(seq) == 0 {
			http.NotFound(w, r)
			return
		}
		seq[min(n, len(seq)-1)](w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// body answers 200 with text.
func body(text string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, text)
	}
}

// serve sets what path answers from now on (a sequence: one per request).
func (s *shop) serve(path string, hs ...http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = hs
	s.hits[path] = 0
}

func (s *shop) hitsOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *shop) url(path string) string { return s.srv.URL + path }

// env is a watcher over a fake store, a fake clock and a real fetch.Client
// (politeness off) talking to test shops.
type env struct {
	st      *fakeStore
	clk     *fakeClock
	alerter *recordingAlerter
	logs    *syncBuffer
	cfg     Config
	timeout time.Duration // fetch timeout; short so the slow-server case is quick
	fc      *fetch.Client
	w       *Watcher
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var now0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// purchase: paid ¥1,980 an hour ago, window of 7 days from now0.
func purchase(id uint64, url string) store.Purchase {
	return store.Purchase{
		ID: id, URL: url, Paid: *jpy(1980), Bought: now0.Add(-time.Hour), Created: now0.Add(-time.Hour),
		WindowEnds: now0.Add(7 * 24 * time.Hour), Status: store.StatusWatching,
	}
}

func newEnv(t *testing.T, ps ...store.Purchase) *env {
	t.Helper()
	e := &env{st: newFakeStore(ps...), clk: newFakeClock(now0), alerter: &recordingAlerter{}, logs: &syncBuffer{}, timeout: 300 * time.Millisecond}
	e.cfg = Config{
		Rules:     Rules{MinDrop: mustMinDrop(t, "1")},
		Extractor: ExtractorFunc(textExtractor),
		Alerter:   e.alerter,
		Clock:     e.clk,
		Logger:    slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	e.restart(t)
	return e
}

// restart builds a new fetcher and watcher over the same store, as a new
// process would.
func (e *env) restart(t *testing.T) {
	t.Helper()
	fc, err := fetch.New(fetch.Config{Clock: e.clk, Jitter: -1, Timeout: e.timeout, Logger: e.cfg.Logger})
	if err != nil {
		t.Fatal(err)
	}
	w, err := New(e.cfg, e.st, fc)
	if err != nil {
		t.Fatal(err)
	}
	e.fc, e.w = fc, w
}

func (e *env) cycle(t *testing.T, ids ...uint64) Summary {
	t.Helper()
	sum, err := e.w.Cycle(context.Background(), ids...)
	if err != nil {
		t.Fatalf("Cycle: %v", err)
	}
	return sum
}

func price(n int) http.HandlerFunc { return body(fmt.Sprintf("ok %d JPY", n)) }
