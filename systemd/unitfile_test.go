package systemd

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// directive is one Key=Value line of a unit file.
type directive struct {
	section, key, value string
	line                int
	comment             string // the comment line right above it, "" if none
}

// parseUnit reads a unit file into its directives. It is deliberately simple:
// our units use neither line continuations nor quoting tricks.
func parseUnit(t *testing.T, path string) []directive {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open unit: %v", err)
	}
	defer f.Close()
	var (
		out             []directive
		section, prevCm string
	)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
			prevCm = ""
		case strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
			prevCm = strings.TrimSpace(strings.TrimLeft(line, "#;"))
		case strings.HasPrefix(line, "["):
			section, prevCm = strings.Trim(line, "[]"), ""
		default:
			key, value, ok := strings.Cut(line, "=")
			if !ok {
				t.Fatalf("%s:%d: not Key=Value: %q", path, n, line)
			}
			if strings.HasSuffix(line, `\`) {
				t.Fatalf("%s:%d: line continuation; keep one directive per line", path, n)
			}
			out = append(out, directive{section, key, value, n, prevCm})
			prevCm = ""
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read unit: %v", err)
	}
	return out
}

// values returns every value the unit sets for section/key, in order.
func values(ds []directive, section, key string) []string {
	var vs []string
	for _, d := range ds {
		if d.section == section && d.key == key {
			vs = append(vs, d.value)
		}
	}
	return vs
}

// hardening reports whether a [Service] key exists to confine the daemon, and
// so needs a comment saying what it protects.
func hardening(key string) bool {
	for _, p := range []string{"Protect", "Private", "Restrict", "SystemCall", "IPAddress", "Socket"} {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	switch key {
	case "DynamicUser", "UMask", "CapabilityBoundingSet", "AmbientCapabilities",
		"NoNewPrivileges", "LockPersonality", "MemoryDenyWriteExecute", "DevicePolicy",
		"DeviceAllow", "RemoveIPC", "KeyringMode", "ProcSubset", "ReadOnlyPaths",
		"InaccessiblePaths", "ReadWritePaths", "NoExecPaths":
		return true
	}
	return false
}

func TestUnitsHaveRequiredDirectives(t *testing.T) {
	type want struct{ section, key, value string }
	common := []want{
		{"Service", "Type", "notify"},
		{"Service", "WatchdogSec", "5min"},
		{"Service", "Restart", "on-failure"},
		{"Service", "UMask", "0077"},
		{"Service", "NoNewPrivileges", "yes"},
		{"Service", "MemoryDenyWriteExecute", "yes"},
		{"Service", "SystemCallArchitectures", "native"},
		{"Service", "SystemCallFilter", "@system-service"},
		{"Service", "SystemCallFilter", "~@privileged @resources"},
		{"Service", "SystemCallErrorNumber", "EPERM"},
		{"Service", "RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6"},
		// A missing token file must not stop the unit: the empty SetCredential=
		// value is the fallback (systemd.exec(5), "Credentials").
		{"Service", "SetCredential", `slack-token:\n`},
	}
	tests := []struct {
		file   string
		want   []want
		absent []string // [Service] keys that must not be set
	}{
		{
			file: "refundwatch.service",
			want: append([]want{
				{"Service", "ExecStart", "/usr/local/bin/refundwatch run --config ${CREDENTIALS_DIRECTORY}/config.toml"},
				{"Service", "DynamicUser", "yes"},
				{"Service", "StateDirectory", "refundwatch"},
				{"Service", "ConfigurationDirectory", "refundwatch"},
				{"Service", "LoadCredential", "slack-token:/etc/refundwatch/slack-token"},
				{"Service", "LoadCredential", "config.toml:/etc/refundwatch/config.toml"},
				{"Service", "ProtectSystem", "strict"},
				{"Service", "ProtectHome", "yes"},
				{"Service", "PrivateTmp", "yes"},
				{"Service", "PrivateDevices", "yes"},
				{"Service", "PrivateUsers", "yes"},
				{"Service", "ProtectProc", "invisible"},
				{"Service", "CapabilityBoundingSet", ""},
				{"Unit", "After", "network-online.target"},
				{"Install", "WantedBy", "multi-user.target"},
			}, common...),
			// With ProtectKernelTunables= it stops the unit from starting on
			// systemd < 250 (Ubuntu 22.04); see the unit's comment.
			absent: []string{"ProcSubset"},
		},
		{
			file: "refundwatch-user.service",
			want: append([]want{
				{"Service", "ExecStart", "%h/.local/bin/refundwatch run"},
				{"Service", "LoadCredential", "slack-token:%E/refundwatch/slack-token"},
				{"Install", "WantedBy", "default.target"},
			}, common...),
			// DynamicUser= is system-only; StateDirectory= would put the
			// database under ~/.config where the CLI does not look.
			absent: []string{"DynamicUser", "StateDirectory", "User", "Group"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ds := parseUnit(t, tt.file)
			for _, w := range tt.want {
				vs := values(ds, w.section, w.key)
				found := false
				for _, v := range vs {
					found = found || v == w.value
				}
				if !found {
					t.Errorf("[%s] %s=%s missing (unit sets %q)", w.section, w.key, w.value, vs)
				}
			}
			for _, k := range tt.absent {
				if vs := values(ds, "Service", k); len(vs) > 0 {
					t.Errorf("%s= must not be set in %s (got %q)", k, tt.file, vs)
				}
			}
		})
	}
}

// A missing credential file fails the unit unless SetCredential= gives a
// fallback for the same ID; every credential here is optional.
func TestUnitsCredentialsAreOptional(t *testing.T) {
	for _, file := range []string{"refundwatch.service", "refundwatch-user.service"} {
		t.Run(file, func(t *testing.T) {
			ds := parseUnit(t, file)
			fallback := map[string]bool{}
			for _, v := range values(ds, "Service", "SetCredential") {
				id, _, _ := strings.Cut(v, ":")
				fallback[id] = true
			}
			loads := values(ds, "Service", "LoadCredential")
			if len(loads) == 0 {
				t.Fatal("no LoadCredential= at all")
			}
			for _, v := range loads {
				if id, _, _ := strings.Cut(v, ":"); !fallback[id] {
					t.Errorf("LoadCredential=%s has no SetCredential=%s: fallback; a missing file would stop the unit", v, id)
				}
			}
		})
	}
}

func TestUnitsExplainEveryHardeningLine(t *testing.T) {
	for _, file := range []string{"refundwatch.service", "refundwatch-user.service"} {
		t.Run(file, func(t *testing.T) {
			n := 0
			for _, d := range parseUnit(t, file) {
				if d.section != "Service" || !hardening(d.key) {
					continue
				}
				n++
				if d.comment == "" {
					t.Errorf("%s:%d: %s= has no comment right above it saying what it protects", file, d.line, d.key)
				}
				if len(d.comment) > 100 {
					t.Errorf("%s:%d: comment for %s= is %d characters; keep it short", file, d.line, d.key, len(d.comment))
				}
			}
			if n < 10 {
				t.Fatalf("only %d hardening lines found; the parser or the unit is broken", n)
			}
		})
	}
}

func TestUnitsCarryNoSecrets(t *testing.T) {
	for _, file := range []string{"refundwatch.service", "refundwatch-user.service"} {
		for _, d := range parseUnit(t, file) {
			v := strings.ToLower(d.value)
			// Environment= is readable by any local user via the bus; secrets
			// come in as credentials instead.
			if d.key == "Environment" && (strings.Contains(v, "token") || strings.Contains(v, "webhook")) {
				t.Errorf("%s:%d: secret-looking Environment=; use LoadCredential=", file, d.line)
			}
			if strings.Contains(v, "xoxb-") || strings.Contains(v, "hooks.slack.com") {
				t.Errorf("%s:%d: a Slack secret in the unit file", file, d.line)
			}
		}
	}
}
