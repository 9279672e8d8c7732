package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrClosed is returned by every operation after Close.
var ErrClosed = errors.New("database is closed")

// DefaultLockTimeout is Options.LockTimeout when it is zero.
const DefaultLockTimeout = 10 * time.Second

// lockSlice bounds one flock wait so a cancelled context is noticed promptly.
const lockSlice = 250 * time.Millisecond

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

	// mu orders this process's own operations so they wait on each other
	// here rather than polling each other's flock (bbolt retries every 50ms).
	mu     sync.RWMutex
	closed atomic.Bool
}

// Open prepares the database at path: creates parent folders (0700) and the
// file (0600), runs migrations, refuses a newer schema (ErrTooNew).
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = DefaultLockTimeout
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db := &DB{path: path, opts: opts}
	if err := db.ensureSchema(ctx); err != nil {
		return nil, err
	}
	return db, nil
}

// ensureSchema makes the file current. A file already at this schema is
// only read (shared lock, no fsync), so commands that merely look never write.
func (db *DB) ensureSchema(ctx context.Context) error {
	if fi, err := os.Stat(db.path); err == nil && fi.Size() > 0 {
		err := db.view(ctx, func(*bolt.Tx) error { return nil })
		if !errors.Is(err, errOlderSchema) {
			return err // nil: already current
		}
	}
	// update migrates to the current schema before running fn.
	return db.update(ctx, func(*bolt.Tx) error { return nil })
}

// Close releases the DB. Safe to call twice. The file is not held between
// operations, so there is nothing else to release.
func (db *DB) Close() error {
	db.closed.Store(true)
	return nil
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Ping proves the database answers (for the systemd watchdog): it takes the
// lock, reads the schema version and checks that the buckets are there.
func (db *DB) Ping(ctx context.Context) error {
	return db.view(ctx, func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				return fmt.Errorf("ping: bucket %s missing", name)
			}
		}
		return nil
	})
}

// view runs fn in a read transaction under a shared file lock.
func (db *DB) view(ctx context.Context, fn func(*bolt.Tx) error) error {
	if db.closed.Load() {
		return ErrClosed
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	bdb, err := db.openBolt(ctx, true)
	if err != nil {
		return err
	}
	err = bdb.View(func(tx *bolt.Tx) error {
		v, err := readVersion(tx)
		if err != nil {
			return err
		}
		if v != currentVersion() {
			return versionError(v)
		}
		return fn(tx)
	})
	if cerr := bdb.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close %s: %w", db.path, cerr)
	}
	return err
}

// update runs fn in a write transaction under an exclusive file lock,
// migrating first when the file is older than the code. If fn fails nothing
// is written.
func (db *DB) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	if db.closed.Load() {
		return ErrClosed
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	bdb, err := db.openBolt(ctx, false)
	if err != nil {
		return err
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		if err := migrate(tx, currentVersion()); err != nil {
			return err
		}
		return fn(tx)
	})
	if cerr := bdb.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close %s: %w", db.path, cerr)
	}
	return err
}

// openBolt opens the file, waiting up to LockTimeout (or ctx) for another
// process's lock.
func (db *DB) openBolt(ctx context.Context, readOnly bool) (*bolt.DB, error) {
	deadline := time.Now().Add(db.opts.LockTimeout)
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("open %s: %w", db.path, err)
		}
		wait := min(time.Until(deadline), lockSlice)
		if wait <= 0 {
			return nil, fmt.Errorf("open %s: %w (waited %s)", db.path, ErrInUse, db.opts.LockTimeout)
		}
		bdb, err := bolt.Open(db.path, 0o600, &bolt.Options{Timeout: wait, ReadOnly: readOnly})
		if err == nil {
			return bdb, nil
		}
		if !errors.Is(err, berrors.ErrTimeout) {
			return nil, fmt.Errorf("open %s: %w", db.path, err)
		}
	}
}
