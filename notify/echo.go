package notify

import (
	"context"
	"io"

	"refundwatch/notify/card"
	"refundwatch/notify/logsink"
)

// echoSender delivers through next and also writes every card it sends in
// full to w (refundwatch demo shows the alert even when it goes to Slack).
type echoSender struct {
	next Sender
	echo *logsink.Sink
}

func (e echoSender) Name() string  { return e.next.Name() }
func (e echoSender) Threads() bool { return e.next.Threads() }

func (e echoSender) Send(ctx context.Context, c card.Card, threadTS string) (string, error) {
	ts, err := e.next.Send(ctx, c, threadTS)
	if err == nil {
		_, _ = e.echo.Send(ctx, c, "")
	}
	return ts, err
}

// withEcho wraps s so every delivered card is also written to w; a nil w or
// a log sink (which already writes in full) is left as it is.
func withEcho(s Sender, w io.Writer) Sender {
	if _, isLog := s.(*logsink.Sink); w == nil || isLog {
		return s
	}
	return echoSender{next: s, echo: logsink.New(w)}
}
