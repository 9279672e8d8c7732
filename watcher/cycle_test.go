package watcher

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"refundwatch/store"
	"refundwatch/watcher/extract"
	"refundwatch/watcher/fetch"
)

func TestCycleDropSequence(t *testing.T) {
	s := newShop(t)
	e := newEnv(t, purchase(1, s.url("/dp/1")))
	for i, step := range []struct {
		price      int
		wantAlerts int
		wantStatus store.Status
	}{
		{1980, 0, store.StatusWatching}, // no drop
		{1800, 1, store.StatusDropped},  // drop
		{1800, 0, store.StatusDropped},  // same low twice: one alert
		{1700, 1, store.StatusDropped},  // further drop: second alert
		{1900, 0, store.StatusDropped},  // back up
		{1700, 0, store.StatusDropped},  // down to the alerted low again
	} {
		s.serve("/dp/1", price(step.price))
		sum := e.cycle(t)
		if sum.Checked != 1 || sum.OK != 1 || sum.Alerts != step.wantAlerts {
			t.Fatalf("step %d (¥%d): summary %+v, want 1 checked, 1 ok, %d alerts", i, step.price, sum, step.wantAlerts)
		}
		p := e.st.get(1)
		if p.Status != step.wantStatus || p.LastPrice == nil || p.LastPrice.Amount != int64(step.price) {
			t.Fatalf("step %d: status %s, last price %v; want %s, ¥%d", i, p.Status, moneyText(p.LastPrice), step.wantStatus, step.price)
		}
		e.clk.Advance(time.Hour)
	}
	alerts := e.st.alertsOf(1)
	if len(alerts) != 2 || alerts[0].Price.Amount != 1800 || alerts[1].Price.Amount != 1700 {
		t.Fatalf("alerts = %+v, want drops at 1800 and 1700", alerts)
	}
	if got := e.alerter.count(); got != 2 {
		t.Fatalf("alerter told of %d alerts, want 2", got)
	}
	if got := e.st.alertsOf(1)[0].ID; got == 0 {
		t.Fatalf("alert handed on without the store's ID")
	}
	if p := e.st.get(1); p.LowestPrice == nil || p.LowestPrice.Amount != 1700 {
		t.Fatalf("lowest = %v, want 1700", moneyText(p.LowestPrice))
	}
	// History holds changes only: 1980, 1800, 1700, 1900, 1700.
	if got := len(e.st.historyOf(1)); got != 5 {
		t.Fatalf("history has %d points, want 5", got)
	}
}

func TestCycleRestartDoesNotReAlert(t *testing.T) {
	s := newShop(t)
	s.serve("/dp/1", price(1800))
	e := newEnv(t, purchase(1, s.url("/dp/1")))
	if sum := e.cycle(t); sum.Alerts != 1 {
		t.Fatalf("first cycle: %d alerts, want 1", sum.Alerts)
	}
	e.restart(t)
	e.clk.Advance(time.Hour)
	if sum := e.cycle(t); sum.Alerts != 0 || sum.OK != 1 {
		t.Fatalf("after restart: summary %+v, want the check and no alert", sum)
	}
	if got := len(e.st.alertsOf(1)); got != 1 {
		t.Fatalf("store holds %d alerts, want 1", got)
	}
}

