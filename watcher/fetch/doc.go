// Package fetch owns polite HTTP fetching of product pages: one request in
// flight per host, a minimum gap (plus jitter) between requests to a host, a
// small global concurrency limit, timeouts, a body limit, Retry-After and
// robot-check backoff. It knows nothing about prices: the watcher reads the
// page and tells the fetcher (Block/Unblock) when a host served a robot check.
package fetch
