package notify

import (
	"errors"
	"time"
)

// IsPermanent reports whether err says retrying cannot help (invalid_auth,
// channel_not_found, a revoked webhook, ...).
func IsPermanent(err error) bool {
	var p interface{ Permanent() bool }
	return errors.As(err, &p) && p.Permanent()
}

// isChannelWide reports a permanent failure of the channel itself (bad token,
// revoked webhook): retrying this alert later, once fixed, can succeed.
func isChannelWide(err error) bool {
	var c interface{ ChannelWide() bool }
	return errors.As(err, &c) && c.ChannelWide()
}

// retryDelay is the wait the channel asked for (Slack's Retry-After), or 0.
func retryDelay(err error) time.Duration {
	var r interface{ RetryDelay() time.Duration }
	if errors.As(err, &r) {
		return r.RetryDelay()
	}
	return 0
}

// permanentError marks failures found before sending (deleted purchase,
// unbuildable card) as not worth retrying.
type permanentError struct{ err error }

func (e permanentError) Error() string   { return e.err.Error() }
func (e permanentError) Unwrap() error   { return e.err }
func (e permanentError) Permanent() bool { return true }
