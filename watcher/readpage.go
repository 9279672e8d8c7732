package watcher

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"refundwatch/watcher/extract"
	"refundwatch/watcher/fetch"
)

// ReadPage fetches rawURL and reads it: the one way a live page becomes an
// extract.Result. A robot check is StatusBlocked whatever HTTP status it came
// with (and the host is backed off when f can), a 404/410 is StatusNotFound;
// any other fetch failure is an error.
func ReadPage(ctx context.Context, f fetch.Fetcher, x Extractor, rawURL, selector string) (extract.Result, error) {
	host := fetch.HostOf(rawURL)
	page, ferr := f.Fetch(ctx, rawURL)
	if ferr != nil && (page == nil || ctx.Err() != nil) {
		var bo *fetch.BackedOffError
		if errors.As(ferr, &bo) {
			return extract.Result{Status: extract.StatusBlocked, URL: rawURL, Method: "backoff"}, nil
		}
		return extract.Result{}, fmt.Errorf("fetch %s: %w", host, ferr)
	}
	if page.FinalURL != "" {
		host = fetch.HostOf(page.FinalURL) // a short link's robot check comes from the store itself
	}
	res, xerr := x.Extract(page.Body, extract.Options{URL: rawURL, ContentType: page.ContentType, Selector: selector})
	if xerr == nil && res.Status == extract.StatusBlocked {
		if b, ok := f.(Backoff); ok {
			b.Block(host)
		}
		return res, nil
	}
	if ferr != nil {
		var se *fetch.StatusError
		if errors.As(ferr, &se) && (se.StatusCode == http.StatusNotFound || se.StatusCode == http.StatusGone) {
			return extract.Result{Status: extract.StatusNotFound, URL: rawURL, Method: fmt.Sprintf("http %d", se.StatusCode)}, nil
		}
		return extract.Result{}, fmt.Errorf("fetch %s: %w", host, ferr)
	}
	if xerr != nil {
		return extract.Result{}, fmt.Errorf("read page from %s: %w", host, xerr)
	}
	if b, ok := f.(Backoff); ok {
		b.Unblock(host)
	}
	return res, nil
}
