package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = quietLogger()
	}
	if cfg.Jitter == 0 {
		cfg.Jitter = -1
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestFetchHeadersGzipCookies(t *testing.T) {
	var gotUA, gotLang, gotEnc, gotCookie atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA.Store(r.Header.Get("User-Agent"))
		gotLang.Store(r.Header.Get("Accept-Language"))
		gotEnc.Store(r.Header.Get("Accept-Encoding"))
		if c, err := r.Cookie("session"); err == nil {
			gotCookie.Store(c.Value)
		}
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "abc", Path: "/"})
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		fmt.Fprint(zw, "<html><span id=price>¥1,980</span></html>")
		zw.Close()
	}))
	defer srv.Close()
	c := newClient(t, Config{})
	ctx := context.Background()
	p, err := c.Fetch(ctx, srv.URL+"/dp/B000?tag=x")
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if got, want := string(p.Body), "<html><span id=price>¥1,980</span></html>"; got != want {
		t.Fatalf("body = %q, want %q (gzip undone)", got, want)
	}
	if got, want := p.ContentType, "text/html; charset=utf-8"; got != want {
		t.Fatalf("content type = %q, want %q", got, want)
	}
	if got, want := p.StatusCode, 200; got != want {
		t.Fatalf("status = %d, want %d", got, want)
	}
	if got := gotUA.Load().(string); got != DefaultUserAgent {
		t.Fatalf("User-Agent = %q, want the browser default", got)
	}
	if got, want := gotLang.Load().(string), AcceptLanguage("127.0.0.1"); got != want {
		t.Fatalf("Accept-Language = %q, want %q", got, want)
	}
	if got := gotEnc.Load().(string); !strings.Contains(got, "gzip") {
		t.Fatalf("Accept-Encoding = %q, want gzip", got)
	}
	if _, err := c.Fetch(ctx, srv.URL+"/dp/B000"); err != nil {
		t.Fatalf("second Fetch: %v", err)
	}
	if got, _ := gotCookie.Load().(string); got != "abc" {
		t.Fatalf("cookie on second request = %q, want abc (cookie jar)", got)
	}
}

func TestAcceptLanguage(t *testing.T) {
	for _, tc := range []struct{ host, wantPrefix string }{
		{"www.amazon.co.jp", "ja-JP"},
		{"WWW.AMAZON.CO.JP.", "ja-JP"},
		{"www.amazon.de", "de-DE"},
		{"www.amazon.co.uk", "en-GB"},
		{"www.amazon.fr", "fr-FR"},
		{"www.amazon.es", "es-ES"},
		{"www.amazon.com.mx", "es-MX"},
		{"www.amazon.com", "en-US"},
		{"shop.example", "en-US"},
	} {
		if got := AcceptLanguage(tc.host); !strings.HasPrefix(got, tc.wantPrefix+",") {
			t.Errorf("AcceptLanguage(%q) = %q, want prefix %q", tc.host, got, tc.wantPrefix)
		}
	}
}

// A proxy from config carries the request (here for a .co.jp host, which
// also proves Accept-Language follows the store, with no internet touched).
func TestFetchProxyFromConfig(t *testing.T) {
	var gotHost, gotLang string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotHost, gotLang = r.URL.Host, r.Header.Get("Accept-Language")
		fmt.Fprint(w, "proxied")
	}))
	defer proxy.Close()
	c := newClient(t, Config{Proxy: proxy.URL})
	p, err := c.Fetch(context.Background(), "http://www.amazon.co.jp/dp/B0TEST")
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if got, want := string(p.Body), "proxied"; got != want {
		t.Fatalf("body = %q, want %q", got, want)
	}
	if got, want := gotHost, "www.amazon.co.jp"; got != want {
		t.Fatalf("proxy saw host %q, want %q", got, want)
	}
	if !strings.HasPrefix(gotLang, "ja-JP") {
		t.Fatalf("Accept-Language = %q, want ja-JP for amazon.co.jp", gotLang)
	}
}

func TestNewRejectsBadProxy(t *testing.T) {
	if _, err := New(Config{Proxy: "::not a url"}); err == nil || !strings.Contains(err.Error(), "http.proxy") {
		t.Fatalf("New with bad proxy: err = %v, want one naming http.proxy", err)
	}
}

