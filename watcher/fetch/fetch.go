package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/net/publicsuffix"
)

// Page is one fetched page.
type Page struct {
	URL         string // what was asked for
	FinalURL    string // after redirects
	StatusCode  int
	ContentType string
	Body        []byte // raw bytes as served (gzip already undone)
}

// Fetcher fetches pages; the watcher depends on this, tests replace it.
type Fetcher interface {
	Fetch(ctx context.Context, url string) (*Page, error)
}

// Client is the polite Fetcher. Safe for concurrent use.
type Client struct {
	cfg  Config
	http *http.Client
	sem  chan struct{} // global concurrency limit

	mu    sync.Mutex
	hosts map[string]*host
}

var _ Fetcher = (*Client)(nil)

// New builds a Client from cfg (zero fields take defaults).
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	rt := cfg.Transport
	if rt == nil {
		proxy := http.ProxyFromEnvironment
		if cfg.Proxy != "" {
			pu, err := url.Parse(cfg.Proxy)
			if err != nil || pu.Host == "" {
				return nil, fmt.Errorf("http.proxy: not a proxy URL (got %q)", cfg.Proxy)
			}
			proxy = http.ProxyURL(pu)
		}
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.Proxy = proxy
		t.MaxIdleConnsPerHost = 2
		rt = t
	}
	jar, err := cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List})
	if err != nil {
		return nil, fmt.Errorf("cookie jar: %w", err)
	}
	c := &Client{
		cfg:   cfg,
		sem:   make(chan struct{}, cfg.MaxConcurrent),
		hosts: make(map[string]*host),
	}
	c.http = &http.Client{Transport: rt, Jar: jar, CheckRedirect: c.checkRedirect}
	return c, nil
}

// HostOf is the politeness key of a URL (its host, port included), the name
// Block and Unblock take. "" when the URL has none.
func HostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return hostKey(u)
}

// hostKey: host names are case-insensitive, so WWW.Amazon.co.jp and
// www.amazon.co.jp must share one turn and one backoff.
func hostKey(u *url.URL) string { return strings.ToLower(u.Host) }

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > c.cfg.MaxRedirects {
		return fmt.Errorf("%w (more than %d)", ErrTooManyRedirects, c.cfg.MaxRedirects)
	}
	next := req.URL.String()
	for _, v := range via {
		if v.URL.String() == next {
			return fmt.Errorf("%w: %s", ErrRedirectLoop, Redact(req.URL))
		}
	}
	return nil
}

// Fetch GETs rawURL politely. A body larger than MaxBody is ErrTooLarge; a
// 429/503 with Retry-After is *RetryAfterError; other non-2xx answers return
// the Page together with a *StatusError. While the host is backed off nothing
// is sent and the error matches ErrHostBackedOff.
func (c *Client) Fetch(ctx context.Context, rawURL string) (*Page, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("fetch: not an http(s) URL (got %q)", rawURL)
	}
	name := hostKey(u)
	h := c.host(name)
	if err := c.refuse(name, h); err != nil {
		return nil, err
	}
	release, err := c.take(ctx, h)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", name, err)
	}
	defer release()
	// Another request may have set a backoff while this one waited its turn.
	if err := c.refuse(name, h); err != nil {
		return nil, err
	}
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("fetch %s: %w", name, ctx.Err())
	}
	defer func() { <-c.sem }()
	return c.do(ctx, u, h)
}

func (c *Client) do(ctx context.Context, u *url.URL, h *host) (*Page, error) {
	name := hostKey(u)
	reqCtx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", Redact(u), err)
	}
	// No Accept-Encoding: the transport then asks for gzip and undoes it.
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	req.Header.Set("Accept-Language", AcceptLanguage(u.Hostname()))
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.wrap(ctx, u, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		now := c.cfg.Clock.Now()
		wait, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now)
		if !ok && resp.StatusCode == http.StatusTooManyRequests {
			wait, ok = c.cfg.DefaultRetryAfter, true
		}
		if ok {
			until := now.Add(min(wait, c.cfg.MaxRetryAfter))
			c.mu.Lock()
			h.waitUntil, h.waitStatus = until, resp.StatusCode
			c.mu.Unlock()
			c.cfg.Logger.Warn("host asked us to wait", "host", name, "status", resp.StatusCode, "until", until)
			return nil, &RetryAfterError{Host: name, StatusCode: resp.StatusCode, Until: until}
		}
	}

	body, err := readBody(resp, c.cfg.MaxBody)
	if err != nil {
		return nil, c.wrap(ctx, u, err)
	}
	p := &Page{
		URL:         u.String(),
		FinalURL:    resp.Request.URL.String(),
		StatusCode:  resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		Body:        body,
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return p, &StatusError{Host: name, StatusCode: resp.StatusCode}
	}
	return p, nil
}

// bufs recycles read buffers: a body is read into one, then copied out at
// its exact size, so a chunked page costs one allocation of its own size.
var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled: larger buffers are left to the GC rather than kept.
const maxPooled = 2 << 20

// readBody reads at most limit bytes; more is ErrTooLarge (never buffered).
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: %d bytes announced, limit %d", ErrTooLarge, resp.ContentLength, limit)
	}
	buf := bufs.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooled {
			buf.Reset()
			bufs.Put(buf)
		}
	}()
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1))
	if n > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// wrap turns a transport error into one sentence without the query string,
// telling a timeout from the caller giving up.
func (c *Client) wrap(ctx context.Context, u *url.URL, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if ctx.Err() != nil {
		return fmt.Errorf("fetch %s: %w", Redact(u), ctx.Err())
	}
	if errors.Is(err, context.DeadlineExceeded) || (ue != nil && ue.Timeout()) {
		return fmt.Errorf("fetch %s: %w after %s", Redact(u), ErrTimeout, c.cfg.Timeout)
	}
	return fmt.Errorf("fetch %s: %w", Redact(u), err)
}

// Redact is u without query string, fragment or user info, for logs and errors.
func Redact(u *url.URL) string {
	r := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	return r.String()
}