func TestCycleRobotCheckBacksOffHost(t *testing.T) {
	s, other := newShop(t), newShop(t)
	s.serve("/dp/1", body("blocked"), price(1980))
	other.serve("/dp/2", price(1980))
	e := newEnv(t, purchase(1, s.url("/dp/1")), purchase(2, other.url("/dp/2")))

	sum := e.cycle(t)
	if sum.Blocked != 1 || sum.OK != 1 || sum.Alerts != 0 {
		t.Fatalf("summary %+v, want 1 blocked, 1 ok, no alert", sum)
	}
	if p := e.st.get(1); p.LastStatus != "blocked" || p.LastPrice != nil {
		t.Fatalf("blocked purchase: status %q, price %v; want blocked, none", p.LastStatus, moneyText(p.LastPrice))
	}
	until := e.fc.BackedOff(fetch.HostOf(s.url("/")))
	if d := until.Sub(e.clk.Now()); d < 15*time.Minute || d > 17*time.Minute {
		t.Fatalf("host backed off for %s, want about 15 min", d)
	}
	if !strings.Contains(e.logs.String(), "backing off") {
		t.Fatalf("backoff not logged")
	}
	// During the backoff nothing is sent to that host; the other host goes on.
	e.clk.Advance(5 * time.Minute)
	sum = e.cycle(t)
	if got := s.hitsOf("/dp/1"); got != 1 {
		t.Fatalf("%d requests to a backed-off host, want 1", got)
	}
	if got := other.hitsOf("/dp/2"); got != 2 {
		t.Fatalf("other host asked %d times, want 2", got)
	}
	if sum.BackedOff != 1 || e.st.get(1).LastStatus != "blocked" {
		t.Fatalf("during backoff: summary %+v, status %q; want it backed off, still blocked", sum, e.st.get(1).LastStatus)
	}
	e.clk.Advance(15 * time.Minute)
	if sum := e.cycle(t); sum.OK != 2 || s.hitsOf("/dp/1") != 2 {
		t.Fatalf("after backoff: summary %+v, hits %d; want both read", sum, s.hitsOf("/dp/1"))
	}
	// A real page again resets the backoff: the next robot check starts at the base.
	if d := e.fc.Block(fetch.HostOf(s.url("/"))).Sub(e.clk.Now()); d > 17*time.Minute {
		t.Fatalf("after a good page, next backoff %s, want the 15 min base (Unblock not called?)", d)
	}
}

func TestCycleFetchFailures(t *testing.T) {
	for _, tc := range []struct {
		name       string
		handler    http.HandlerFunc
		wantStatus string
		// wantResent: a request goes out again in the next cycle (no wait asked).
		wantResent bool
	}{
		{"429 with Retry-After", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "600")
			w.WriteHeader(http.StatusTooManyRequests)
		}, "error", false},
		{"503", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }, "error", true},
		{"503 robot check page", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, "blocked")
		}, "blocked", false},
		{"500", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500); fmt.Fprint(w, "ok 1 JPY") }, "error", true},
		{"404 page gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, "not_found", true},
		{"slow server", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, "error", true},
		{"10 MB+ body", func(w http.ResponseWriter, r *http.Request) {
			w.Write(bytes.Repeat([]byte("x"), fetch.DefaultMaxBody+1))
		}, "error", true},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path, http.StatusFound) }, "error", true},
		{"unreadable page", body("<<<garbage>>>"), "error", true},
		{"out of stock", body("unavailable"), "unavailable", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad, good := newShop(t), newShop(t)
			bad.serve("/dp/1", tc.handler)
			good.serve("/dp/2", price(1800))
			e := newEnv(t, purchase(1, bad.url("/dp/1")), purchase(2, good.url("/dp/2")))
			sum := e.cycle(t)
			// One purchase's failure never stops the cycle.
			if sum.Checked != 2 || sum.OK != 1 || sum.Alerts != 1 {
				t.Fatalf("summary %+v, want 2 checked, 1 ok, 1 alert (the good one)", sum)
			}
			p := e.st.get(1)
			if p.LastStatus != tc.wantStatus || p.LastPrice != nil || len(e.st.alertsOf(1)) != 0 {
				t.Fatalf("status %q, price %v, alerts %d; want %q, none, none", p.LastStatus, moneyText(p.LastPrice), len(e.st.alertsOf(1)), tc.wantStatus)
			}
			if !p.LastChecked.Equal(e.clk.Now()) {
				t.Fatalf("last checked %s, want %s", p.LastChecked, e.clk.Now())
			}
			e.clk.Advance(time.Minute)
			e.cycle(t)
			if got, want := bad.hitsOf("/dp/1") > 1, tc.wantResent; got != want {
				t.Fatalf("asked again a minute later = %v (hits %d), want %v", got, bad.hitsOf("/dp/1"), want)
			}
		})
	}
}

