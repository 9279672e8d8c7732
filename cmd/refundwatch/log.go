package main

import (
	"io"
	"log/slog"
	"strings"
)

// newLogger writes structured logs to w (stderr). Under systemd
// (JOURNAL_STREAM set) the timestamp is dropped: journald adds its own.
// REFUNDWATCH_LOG_LEVEL=debug|info|warn|error sets the level.
func newLogger(w io.Writer, getenv func(string) string) *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(strings.ToUpper(getenv("REFUNDWATCH_LOG_LEVEL"))))
	opts := &slog.HandlerOptions{Level: level}
	if getenv("JOURNAL_STREAM") != "" {
		opts.ReplaceAttr = func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		}
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
