package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"refundwatch/cmd/refundwatch/config"
	"refundwatch/store"
)

// Exit codes (CONTRACT.md).
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitNoPrice  = 3
	exitBlocked  = 4
	lockTimeout  = 10 * time.Second
	jsonFlagHelp = "print exactly one JSON value on stdout"
)

// env is the process's outside world, replaced in tests.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
}

// exitError carries the exit code a failure should produce.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usagef is a usage or input error: exit 2.
func usagef(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// command is one subcommand.
type command struct {
	name    string
	args    string // usage after the name
	summary string
	run     func(ctx context.Context, a *app, args []string) error
}

func commands() []command {
	return []command{
		{"add", "URL [--paid PRICE] [--currency ISO] [--order ID] [--bought DATE] [--title T] [--window DUR] [--selector CSS] [--json]", "record a purchase to watch", cmdAdd},
		{"list", "[--all] [--json]", "purchases still in their window (--all: every one)", cmdList},
		{"show", "ID [--json]", "one purchase with its price history", cmdShow},
		{"rm", "ID", "forget a purchase and its history", cmdRm},
		{"export", "", "all purchases and history as JSON on stdout", cmdExport},
		{"import", "FILE", "read what export wrote (idempotent)", cmdImport},
		{"backup", "PATH", "consistent copy of the database, also while the daemon runs", cmdBackup},
		{"extract", "FILE|URL... [--url URL] [--selector CSS] [--json]", "what price would be recorded for a page", cmdExtract},
		{"check", "[ID...] [--json]", "one check now of every open window (or the IDs given), as the daemon would", cmdCheck},
		{"run", "", "the daemon: checks on the schedule, alerts on drops (stops on SIGINT/SIGTERM)", cmdRun},
		{"draft", "ID [--lang ja|en] [--style chat|email]", "the refund request to paste into the store's support chat", cmdDraft},
		{"notify", "test", "send a test alert through the configured channel", cmdNotify},
		{"claim", "ID --submitted | --refunded AMOUNT | --denied", "record what became of a refund request", cmdClaim},
		{"stats", "[--json]", "money recovered, drops found, claims open", cmdStats},
		{"demo", "[--keep]", "the whole loop offline in under a minute: a local shop, a purchase, a drop, the alert", cmdDemo},
		{"version", "[--json]", "version, commit, Go version", cmdVersion},
	}
}

// app is what every command shares once global flags are read.
type app struct {
	env
	globals globals
	cfg     config.Config
	log     *slog.Logger
}

type globals struct {
	configPath string
	dbPath     string
	json       bool
}

func run(ctx context.Context, args []string, e env) (code int) {
	if e.now == nil {
		e.now = time.Now
	}
	defer func() {
		// One sentence, never a stack trace (CONTRACT.md): a bug still says what happened.
		if r := recover(); r != nil {
			fmt.Fprintf(e.stderr, "refundwatch: internal error: %v (please report it with the command you ran).\n", r)
			code = exitFailure
		}
	}()
	a := &app{env: e}
	a.log = newLogger(e.stderr, e.getenv)
	err := a.dispatch(ctx, args)
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var ee *exitError
	code = exitFailure
	if errors.As(err, &ee) {
		code = ee.code
	}
	var ce *config.Error
	if errors.As(err, &ce) {
		code = exitUsage
	}
	if ee == nil || ee.err != nil {
		fmt.Fprintf(e.stderr, "refundwatch: %s\n", sentence(err.Error()))
	}
	return code
}

// sentence makes an error message read as one sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s != "" && !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") {
		s += "."
	}
	return s
}

func (a *app) dispatch(ctx context.Context, args []string) error {
	// Global flags may come before the command too: refundwatch --db x list.
	var rest []string
	for i := 0; i < len(args); i++ {
		if !strings.HasPrefix(args[i], "-") {
			rest = args[i:]
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		switch name {
		case "h", "help":
			a.usage(a.stdout)
			return flag.ErrHelp
		case "config", "db":
			if !hasVal {
				if i+1 >= len(args) {
					return usagef("flag --%s needs a value", name)
				}
				i++
				val = args[i]
			}
			if name == "config" {
				a.globals.configPath = val
			} else {
				a.globals.dbPath = val
			}
		default:
			return usagef("unknown flag %s before the command (see refundwatch help)", args[i])
		}
	}
	if len(rest) == 0 {
		a.usage(a.stderr)
		return &exitError{code: exitUsage}
	}
	name := rest[0]
	if name == "help" {
		a.usage(a.stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, a, rest[1:])
		}
	}
	return usagef("unknown command %q (see refundwatch help)", name)
}

