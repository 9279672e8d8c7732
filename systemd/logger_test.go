package systemd

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// journalFile creates a file and, when claim is set, points JOURNAL_STREAM at
// it the way systemd points it at a service's stderr.
func journalFile(t *testing.T, claim bool) *os.File {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	dev, ino, ok := fileID(f)
	if !ok {
		t.Skip("no device/inode numbers on this platform")
	}
	if claim {
		t.Setenv("JOURNAL_STREAM", fmt.Sprintf("%d:%d", dev, ino))
	} else {
		// Another stream is the journal: this file must not be treated as it.
		t.Setenv("JOURNAL_STREAM", fmt.Sprintf("%d:%d", dev, ino+1))
	}
	return f
}

func readAll(t *testing.T, f *os.File) string {
	t.Helper()
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestNewLoggerJournal(t *testing.T) {
	f := journalFile(t, true)
	log := NewLogger(f, slog.LevelInfo)
	log.Debug("hidden")
	log.Info("checked", "purchase_id", 7)
	log.Warn("robot check", "host", "www.amazon.co.jp")
	log.Error("store closed", "error", "boom")
	log.Log(t.Context(), slog.LevelInfo+2, "window ends soon")

	got := strings.Split(strings.TrimSuffix(readAll(t, f), "\n"), "\n")
	want := []string{
		`<6>level=INFO msg=checked purchase_id=7`,
		`<4>level=WARN msg="robot check" host=www.amazon.co.jp`,
		`<3>level=ERROR msg="store closed" error=boom`,
		`<5>level=INFO+2 msg="window ends soon"`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines %q, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestNewLoggerKeepsTimeOffJournal(t *testing.T) {
	tests := []struct {
		name string
		w    func(t *testing.T) (w io.Writer, read func() string)
	}{
		{"buffer", func(t *testing.T) (io.Writer, func() string) {
			var b bytes.Buffer
			return &b, b.String
		}},
		{"file that is not the journal", func(t *testing.T) (io.Writer, func() string) {
			f := journalFile(t, false)
			return f, func() string { return readAll(t, f) }
		}},
		{"malformed JOURNAL_STREAM", func(t *testing.T) (io.Writer, func() string) {
			f := journalFile(t, true)
			t.Setenv("JOURNAL_STREAM", "not-a-stream")
			return f, func() string { return readAll(t, f) }
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, read := tt.w(t)
			NewLogger(w, slog.LevelInfo).Error("store closed")
			out := read()
			if !strings.HasPrefix(out, "time=") {
				t.Fatalf("output %q lacks the timestamp a terminal needs", out)
			}
			if strings.HasPrefix(out, "<") {
				t.Fatalf("output %q carries a journal priority prefix", out)
			}
		})
	}
}

func TestJournalLinesNeverInterleave(t *testing.T) {
	f := journalFile(t, true)
	base := NewLogger(f, slog.LevelInfo)
	const workers, each = 8, 200
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			log := base.With("worker", w).WithGroup("check")
			for i := range each {
				log.Info("checked", "purchase_id", i)
			}
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(readAll(t, f), "\n"), "\n")
	if len(lines) != workers*each {
		t.Fatalf("got %d lines, want %d", len(lines), workers*each)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "<6>level=INFO msg=checked worker=") || !strings.Contains(l, " check.purchase_id=") {
			t.Fatalf("mangled line %q", l)
		}
	}
}
