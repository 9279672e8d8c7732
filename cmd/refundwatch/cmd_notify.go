package main

import (
	"context"
	"errors"
	"fmt"

	"refundwatch/notify/card"
	"refundwatch/notify/draft"
)

func cmdDraft(ctx context.Context, a *app, args []string) error {
	fs := a.flags("draft", false)
	lang := fs.String("lang", "", "ja or en (default: config lang, auto = by store)")
	style := fs.String("style", "chat", "chat (one short paste) or email (subject + body)")
	id, db, err := a.purchaseArg(ctx, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	switch *lang {
	case "", "auto", "ja", "en":
	default:
		return usagef("--lang must be ja or en (got %q)", *lang)
	}
	if *style != "chat" && *style != "email" {
		return usagef("--style must be chat or email (got %q)", *style)
	}
	if *lang == "" {
		*lang = a.cfg.Lang
	}
	p, err := db.Purchase(ctx, id)
	if err != nil {
		return notFound(id, err)
	}
	hist, err := db.History(ctx, id)
	if err != nil {
		return fmt.Errorf("read history of %d: %w", id, err)
	}
	text, err := draft.Render(card.DraftInput(p, hist, nil), *lang, *style, a.cfg.Templates)
	switch {
	case errors.Is(err, draft.ErrNoDrop):
		return &exitError{code: exitFailure, err: fmt.Errorf("purchase %d has not dropped below the %s paid yet: nothing to ask for", id, draft.FormatMoney(p.Paid, "en"))}
	case errors.Is(err, draft.ErrCurrency):
		return &exitError{code: exitFailure, err: fmt.Errorf("purchase %d: the page now shows another currency than was paid, so no difference can be claimed", id)}
	case err != nil:
		return fmt.Errorf("draft for purchase %d: %w", id, err)
	}
	fmt.Fprintln(a.stdout, text)
	return nil
}

func cmdNotify(ctx context.Context, a *app, args []string) error {
	fs := a.flags("notify", false)
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "test" {
		return usagef("notify needs the subcommand test: refundwatch notify test")
	}
	// The test alert goes straight to the channel; no database is touched.
	d, err := a.newDispatcher(nil, nil, nil)
	if err != nil {
		return err
	}
	if err := d.SendTest(ctx); err != nil {
		return fmt.Errorf("%w", err)
	}
	fmt.Fprintf(a.stdout, "test alert delivered via %s\n", d.Channel())
	return nil
}