func TestFetchTooLarge(t *testing.T) {
	big := bytes.Repeat([]byte("a"), DefaultMaxBody+1)
	for _, tc := range []struct {
		name    string
		chunked bool
	}{{"content-length", false}, {"chunked", true}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !tc.chunked {
					w.Header().Set("Content-Length", fmt.Sprint(len(big)))
				}
				for b := big; len(b) > 0; {
					n := min(len(b), 1<<20)
					if _, err := w.Write(b[:n]); err != nil {
						return
					}
					if tc.chunked {
						w.(http.Flusher).Flush()
					}
					b = b[n:]
				}
			}))
			defer srv.Close()
			c := newClient(t, Config{})
			p, err := c.Fetch(context.Background(), srv.URL+"/big")
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("err = %v, want ErrTooLarge", err)
			}
			if p != nil {
				t.Fatalf("page = %d bytes, want none", len(p.Body))
			}
		})
	}
	// Exactly at the limit is fine.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(big[:1000])
	}))
	defer srv.Close()
	p, err := newClient(t, Config{MaxBody: 1000}).Fetch(context.Background(), srv.URL)
	if err != nil || len(p.Body) != 1000 {
		t.Fatalf("body at the limit: err = %v", err)
	}
}

func TestFetchRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b?secret=1", http.StatusFound) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a", http.StatusFound) })
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/chain/"), "%d", &n)
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), http.StatusFound)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/final", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/final", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "here") })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := newClient(t, Config{})
	ctx := context.Background()

	if _, err := c.Fetch(ctx, srv.URL+"/a"); !errors.Is(err, ErrRedirectLoop) {
		t.Fatalf("loop: err = %v, want ErrRedirectLoop", err)
	} else if strings.Contains(err.Error(), "secret") {
		t.Fatalf("error %q shows a query string", err)
	}
	if _, err := c.Fetch(ctx, srv.URL+"/chain/0"); !errors.Is(err, ErrTooManyRedirects) {
		t.Fatalf("chain: err = %v, want ErrTooManyRedirects", err)
	}
	p, err := c.Fetch(ctx, srv.URL+"/moved")
	if err != nil {
		t.Fatalf("moved: %v", err)
	}
	if got, want := p.FinalURL, srv.URL+"/final"; got != want {
		t.Fatalf("FinalURL = %q, want %q", got, want)
	}
}

func TestFetchTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	c := newClient(t, Config{Timeout: 100 * time.Millisecond})
	start := time.Now()
	_, err := c.Fetch(context.Background(), srv.URL+"/slow?token=secret")
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Fatalf("error %q shows the query string", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("gave up after %s, want about 100ms", d)
	}
	// The caller giving up is not a timeout.
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if _, err := newClient(t, Config{}).Fetch(ctx, srv.URL+"/slow"); !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Fatalf("cancelled: err = %v, want context.Canceled", err)
	}
}

func TestFetchRetryAfter(t *testing.T) {
	clk := newFakeClock()
	for _, tc := range []struct {
		name   string
		status int
		header string
		want   time.Duration
	}{
		{"429 seconds", 429, "120", 120 * time.Second},
		{"503 http-date", 503, clk.Now().Add(10 * time.Minute).UTC().Format(http.TimeFormat), 10 * time.Minute},
		{"429 without header", 429, "", time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			var limited atomic.Bool
			limited.Store(true)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				if limited.Load() {
					if tc.header != "" {
						w.Header().Set("Retry-After", tc.header)
					}
					w.WriteHeader(tc.status)
					return
				}
				fmt.Fprint(w, "ok")
			}))
			defer srv.Close()
			clk := newFakeClock()
			c := newClient(t, Config{Clock: clk})
			ctx := context.Background()
			_, err := c.Fetch(ctx, srv.URL+"/p")
			var ra *RetryAfterError
			if !errors.As(err, &ra) {
				t.Fatalf("err = %v, want *RetryAfterError", err)
			}
			if got, want := ra.Until.Sub(clk.Now()), tc.want; got != want {
				t.Fatalf("wait = %s, want %s", got, want)
			}
			if errors.Is(err, ErrHostBackedOff) {
				t.Fatalf("the answer itself should not claim nothing was sent")
			}
			limited.Store(false)
			clk.Advance(tc.want - time.Second)
			if _, err := c.Fetch(ctx, srv.URL+"/other"); !errors.Is(err, ErrHostBackedOff) {
				t.Fatalf("before the wait: err = %v, want ErrHostBackedOff", err)
			}
			if got := hits.Load(); got != 1 {
				t.Fatalf("server asked %d times during the wait, want 1", got)
			}
			clk.Advance(time.Second)
			if _, err := c.Fetch(ctx, srv.URL+"/p"); err != nil {
				t.Fatalf("after the wait: %v", err)
			}
			if got := hits.Load(); got != 2 {
				t.Fatalf("hits = %d, want 2", got)
			}
		})
	}
}

