// Package config reads refundwatch's TOML configuration (CONTRACT.md keys),
// applies defaults and environment overrides, and rejects unknown keys and bad
// values with an error that names the key and the line.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"refundwatch/watcher"
	"refundwatch/watcher/fetch"
)

// Config is the whole configuration, defaults applied.
type Config struct {
	Path      string        // the file read; "" when built-in defaults are used
	Schedule  string        // robfig/cron spec
	Window    time.Duration // price-protection window after purchase
	MinDrop   string        // "1" (absolute, in the purchase's currency) or "2%"
	Lang      string        // auto | ja | en
	Templates string        // folder of the user's draft templates ("" = built-in)
	HTTP      HTTP
	Slack     Slack
}

// HTTP tunes fetching.
type HTTP struct {
	UserAgent       string
	Timeout         time.Duration
	PerHostInterval time.Duration
	Proxy           string
}

// Slack says where alerts go (the file's part; notify adds env and credentials).
type Slack struct {
	WebhookURL string
	Token      string
	Channel    string
	APIURL     string
}

// Default is the configuration with no file.
func Default() Config {
	return Config{
		Schedule: "@every 1h",
		Window:   7 * 24 * time.Hour,
		MinDrop:  "1",
		Lang:     "auto",
		HTTP: HTTP{
			UserAgent:       fetch.DefaultUserAgent,
			Timeout:         30 * time.Second,
			PerHostInterval: 10 * time.Second,
		},
	}
}

// Error is a configuration problem, naming the key and (when known) the line.
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *Error) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Key == "" {
		return fmt.Sprintf("config %s: %s", loc, e.Msg)
	}
	return fmt.Sprintf("config %s: %s: %s", loc, e.Key, e.Msg)
}

// file mirrors the TOML document; every value is read as written and
// validated afterwards so errors can name key and line.
type file struct {
	Schedule  *string `toml:"schedule"`
	Window    *string `toml:"window"`
	MinDrop   *string `toml:"min_drop"`
	Lang      *string `toml:"lang"`
	Templates *string `toml:"templates"`
	HTTP      struct {
		UserAgent       *string `toml:"user_agent"`
		Timeout         *string `toml:"timeout"`
		PerHostInterval *string `toml:"per_host_interval"`
		Proxy           *string `toml:"proxy"`
	} `toml:"http"`
	Slack struct {
		WebhookURL *string `toml:"webhook_url"`
		Token      *string `toml:"token"`
		Channel    *string `toml:"channel"`
		APIURL     *string `toml:"api_url"`
	} `toml:"slack"`
}

// Load reads the config at path (explicit: must exist) or, when path is "",
// the first default file that exists (none: built-in defaults). getenv
// supplies the environment (os.Getenv in production). Slack secrets from the
// environment and systemd credentials are resolved by notify, not here.
func Load(path string, getenv func(string) string) (Config, error) {
	explicit := path != ""
	if !explicit {
		path = defaultPath(getenv)
	}
	cfg := Default()
	if path != "" {
		data, err := os.ReadFile(path)
		switch {
		case err == nil:
			if err := parse(&cfg, path, data); err != nil {
				return Config{}, err
			}
			cfg.Path = path
		case explicit || !errors.Is(err, os.ErrNotExist):
			return Config{}, &Error{File: path, Msg: fmt.Sprintf("cannot read: %v", unwrapPathErr(err))}
		}
	}
	return cfg, nil
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// defaultPath is $XDG_CONFIG_HOME/refundwatch/config.toml (~/.config/...) if
// it exists, else /etc/refundwatch/config.toml if it exists, else "".
func defaultPath(getenv func(string) string) string {
	for _, p := range []string{userConfigPath(getenv), "/etc/refundwatch/config.toml"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func userConfigPath(getenv func(string) string) string {
	if d := getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "refundwatch", "config.toml")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".config", "refundwatch", "config.toml")
	}
	return ""
}

