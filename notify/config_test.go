package notify

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResolveToken(t *testing.T) {
	credDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(credDir, CredentialName), []byte("xoxb-from-cred\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, cfg, env, cred string
		readErr              error
		want, wantErr        string
	}{
		{"config wins", "xoxb-cfg", "xoxb-env", credDir, nil, "xoxb-cfg", ""},
		{"env", "", "xoxb-env", credDir, nil, "xoxb-env", ""},
		{"systemd credential", "", "", credDir, nil, "xoxb-from-cred", ""},
		{"credential dir without the file", "", "", t.TempDir(), nil, "", ""},
		{"nothing", "", "", "", nil, "", ""},
		{"unreadable credential", "", "", credDir, fs.ErrPermission, "", "permission denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{EnvToken: tt.env, "CREDENTIALS_DIRECTORY": tt.cred}
			read := os.ReadFile
			if tt.readErr != nil {
				read = func(string) ([]byte, error) { return nil, tt.readErr }
			}
			got, err := resolveToken(tt.cfg, func(k string) string { return env[k] }, read)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestNewChoosesChannel(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		env     map[string]string
		want    string
		wantErr error
	}{
		{"bot", Config{Token: "xoxb-1", Channel: "C1"}, nil, "slack-bot:C1", nil},
		{"bot wins over webhook", Config{Token: "xoxb-1", Channel: "C1", WebhookURL: "https://hooks.example/x"}, nil, "slack-bot:C1", nil},
		{"token from env", Config{Channel: "C1"}, map[string]string{EnvToken: "xoxb-env"}, "slack-bot:C1", nil},
		{"webhook", Config{WebhookURL: "https://hooks.example/x"}, nil, "slack-webhook", nil},
		{"webhook from env", Config{}, map[string]string{EnvWebhookURL: "https://hooks.example/y"}, "slack-webhook", nil},
		{"log sink", Config{}, nil, "log", nil},
		{"token without channel", Config{Token: "xoxb-1"}, nil, "", errAny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvToken, tt.env[EnvToken])
			t.Setenv(EnvWebhookURL, tt.env[EnvWebhookURL])
			t.Setenv("CREDENTIALS_DIRECTORY", "")
			d, err := New(tt.cfg, newFakeOutbox(), nil, os.Stderr)
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("got %q, want an error", d.Channel())
				}
				if strings.Contains(err.Error(), "xoxb") {
					t.Errorf("error names the token: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Channel() != tt.want {
				t.Errorf("channel %q, want %q", d.Channel(), tt.want)
			}
		})
	}
	for _, bad := range []string{"hooks.slack.com/services/T/B/SECRET", "https://hooks.slack.com/services/T/B/SECRET%zz", "https:///services/SECRET"} {
		t.Run("bad webhook "+bad, func(t *testing.T) {
			t.Setenv(EnvToken, "")
			_, err := New(Config{WebhookURL: bad}, newFakeOutbox(), nil, nil)
			if err == nil || strings.Contains(err.Error(), "SECRET") {
				t.Fatalf("err = %v, want an error without the URL", err)
			}
		})
	}
}

var errAny = errors.New("any error")

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempts int
		want     int64 // multiple of base, before jitter
	}{
		{1, 1}, {2, 2}, {3, 4}, {6, 32}, {7, 64}, {8, 120}, {50, 120},
	}
	for _, tt := range tests {
		for range 50 {
			got := backoff(tt.attempts, DefaultBaseBackoff, DefaultMaxBackoff)
			centre := tt.want * int64(DefaultBaseBackoff)
			if lo, hi := centre*8/10, centre*12/10; int64(got) < lo || int64(got) >= hi {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v)", tt.attempts, got, lo, hi)
			}
		}
	}
}
