package main

import (
	"io"
	"log/slog"
	"strings"

	"refundwatch/systemd"
)

// newLogger writes structured logs to w (stderr); under journald the
// timestamp is dropped and lines carry a priority (systemd.NewLogger).
// REFUNDWATCH_LOG_LEVEL=debug|info|warn|error sets the level.
func newLogger(w io.Writer, getenv func(string) string) *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(strings.ToUpper(getenv("REFUNDWATCH_LOG_LEVEL"))))
	return systemd.NewLogger(w, level)
}