func (a *app) usage(w io.Writer) {
	fmt.Fprintln(w, "refundwatch — get price-drop refunds within the store's window\n\nUsage: refundwatch [--config PATH] [--db PATH] COMMAND [ARGS]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n           %s\n", c.name, c.summary, c.args)
	}
	fmt.Fprintln(w, "\nExit codes: 0 ok, 1 failure, 2 usage or config error, 3 page has no price, 4 store blocked us.")
}

// flags makes a command's flag set with the global flags registered too, so
// `refundwatch list --db x` works like `refundwatch --db x list`.
func (a *app) flags(name string, withJSON bool) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.globals.configPath, "config", a.globals.configPath, "config file (env REFUNDWATCH_CONFIG)")
	fs.StringVar(&a.globals.dbPath, "db", a.globals.dbPath, "database file (env REFUNDWATCH_DB)")
	if withJSON {
		fs.BoolVar(&a.globals.json, "json", false, jsonFlagHelp)
	}
	return fs
}

// parse reads flags and positional arguments in any order.
func (a *app) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				a.commandUsage(fs)
				return nil, flag.ErrHelp
			}
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return pos, a.loadConfig()
}

func (a *app) commandUsage(fs *flag.FlagSet) {
	for _, c := range commands() {
		if c.name == fs.Name() {
			fmt.Fprintf(a.stdout, "Usage: refundwatch %s %s\n  %s\n\nFlags:\n", c.name, c.args, c.summary)
		}
	}
	fs.SetOutput(a.stdout)
	fs.PrintDefaults()
}

func (a *app) loadConfig() error {
	path := a.globals.configPath
	if path == "" {
		path = a.getenv("REFUNDWATCH_CONFIG")
	}
	cfg, err := config.Load(path, a.getenv)
	if err != nil {
		return err
	}
	a.cfg = cfg
	return nil
}

// dbPath is --db, REFUNDWATCH_DB, $STATE_DIRECTORY/refundwatch.db (systemd),
// else $XDG_STATE_HOME/refundwatch/refundwatch.db (~/.local/state/...).
func (a *app) dbPath() (string, error) {
	if p := a.globals.dbPath; p != "" {
		return p, nil
	}
	if p := a.getenv("REFUNDWATCH_DB"); p != "" {
		return p, nil
	}
	if d := a.getenv("STATE_DIRECTORY"); d != "" {
		first, _, _ := strings.Cut(d, ":") // systemd joins several with ':'
		return filepath.Join(first, "refundwatch.db"), nil
	}
	if d := a.getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "refundwatch", "refundwatch.db"), nil
	}
	home := a.getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", usagef("no database path: set --db, REFUNDWATCH_DB or HOME")
		}
		home = h
	}
	return filepath.Join(home, ".local", "state", "refundwatch", "refundwatch.db"), nil
}

func (a *app) openStore(ctx context.Context) (*store.DB, error) {
	p, err := a.dbPath()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, p, store.Options{LockTimeout: lockTimeout})
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", p, err)
	}
	return db, nil
}

// needArgs checks the count of positional arguments.
func needArgs(cmd string, pos []string, min, max int, what string) error {
	if len(pos) < min {
		return usagef("%s needs %s", cmd, what)
	}
	if max >= 0 && len(pos) > max {
		return usagef("%s: unexpected argument %q", cmd, pos[max])
	}
	return nil
}

// purchaseArg reads the one purchase ID a command takes (show, rm, draft,
// claim) and opens the database; the caller closes it.
func (a *app) purchaseArg(ctx context.Context, fs *flag.FlagSet, args []string) (uint64, *store.DB, error) {
	pos, err := a.parse(fs, args)
	if err != nil {
		return 0, nil, err
	}
	if err := needArgs(fs.Name(), pos, 1, 1, "a purchase ID"); err != nil {
		return 0, nil, err
	}
	id, err := parseID(pos[0])
	if err != nil {
		return 0, nil, err
	}
	db, err := a.openStore(ctx)
	if err != nil {
		return 0, nil, err
	}
	return id, db, nil
}
