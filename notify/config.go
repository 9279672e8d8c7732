package notify

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"refundwatch/notify/logsink"
	"refundwatch/notify/slack"
)

// Environment variables and the systemd credential name read for secrets.
const (
	EnvToken       = "REFUNDWATCH_SLACK_TOKEN"
	EnvWebhookURL  = "REFUNDWATCH_SLACK_WEBHOOK_URL"
	CredentialName = "slack-token"
)

// Config is the [slack] section of the config file plus the draft settings.
type Config struct {
	WebhookURL string // slack.webhook_url (else env REFUNDWATCH_SLACK_WEBHOOK_URL)
	Token      string // slack.token (else env REFUNDWATCH_SLACK_TOKEN, else $CREDENTIALS_DIRECTORY/slack-token)
	Channel    string // slack.channel, required with a token
	APIURL     string // slack.api_url, "" for Slack itself
	Lang       string // lang: auto, ja, en
	Templates  string // draft templates folder or file ("" for the built-in wording)

	// Echo, when set, also receives every delivered alert in full (as the log
	// sink writes it), whatever the channel: `refundwatch demo` shows it.
	Echo io.Writer

	// Getenv reads the environment (REFUNDWATCH_SLACK_*, CREDENTIALS_DIRECTORY);
	// nil: os.Getenv. The command line passes its own so tests can set it.
	Getenv func(string) string

	HTTPClient *http.Client // nil: 30 s timeout, proxy from the environment
	Options    Options      // retry timing, clock (tests); Lang and Templates above win
}

// ResolveToken returns the bot token: the config value, else
// $REFUNDWATCH_SLACK_TOKEN, else the systemd credential
// $CREDENTIALS_DIRECTORY/slack-token; "" when none is set.
func ResolveToken(cfgToken string) (string, error) {
	return resolveToken(cfgToken, os.Getenv, os.ReadFile)
}

func resolveToken(cfgToken string, getenv func(string) string, readFile func(string) ([]byte, error)) (string, error) {
	if t := strings.TrimSpace(cfgToken); t != "" {
		return t, nil
	}
	if t := strings.TrimSpace(getenv(EnvToken)); t != "" {
		return t, nil
	}
	dir := getenv("CREDENTIALS_DIRECTORY")
	if dir == "" {
		return "", nil
	}
	b, err := readFile(filepath.Join(dir, CredentialName))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		// The path names no secret, only where the credential lives.
		return "", fmt.Errorf("slack token credential: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// ResolveWebhookURL returns the webhook URL: the config value, else
// $REFUNDWATCH_SLACK_WEBHOOK_URL; "" when none is set.
func ResolveWebhookURL(cfgURL string) string {
	return resolveWebhookURL(cfgURL, os.Getenv)
}

func resolveWebhookURL(cfgURL string, getenv func(string) string) string {
	if u := strings.TrimSpace(cfgURL); u != "" {
		return u
	}
	return strings.TrimSpace(getenv(EnvWebhookURL))
}

// New chooses the channel — a bot token (with channel) wins, then a
// webhook, else the log sink writing full alerts to stderr — and returns
// its Dispatcher.
func New(cfg Config, outbox Outbox, logger *slog.Logger, stderr io.Writer) (*Dispatcher, error) {
	getenv := cfg.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	token, err := resolveToken(cfg.Token, getenv, os.ReadFile)
	if err != nil {
		return nil, err
	}
	webhook := resolveWebhookURL(cfg.WebhookURL, getenv)
	opts := cfg.Options
	opts.Lang, opts.Templates = cfg.Lang, cfg.Templates
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: defaultHTTPTimeout}
	}
	var s Sender
	switch {
	case token != "":
		b, err := slack.NewBot(token, cfg.Channel, cfg.APIURL, client)
		if err != nil {
			return nil, fmt.Errorf("slack: %w", err)
		}
		s = b
	case webhook != "":
		// Checked now, not at the first alert: a malformed URL would fail as
		// a "network" error and be retried forever. Never echoed: it is a secret.
		if u, err := url.Parse(webhook); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, errors.New("slack.webhook_url: not a valid http(s) URL")
		}
		s = slack.NewWebhook(webhook, client)
	default:
		if stderr == nil {
			stderr = os.Stderr
		}
		s = logsink.New(stderr)
	}
	if _, isLog := s.(*logsink.Sink); !isLog && opts.Fallback == nil {
		opts.Fallback = stderr // an alert Slack refuses is still shown in full
		if opts.Fallback == nil {
			opts.Fallback = os.Stderr
		}
	}
	return NewDispatcher(withEcho(s, cfg.Echo), outbox, logger, opts), nil
}
