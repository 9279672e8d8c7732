package main

import (
	"context"
	"fmt"
	"io"

	"github.com/andybalholm/cascadia"

	"refundwatch/notify"
	"refundwatch/store"
	"refundwatch/watcher"
	"refundwatch/watcher/extract"
	"refundwatch/watcher/fetch"
)

// fetcher is the polite HTTP client, tuned by [http].
func (a *app) fetcher() (*fetch.Client, error) {
	c, err := fetch.New(fetch.Config{
		UserAgent: a.cfg.HTTP.UserAgent, Timeout: a.cfg.HTTP.Timeout,
		PerHostInterval: a.cfg.HTTP.PerHostInterval, Proxy: a.cfg.HTTP.Proxy, Logger: a.log,
	})
	if err != nil {
		return nil, usagef("http config: %v", err)
	}
	return c, nil
}

// newDispatcher picks the alert channel from config, env and credentials:
// Slack bot, Slack webhook, else the full alert on sink (stderr). echo, when
// set, also gets every delivered alert in full (the demo shows it).
func (a *app) newDispatcher(db *store.DB, sink, echo io.Writer) (*notify.Dispatcher, error) {
	if sink == nil {
		sink = a.stderr
	}
	d, err := notify.New(notify.Config{
		WebhookURL: a.cfg.Slack.WebhookURL, Token: a.cfg.Slack.Token, Channel: a.cfg.Slack.Channel,
		APIURL: a.cfg.Slack.APIURL, Lang: a.cfg.Lang, Templates: a.cfg.Templates, Echo: echo, Getenv: a.getenv,
	}, db, a.log, sink)
	if err != nil {
		return nil, &exitError{code: exitUsage, err: fmt.Errorf("slack config: %w", err)}
	}
	return d, nil
}

// pipeline wires what check, run and demo share: the outbox dispatcher and
// the watcher that feeds it, fetching politely.
func (a *app) pipeline(db *store.DB, sink, echo io.Writer) (*notify.Dispatcher, *watcher.Watcher, error) {
	d, err := a.newDispatcher(db, sink, echo)
	if err != nil {
		return nil, nil, err
	}
	f, err := a.fetcher()
	if err != nil {
		return nil, nil, err
	}
	w, err := a.newWatcher(db, f, d)
	if err != nil {
		return nil, nil, err
	}
	return d, w, nil
}

// newWatcher builds the checker over db, delivering through alerter.
func (a *app) newWatcher(db *store.DB, f fetch.Fetcher, alerter watcher.Alerter) (*watcher.Watcher, error) {
	md, err := watcher.ParseMinDrop(a.cfg.MinDrop)
	if err != nil {
		return nil, usagef("%v", err)
	}
	w, err := watcher.New(watcher.Config{
		Schedule: a.cfg.Schedule, Rules: watcher.Rules{MinDrop: md}, Alerter: alerter, Logger: a.log,
	}, db, f)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return w, nil
}

// readPage fetches a live page and reports what would be recorded.
func (a *app) readPage(ctx context.Context, rawURL, selector string) (extract.Result, error) {
	f, err := a.fetcher()
	if err != nil {
		return extract.Result{}, err
	}
	res, err := watcher.ReadPage(ctx, f, watcher.ExtractorFunc(extract.Extract), rawURL, selector)
	if err != nil {
		return res, fmt.Errorf("read %s: %w", rawURL, err)
	}
	return res, nil
}

// checkSelector rejects a CSS selector that cannot compile, before storing it.
func checkSelector(sel string) error {
	if _, err := cascadia.Compile(sel); err != nil {
		return usagef("--selector %q is not a CSS selector: %v", sel, err)
	}
	return nil
}
