package fetch

import (
	"log/slog"
	"net/http"
	"time"
)

// DefaultUserAgent is a current desktop browser string: stores serve robot
// checks more readily to clients that announce themselves as bots.
const DefaultUserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36"

// Config tunes a Client. Zero fields take the defaults noted.
type Config struct {
	UserAgent string        // default DefaultUserAgent
	Timeout   time.Duration // whole request incl. body; default 30s
	// PerHostInterval is the minimum gap between the end of one answer and
	// the next request to the same host (config http.per_host_interval).
	// 0: no gap (benchmarks).
	PerHostInterval time.Duration
	// Jitter is a random extra gap up to this much before each request, so
	// requests do not arrive on the dot. 0: PerHostInterval/4; <0: none.
	Jitter        time.Duration
	Proxy         string // proxy URL (config http.proxy); "" uses HTTPS_PROXY/HTTP_PROXY
	MaxBody       int64  // default 10 MB; a larger body is ErrTooLarge
	MaxRedirects  int    // default 10
	MaxConcurrent int    // requests in flight over all hosts; default 4

	BlockBase         time.Duration // first robot-check backoff; default 15 min
	BlockMax          time.Duration // backoff cap; default 6 h
	DefaultRetryAfter time.Duration // wait after a 429 without Retry-After; default 1 min
	MaxRetryAfter     time.Duration // cap on a server's Retry-After; default 24 h

	Clock     Clock             // default SystemClock
	Logger    *slog.Logger      // default slog.Default()
	Transport http.RoundTripper // default: a clone of http.DefaultTransport with Proxy set
}

// Defaults used for zero Config fields.
const (
	DefaultTimeout       = 30 * time.Second
	DefaultMaxBody       = 10 << 20
	DefaultMaxRedirects  = 10
	DefaultMaxConcurrent = 4
	DefaultBlockBase     = 15 * time.Minute
	DefaultBlockMax      = 6 * time.Hour
)

func (c Config) withDefaults() Config {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.PerHostInterval < 0 {
		c.PerHostInterval = 0
	}
	switch {
	case c.Jitter == 0:
		c.Jitter = c.PerHostInterval / 4
	case c.Jitter < 0:
		c.Jitter = 0
	}
	if c.MaxBody <= 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = DefaultMaxRedirects
	}
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = DefaultMaxConcurrent
	}
	if c.BlockBase <= 0 {
		c.BlockBase = DefaultBlockBase
	}
	if c.BlockMax < c.BlockBase {
		c.BlockMax = max(DefaultBlockMax, c.BlockBase)
	}
	if c.DefaultRetryAfter <= 0 {
		c.DefaultRetryAfter = time.Minute
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = 24 * time.Hour
	}
	if c.Clock == nil {
		c.Clock = SystemClock{}
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}
