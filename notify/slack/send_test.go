package slack

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"refundwatch/notify/internal/slacktest"
)

const (
	testToken  = "xoxb-1111-2222-SECRETSECRET"
	hookSecret = "HOOKSECRET0123456789"
)

func TestWebhookSendsTextAndBlocks(t *testing.T) {
	srv := slacktest.New(t)
	w := NewWebhook(srv.WebhookURL(hookSecret), nil)
	c := mustCard(t, dropSource("auto"))
	if _, err := w.Send(context.Background(), c, "ignored"); err != nil {
		t.Fatal(err)
	}
	posts := srv.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	p := posts[0]
	if got, want := p.Path, "/services/T000/B000/"+hookSecret; got != want {
		t.Errorf("path %q, want %q", got, want)
	}
	if got := p.JSON["text"]; got != BuildMessage(c).Text {
		t.Errorf("text = %v", got)
	}
	if _, ok := p.JSON["thread_ts"]; ok {
		t.Errorf("webhook sent thread_ts: %s", p.Raw)
	}
	blocks, _ := p.JSON["blocks"].([]any)
	if len(blocks) < 5 {
		t.Fatalf("blocks = %d, want the full layout: %s", len(blocks), p.Raw)
	}
	if first := blocks[0].(map[string]any); first["type"] != "header" {
		t.Errorf("first block %v, want header", first["type"])
	}
	if !strings.Contains(p.Raw, `"type":"rich_text_preformatted"`) || !strings.Contains(p.Raw, "お世話になっております") {
		t.Errorf("draft not in a preformatted block: %s", p.Raw)
	}
}

func TestBotPostsForm(t *testing.T) {
	srv := slacktest.New(t)
	b, err := NewBot(testToken, "C0CHAN", strings.TrimSuffix(srv.APIURL(), "/"), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := mustCard(t, dropSource("en"))
	ts, err := b.Send(context.Background(), c, "")
	if err != nil {
		t.Fatal(err)
	}
	ts2, err := b.Send(context.Background(), c, ts)
	if err != nil {
		t.Fatal(err)
	}
	if ts == "" || ts2 == ts {
		t.Fatalf("ts = %q then %q, want two distinct message ts", ts, ts2)
	}
	posts := srv.Posts()
	if len(posts) != 2 {
		t.Fatalf("%d posts, want 2", len(posts))
	}
	for i, p := range posts {
		if p.Path != "/api/chat.postMessage" {
			t.Errorf("post %d path %q", i, p.Path)
		}
		// slack-go v0.35 sends chat.postMessage form-encoded with the token
		// as a form field; accept a bearer header too.
		if p.Form.Get("token") != testToken && p.Header.Get("Authorization") != "Bearer "+testToken {
			t.Errorf("post %d carries no token: header %q", i, p.Header.Get("Authorization"))
		}
		if got := p.Form.Get("channel"); got != "C0CHAN" {
			t.Errorf("post %d channel %q", i, got)
		}
		if got := p.Form.Get("text"); got != BuildMessage(c).Text {
			t.Errorf("post %d text %q", i, got)
		}
		var blocks []map[string]any
		if err := json.Unmarshal([]byte(p.Form.Get("blocks")), &blocks); err != nil || len(blocks) < 5 {
			t.Errorf("post %d blocks %q (%v)", i, p.Form.Get("blocks"), err)
		}
	}
	if got := posts[0].Form.Get("thread_ts"); got != "" {
		t.Errorf("first post thread_ts %q, want none", got)
	}
	if got := posts[1].Form.Get("thread_ts"); got != ts {
		t.Errorf("reply thread_ts %q, want %q", got, ts)
	}
}

func TestErrorClassification(t *testing.T) {
	tests := []struct {
		name      string
		bot       bool
		resp      slacktest.Response
		code      string
		perm      bool
		retry     time.Duration
		wantInMsg string
	}{
		{"bot invalid_auth", true, slacktest.Response{Body: `{"ok":false,"error":"invalid_auth"}`}, "invalid_auth", true, 0, "invalid_auth"},
		{"bot channel_not_found", true, slacktest.Response{Body: `{"ok":false,"error":"channel_not_found"}`}, "channel_not_found", true, 0, "channel_not_found"},
		{"bot token_revoked", true, slacktest.Response{Body: `{"ok":false,"error":"token_revoked"}`}, "token_revoked", true, 0, ""},
		{"bot ratelimited body", true, slacktest.Response{Body: `{"ok":false,"error":"ratelimited"}`}, "ratelimited", false, 0, ""},
		{"bot 500", true, slacktest.Response{Status: 500, Body: "<html>oops</html>"}, "http_500", false, 0, "500"},
		{"bot 429", true, slacktest.Response{Status: 429, Header: map[string]string{"Retry-After": "7"}}, "rate_limited", false, 7 * time.Second, "retry after 7s"},
		{"webhook 404 no_service", false, slacktest.Response{Status: 404, Body: "no_service"}, "no_service", true, 0, "no_service"},
		{"webhook 403 invalid_token", false, slacktest.Response{Status: 403, Body: "invalid_token"}, "invalid_token", true, 0, ""},
		{"webhook 410 channel_is_archived", false, slacktest.Response{Status: 410, Body: "channel_is_archived"}, "channel_is_archived", true, 0, ""},
		{"webhook 404 html", false, slacktest.Response{Status: 404, Body: "<html>not found</html>"}, "http_404", true, 0, ""},
		{"webhook 503", false, slacktest.Response{Status: 503}, "http_503", false, 0, ""},
		{"webhook 429", false, slacktest.Response{Status: 429, Header: map[string]string{"Retry-After": "30"}}, "rate_limited", false, 30 * time.Second, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := slacktest.New(t)
			srv.Script(tt.resp)
			err := sendOnce(t, srv, tt.bot)
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("err = %v (%T), want *Error", err, err)
			}
			if se.Code != tt.code || se.Permanent() != tt.perm || se.RetryDelay() != tt.retry {
				t.Errorf("got code %q perm %v retry %v, want %q %v %v", se.Code, se.Permanent(), se.RetryDelay(), tt.code, tt.perm, tt.retry)
			}
			if !strings.Contains(err.Error(), tt.wantInMsg) {
				t.Errorf("error %q lacks %q", err, tt.wantInMsg)
			}
			assertNoSecret(t, err.Error())
		})
	}
}

