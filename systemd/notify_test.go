package systemd

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// listenNotify makes a unixgram socket like systemd's, points NOTIFY_SOCKET at
// it and returns it.
func listenNotify(t *testing.T) *net.UnixConn {
	t.Helper()
	path := filepath.Join(t.TempDir(), "notify.sock")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatalf("listen %s: %v", path, err)
	}
	t.Cleanup(func() { conn.Close() })
	t.Setenv("NOTIFY_SOCKET", path)
	return conn
}

// receive returns the next datagram, or "" when none arrives within d.
func receive(t *testing.T, conn *net.UnixConn, d time.Duration) string {
	t.Helper()
	if err := conn.SetReadDeadline(time.Now().Add(d)); err != nil {
		t.Fatalf("set deadline: %v", err)
	}
	buf := make([]byte, 4096)
	n, err := conn.Read(buf)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return ""
	}
	if err != nil {
		t.Fatalf("read notify socket: %v", err)
	}
	return string(buf[:n])
}

func TestNotifyMessages(t *testing.T) {
	tests := []struct {
		name string
		send func() error
		want string
	}{
		{"ready", Ready, "READY=1"},
		{"stopping", Stopping, "STOPPING=1"},
		{"status", func() error { return Status("watching 3 purchases") }, "STATUS=watching 3 purchases"},
		{"status newline cannot inject", func() error { return Status("ok\nREADY=1") }, "STATUS=ok READY=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn := listenNotify(t)
			if !NotifySocketSet() {
				t.Fatal("NotifySocketSet() = false with NOTIFY_SOCKET set")
			}
			if err := tt.send(); err != nil {
				t.Fatalf("send: %v", err)
			}
			if got := receive(t, conn, 2*time.Second); got != tt.want {
				t.Fatalf("socket got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNotifyOutsideSystemd(t *testing.T) {
	t.Setenv("NOTIFY_SOCKET", "")
	if NotifySocketSet() {
		t.Fatal("NotifySocketSet() = true without NOTIFY_SOCKET")
	}
	for name, send := range map[string]func() error{"ready": Ready, "stopping": Stopping} {
		if err := send(); err != nil {
			t.Errorf("%s outside systemd: %v, want nil", name, err)
		}
	}
}

func TestNotifyUnreachableSocket(t *testing.T) {
	t.Setenv("NOTIFY_SOCKET", filepath.Join(t.TempDir(), "gone.sock"))
	err := Ready()
	if err == nil {
		t.Fatal("Ready() to a missing socket: nil error")
	}
	if !strings.Contains(err.Error(), "READY=1") {
		t.Fatalf("error %q does not say which message failed", err)
	}
}

func TestWatchdogPingsOnlyWhileHealthy(t *testing.T) {
	conn := listenNotify(t)
	const interval = 100 * time.Millisecond
	t.Setenv("WATCHDOG_USEC", strconv.Itoa(int(interval/time.Microsecond)))
	t.Setenv("WATCHDOG_PID", strconv.Itoa(os.Getpid()))

	var healthy atomic.Bool
	healthy.Store(true)
	var deadlineOK atomic.Bool
	deadlineOK.Store(true)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Watchdog(ctx, func(hctx context.Context) bool {
			// A health check must give up before the next ping is due.
			if d, ok := hctx.Deadline(); !ok || time.Until(d) > interval/3 {
				deadlineOK.Store(false)
			}
			return healthy.Load()
		})
	}()

	for i := 0; i < 3; i++ {
		if got := receive(t, conn, 2*time.Second); got != "WATCHDOG=1" {
			t.Fatalf("ping %d while healthy: got %q, want WATCHDOG=1", i, got)
		}
	}

	healthy.Store(false)
	// Pings sent before the switch may still be queued or in flight: let any
	// running check finish, drop what is queued, then expect silence for
	// several watchdog periods.
	time.Sleep(interval)
	for receive(t, conn, 10*time.Millisecond) != "" {
	}
	if got := receive(t, conn, 2*interval); got != "" {
		t.Fatalf("unhealthy daemon still pinged: got %q", got)
	}

	healthy.Store(true)
	if got := receive(t, conn, 2*time.Second); got != "WATCHDOG=1" {
		t.Fatalf("pings did not resume once healthy: got %q", got)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Watchdog after cancel: %v, want nil", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Watchdog did not return after its context was cancelled")
	}
	if !deadlineOK.Load() {
		t.Fatal("health check context had no deadline within half the interval")
	}
}

func TestWatchdogNotArmed(t *testing.T) {
	tests := []struct {
		name, usec, pid string
		wantErr         bool
	}{
		{name: "no WatchdogSec", usec: "", pid: ""},
		{name: "armed for another process", usec: "100000", pid: strconv.Itoa(os.Getpid() + 1)},
		{name: "malformed WATCHDOG_USEC", usec: "soon", pid: "", wantErr: true},
		{name: "zero WATCHDOG_USEC", usec: "0", pid: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			listenNotify(t)
			t.Setenv("WATCHDOG_USEC", tt.usec)
			t.Setenv("WATCHDOG_PID", tt.pid)
			called := false
			done := make(chan error, 1)
			go func() {
				done <- Watchdog(context.Background(), func(context.Context) bool { called = true; return true })
			}()
			select {
			case err := <-done:
				if (err != nil) != tt.wantErr {
					t.Fatalf("Watchdog() error = %v, want error: %v", err, tt.wantErr)
				}
			case <-time.After(2 * time.Second):
				t.Fatal("Watchdog blocked although no watchdog is armed")
			}
			if called {
				t.Fatal("health check ran although no watchdog is armed")
			}
		})
	}
}

func TestWatchdogReportsUnreachableManager(t *testing.T) {
	t.Setenv("NOTIFY_SOCKET", filepath.Join(t.TempDir(), "gone.sock"))
	t.Setenv("WATCHDOG_USEC", "100000")
	t.Setenv("WATCHDOG_PID", "")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := Watchdog(ctx, func(context.Context) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "WATCHDOG=1") {
		t.Fatalf("Watchdog() = %v, want an error naming WATCHDOG=1", err)
	}
	if ctx.Err() != nil {
		t.Fatal("Watchdog kept going until the test timeout instead of reporting")
	}
}
