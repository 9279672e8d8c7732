package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadValid(t *testing.T) {
	p := writeConfig(t, `
schedule = "CRON_TZ=Asia/Tokyo 0 */2 * * *"
window   = "14d"
min_drop = "2%"
lang     = "ja"

[http]
user_agent        = "test-agent"
timeout           = "5s"
per_host_interval = "1m"
proxy             = "http://proxy:3128"

[slack]
token   = "xoxb-file"
channel = "#deals"
api_url = "http://127.0.0.1:9/api/"
`)
	cfg, err := Load(p, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"schedule", cfg.Schedule, "CRON_TZ=Asia/Tokyo 0 */2 * * *"},
		{"window", cfg.Window, 14 * 24 * time.Hour},
		{"min_drop", cfg.MinDrop, "2%"},
		{"lang", cfg.Lang, "ja"},
		{"user_agent", cfg.HTTP.UserAgent, "test-agent"},
		{"timeout", cfg.HTTP.Timeout, 5 * time.Second},
		{"per_host_interval", cfg.HTTP.PerHostInterval, time.Minute},
		{"proxy", cfg.HTTP.Proxy, "http://proxy:3128"},
		{"token", cfg.Slack.Token, "xoxb-file"},
		{"channel", cfg.Slack.Channel, "#deals"},
		{"path", cfg.Path, p},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load("", env(map[string]string{"XDG_CONFIG_HOME": t.TempDir()}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path != "" {
		t.Errorf("Path = %q, want built-in defaults", cfg.Path)
	}
	if cfg.Window != 7*24*time.Hour || cfg.Schedule != "@every 1h" || cfg.HTTP.PerHostInterval != 10*time.Second || cfg.MinDrop != "1" {
		t.Errorf("defaults not applied: %+v", cfg)
	}
}

func TestLoadDefaultFileFromXDG(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "refundwatch"), 0o700); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "refundwatch", "config.toml")
	if err := os.WriteFile(p, []byte("window = \"3d\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load("", env(map[string]string{"XDG_CONFIG_HOME": dir}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path != p || cfg.Window != 72*time.Hour {
		t.Fatalf("Path=%q Window=%v, want %q 72h", cfg.Path, cfg.Window, p)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantKey  string
		wantLine int
		wantText string
	}{
		{"unknown key", "window = \"7d\"\ncolour = \"red\"\n", "colour", 2, "unknown key"},
		{"unknown nested key", "[http]\ntimeout = \"5s\"\nretries = 3\n", "http.retries", 3, "unknown key"},
		{"wrong type", "window = 7\n", "window", 1, ""},
		{"bad duration", "\n\nwindow = \"seven days\"\n", "window", 3, "not a duration"},
		{"zero window", "window = \"0d\"\n", "window", 1, "longer than zero"},
		{"absurd window", "window = \"400d\"\n", "window", 1, "at most 365d"},
		{"bad timeout", "[http]\ntimeout = \"soon\"\n", "http.timeout", 2, "not a duration"},
		{"bad schedule", "schedule = \"every hour\"\n", "schedule", 1, "not a cron schedule"},
		{"bad lang", "lang = \"fr\"\n", "lang", 1, "auto, ja or en"},
		{"bad min_drop", "min_drop = \"a lot\"\n", "min_drop", 1, "percentage"},
		{"min_drop 100%", "min_drop = \"100%\"\n", "min_drop", 1, "below 100%"},
		{"token without channel", "[slack]\ntoken = \"xoxb-1\"\n", "slack.channel", 0, "must be set"},
		{"bad webhook", "[slack]\nwebhook_url = \"hooks.slack.com/secret\"\n", "slack.webhook_url", 2, "http(s) URL"},
		{"syntax error", "window = \"7d\n", "", 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeConfig(t, tt.body)
			_, err := Load(p, env(nil))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want *config.Error", err)
			}
			if ce.Key != tt.wantKey {
				t.Errorf("key = %q, want %q (%v)", ce.Key, tt.wantKey, err)
			}
			if ce.Line != tt.wantLine {
				t.Errorf("line = %d, want %d (%v)", ce.Line, tt.wantLine, err)
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("error %q does not mention %q", err, tt.wantText)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error leaks the webhook URL: %v", err)
			}
		})
	}
}

func TestLoadMissingExplicitFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.toml"), env(nil))
	if err == nil || !strings.Contains(err.Error(), "nope.toml") {
		t.Fatalf("err = %v, want an error naming the file", err)
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"7d", 7 * 24 * time.Hour, true},
		{"2w", 14 * 24 * time.Hour, true},
		{"1d12h", 36 * time.Hour, true},
		{"36h", 36 * time.Hour, true},
		{"90m", 90 * time.Minute, true},
		{"", 0, true},
		{"d", 0, false},
		{"7 days", 0, false},
		{"-1d", 0, false},
		{"x7d", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
