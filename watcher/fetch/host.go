package fetch

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"time"
)

// host is the politeness state of one host (URL.Host, port included).
type host struct {
	turn chan struct{} // a mutex that a ctx can abandon: one request in flight
	// next is when the host may be asked again: PerHostInterval after the
	// previous response was read in full (not after it was sent, so a slow
	// answer or a late-scheduled request never shortens the gap the host
	// sees). Only the holder of turn touches it.
	next time.Time

	// Guarded by Client.mu.
	waitUntil  time.Time // Retry-After
	waitStatus int
	blockUntil time.Time // robot-check backoff
	blocks     int       // consecutive robot checks
}

func (c *Client) host(name string) *host {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.hosts[name]
	if !ok {
		h = &host{turn: make(chan struct{}, 1)}
		c.hosts[name] = h
	}
	return h
}

// refuse returns the reason not to ask the host now, or nil.
func (c *Client) refuse(name string, h *host) error {
	now := c.cfg.Clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Before(h.blockUntil) {
		return &BackedOffError{Host: name, Until: h.blockUntil}
	}
	if now.Before(h.waitUntil) {
		return &RetryAfterError{Host: name, StatusCode: h.waitStatus, Until: h.waitUntil, NotSent: true}
	}
	return nil
}

// take waits for the host's turn and for the gap since its last answer.
// The returned func, called when the answer is read, releases the turn.
func (c *Client) take(ctx context.Context, h *host) (release func(), err error) {
	select {
	case h.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release = func() {
		if c.cfg.PerHostInterval > 0 {
			h.next = c.cfg.Clock.Now().Add(c.cfg.PerHostInterval)
		}
		<-h.turn
	}
	wait := h.next.Sub(c.cfg.Clock.Now())
	if c.cfg.Jitter > 0 {
		wait = max(wait, 0) + rand.N(c.cfg.Jitter)
	}
	if err := c.cfg.Clock.Sleep(ctx, wait); err != nil {
		<-h.turn // nothing was sent: the gap is unchanged
		return nil, err
	}
	return release, nil
}

// Block tells the client that host served a robot check: it is not asked
// again before the returned time. Each consecutive block doubles the wait
// (Config.BlockBase up to BlockMax, plus up to 10% jitter).
func (c *Client) Block(name string) time.Time {
	h := c.host(name)
	now := c.cfg.Clock.Now()
	c.mu.Lock()
	h.blocks++
	d := c.cfg.BlockBase
	for i := 1; i < h.blocks && d < c.cfg.BlockMax; i++ {
		d *= 2
	}
	d = min(d, c.cfg.BlockMax)
	d += rand.N(d/10 + 1)
	h.blockUntil = now.Add(d)
	until, blocks := h.blockUntil, h.blocks
	c.mu.Unlock()
	c.cfg.Logger.Warn("host served a robot check; backing off",
		slog.String("host", name), slog.Time("until", until),
		slog.Duration("backoff", d.Round(time.Second)), slog.Int("blocks", blocks))
	return until
}

// Unblock tells the client that host served a real page again: the next
// robot check starts from the base backoff.
func (c *Client) Unblock(name string) {
	c.mu.Lock()
	h, ok := c.hosts[name]
	was := ok && h.blocks > 0
	if was {
		h.blocks = 0
		h.blockUntil = time.Time{}
	}
	c.mu.Unlock()
	if was {
		c.cfg.Logger.Info("host serves pages again", slog.String("host", name))
	}
}

// BackedOff reports until when host is not asked (zero: it may be asked now).
func (c *Client) BackedOff(name string) time.Time {
	now := c.cfg.Clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.hosts[name]
	if !ok {
		return time.Time{}
	}
	until := h.blockUntil
	if h.waitUntil.After(until) {
		until = h.waitUntil
	}
	if !now.Before(until) {
		return time.Time{}
	}
	return until
}