func TestFetch503WithoutRetryAfter(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(503)
		fmt.Fprint(w, "<html>Sorry, we just need to make sure you're not a robot</html>")
	}))
	defer srv.Close()
	c := newClient(t, Config{})
	p, err := c.Fetch(context.Background(), srv.URL)
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != 503 {
		t.Fatalf("err = %v, want *StatusError 503", err)
	}
	if p == nil || !strings.Contains(string(p.Body), "robot") {
		t.Fatalf("page not returned with the 503: %+v", p)
	}
	// Not a Retry-After wait: the next request goes out.
	if _, err := c.Fetch(context.Background(), srv.URL); errors.Is(err, ErrHostBackedOff) {
		t.Fatalf("503 without Retry-After backed the host off: %v", err)
	}
}

func TestBlockBacksOffExponentially(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	clk := newFakeClock()
	var logs bytes.Buffer
	c := newClient(t, Config{Clock: clk, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	host := HostOf(srv.URL)
	ctx := context.Background()

	wantBase := []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 6 * time.Hour, 6 * time.Hour}
	for i, base := range wantBase {
		until := c.Block(host)
		d := until.Sub(clk.Now())
		if d < base || d > base+base/10+time.Nanosecond {
			t.Fatalf("block %d: backoff %s, want %s plus up to 10%%", i+1, d, base)
		}
		_, err := c.Fetch(ctx, srv.URL+"/dp/1")
		var be *BackedOffError
		if !errors.Is(err, ErrHostBackedOff) || !errors.As(err, &be) || !be.Until.Equal(until) {
			t.Fatalf("block %d: err = %v, want ErrHostBackedOff until %s", i+1, err, until)
		}
		if got := hits.Load(); got != 0 {
			t.Fatalf("block %d: %d requests sent during backoff", i+1, got)
		}
		if got := c.BackedOff(host); !got.Equal(until) {
			t.Fatalf("BackedOff = %s, want %s", got, until)
		}
		clk.Advance(d)
	}
	if _, err := c.Fetch(ctx, srv.URL+"/dp/1"); err != nil {
		t.Fatalf("after backoff: %v", err)
	}
	if got := hits.Load(); got != 1 {
		t.Fatalf("hits = %d, want 1", got)
	}
	if !strings.Contains(logs.String(), "host="+host) || !strings.Contains(logs.String(), "until=") {
		t.Fatalf("backoff not logged with host and until: %s", logs.String())
	}
	c.Unblock(host)
	if d := c.Block(host).Sub(clk.Now()); d > 15*time.Minute+90*time.Second {
		t.Fatalf("after Unblock, backoff %s, want the base again", d)
	}
	// Other hosts are unaffected.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }))
	defer other.Close()
	if _, err := c.Fetch(ctx, other.URL); err != nil {
		t.Fatalf("other host: %v", err)
	}
}

func TestPerHostGapFakeClock(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }))
	defer srv.Close()
	clk := newFakeClock()
	c := newClient(t, Config{Clock: clk, PerHostInterval: 10 * time.Second})
	for i := range 3 {
		if _, err := c.Fetch(context.Background(), srv.URL); err != nil {
			t.Fatalf("fetch %d: %v", i, err)
		}
	}
	if got, want := clk.Slept(), 20*time.Second; got != want {
		t.Fatalf("waited %s over 3 requests, want %s (10s gap)", got, want)
	}
	// Jitter adds up to its value on top of the gap.
	clk2 := newFakeClock()
	c2 := newClient(t, Config{Clock: clk2, PerHostInterval: 10 * time.Second, Jitter: 4 * time.Second})
	for range 3 {
		if _, err := c2.Fetch(context.Background(), srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	if got := clk2.Slept(); got < 20*time.Second || got >= 32*time.Second {
		t.Fatalf("waited %s with jitter, want within [20s, 32s)", got)
	}
}

// inflight counts requests in flight per host and overall, and when each started.
type inflight struct {
	mu      sync.Mutex
	now     map[string]int
	maxHost int
	total   int
	maxAll  int
	starts  map[string][]time.Time
}

func (f *inflight) handler(hold time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.now[r.Host]++
		f.total++
		f.maxHost = max(f.maxHost, f.now[r.Host])
		f.maxAll = max(f.maxAll, f.total)
		f.starts[r.Host] = append(f.starts[r.Host], time.Now())
		f.mu.Unlock()
		time.Sleep(hold)
		f.mu.Lock()
		f.now[r.Host]--
		f.total--
		f.mu.Unlock()
		fmt.Fprint(w, "ok")
	})
}

