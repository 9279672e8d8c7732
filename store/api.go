package store

// This file fixes the store's API so that watcher, notify and cmd can be
// written against it. STUBS: the store issue (#2) replaces every body.

import (
	"context"
	"io"
	"time"
)

// Options tune Open.
type Options struct {
	// LockTimeout is how long an operation waits for the file lock held by
	// another process before failing with ErrInUse. Default 10s.
	LockTimeout time.Duration
}

// DB is refundwatch's database. It holds the bbolt file open only for the
// duration of each operation, so a long-running daemon and short CLI commands
// share one file: each waits briefly for the other's lock.
type DB struct {
	path string
	opts Options
}

// Open prepares the database at path: creates parent folders (0700) and the
// file (0600), runs migrations, refuses a newer schema (ErrTooNew).
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	return nil, ErrNotImplemented
}

// Close releases the DB. Safe to call twice.
func (db *DB) Close() error { return nil }

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Ping proves the database answers (for the systemd watchdog).
func (db *DB) Ping(ctx context.Context) error { return ErrNotImplemented }

// LockDaemon takes the single-daemon lock (a file beside the database, held
// until release). A second daemon gets ErrDaemonRunning.
func (db *DB) LockDaemon() (release func() error, err error) { return nil, ErrNotImplemented }

// AddPurchase stores a new purchase, assigning ID (NextSequence) and Created.
func (db *DB) AddPurchase(ctx context.Context, p Purchase) (Purchase, error) {
	return Purchase{}, ErrNotImplemented
}

// Purchase returns one purchase, or ErrNotFound.
func (db *DB) Purchase(ctx context.Context, id uint64) (Purchase, error) {
	return Purchase{}, ErrNotImplemented
}

// Purchases returns every purchase ordered by ID.
func (db *DB) Purchases(ctx context.Context) ([]Purchase, error) { return nil, ErrNotImplemented }

// UpdatePurchase loads, changes (fn) and stores a purchase in one transaction.
func (db *DB) UpdatePurchase(ctx context.Context, id uint64, fn func(*Purchase) error) (Purchase, error) {
	return Purchase{}, ErrNotImplemented
}

// DeletePurchase forgets a purchase with its history, alerts and claims.
func (db *DB) DeletePurchase(ctx context.Context, id uint64) error { return ErrNotImplemented }

// History returns a purchase's observations, oldest first.
func (db *DB) History(ctx context.Context, id uint64) ([]Observation, error) {
	return nil, ErrNotImplemented
}

// RecordCheck stores the result of one check in one transaction: it loads the
// purchase, lets decide update it and return alerts to queue, appends obs to
// the history only when its status or price differs from the latest point,
// stores the purchase and enqueues the alerts (IDs assigned). It returns the
// stored purchase and alerts.
func (db *DB) RecordCheck(ctx context.Context, id uint64, obs Observation, decide func(p *Purchase) ([]Alert, error)) (Purchase, []Alert, error) {
	return Purchase{}, nil, ErrNotImplemented
}

// EnqueueAlert commits an alert to the outbox (ID and Created assigned).
func (db *DB) EnqueueAlert(ctx context.Context, a Alert) (Alert, error) {
	return Alert{}, ErrNotImplemented
}

// PendingAlerts returns alerts not yet sent nor permanently failed, by ID.
func (db *DB) PendingAlerts(ctx context.Context) ([]Alert, error) { return nil, ErrNotImplemented }

// Alerts returns every alert of one purchase, by ID.
func (db *DB) Alerts(ctx context.Context, purchaseID uint64) ([]Alert, error) {
	return nil, ErrNotImplemented
}

// UpdateAlert loads, changes (fn) and stores an alert in one transaction.
func (db *DB) UpdateAlert(ctx context.Context, id uint64, fn func(*Alert) error) (Alert, error) {
	return Alert{}, ErrNotImplemented
}

// AddClaim records a claim step and moves the purchase's status with it
// (submitted/refunded/denied; refunded sets Refunded) in one transaction.
func (db *DB) AddClaim(ctx context.Context, id uint64, c Claim) (Purchase, error) {
	return Purchase{}, ErrNotImplemented
}

// Claims returns a purchase's claim steps, oldest first.
func (db *DB) Claims(ctx context.Context, id uint64) ([]Claim, error) { return nil, ErrNotImplemented }

// Stats summarises the database at now.
func (db *DB) Stats(ctx context.Context, now time.Time) (Stats, error) { return Stats{}, ErrNotImplemented }

// Backup writes a consistent copy of the database (tx.WriteTo) to w.
func (db *DB) Backup(ctx context.Context, w io.Writer) (int64, error) { return 0, ErrNotImplemented }

// BackupFile writes a consistent copy to path (temp file + rename, mode 0600).
func (db *DB) BackupFile(ctx context.Context, path string) error { return ErrNotImplemented }

// Export writes every purchase with history, claims and alerts as JSON.
func (db *DB) Export(ctx context.Context, w io.Writer) error { return ErrNotImplemented }

// Import reads what Export wrote. All or nothing; idempotent: a purchase
// already present (same URL, order and bought time) is merged, not duplicated.
// It returns how many purchases were added and merged.
func (db *DB) Import(ctx context.Context, r io.Reader) (added, merged int, err error) {
	return 0, 0, ErrNotImplemented
}
