package notify

import (
	"math/rand/v2"
	"time"
)

// Default retry timing: 30 s doubling to 1 h.
const (
	DefaultBaseBackoff = 30 * time.Second
	DefaultMaxBackoff  = time.Hour
	DefaultPoll        = time.Minute

	defaultHTTPTimeout = 30 * time.Second
)

// backoff is the wait before retry number attempts+1: base·2^(attempts−1),
// capped at max, then spread ±20 % so many failed alerts do not retry in lockstep.
func backoff(attempts int, base, maxWait time.Duration) time.Duration {
	d := base
	for i := 1; i < attempts && d < maxWait; i++ {
		d *= 2
	}
	d = min(d, maxWait)
	if d < 5 {
		return d
	}
	return d - d/5 + rand.N(2*d/5)
}

// afterRetry is the wait when the channel named one (429 Retry-After):
// never less, plus up to 10 % so a burst does not return at once.
func afterRetry(retry time.Duration) time.Duration {
	if retry < 10 {
		return retry
	}
	return retry + rand.N(retry/10)
}