func TestCycleWindowExpiry(t *testing.T) {
	s := newShop(t)
	ended := func(id uint64, st store.Status) store.Purchase {
		p := purchase(id, s.url(fmt.Sprintf("/dp/%d", id)))
		p.WindowEnds, p.Status = now0.Add(-time.Hour), st
		return p
	}
	e := newEnv(t, ended(1, store.StatusWatching), ended(2, store.StatusDropped), ended(3, store.StatusSubmitted),
		purchase(4, s.url("/dp/4")), ended(5, store.StatusExpired))
	for i := 1; i <= 5; i++ {
		s.serve(fmt.Sprintf("/dp/%d", i), price(1500))
	}
	sum := e.cycle(t)
	if sum.Expired != 2 || sum.Checked != 1 || sum.Alerts != 1 {
		t.Fatalf("summary %+v, want 2 expired, 1 checked, 1 alert", sum)
	}
	for id, want := range map[uint64]store.Status{1: store.StatusExpired, 2: store.StatusExpired, 3: store.StatusSubmitted, 4: store.StatusDropped, 5: store.StatusExpired} {
		if got := e.st.get(id).Status; got != want {
			t.Errorf("purchase %d: status %s, want %s", id, got, want)
		}
		if hits, wantHits := s.hitsOf(fmt.Sprintf("/dp/%d", id)), map[bool]int{true: 1, false: 0}[id == 4]; hits != wantHits {
			t.Errorf("purchase %d fetched %d times, want %d", id, hits, wantHits)
		}
	}
	// An ID asked for explicitly is checked whatever its window; no alert after it.
	if sum := e.cycle(t, 1); sum.Checked != 1 || sum.Alerts != 0 || s.hitsOf("/dp/1") != 1 {
		t.Fatalf("explicit check of an expired purchase: summary %+v, hits %d", sum, s.hitsOf("/dp/1"))
	}
	if p := e.st.get(1); p.LastPrice == nil || p.LastPrice.Amount != 1500 || p.Status != store.StatusExpired {
		t.Fatalf("explicit check: last price %v, status %s", moneyText(p.LastPrice), p.Status)
	}
}

func TestCycleIDs(t *testing.T) {
	s := newShop(t)
	s.serve("/dp/1", price(1980))
	s.serve("/dp/2", price(1980))
	e := newEnv(t, purchase(1, s.url("/dp/1")), purchase(2, s.url("/dp/2")))
	if sum := e.cycle(t, 2, 2); sum.Checked != 1 || s.hitsOf("/dp/1") != 0 || s.hitsOf("/dp/2") != 1 {
		t.Fatalf("Cycle(2, 2): summary %+v, hits %d/%d; want only 2, once", sum, s.hitsOf("/dp/1"), s.hitsOf("/dp/2"))
	}
	_, err := e.w.Cycle(context.Background(), 2, 99)
	if !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "99") {
		t.Fatalf("unknown ID: err = %v, want ErrNotFound naming 99", err)
	}
	if s.hitsOf("/dp/2") != 1 {
		t.Fatalf("a cycle with an unknown ID still fetched")
	}
}

func TestCycleDeepDropRecheck(t *testing.T) {
	for _, tc := range []struct {
		name        string
		reads       []string
		wantHits    int
		wantAlert   int64 // 0: none
		wantSuspect bool
		wantLast    int64
	}{
		{"confirmed", []string{"ok 500 JPY", "ok 500 JPY"}, 2, 500, true, 500},
		{"second read shows an ordinary drop", []string{"ok 500 JPY", "ok 1800 JPY"}, 2, 1800, false, 1800},
		{"misread once", []string{"ok 5 JPY", "ok 1980 JPY"}, 2, 0, false, 1980},
		{"second read blocked", []string{"ok 500 JPY", "blocked"}, 2, 0, false, 500},
		{"ordinary drop: no re-read", []string{"ok 1500 JPY"}, 1, 1500, false, 1500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newShop(t)
			var hs []http.HandlerFunc
			for _, r := range tc.reads {
				hs = append(hs, body(r))
			}
			s.serve("/dp/1", hs...)
			e := newEnv(t, purchase(1, s.url("/dp/1")))
			e.cycle(t)
			if got := s.hitsOf("/dp/1"); got != tc.wantHits {
				t.Fatalf("page read %d times, want %d", got, tc.wantHits)
			}
			if tc.wantHits == 2 && e.clk.Slept() < 30*time.Second {
				t.Fatalf("re-read after %s, want a pause of 30s", e.clk.Slept())
			}
			alerts := e.st.alertsOf(1)
			if tc.wantAlert == 0 {
				if len(alerts) != 0 {
					t.Fatalf("alerts %+v, want none", alerts)
				}
			} else if len(alerts) != 1 || alerts[0].Price.Amount != tc.wantAlert || alerts[0].Suspect != tc.wantSuspect {
				t.Fatalf("alerts %+v, want one at %d, suspect %v", alerts, tc.wantAlert, tc.wantSuspect)
			}
			if tc.wantSuspect && !strings.Contains(alerts[0].Note, "misread") {
				t.Fatalf("suspect alert note %q does not say why", alerts[0].Note)
			}
			if p := e.st.get(1); p.LastPrice == nil || p.LastPrice.Amount != tc.wantLast {
				t.Fatalf("last price %v, want %d", moneyText(p.LastPrice), tc.wantLast)
			}
		})
	}
}

