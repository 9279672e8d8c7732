package main

import (
	"context"
	"fmt"

	"github.com/andybalholm/cascadia"

	"refundwatch/watcher/extract"
)

// readPage fetches a live page and extracts what would be recorded.
// Wired to watcher/fetch when the watcher lands.
func (a *app) readPage(ctx context.Context, rawURL, selector string) (extract.Result, error) {
	return extract.Result{}, fmt.Errorf("reading live pages is not wired yet; give --paid")
}

// checkSelector rejects a CSS selector that cannot compile, before storing it.
func checkSelector(sel string) error {
	if _, err := cascadia.Compile(sel); err != nil {
		return usagef("--selector %q is not a CSS selector: %v", sel, err)
	}
	return nil
}