func TestPerHostSerialization(t *testing.T) {
	f := &inflight{now: map[string]int{}, starts: map[string][]time.Time{}}
	a := httptest.NewServer(f.handler(5 * time.Millisecond))
	defer a.Close()
	b := httptest.NewServer(f.handler(5 * time.Millisecond))
	defer b.Close()
	const gap = 40 * time.Millisecond
	c := newClient(t, Config{PerHostInterval: gap, MaxConcurrent: 8})
	// Warm the connections first: a TCP handshake before the first request
	// would shorten the gap the server sees without the client being rude.
	for _, base := range []string{a.URL, b.URL} {
		if _, err := c.Fetch(context.Background(), base+"/warm"); err != nil {
			t.Fatal(err)
		}
	}
	f.mu.Lock()
	f.starts = map[string][]time.Time{}
	f.mu.Unlock()
	var wg sync.WaitGroup
	for i := range 10 {
		for _, base := range []string{a.URL, b.URL} {
			wg.Go(func() {
				if _, err := c.Fetch(context.Background(), fmt.Sprintf("%s/dp/%d", base, i)); err != nil {
					t.Errorf("fetch: %v", err)
				}
			})
		}
	}
	wg.Wait()
	if f.maxHost != 1 {
		t.Fatalf("max requests in flight to one host = %d, want 1", f.maxHost)
	}
	for host, starts := range f.starts {
		if len(starts) != 10 {
			t.Fatalf("%s got %d requests, want 10", host, len(starts))
		}
		for i := 1; i < len(starts); i++ {
			// A little slack: the gap is measured where the request leaves.
			if d := starts[i].Sub(starts[i-1]); d < gap-10*time.Millisecond {
				t.Fatalf("%s: requests %d and %d only %s apart, want >= %s", host, i-1, i, d, gap)
			}
		}
	}
}

func TestGlobalConcurrencyLimit(t *testing.T) {
	f := &inflight{now: map[string]int{}, starts: map[string][]time.Time{}}
	var urls []string
	for range 4 {
		s := httptest.NewServer(f.handler(10 * time.Millisecond))
		defer s.Close()
		urls = append(urls, s.URL)
	}
	c := newClient(t, Config{MaxConcurrent: 2})
	var wg sync.WaitGroup
	for range 3 {
		for _, u := range urls {
			wg.Go(func() {
				if _, err := c.Fetch(context.Background(), u); err != nil {
					t.Errorf("fetch: %v", err)
				}
			})
		}
	}
	wg.Wait()
	if f.maxAll > 2 {
		t.Fatalf("max requests in flight overall = %d, want <= 2", f.maxAll)
	}
}

func TestFetchRejectsNonHTTP(t *testing.T) {
	c := newClient(t, Config{})
	for _, u := range []string{"", "file:///etc/passwd", "ftp://x/y", "://"} {
		if _, err := c.Fetch(context.Background(), u); err == nil {
			t.Errorf("Fetch(%q) succeeded, want an error", u)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"30", 30 * time.Second, true},
		{" 0 ", 0, true},
		{now.Add(time.Hour).Format(http.TimeFormat), time.Hour, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"", 0, false},
		{"-5", 0, false},
		{"soon", 0, false},
	} {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestRedact(t *testing.T) {
	u, _ := url.Parse("https://user:pw@www.amazon.co.jp/dp/B01?tag=secret#frag")
	if got, want := Redact(u), "https://www.amazon.co.jp/dp/B01"; got != want {
		t.Fatalf("Redact = %q, want %q", got, want)
	}
}

// A caller giving up is never stuck behind politeness: neither behind a
// request in flight to the same host nor in the gap before its own.
func TestFetchGivesUpWhileWaitingItsTurn(t *testing.T) {
	hung := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hang" {
			hung <- struct{}{}
			<-r.Context().Done()
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()

	t.Run("behind a request in flight", func(t *testing.T) {
		c := newClient(t, Config{Timeout: time.Minute})
		bg, stop := context.WithCancel(context.Background())
		defer stop()
		go c.Fetch(bg, srv.URL+"/hang")
		<-hung
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		if _, err := c.Fetch(ctx, srv.URL+"/p"); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the caller's deadline", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("gave up after %s", d)
		}
	})
	t.Run("in the gap", func(t *testing.T) {
		c := newClient(t, Config{PerHostInterval: time.Hour})
		if _, err := c.Fetch(context.Background(), srv.URL+"/p"); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		if _, err := c.Fetch(ctx, srv.URL+"/p"); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the caller's deadline", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("gave up after %s", d)
		}
	})
}
