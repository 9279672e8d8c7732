package store

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestLockDaemon(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	release, err := db.LockDaemon()
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(db.Path() + ".lock"); strings.TrimSpace(string(b)) != strconv.Itoa(os.Getpid()) {
		t.Fatalf("lock file holds %q, want our pid", b)
	}
	if _, err := db.LockDaemon(); !errors.Is(err, ErrDaemonRunning) {
		t.Fatalf("second LockDaemon = %v, want ErrDaemonRunning", err)
	}
	// Another process is refused too.
	h := startHelper(t, "daemon", db.Path(), 0)
	<-h.done
	if h.err == nil || !strings.Contains(h.err.Error(), "another refundwatch daemon is running") {
		t.Fatalf("helper daemon while we hold the lock: %v", h.err)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if err := release(); err != nil {
		t.Fatalf("second release: %v", err)
	}
	// Released: a daemon in another process gets it, and then we cannot.
	h = startHelper(t, "daemon", db.Path(), 0)
	h.waitFor(t, "locked")
	if _, err := db.LockDaemon(); !errors.Is(err, ErrDaemonRunning) {
		t.Fatalf("LockDaemon while a helper holds it = %v", err)
	}
	h.wait(t)
	release, err = db.LockDaemon()
	if err != nil {
		t.Fatalf("LockDaemon after the helper ended: %v", err)
	}
	_ = release()
}
