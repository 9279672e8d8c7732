package fetch

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors; check them with errors.Is.
var (
	// ErrTooLarge means the body was larger than Config.MaxBody; it was not read.
	ErrTooLarge = errors.New("page body too large")
	// ErrHostBackedOff means no request was sent: the host served a robot
	// check (Block) or asked us to wait (Retry-After) and the wait is not over.
	ErrHostBackedOff = errors.New("host is backed off")
	// ErrRedirectLoop means a redirect led back to a page already visited.
	ErrRedirectLoop = errors.New("redirect loop")
	// ErrTooManyRedirects means more than Config.MaxRedirects redirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrTimeout means the request did not complete within Config.Timeout.
	ErrTimeout = errors.New("request timed out")
)

// RetryAfterError is returned for a 429 or 503 carrying Retry-After, and for
// any request to that host before the wait is over (then it also matches
// ErrHostBackedOff, since nothing was sent).
type RetryAfterError struct {
	Host       string
	StatusCode int       // the status that asked us to wait
	Until      time.Time // the host is not asked again before this
	NotSent    bool      // true when this request was refused locally
}

func (e *RetryAfterError) Error() string {
	if e.NotSent {
		return fmt.Sprintf("%s asked us to wait (HTTP %d) until %s", e.Host, e.StatusCode, e.Until.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("%s answered HTTP %d, retry after %s", e.Host, e.StatusCode, e.Until.UTC().Format(time.RFC3339))
}

// Is lets errors.Is(err, ErrHostBackedOff) match a request refused locally.
func (e *RetryAfterError) Is(target error) bool { return e.NotSent && target == ErrHostBackedOff }

// StatusError is a response outside 2xx (other than a Retry-After wait).
// Fetch returns it together with the Page, so the caller may still read it
// (a robot check is sometimes served with 503).
type StatusError struct {
	Host       string
	StatusCode int
}

func (e *StatusError) Error() string { return fmt.Sprintf("%s answered HTTP %d", e.Host, e.StatusCode) }

// BackedOffError is returned without sending a request while a host is backed
// off after a robot check; it matches ErrHostBackedOff.
type BackedOffError struct {
	Host  string
	Until time.Time
}

func (e *BackedOffError) Error() string {
	return fmt.Sprintf("%s served a robot check: %s until %s", e.Host, ErrHostBackedOff, e.Until.UTC().Format(time.RFC3339))
}

// Is lets errors.Is(err, ErrHostBackedOff) match.
func (e *BackedOffError) Is(target error) bool { return target == ErrHostBackedOff }