func sendOnce(t *testing.T, srv *slacktest.Server, bot bool) error {
	t.Helper()
	c := mustCard(t, dropSource("en"))
	if bot {
		b, err := NewBot(testToken, "C0CHAN", srv.APIURL(), nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = b.Send(context.Background(), c, "")
		return err
	}
	_, err := NewWebhook(srv.WebhookURL(hookSecret), nil).Send(context.Background(), c, "")
	return err
}

func assertNoSecret(t *testing.T, s string) {
	t.Helper()
	for _, sec := range []string{testToken, hookSecret, "SECRETSECRET"} {
		if strings.Contains(s, sec) {
			t.Errorf("secret %q leaked in %q", sec, s)
		}
	}
}

// TestNetworkErrorRedacted: net/http names the URL in its errors; for a
// webhook the URL is the secret.
func TestNetworkErrorRedacted(t *testing.T) {
	srv := slacktest.New(t)
	hook := srv.WebhookURL(hookSecret)
	api := srv.APIURL()
	srv.Close() // connection refused from now on
	c := mustCard(t, dropSource("en"))
	_, werr := NewWebhook(hook, &http.Client{Timeout: 2 * time.Second}).Send(context.Background(), c, "")
	b, _ := NewBot(testToken, "C0CHAN", api, &http.Client{Timeout: 2 * time.Second})
	_, berr := b.Send(context.Background(), c, "")
	for _, err := range []error{werr, berr} {
		var se *Error
		if !errors.As(err, &se) || se.Code != "network" || se.Permanent() {
			t.Fatalf("err = %v, want a retryable network *Error", err)
		}
		assertNoSecret(t, err.Error())
	}
	if !strings.Contains(werr.Error(), "[redacted]") {
		t.Errorf("webhook error %q shows no redaction marker: was the URL even there?", werr)
	}
}

func TestCanceledContext(t *testing.T) {
	srv := slacktest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := NewWebhook(srv.WebhookURL(hookSecret), nil).Send(ctx, mustCard(t, dropSource("en")), "")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestNewBotNeedsChannel(t *testing.T) {
	if _, err := NewBot(testToken, "", "", nil); !errors.Is(err, ErrNoChannel) {
		t.Errorf("err = %v, want ErrNoChannel", err)
	}
}

func TestRedact(t *testing.T) {
	hook := "https://hooks.slack.com/services/T1/B2/abcdef123456"
	got := redact(`Post "https://hooks.slack.com/services/T1/B2/abcdef123456": dial tcp: lookup hooks.slack.com: no such host; path /services/T1/B2/abcdef123456`, hook)
	if strings.Contains(got, "abcdef123456") {
		t.Errorf("redact left the secret: %q", got)
	}
	if !strings.Contains(got, "hooks.slack.com") {
		t.Errorf("redact removed the host, which helps debugging: %q", got)
	}
}
