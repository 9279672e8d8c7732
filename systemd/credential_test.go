package systemd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCredential(t *testing.T) {
	const secret = "xoxb-123-secret"
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string) // writes files into dir
		noDir   bool                           // CREDENTIALS_DIRECTORY unset
		cred    string
		want    string
		wantErr bool
	}{
		{name: "not under systemd", noDir: true, cred: "slack-token", want: ""},
		{name: "not given to the unit", cred: "slack-token", want: ""},
		{name: "empty SetCredential fallback", cred: "slack-token", want: "",
			setup: func(t *testing.T, dir string) { write(t, dir, "slack-token", "") }},
		{name: "written with echo", cred: "slack-token", want: secret,
			setup: func(t *testing.T, dir string) { write(t, dir, "slack-token", secret+"\n") }},
		{name: "other credentials ignored", cred: "slack-token", want: secret,
			setup: func(t *testing.T, dir string) {
				write(t, dir, "slack-token", secret)
				write(t, dir, "config.toml", "schedule = \"@hourly\"\n")
			}},
		{name: "too large", cred: "slack-token", wantErr: true,
			setup: func(t *testing.T, dir string) {
				write(t, dir, "slack-token", secret+strings.Repeat("x", maxCredential))
			}},
		{name: "path in name", cred: "../slack-token", wantErr: true},
		{name: "empty name", cred: "", wantErr: true},
		{name: "a directory", cred: "slack-token", wantErr: true,
			setup: func(t *testing.T, dir string) {
				if err := os.Mkdir(filepath.Join(dir, "slack-token"), 0o700); err != nil {
					t.Fatal(err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			if tt.noDir {
				t.Setenv("CREDENTIALS_DIRECTORY", "")
			} else {
				t.Setenv("CREDENTIALS_DIRECTORY", dir)
			}
			got, err := Credential(tt.cred)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Credential(%q) error = %v, want error: %v", tt.cred, err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), secret) {
				t.Fatalf("error leaks the secret: %v", err)
			}
			if got != tt.want {
				t.Fatalf("Credential(%q) = %q, want %q", tt.cred, got, tt.want)
			}
		})
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
