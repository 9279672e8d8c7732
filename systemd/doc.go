// Package systemd owns refundwatch's conversation with the service manager:
// the sd_notify messages (READY=1, STOPPING=1, STATUS=, and WATCHDOG=1 only
// while the daemon is healthy), service credentials ($CREDENTIALS_DIRECTORY),
// and a logger that suits the journal. It also holds the unit files
// (refundwatch.service, refundwatch-user.service) and their tests.
//
// Every function is a harmless no-op outside systemd, so `refundwatch run`
// behaves the same in a terminal and under a service manager.
package systemd
