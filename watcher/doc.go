// Package watcher owns turning recorded purchases into timely, trustworthy
// drop events: the schedule (robfig/cron), one check cycle (fetch → extract →
// record), and the pure drop decision (decision.go) whose state lives in the
// store so a restart never re-alerts. Fetching politely is watcher/fetch;
// reading a price off a page is watcher/extract. Alerts are committed to the
// store's outbox and announced through Alerter; this package never delivers.
package watcher
