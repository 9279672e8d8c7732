package store

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"syscall"
)

// LockDaemon takes the single-daemon lock: an exclusive flock on a file
// beside the database (path + ".lock"), held until release. A second daemon
// gets ErrDaemonRunning. It is separate from the database file's own lock,
// which is only held per operation. The lock file keeps the holder's PID for
// people; it is never removed, so two daemons never lock different files.
func (db *DB) LockDaemon() (release func() error, err error) {
	path := db.path + ".lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("daemon lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (lock %s)", ErrDaemonRunning, path)
		}
		return nil, fmt.Errorf("daemon lock %s: %w", path, err)
	}
	// Best effort: the PID only helps a person find the holder.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	var once sync.Once
	release = func() error {
		err := error(nil)
		once.Do(func() {
			// Closing the descriptor drops the flock.
			if cerr := f.Close(); cerr != nil {
				err = fmt.Errorf("release daemon lock: %w", cerr)
			}
		})
		return err
	}
	return release, nil
}
