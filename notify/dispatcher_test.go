package notify

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"refundwatch/notify/internal/slacktest"
	"refundwatch/notify/logsink"
	"refundwatch/notify/slack"
	"refundwatch/store"
)

const (
	testToken  = "xoxb-1111-2222-SECRETSECRET"
	hookSecret = "HOOKSECRET0123456789"
)

// syncBuffer is a log destination safe for the Run goroutine.
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

type rig struct {
	out   *fakeOutbox
	srv   *slacktest.Server
	clock *fakeClock
	logs  *syncBuffer
	start time.Time
}

func newRig(t *testing.T) *rig {
	out := newFakeOutbox()
	start := seed(out, 1)
	return &rig{out: out, srv: slacktest.New(t), clock: &fakeClock{t: start}, logs: &syncBuffer{}, start: start}
}

func (r *rig) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func (r *rig) bot(t *testing.T) *Dispatcher {
	t.Helper()
	b, err := slack.NewBot(testToken, "C0CHAN", r.srv.APIURL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return NewDispatcher(b, r.out, r.logger(), Options{Clock: r.clock})
}

func (r *rig) webhook() *Dispatcher {
	return NewDispatcher(slack.NewWebhook(r.srv.WebhookURL(hookSecret), nil), r.out, r.logger(), Options{Clock: r.clock})
}

// assertNoSecret checks logs, errors and stored alert state for secrets.
func (r *rig) assertNoSecret(t *testing.T, extra ...string) {
	t.Helper()
	texts := append([]string{r.logs.String()}, extra...)
	for _, a := range r.out.sorted(func(store.Alert) bool { return true }) {
		texts = append(texts, a.LastError)
	}
	for _, s := range texts {
		for _, sec := range []string{testToken, hookSecret, "SECRETSECRET"} {
			if strings.Contains(s, sec) {
				t.Errorf("secret %q leaked in %q", sec, s)
			}
		}
	}
}

func errResp(status int) slacktest.Response {
	return slacktest.Response{Status: status, Body: "<html>error</html>"}
}

func TestRetryOn5xxDeliversExactlyOnce(t *testing.T) {
	for _, mode := range []string{"webhook", "bot"} {
		t.Run(mode, func(t *testing.T) {
			r := newRig(t)
			d := r.webhook()
			if mode == "bot" {
				d = r.bot(t)
			}
			a := r.out.enqueue(dropAlert(1, r.start))
			r.srv.Script(errResp(500), errResp(502), errResp(503))
			ctx := context.Background()
			for i := 0; i < 8; i++ {
				next, _ := d.deliverDue(ctx)
				if got := r.out.get(a.ID); !got.Sent.IsZero() {
					break
				} else if next.IsZero() || !next.After(r.clock.Now()) {
					t.Fatalf("round %d: pending alert with next attempt %v (now %v)", i, next, r.clock.Now())
				}
				r.clock.Advance(2 * time.Hour)
			}
			got := r.out.get(a.ID)
			if got.Sent.IsZero() || got.Attempts != 4 || got.LastError != "" || got.Failed {
				t.Fatalf("alert = %+v, want sent on attempt 4 with no error", got)
			}
			if n := len(r.srv.Accepted()); n != 1 {
				t.Errorf("%d messages accepted, want exactly 1", n)
			}
			if n := len(r.srv.Posts()); n != 4 {
				t.Errorf("%d requests, want 4 (3 failures + 1)", n)
			}
			// Nothing more to do: no re-send, even forced.
			if err := d.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if n := len(r.srv.Posts()); n != 4 {
				t.Errorf("after Flush %d requests, want still 4", n)
			}
		})
	}
}

func TestBackoffGrows(t *testing.T) {
	r := newRig(t)
	d := r.webhook()
	a := r.out.enqueue(dropAlert(1, r.start))
	r.srv.Script(errResp(500), errResp(500), errResp(500))
	var waits []time.Duration
	for i := 0; i < 3; i++ {
		next, err := d.deliverDue(context.Background())
		if err == nil {
			t.Fatal("a 500 returned no error")
		}
		waits = append(waits, next.Sub(r.clock.Now()))
		r.clock.Advance(next.Sub(r.clock.Now()))
	}
	// 30 s, 60 s, 120 s, each ±20 %.
	for i, w := range waits {
		base := DefaultBaseBackoff << i
		if w < base*8/10 || w > base*12/10 {
			t.Errorf("wait %d = %v, want %v ±20%%", i+1, w, base)
		}
	}
	if got := r.out.get(a.ID); got.Attempts != 3 || !strings.Contains(got.LastError, "http_500") {
		t.Errorf("alert = %+v", got)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	r := newRig(t)
	d := r.bot(t)
	a := r.out.enqueue(dropAlert(1, r.start))
	r.srv.Script(slacktest.Response{Status: 429, Header: map[string]string{"Retry-After": "120"}})
	ctx := context.Background()
	if _, err := d.deliverDue(ctx); err == nil {
		t.Fatal("429 gave no error")
	}
	got := r.out.get(a.ID)
	if wait := got.NextAttempt.Sub(r.clock.Now()); wait < 120*time.Second || wait > 133*time.Second {
		t.Fatalf("next attempt in %v, want 120 s (+ ≤10%% jitter)", wait)
	}
	r.clock.Advance(119 * time.Second)
	if _, err := d.deliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(r.srv.Posts()); n != 1 {
		t.Fatalf("%d requests before Retry-After passed, want 1", n)
	}
	r.clock.Advance(15 * time.Second)
	if _, err := d.deliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(r.srv.Accepted()); n != 1 {
		t.Fatalf("%d accepted after Retry-After, want 1", n)
	}
}

func TestRestartDeliversPendingOnce(t *testing.T) {
	r := newRig(t)
	a := r.out.enqueue(dropAlert(1, r.start))
	b := r.out.enqueue(dropAlert(1, r.start))
	r.srv.Script(errResp(500)) // first process: a fails, b is delivered
	if err := r.webhook().Flush(context.Background()); err == nil {
		t.Fatal("want the 500 reported")
	}
	if got := r.out.get(b.ID); got.Sent.IsZero() {
		t.Fatalf("b not sent: %+v", got)
	}
	// "Restart": a new Dispatcher over the same outbox, later.
	r.clock.Advance(time.Hour)
	if err := r.webhook().Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := r.webhook().Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := r.out.get(a.ID); got.Sent.IsZero() || got.Channel != "slack-webhook" {
		t.Fatalf("a after restart = %+v", got)
	}
	if n := len(r.srv.Accepted()); n != 2 {
		t.Errorf("%d messages accepted, want 2 (a and b once each)", n)
	}
}

// A refused token is the channel's fault, not the alert's: the alert stays
// queued (hourly retries), is said loudly once and shown in full, and is
// delivered once the settings are fixed. No secret anywhere.
func TestInvalidAuthKeepsAlertsQueuedAndSaysSoOnce(t *testing.T) {
	r := newRig(t)
	b, err := slack.NewBot(testToken, "C0CHAN", r.srv.APIURL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var fallback bytes.Buffer
	d := NewDispatcher(b, r.out, r.logger(), Options{Clock: r.clock, Fallback: &fallback})
	seed(r.out, 1)
	a := r.out.enqueue(dropAlert(1, r.start))
	r.srv.Script(slacktest.Response{Body: `{"ok":false,"error":"invalid_auth"}`},
		slacktest.Response{Body: `{"ok":false,"error":"invalid_auth"}`},
		slacktest.Response{Body: `{"ok":false,"error":"invalid_auth"}`})
	err = d.Flush(context.Background())
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Fatalf("Flush err = %v, want invalid_auth", err)
	}
	got := r.out.get(a.ID)
	if got.Failed || !got.Sent.IsZero() || !strings.Contains(got.LastError, "invalid_auth") || got.NextAttempt.Sub(r.clock.Now()) < 30*time.Minute {
		t.Fatalf("alert = %+v, want pending with invalid_auth and a long wait", got)
	}
	if !strings.Contains(fallback.String(), "purchase 1") {
		t.Errorf("the refused alert was not shown in full:\n%s", fallback.String())
	}
	// Retried hourly while refused, never sent twice, said once.
	for i := 0; i < 2; i++ {
		r.clock.Advance(2 * time.Hour)
		_ = d.Flush(context.Background())
	}
	if n := strings.Count(r.logs.String(), "level=ERROR"); n != 1 {
		t.Errorf("%d error log lines, want exactly 1:\n%s", n, r.logs)
	}
	if n := strings.Count(fallback.String(), "==== refundwatch"); n != 1 {
		t.Errorf("the alert was shown %d times, want once", n)
	}
	// The token is fixed: the next attempt delivers it, once.
	r.clock.Advance(2 * time.Hour)
	if err := d.Flush(context.Background()); err != nil {
		t.Fatalf("after the fix: %v", err)
	}
	if got := r.out.get(a.ID); got.Sent.IsZero() {
		t.Fatalf("alert not delivered after the fix: %+v", got)
	}
	if n := len(r.srv.Accepted()); n != 1 {
		t.Errorf("%d messages accepted, want 1", n)
	}
	r.assertNoSecret(t, err.Error()+fallback.String())
}

// A message Slack refuses for itself (too long, bad blocks) fails alone.
func TestPayloadErrorFailsOnlyThatAlert(t *testing.T) {
	r := newRig(t)
	d := r.bot(t)
	seed(r.out, 1)
	a := r.out.enqueue(dropAlert(1, r.start))
	r.srv.Script(slacktest.Response{Body: `{"ok":false,"error":"invalid_blocks"}`})
	err := d.Flush(context.Background())
	if err == nil || !IsPermanent(err) {
		t.Fatalf("err = %v, want permanent", err)
	}
	if got := r.out.get(a.ID); !got.Failed {
		t.Fatalf("alert = %+v, want Failed", got)
	}
}

func TestNetworkErrorsKeepWebhookSecret(t *testing.T) {
	r := newRig(t)
	hook := r.srv.WebhookURL(hookSecret)
	r.srv.Close()
	d := NewDispatcher(slack.NewWebhook(hook, &http.Client{Timeout: 2 * time.Second}), r.out, r.logger(), Options{Clock: r.clock})
	a := r.out.enqueue(dropAlert(1, r.start))
	err := d.Flush(context.Background())
	if err == nil || IsPermanent(err) {
		t.Fatalf("err = %v, want a retryable network error", err)
	}
	if got := r.out.get(a.ID); got.Failed || got.LastError == "" {
		t.Fatalf("alert = %+v, want pending with an error", got)
	}
	r.assertNoSecret(t, err.Error())
}

func TestBotRepliesInThread(t *testing.T) {
	r := newRig(t)
	seed(r.out, 2)
	d := r.bot(t)
	first := r.out.enqueue(dropAlert(1, r.start))
	other := r.out.enqueue(dropAlert(2, r.start))
	if err := d.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	second := r.out.enqueue(store.Alert{PurchaseID: 1, Kind: store.AlertReminder, Created: r.start})
	if err := d.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	f, o, s := r.out.get(first.ID), r.out.get(other.ID), r.out.get(second.ID)
	if f.ThreadTS == "" || o.ThreadTS == "" || s.ThreadTS == "" || f.ThreadTS == o.ThreadTS {
		t.Fatalf("stored ts: first %q other %q second %q", f.ThreadTS, o.ThreadTS, s.ThreadTS)
	}
	posts := r.srv.Posts()
	if len(posts) != 3 {
		t.Fatalf("%d posts, want 3", len(posts))
	}
	if ts := posts[0].Form.Get("thread_ts") + posts[1].Form.Get("thread_ts"); ts != "" {
		t.Errorf("first alerts were threaded: %q", ts)
	}
	if got := posts[2].Form.Get("thread_ts"); got != f.ThreadTS {
		t.Errorf("second alert thread_ts %q, want the first alert's ts %q", got, f.ThreadTS)
	}
	if got := posts[2].Form.Get("reply_broadcast"); got != "true" {
		t.Errorf("thread reply reply_broadcast = %q, want true: it must reach the channel too", got)
	}
}

// A drop after a stale alert is posted to the channel, not hidden in the
// stale alert's thread; later drops thread under the drop.
func TestBotThreadsOnlyUnderDrops(t *testing.T) {
	r := newRig(t)
	seed(r.out, 1)
	d := r.bot(t)
	stale := r.out.enqueue(store.Alert{PurchaseID: 1, Kind: store.AlertStale, Created: r.start})
	if err := d.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	drop := r.out.enqueue(dropAlert(1, r.start))
	if err := d.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	posts := r.srv.Posts()
	if len(posts) != 2 || r.out.get(stale.ID).ThreadTS == "" {
		t.Fatalf("%d posts; stale ts %q", len(posts), r.out.get(stale.ID).ThreadTS)
	}
	if got := posts[1].Form.Get("thread_ts"); got != "" {
		t.Errorf("the drop was hidden in the stale alert's thread %q", got)
	}
	if r.out.get(drop.ID).ThreadTS == "" {
		t.Errorf("the drop's ts was not stored")
	}
}

func TestLogSinkPrintsDraft(t *testing.T) {
	t.Setenv(EnvToken, "")
	t.Setenv(EnvWebhookURL, "")
	t.Setenv("CREDENTIALS_DIRECTORY", "")
	r := newRig(t)
	var stderr bytes.Buffer
	d, err := New(Config{Options: Options{Clock: r.clock}}, r.out, r.logger(), &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if d.Channel() != "log" {
		t.Fatalf("channel %q, want log", d.Channel())
	}
	a := r.out.enqueue(dropAlert(1, r.start))
	if err := d.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := stderr.String()
	for _, s := range []string{"差額返金の対象：1,520円", "お世話になっております", "249-1234567-7654321", "よろしくお願いいたします", "https://www.amazon.co.jp/gp/help/customer/contact-us"} {
		if !strings.Contains(out, s) {
			t.Errorf("log sink output lacks %q:\n%s", s, out)
		}
	}
	if got := r.out.get(a.ID); got.Sent.IsZero() || got.Channel != "log" {
		t.Errorf("alert = %+v, want sent via log", got)
	}
	if len(r.srv.Posts()) != 0 {
		t.Error("log sink talked to Slack")
	}
}

func TestMarkFailureNeverResends(t *testing.T) {
	r := newRig(t)
	d := r.webhook()
	a := r.out.enqueue(dropAlert(1, r.start))
	failMarks := 1
	r.out.failUpdate = func(before, after store.Alert) error {
		if before.Sent.IsZero() && !after.Sent.IsZero() && failMarks > 0 {
			failMarks--
			return errors.New("disk full")
		}
		return nil
	}
	_ = d.Flush(context.Background())
	if got := r.out.get(a.ID); !got.Sent.IsZero() {
		t.Fatal("mark should have failed in this test")
	}
	if err := d.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := r.out.get(a.ID); got.Sent.IsZero() {
		t.Fatalf("alert not marked on the next round: %+v", got)
	}
	if n := len(r.srv.Posts()); n != 1 {
		t.Errorf("%d posts, want 1: an accepted alert is never re-sent", n)
	}
}

func TestDeletedPurchaseFails(t *testing.T) {
	r := newRig(t)
	d := r.webhook()
	a := r.out.enqueue(dropAlert(99, r.start))
	if err := d.Flush(context.Background()); !IsPermanent(err) {
		t.Fatalf("err = %v, want permanent", err)
	}
	if got := r.out.get(a.ID); !got.Failed || !strings.Contains(got.LastError, "no longer exists") {
		t.Errorf("alert = %+v", got)
	}
	if len(r.srv.Posts()) != 0 {
		t.Error("sent an alert for a deleted purchase")
	}
}

func TestRunDeliversOnKickAndRetries(t *testing.T) {
	r := newRig(t)
	d := NewDispatcher(slack.NewWebhook(r.srv.WebhookURL(hookSecret), nil), r.out, r.logger(),
		Options{BaseBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Poll: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	r.srv.Script(errResp(500), errResp(500))
	a := r.out.enqueue(dropAlert(1, time.Now()))
	d.AlertsQueued(ctx, []store.Alert{a})
	deadline := time.Now().Add(5 * time.Second)
	for len(r.srv.Accepted()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	if n, m := len(r.srv.Accepted()), len(r.srv.Posts()); n != 1 || m != 3 {
		t.Fatalf("accepted %d of %d requests, want 1 of 3", n, m)
	}
	if got := r.out.get(a.ID); got.Sent.IsZero() {
		t.Errorf("alert not marked sent: %+v", got)
	}
}

func TestSendTest(t *testing.T) {
	tests := []struct {
		name    string
		resp    *slacktest.Response
		wantErr string
	}{
		{"ok", nil, ""},
		{"invalid_auth", &slacktest.Response{Body: `{"ok":false,"error":"invalid_auth"}`}, "invalid_auth"},
		{"channel_not_found", &slacktest.Response{Body: `{"ok":false,"error":"channel_not_found"}`}, "channel_not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			if tt.resp != nil {
				r.srv.Script(*tt.resp)
			}
			err := r.bot(t).SendTest(context.Background())
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if p := r.srv.Posts(); len(p) != 1 || !strings.Contains(p[0].Form.Get("text"), "refundwatch test alert") {
					t.Errorf("test message not posted: %+v", p)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			r.assertNoSecret(t, err.Error())
		})
	}
}

func TestLogSinkFormatIsWholeAlert(t *testing.T) {
	var buf bytes.Buffer
	r := newRig(t)
	d := NewDispatcher(logsink.New(&buf), r.out, nil, Options{Clock: r.clock, Lang: "en"})
	r.out.enqueue(dropAlert(1, r.start))
	if err := d.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Refund due: ¥1,520", "Paid", "¥12,800", "Window closes in", "Hello, and thank you", "---- end ----"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("log sink output lacks %q:\n%s", s, buf.String())
		}
	}
}

// TestFlushSkipsAlertInFlight: `check` flushing beside the daemon must not
// send an alert the daemon is sending right now.
func TestFlushSkipsAlertInFlight(t *testing.T) {
	r := newRig(t)
	d := r.webhook()
	busy := dropAlert(1, r.start)
	busy.Attempts, busy.NextAttempt = 1, r.start.Add(time.Minute) // claimed elsewhere
	busy = r.out.enqueue(busy)
	backingOff := dropAlert(1, r.start)
	backingOff.Attempts, backingOff.NextAttempt, backingOff.LastError = 2, r.start.Add(time.Hour), "slack webhook: http_500"
	backingOff = r.out.enqueue(backingOff)
	if err := d.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := r.out.get(busy.ID); !got.Sent.IsZero() {
		t.Error("Flush sent an alert another process is sending")
	}
	if got := r.out.get(backingOff.ID); got.Sent.IsZero() {
		t.Error("Flush did not send an alert waiting for its retry")
	}
	if n := len(r.srv.Posts()); n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
	// The lease ends: the alert is retried (the other process died).
	r.clock.Advance(2 * time.Minute)
	if _, err := d.deliverDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := r.out.get(busy.ID); got.Sent.IsZero() {
		t.Error("alert not retried after its lease ended")
	}
}

// A thread that Slack refuses (say its first message was deleted) does not
// sink the alert: it is posted on its own.
func TestBotPostsAloneWhenThreadRefused(t *testing.T) {
	r := newRig(t)
	seed(r.out, 1)
	d := r.bot(t)
	first := r.out.enqueue(dropAlert(1, r.start))
	if err := d.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	second := r.out.enqueue(dropAlert(1, r.start))
	r.srv.Script(slacktest.Response{Body: `{"ok":false,"error":"thread_not_found"}`})
	if err := d.Flush(context.Background()); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	got := r.out.get(second.ID)
	if got.Sent.IsZero() || got.Failed {
		t.Fatalf("second alert = %+v, want delivered", got)
	}
	posts := r.srv.Posts()
	if len(posts) != 3 || posts[1].Form.Get("thread_ts") != r.out.get(first.ID).ThreadTS || posts[2].Form.Get("thread_ts") != "" {
		t.Fatalf("posts: %d; want first, refused reply, then a top-level post", len(posts))
	}
}
