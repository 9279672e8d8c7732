package systemd

import (
	"fmt"
	"os"
	"strings"

	"github.com/coreos/go-systemd/v22/daemon"
)

// NotifySocketSet reports whether a service manager asked for sd_notify
// messages (NOTIFY_SOCKET is set), i.e. whether the unit is Type=notify.
func NotifySocketSet() bool {
	return os.Getenv("NOTIFY_SOCKET") != ""
}

// Ready tells the service manager that start-up is complete. Call it once the
// store is open and the scheduler runs: systemd then reports the unit as
// active and starts the watchdog clock.
func Ready() error {
	return notify(daemon.SdNotifyReady)
}

// Stopping tells the service manager that shutdown has begun, so a slow stop
// is shown as "deactivating" instead of a hang.
func Stopping() error {
	return notify(daemon.SdNotifyStopping)
}

// Status sets the one-line status shown by `systemctl status`, e.g.
// "watching 3 purchases". Newlines are replaced because they would end the
// message and start a new assignment.
func Status(line string) error {
	line = strings.NewReplacer("\r", " ", "\n", " ").Replace(line)
	return notify("STATUS=" + line)
}

// notify sends one sd_notify datagram. Outside systemd it does nothing.
// NOTIFY_SOCKET is kept in the environment: the watchdog loop needs it for
// the whole life of the daemon.
func notify(state string) error {
	if _, err := daemon.SdNotify(false, state); err != nil {
		return fmt.Errorf("sd_notify %s: %w", firstLine(state), err)
	}
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
