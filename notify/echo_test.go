package notify

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"refundwatch/notify/card"
	"refundwatch/notify/logsink"
)

type stubSender struct {
	sent int
	err  error
}

func (s *stubSender) Name() string  { return "stub" }
func (s *stubSender) Threads() bool { return true }
func (s *stubSender) Send(ctx context.Context, c card.Card, threadTS string) (string, error) {
	s.sent++
	return "ts-1", s.err
}

func TestEchoSender(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantEcho bool
	}{
		{"delivered is echoed", nil, true},
		{"failed is not echoed", errors.New("http 500"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			next := &stubSender{err: tt.err}
			s := withEcho(next, &buf)
			ts, err := s.Send(context.Background(), card.Card{Headline: "Refund due: ¥3,800"}, "")
			if next.sent != 1 || ts != "ts-1" || !errors.Is(err, tt.err) {
				t.Fatalf("sent=%d ts=%q err=%v", next.sent, ts, err)
			}
			if got := strings.Contains(buf.String(), "Refund due: ¥3,800"); got != tt.wantEcho {
				t.Errorf("echo written = %v, want %v: %q", got, tt.wantEcho, buf.String())
			}
			if s.Name() != "stub" || !s.Threads() {
				t.Errorf("echo must keep the channel's name and threading")
			}
		})
	}
	// A log sink already writes everything: no second copy.
	sink := logsink.New(&bytes.Buffer{})
	if s := withEcho(sink, &bytes.Buffer{}); s != Sender(sink) {
		t.Errorf("log sink was wrapped")
	}
	if s := withEcho(&stubSender{}, nil); s == nil {
		t.Errorf("nil echo must keep the sender")
	}
}