func TestCycleCurrencyMismatchWarnsOnce(t *testing.T) {
	s := newShop(t)
	s.serve("/dp/1", body("ok 19.99 USD"))
	e := newEnv(t, purchase(1, s.url("/dp/1")))
	for range 3 {
		if sum := e.cycle(t); sum.Alerts != 0 || sum.OK != 1 {
			t.Fatalf("summary %+v, want ok and no alert", sum)
		}
		e.clk.Advance(time.Hour)
	}
	if got := strings.Count(e.logs.String(), "prices are not compared"); got != 1 {
		t.Fatalf("currency warning logged %d times, want 1", got)
	}
	if p := e.st.get(1); !p.CurrencyWarned || p.LowestPrice != nil || p.Status != store.StatusWatching {
		t.Fatalf("purchase %+v: want warned, no lowest price, still watching", p)
	}
}

func TestCycleStaleAlertOnce(t *testing.T) {
	s := newShop(t)
	s.serve("/dp/1", price(1980), func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) })
	e := newEnv(t, purchase(1, s.url("/dp/1")))
	var staleAt []int
	for h := range 30 {
		e.cycle(t)
		for _, a := range e.st.alertsOf(1) {
			if a.Kind == store.AlertStale && len(staleAt) == 0 {
				staleAt = append(staleAt, h)
			}
		}
		e.clk.Advance(time.Hour)
	}
	alerts := e.st.alertsOf(1)
	if len(alerts) != 1 || alerts[0].Kind != store.AlertStale {
		t.Fatalf("alerts %+v, want one stale", alerts)
	}
	if len(staleAt) != 1 || staleAt[0] != 12 {
		t.Fatalf("stale alert in cycle %v, want 12 (12 h after the last success)", staleAt)
	}
	// A success resets it; a new long failure alerts again.
	s.serve("/dp/1", price(1980), func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) })
	for range 14 {
		e.cycle(t)
		e.clk.Advance(time.Hour)
	}
	if got := len(e.st.alertsOf(1)); got != 2 {
		t.Fatalf("%d alerts after a second long failure, want 2", got)
	}
}

func TestCycleReminder(t *testing.T) {
	s := newShop(t)
	s.serve("/dp/1", price(1800))
	p := purchase(1, s.url("/dp/1"))
	p.WindowEnds = now0.Add(30 * time.Hour)
	e := newEnv(t, p)
	var kinds []string
	for range 10 {
		e.cycle(t)
		e.clk.Advance(time.Hour)
	}
	for _, a := range e.st.alertsOf(1) {
		kinds = append(kinds, string(a.Kind))
	}
	if got, want := strings.Join(kinds, ","), "drop,reminder"; got != want {
		t.Fatalf("alerts %s, want %s", got, want)
	}
	if a := e.st.alertsOf(1)[1]; !a.Created.Equal(now0.Add(6 * time.Hour)) {
		t.Fatalf("reminder at %s, want 24 h before the window closes (%s)", a.Created, now0.Add(6*time.Hour))
	}
}