func parse(cfg *Config, path string, data []byte) error {
	var f file
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return decodeError(path, err)
	}
	lines := keyLines(data)
	bad := func(key, format string, args ...any) error {
		return &Error{File: path, Line: lines[key], Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	if v := f.Schedule; v != nil {
		if err := watcher.ValidateSchedule(*v); err != nil {
			return bad("schedule", "not a cron schedule: %v", strings.TrimPrefix(err.Error(), "schedule: "))
		}
		cfg.Schedule = *v
	}
	if v := f.Window; v != nil {
		d, err := ParseDuration(*v)
		if err != nil {
			return bad("window", "%v", err)
		}
		if err := CheckWindow(d); err != nil {
			return bad("window", "%v (got %q)", err, *v)
		}
		cfg.Window = d
	}
	if v := f.MinDrop; v != nil {
		if _, err := watcher.ParseMinDrop(*v); err != nil {
			return bad("min_drop", "%v", err)
		}
		cfg.MinDrop = strings.TrimSpace(*v)
	}
	if v := f.Lang; v != nil {
		switch *v {
		case "auto", "ja", "en":
			cfg.Lang = *v
		default:
			return bad("lang", "must be auto, ja or en (got %q)", *v)
		}
	}
	if v := f.Templates; v != nil {
		cfg.Templates = *v
	}
	if v := f.HTTP.UserAgent; v != nil {
		if strings.TrimSpace(*v) == "" {
			return bad("http.user_agent", "must not be empty")
		}
		cfg.HTTP.UserAgent = *v
	}
	for key, dst := range map[string]*struct {
		src *string
		dst *time.Duration
	}{
		"http.timeout":           {f.HTTP.Timeout, &cfg.HTTP.Timeout},
		"http.per_host_interval": {f.HTTP.PerHostInterval, &cfg.HTTP.PerHostInterval},
	} {
		if dst.src == nil {
			continue
		}
		d, err := ParseDuration(*dst.src)
		if err != nil {
			return bad(key, "%v", err)
		}
		if d < 0 || (key == "http.timeout" && d == 0) {
			return bad(key, "must be positive (got %q)", *dst.src)
		}
		*dst.dst = d
	}
	if v := f.HTTP.Proxy; v != nil {
		if *v != "" && !strings.Contains(*v, "://") {
			// Not echoed: a proxy address may carry a password.
			return bad("http.proxy", "must be a URL like http://host:3128")
		}
		cfg.HTTP.Proxy = *v
	}
	if v := f.Slack.WebhookURL; v != nil {
		if *v != "" && !strings.HasPrefix(*v, "https://") && !strings.HasPrefix(*v, "http://") {
			// Never echo the value: a webhook URL is a secret.
			return bad("slack.webhook_url", "must be an http(s) URL")
		}
		cfg.Slack.WebhookURL = *v
	}
	if v := f.Slack.Token; v != nil {
		cfg.Slack.Token = *v
	}
	if v := f.Slack.Channel; v != nil {
		cfg.Slack.Channel = *v
	}
	if v := f.Slack.APIURL; v != nil {
		if *v != "" && !strings.HasPrefix(*v, "https://") && !strings.HasPrefix(*v, "http://") {
			return bad("slack.api_url", "must be an http(s) URL (got %q)", *v)
		}
		cfg.Slack.APIURL = *v
	}
	if cfg.Slack.Token != "" && cfg.Slack.Channel == "" {
		return bad("slack.channel", "must be set when slack.token is")
	}
	return nil
}

// decodeError turns go-toml's errors into one naming key and line.
func decodeError(path string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		e := strict.Errors[0]
		row, _ := e.Position()
		return &Error{File: path, Line: row, Key: strings.Join(e.Key(), "."), Msg: "unknown key"}
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		return &Error{File: path, Line: row, Key: strings.Join(de.Key(), "."), Msg: de.Error()}
	}
	return &Error{File: path, Msg: err.Error()}
}

// keyLines maps "table.key" to the 1-based line where it is set, for error
// messages about values that decoded but are invalid.
func keyLines(data []byte) map[string]int {
	out := map[string]int{}
	table := ""
	for i, line := range strings.Split(string(data), "\n") {
		s := strings.TrimSpace(line)
		if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
			table = strings.Trim(s, "[] ")
			continue
		}
		k, _, ok := strings.Cut(s, "=")
		if !ok || strings.HasPrefix(s, "#") {
			continue
		}
		k = strings.Trim(strings.TrimSpace(k), `"'`)
		if table != "" {
			k = table + "." + k
		}
		if _, seen := out[k]; !seen {
			out[k] = i + 1
		}
	}
	return out
}

// ParseDuration reads a Go duration ("36h", "90m") or days/weeks ("7d", "2w", "1d12h").
func ParseDuration(s string) (time.Duration, error) {
	orig := s
	s = strings.TrimSpace(s)
	var total time.Duration
	for _, unit := range []struct {
		suffix string
		d      time.Duration
	}{{"w", 7 * 24 * time.Hour}, {"d", 24 * time.Hour}} {
		if i := strings.Index(s, unit.suffix); i > 0 {
			n, err := strconv.Atoi(s[:i])
			if err != nil || n < 0 || n > 100000 {
				return 0, fmt.Errorf("not a duration like 7d, 36h or 90m (got %q)", orig)
			}
			total += time.Duration(n) * unit.d
			s = s[i+1:]
		}
	}
	if s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			return 0, fmt.Errorf("not a duration like 7d, 36h or 90m (got %q)", orig)
		}
		total += d
	}
	return total, nil
}

// MaxWindow bounds --window and window: no store protects prices for longer.
const MaxWindow = 365 * 24 * time.Hour

// CheckWindow rejects windows ≤ 0 or absurd (> 365d).
func CheckWindow(d time.Duration) error {
	switch {
	case d <= 0:
		return errors.New("must be longer than zero")
	case d > MaxWindow:
		return errors.New("must be at most 365d")
	}
	return nil
}
