package watcher

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"refundwatch/watcher/extract"
	"refundwatch/watcher/fetch"
)

// Config tunes a Watcher. Zero fields take the defaults noted.
type Config struct {
	Schedule string // robfig/cron spec (config schedule); default "@every 1h"
	Rules    Rules  // the drop decision (config min_drop → Rules.MinDrop)

	// RecheckDelay is the wait before re-reading a page that showed a deep
	// fall (the fetcher's politeness applies on top). Default 30 s.
	RecheckDelay time.Duration
	// Workers is how many purchases are checked at once (per-host
	// politeness is the fetcher's). Default 2: each holds a fetched page
	// while it waits its turn to be parsed.
	Workers int
	// Parsers is how many pages are parsed at once (memory: a parsed page
	// costs several times its size). Default 1.
	Parsers int
	// RestartGrace: the start-up cycle of Run skips purchases checked less
	// than this ago, so a daemon restarted in a loop does not fetch every page
	// again each time. Ticks and Cycle check all that are due. Default 10 min.
	RestartGrace time.Duration
	// BlockedPause: after a robot check no purchase of that store is fetched
	// for this long, judged from the store, so it holds across restarts and
	// for a refundwatch check beside the daemon (whose own backoff lives in
	// its memory and grows beyond this). Default 15 min.
	BlockedPause time.Duration
	// StopTimeout bounds how long Run waits for an abandoned cycle. Default 5 s.
	StopTimeout time.Duration

	Extractor Extractor    // default extract.Extract
	Alerter   Alerter      // default LogAlerter
	Clock     fetch.Clock  // default fetch.SystemClock
	Logger    *slog.Logger // default slog.Default()
}

// DefaultSchedule checks hourly.
const DefaultSchedule = "@every 1h"

func (c Config) withDefaults() Config {
	if c.Schedule == "" {
		c.Schedule = DefaultSchedule
	}
	c.Rules = c.Rules.withDefaults()
	if c.RecheckDelay <= 0 {
		c.RecheckDelay = 30 * time.Second
	}
	if c.Workers <= 0 {
		c.Workers = 2
	}
	if c.Parsers <= 0 {
		c.Parsers = 1
	}
	if c.RestartGrace <= 0 {
		c.RestartGrace = 10 * time.Minute
	}
	if c.BlockedPause <= 0 {
		c.BlockedPause = fetch.DefaultBlockBase
	}
	if c.StopTimeout <= 0 {
		c.StopTimeout = 5 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Extractor == nil {
		c.Extractor = ExtractorFunc(extract.Extract)
	}
	if c.Alerter == nil {
		c.Alerter = LogAlerter{Logger: c.Logger}
	}
	if c.Clock == nil {
		c.Clock = fetch.SystemClock{}
	}
	return c
}

// ValidateSchedule checks a cron spec as Run will read it: five fields,
// descriptors (@hourly, @every 1h) and a CRON_TZ= prefix are accepted.
func ValidateSchedule(spec string) error {
	if _, err := cron.ParseStandard(spec); err != nil {
		return fmt.Errorf("schedule: %w (got %q)", err, spec)
	}
	// cron quietly turns "@every -1h" or "@every 10ms" into every second.
	if i := strings.Index(spec, "@every "); i >= 0 {
		d, err := time.ParseDuration(strings.TrimSpace(spec[i+len("@every "):]))
		if err != nil || d < time.Second {
			return fmt.Errorf("schedule: @every needs a duration of at least 1s (got %q)", spec)
		}
	}
	return nil
}