func TestCycleSurvivesStoreAndExtractorFailures(t *testing.T) {
	s := newShop(t)
	s.serve("/dp/1", price(1800))
	s.serve("/dp/2", body("panic"))
	s.serve("/dp/3", price(1800))
	e := newEnv(t, purchase(1, s.url("/dp/1")), purchase(2, s.url("/dp/2")), purchase(3, s.url("/dp/3")))
	e.st.failID = 1
	e.cfg.Extractor = ExtractorFunc(func(b []byte, o extract.Options) (extract.Result, error) {
		if string(b) == "panic" {
			panic("page reader bug")
		}
		return textExtractor(b, o)
	})
	e.restart(t)
	sum := e.cycle(t)
	if sum.Errors != 2 || sum.OK != 1 || sum.Alerts != 1 {
		t.Fatalf("summary %+v, want 2 errors (store, panic), 1 ok with its alert", sum)
	}
	if !strings.Contains(e.logs.String(), "check panicked") || !strings.Contains(e.logs.String(), "cannot record check") {
		t.Fatalf("failures not logged:\n%s", e.logs.String())
	}
}

func TestCycleCancelledAbandonsWork(t *testing.T) {
	s := newShop(t)
	started := make(chan struct{}, 1)
	s.serve("/dp/1", func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-r.Context().Done()
	})
	e := newEnv(t, purchase(1, s.url("/dp/1")))
	e.restart(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	_, err := e.w.Cycle(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if e.st.records != 0 {
		t.Fatalf("%d checks recorded after cancel, want 0", e.st.records)
	}
	if _, ok := e.w.LastCycle(); ok {
		t.Fatalf("an abandoned cycle counted as the last cycle")
	}
}

func TestCycleRemovedPurchaseIsNotAnError(t *testing.T) {
	s := newShop(t)
	s.serve("/dp/1", price(1980))
	e := newEnv(t, purchase(1, s.url("/dp/1")))
	e.cfg.Extractor = ExtractorFunc(func(b []byte, o extract.Options) (extract.Result, error) {
		e.st.mu.Lock()
		delete(e.st.purchases, 1) // `refundwatch rm 1` while the page is read
		e.st.mu.Unlock()
		return textExtractor(b, o)
	})
	e.restart(t)
	if sum := e.cycle(t); sum.Errors != 0 || sum.Checked != 0 {
		t.Fatalf("summary %+v, want nothing counted", sum)
	}
}

func TestLogAlerterWritesTheWholeAlert(t *testing.T) {
	var buf bytes.Buffer
	LogAlerter{Logger: slog.New(slog.NewTextHandler(&buf, nil))}.AlertsQueued(context.Background(), []store.Alert{
		{ID: 7, PurchaseID: 3, Kind: store.AlertDrop, Price: jpy(1500), Suspect: true, Note: "read twice"},
	})
	for _, want := range []string{"alert_id=7", "purchase_id=3", "kind=drop", `price="1500 JPY"`, "suspect=true", `note="read twice"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, buf.String())
		}
	}
}

// Another process (refundwatch check beside the daemon, or a restarted
// daemon) has its own fetcher with no memory of the robot check: the store's
// record of it keeps that store paused all the same.
func TestCycleBackoffHoldsAcrossProcesses(t *testing.T) {
	s, other := newShop(t), newShop(t)
	s.serve("/dp/1", body("blocked"), price(1980))
	s.serve("/dp/3", price(1980))
	other.serve("/dp/2", price(1980))
	e := newEnv(t, purchase(1, s.url("/dp/1")), purchase(2, other.url("/dp/2")))
	if sum := e.cycle(t); sum.Blocked != 1 {
		t.Fatalf("first cycle %+v, want 1 blocked", sum)
	}
	// A new purchase on the same store, checked by a fresh watcher over the
	// same store (a new process): nothing goes to the paused store.
	e.st.mu.Lock()
	e.st.purchases[3] = purchase(3, s.url("/dp/3"))
	e.st.mu.Unlock()
	e.restart(t)
	e.clk.Advance(5 * time.Minute)
	sum := e.cycle(t)
	if sum.BackedOff != 2 || s.hitsOf("/dp/1")+s.hitsOf("/dp/3") != 1 || other.hitsOf("/dp/2") != 2 {
		t.Fatalf("second process: %+v, hits %d/%d/%d; want the blocked store left alone", sum, s.hitsOf("/dp/1"), s.hitsOf("/dp/3"), other.hitsOf("/dp/2"))
	}
	// After the pause it is asked again.
	e.clk.Advance(15 * time.Minute)
	if sum := e.cycle(t); sum.OK != 3 {
		t.Fatalf("after the pause: %+v, want all three read", sum)
	}
}
