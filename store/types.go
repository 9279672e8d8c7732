package store

import (
	"errors"
	"time"

	"refundwatch/store/money"
)

// Sentinel errors; check them with errors.Is.
var (
	ErrNotFound       = errors.New("not found")
	ErrInUse          = errors.New("database is in use by another refundwatch")
	ErrTooNew         = errors.New("database was written by a newer refundwatch")
	ErrDaemonRunning  = errors.New("another refundwatch daemon is running on this database")
	ErrNotImplemented = errors.New("not implemented yet")
)

// Status is where a purchase stands in its price-protection window.
type Status string

// The statuses of CONTRACT.md.
const (
	StatusWatching  Status = "watching"
	StatusDropped   Status = "dropped"
	StatusSubmitted Status = "submitted"
	StatusRefunded  Status = "refunded"
	StatusDenied    Status = "denied"
	StatusExpired   Status = "expired"
)

// Purchase is one thing bought whose price we watch through its window.
// The watcher's decision state (LastAlerted, LastSuccess, ...) lives here so a
// restart never re-alerts.
type Purchase struct {
	ID         uint64      `json:"id"`
	URL        string      `json:"url"`
	Title      string      `json:"title"`
	Order      string      `json:"order"`
	Paid       money.Money `json:"paid"`
	Bought     time.Time   `json:"bought"`
	WindowEnds time.Time   `json:"window_ends"`
	Status     Status      `json:"status"`
	Selector   string      `json:"selector,omitempty"` // user's CSS selector for the price
	Created    time.Time   `json:"created"`
	Seller     string      `json:"seller,omitempty"` // last seller seen on the page
	ThirdParty bool        `json:"third_party,omitempty"`

	LastPrice   *money.Money `json:"last_price"`   // last price read (nil: none yet)
	LastStatus  string       `json:"last_status"`  // last extraction status (ok, unavailable, blocked, not_found, error)
	LastChecked time.Time    `json:"last_checked"` // zero: never
	LastSuccess time.Time    `json:"last_success"` // last check that read a price
	LowestPrice *money.Money `json:"lowest_price"` // lowest price seen in the window

	LastAlerted    *money.Money `json:"last_alerted,omitempty"` // price of the last drop alert
	StaleAlerted   bool         `json:"stale_alerted,omitempty"`
	ReminderSent   bool         `json:"reminder_sent,omitempty"`
	CurrencyWarned bool         `json:"currency_warned,omitempty"`

	Refunded *money.Money `json:"refunded,omitempty"` // amount the store refunded (claim)
}

// EffectiveStatus is the status as a user should see it at now: a purchase
// still watching (or dropped but never claimed) after its window is expired.
func (p Purchase) EffectiveStatus(now time.Time) Status {
	if (p.Status == StatusWatching || p.Status == StatusDropped) && !p.WindowEnds.IsZero() && !now.Before(p.WindowEnds) {
		return StatusExpired
	}
	return p.Status
}

// Observation is one point of price history: what a check saw.
type Observation struct {
	At     time.Time    `json:"at"`
	Status string       `json:"status"` // ok, unavailable, not_found, blocked, error
	Price  *money.Money `json:"price"`
}

// AlertKind says why an alert exists.
type AlertKind string

// Alert kinds.
const (
	AlertDrop     AlertKind = "drop"     // the price fell below what was paid
	AlertStale    AlertKind = "stale"    // the page could not be read for a long stretch
	AlertReminder AlertKind = "reminder" // an unclaimed drop whose window closes soon
	AlertTest     AlertKind = "test"     // refundwatch notify test
)

// Alert is one entry of the outbox: committed before delivery, marked sent
// after the channel accepted it.
type Alert struct {
	ID         uint64       `json:"id"`
	PurchaseID uint64       `json:"purchase_id"`
	Kind       AlertKind    `json:"kind"`
	Created    time.Time    `json:"created"`
	Price      *money.Money `json:"price,omitempty"`   // the price that triggered a drop alert
	Suspect    bool         `json:"suspect,omitempty"` // a deep fall, confirmed by a re-check
	Note       string       `json:"note,omitempty"`

	// Delivery state, owned by notify.
	Attempts    int       `json:"attempts"`
	NextAttempt time.Time `json:"next_attempt"`
	Sent        time.Time `json:"sent"`                // zero: not delivered yet
	Channel     string    `json:"channel,omitempty"`   // which sender accepted it
	ThreadTS    string    `json:"thread_ts,omitempty"` // Slack message ts (bot mode), for thread replies
	LastError   string    `json:"last_error,omitempty"`
	Failed      bool      `json:"failed,omitempty"` // permanent failure: not retried
}

// Pending reports whether the alert still waits for delivery.
func (a Alert) Pending() bool { return a.Sent.IsZero() && !a.Failed }

// ClaimKind is what became of a refund request.
type ClaimKind string

// Claim kinds.
const (
	ClaimSubmitted ClaimKind = "submitted"
	ClaimRefunded  ClaimKind = "refunded"
	ClaimDenied    ClaimKind = "denied"
)

// Claim records one step of a refund request.
type Claim struct {
	At     time.Time    `json:"at"`
	Kind   ClaimKind    `json:"kind"`
	Amount *money.Money `json:"amount,omitempty"` // with ClaimRefunded
}

// Stats summarises the database for `refundwatch stats`.
type Stats struct {
	Purchases     int           `json:"purchases"`
	Watching      int           `json:"watching"`
	DropsFound    int           `json:"drops_found"`   // purchases that ever dropped
	ClaimsOpen    int           `json:"claims_open"`   // dropped or submitted, not yet refunded/denied
	Recovered     []money.Money `json:"recovered"`     // refunded, one entry per currency
	DueUnclaimed  []money.Money `json:"due_unclaimed"` // refund_due of open drops, per currency
	AlertsPending int           `json:"alerts_pending"`
	AlertsFailed  int           `json:"alerts_failed"`
}
