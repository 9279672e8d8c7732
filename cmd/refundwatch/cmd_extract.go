package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"refundwatch/store/money"
	"refundwatch/watcher/extract"
)

// maxSavedPage bounds a saved file as the fetcher bounds a live page: a
// 50 MB "page" is a mistake, not something to parse.
const maxSavedPage = 10 << 20

func cmdExtract(ctx context.Context, a *app, args []string) error {
	fs := a.flags("extract", true)
	pageURL := fs.String("url", "", "the address a saved FILE came from (chooses the store adapter and currency)")
	selector := fs.String("selector", "", "CSS selector of the price (wins over the built-in readers)")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs("extract", pos, 1, -1, "at least one FILE or URL"); err != nil {
		return err
	}
	if *selector != "" {
		if err := checkSelector(*selector); err != nil {
			return err
		}
	}
	if *pageURL != "" {
		if _, err := parseProductURL(*pageURL); err != nil {
			return usagef("--url: %v", err)
		}
	}
	var last extract.Result
	failed := 0
	for _, src := range pos {
		res, err := a.extractOne(ctx, src, *pageURL, *selector)
		if err != nil {
			failed++
			if len(pos) == 1 {
				return err
			}
			fmt.Fprintf(a.stderr, "refundwatch: %s\n", sentence(err.Error()))
			if a.globals.json {
				if err := writeJSON(a.stdout, map[string]string{"url": src, "error": err.Error()}); err != nil {
					return err
				}
			}
			continue
		}
		last = res
		if a.globals.json {
			if err := writeJSON(a.stdout, res); err != nil {
				return err
			}
			continue
		}
		printResult(a.stdout, src, res, len(pos) > 1)
	}
	if len(pos) > 1 {
		if failed > 0 {
			return &exitError{code: exitFailure, err: fmt.Errorf("extract: %d of %d pages could not be read", failed, len(pos))}
		}
		return nil
	}
	return statusExit(last)
}

// statusExit maps a single page's status to CONTRACT.md's exit codes.
func statusExit(r extract.Result) error {
	switch r.Status {
	case extract.StatusBlocked:
		return &exitError{code: exitBlocked}
	case extract.StatusNotFound, extract.StatusUnavailable:
		return &exitError{code: exitNoPrice}
	}
	return nil
}

func (a *app) extractOne(ctx context.Context, src, pageURL, selector string) (extract.Result, error) {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		if _, err := parseProductURL(src); err != nil {
			return extract.Result{}, err
		}
		return a.readPage(ctx, src, selector)
	}
	f, err := os.Open(src)
	if err != nil {
		return extract.Result{}, usagef("cannot read %s: %v", src, unwrapPath(err))
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, maxSavedPage+1))
	if err != nil {
		return extract.Result{}, fmt.Errorf("read %s: %w", src, err)
	}
	if len(body) > maxSavedPage {
		return extract.Result{}, usagef("%s is larger than %d MB: not a product page", src, maxSavedPage>>20)
	}
	res, err := extract.Extract(body, extract.Options{URL: pageURL, Selector: selector})
	if err != nil {
		return res, fmt.Errorf("read price from %s: %w", src, err)
	}
	return res, nil
}

func printResult(w io.Writer, src string, r extract.Result, named bool) {
	if named {
		fmt.Fprintf(w, "%s: ", src)
	}
	price := "no price"
	if r.Price != nil {
		price = money.Format(*r.Price)
	}
	fmt.Fprintf(w, "%s  %s", r.Status, price)
	if r.Title != "" {
		fmt.Fprintf(w, "  %q", clip(r.Title, 60))
	}
	var notes []string
	if r.Method != "" {
		notes = append(notes, "read by "+r.Method)
	}
	if r.Available != nil && !*r.Available {
		notes = append(notes, "not available")
	}
	if r.Seller != nil && *r.Seller != "" {
		notes = append(notes, "sold by "+*r.Seller)
	}
	if len(notes) > 0 {
		fmt.Fprintf(w, "  (%s)", strings.Join(notes, ", "))
	}
	fmt.Fprintln(w)
	switch r.Status {
	case extract.StatusBlocked:
		fmt.Fprintln(w, "  The store served a robot check instead of the page: refundwatch never reads a price from it and backs off from that store.")
	case extract.StatusNotFound:
		fmt.Fprintln(w, "  No price found. If the page shows one, give its CSS selector with --selector.")
	}
}
