package systemd

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"sync"
)

// NewLogger returns a text slog.Logger writing to w at level. When w is the
// stream systemd connected to the journal (see JournalStream), the timestamp
// is left out, because journald stamps every line itself, and each line
// starts with its syslog priority ("<3>" for errors, "<4>" for warnings,
// ...), so `journalctl -p warning -u refundwatch` shows only what matters.
// Anywhere else the output is plain slog text with time.
func NewLogger(w io.Writer, level slog.Leveler) *slog.Logger {
	if f, ok := w.(*os.File); ok && journalStream(f) {
		return slog.New(newJournalHandler(w, level))
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// journalHandler formats a record with slog's text handler into a buffer and
// writes it to the journal stream in one call, behind its priority prefix.
type journalHandler struct {
	inner slog.Handler // writes into sink.buf
	sink  *journalSink
}

// journalSink is shared by a handler and everything derived from it with
// WithAttrs or WithGroup, so their lines never interleave.
type journalSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
	w   io.Writer
}

func newJournalHandler(w io.Writer, level slog.Leveler) *journalHandler {
	s := &journalSink{w: w}
	inner := slog.NewTextHandler(&s.buf, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	})
	return &journalHandler{inner: inner, sink: s}
}

func (h *journalHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

func (h *journalHandler) Handle(ctx context.Context, r slog.Record) error {
	h.sink.mu.Lock()
	defer h.sink.mu.Unlock()
	h.sink.buf.Reset()
	h.sink.buf.WriteString(priorityPrefix(r.Level))
	if err := h.inner.Handle(ctx, r); err != nil {
		return err
	}
	_, err := h.sink.w.Write(h.sink.buf.Bytes())
	return err
}

func (h *journalHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &journalHandler{inner: h.inner.WithAttrs(as), sink: h.sink}
}

func (h *journalHandler) WithGroup(name string) slog.Handler {
	return &journalHandler{inner: h.inner.WithGroup(name), sink: h.sink}
}

// priorityPrefix maps a slog level to the sd-daemon(3) prefix journald reads
// from a stream line (SyslogLevelPrefix=, on by default).
func priorityPrefix(l slog.Level) string {
	switch {
	case l >= slog.LevelError:
		return "<3>" // err
	case l >= slog.LevelWarn:
		return "<4>" // warning
	case l > slog.LevelInfo:
		return "<5>" // notice
	case l == slog.LevelInfo:
		return "<6>" // info
	default:
		return "<7>" // debug
	}
}
