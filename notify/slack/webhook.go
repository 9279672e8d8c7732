package slack

import (
	"bytes"
	"context"
	"io"
	"net/http"

	goslack "github.com/slack-go/slack"

	"refundwatch/notify/card"
)

// Webhook posts alerts to a Slack incoming webhook (or a Slack-compatible
// server). Webhooks cannot thread, so Send ignores threadTS and returns no ts.
type Webhook struct {
	url    string
	client *http.Client
}

// NewWebhook returns a Webhook for url. client nil means a client with a 30 s timeout.
func NewWebhook(url string, client *http.Client) *Webhook {
	if client == nil {
		client = &http.Client{Timeout: defaultTimeout}
	}
	// Keep the error body: slack-go drops it, yet it is the only place a
	// webhook says why (no_service, invalid_token, channel_is_archived).
	c := *client
	c.Transport = bodyKeeper{next: client.Transport}
	return &Webhook{url: url, client: &c}
}

// Name is the channel name stored on sent alerts.
func (w *Webhook) Name() string { return "slack-webhook" }

// Threads reports that webhooks cannot reply in threads.
func (w *Webhook) Threads() bool { return false }

// Send posts the card with a text fallback and Block Kit blocks.
func (w *Webhook) Send(ctx context.Context, c card.Card, _ string) (string, error) {
	m := BuildMessage(c)
	msg := &goslack.WebhookMessage{Text: m.Text, Blocks: &goslack.Blocks{BlockSet: m.Blocks}}
	var body string
	ctx = context.WithValue(ctx, bodyKey{}, &body)
	if err := goslack.PostWebhookCustomHTTPContext(ctx, w.url, w.client, msg); err != nil {
		return "", classify(ctx, "webhook", err, body, w.url)
	}
	return "", nil
}

type bodyKey struct{}

// bodyKeeper copies the first bytes of a non-200 response body into the
// *string the request's context carries.
type bodyKeeper struct{ next http.RoundTripper }

func (b bodyKeeper) RoundTrip(req *http.Request) (*http.Response, error) {
	next := b.next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(req)
	if err != nil || resp.StatusCode == http.StatusOK {
		return resp, err
	}
	if dst, ok := req.Context().Value(bodyKey{}).(*string); ok {
		head, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		*dst = string(head)
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	}
	return resp, nil
}
