package watcher

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"refundwatch/watcher/fetch"
)

func TestValidateSchedule(t *testing.T) {
	for _, tc := range []struct {
		spec string
		ok   bool
	}{
		{"@every 1h", true},
		{"@hourly", true},
		{"0 */2 * * *", true},
		{"CRON_TZ=Asia/Tokyo 0 */2 * * *", true},
		{"TZ=Europe/Berlin 30 8 * * 1-5", true},
		{"", false},
		{"every hour", false},
		{"0 */2 * * * *", false}, // seconds field: not the standard form
		{"CRON_TZ=Nowhere/Land 0 * * * *", false},
		{"@every -1h", false},
		{"@every 10ms", false},
		{"CRON_TZ=Asia/Tokyo @every 2h", true},
	} {
		err := ValidateSchedule(tc.spec)
		if (err == nil) != tc.ok {
			t.Errorf("ValidateSchedule(%q) = %v, want ok=%v", tc.spec, err, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "schedule") {
			t.Errorf("ValidateSchedule(%q) error %q does not name the key", tc.spec, err)
		}
	}
	if _, err := New(Config{Schedule: "nonsense"}, newFakeStore(), fetch.Fetcher(nil)); err == nil {
		t.Fatalf("New accepted a bad schedule")
	}
}

// The daemon's loop: one cycle at once, healthy while running, a quick clean
// stop that abandons a cycle stuck on a slow page.
func TestRunStartsAtOnceAndStopsPromptly(t *testing.T) {
	s, slow := newShop(t), newShop(t) // two hosts: one request in flight per host
	s.serve("/dp/1", price(1800))
	hung := make(chan struct{}, 1)
	slow.serve("/dp/2", func(w http.ResponseWriter, r *http.Request) {
		hung <- struct{}{}
		<-r.Context().Done()
	})
	st := newFakeStore(purchase(1, s.url("/dp/1")), purchase(2, slow.url("/dp/2")))
	fc, err := fetch.New(fetch.Config{Jitter: -1, Timeout: time.Minute, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	w, err := New(Config{
		Schedule:  "@every 1h",
		Extractor: ExtractorFunc(textExtractor),
		Alerter:   &recordingAlerter{},
		Clock:     fixedClock{now0}, // windows judged at now0; sleeping is real
		Logger:    quiet(),
	}, st, fc)
	if err != nil {
		t.Fatal(err)
	}
	if w.Healthy() {
		t.Fatalf("healthy before Run")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	select {
	case <-hung:
	case <-time.After(5 * time.Second):
		t.Fatalf("no cycle started at once")
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(st.alertsOf(1)) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if len(st.alertsOf(1)) != 1 {
		t.Fatalf("first cycle did not record the drop")
	}
	if !w.Healthy() {
		t.Fatalf("not healthy while running")
	}
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run = %v, want nil on a normal stop", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatalf("Run did not return within 3s of cancel")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("stop took %s", d)
	}
	if w.Healthy() {
		t.Fatalf("healthy after Run returned")
	}
	if got := st.get(2).LastStatus; got != "" {
		t.Fatalf("abandoned check recorded status %q", got)
	}
}

func TestRunTicksAndSkipsOverlap(t *testing.T) {
	s := newShop(t)
	s.serve("/dp/1", price(1980))
	st := newFakeStore(purchase(1, s.url("/dp/1")))
	fc, _ := fetch.New(fetch.Config{Jitter: -1, Logger: quiet()})
	w, err := New(Config{Schedule: "@every 1s", Extractor: ExtractorFunc(textExtractor), Clock: fixedClock{now0}, Logger: quiet()}, st, fc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for s.hitsOf("/dp/1") < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if got := s.hitsOf("/dp/1"); got < 2 {
		t.Fatalf("%d checks, want the start-up one and at least one tick", got)
	}
	if sum, ok := w.LastCycle(); !ok || sum.Checked != 1 {
		t.Fatalf("LastCycle = %+v, %v", sum, ok)
	}
}

func TestCronLogger(t *testing.T) {
	var buf bytes.Buffer
	l := cronLogger{slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	l.Info("wake", "now", now0)
	l.Error(errors.New("boom"), "panic", "stack", "...")
	l.Info("skip")
	out := buf.String()
	for _, want := range []string{"level=DEBUG msg=\"cron: wake\"", "level=INFO msg=\"cron: tick skipped", "level=ERROR msg=\"cron: panic\"", "error=boom", "stack=..."} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

// fixedClock: a fixed Now (so windows are judged at a known time) with real sleeping.
type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func (fixedClock) Sleep(ctx context.Context, d time.Duration) error {
	return fetch.SystemClock{}.Sleep(ctx, d)
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// A daemon restarted in a loop must not fetch every page again each time:
// the start-up cycle leaves out purchases checked moments ago.
func TestRunStartupSkipsFreshChecks(t *testing.T) {
	s := newShop(t)
	s.serve("/dp/fresh", price(1980))
	s.serve("/dp/stale", price(1980))
	fresh, stale := purchase(1, s.url("/dp/fresh")), purchase(2, s.url("/dp/stale"))
	fresh.LastChecked = now0.Add(-time.Minute)
	stale.LastChecked = now0.Add(-2 * time.Hour)
	st := newFakeStore(fresh, stale)
	fc, err := fetch.New(fetch.Config{Jitter: -1, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	w, err := New(Config{Schedule: "@every 1h", Extractor: ExtractorFunc(textExtractor), Alerter: &recordingAlerter{},
		Clock: fixedClock{now0}, Logger: quiet()}, st, fc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if sum, ok := w.LastCycle(); ok {
			if sum.Checked != 1 || sum.Fresh != 1 {
				t.Errorf("start-up cycle: checked %d, fresh %d; want 1 and 1", sum.Checked, sum.Fresh)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no start-up cycle within 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if s.hitsOf("/dp/fresh") != 0 || s.hitsOf("/dp/stale") != 1 {
		t.Errorf("hits: fresh %d, stale %d; want 0 and 1", s.hitsOf("/dp/fresh"), s.hitsOf("/dp/stale"))
	}
	// An explicit cycle (refundwatch check) checks everything due.
	sum, err := w.Cycle(context.Background())
	if err != nil || sum.Checked != 2 || sum.Fresh != 0 {
		t.Errorf("Cycle: %+v, %v; want both checked", sum, err)
	}
}
