package main

import (
	"context"
	"fmt"

	"refundwatch/store"
	"refundwatch/store/money"
)

func cmdClaim(ctx context.Context, a *app, args []string) error {
	fs := a.flags("claim", true)
	submitted := fs.Bool("submitted", false, "you sent the refund request")
	refunded := fs.String("refunded", "", "the store refunded this AMOUNT")
	denied := fs.Bool("denied", false, "the store said no")
	id, db, err := a.purchaseArg(ctx, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	n := 0
	for _, set := range []bool{*submitted, *refunded != "", *denied} {
		if set {
			n++
		}
	}
	if n != 1 {
		return usagef("claim needs exactly one of --submitted, --refunded AMOUNT or --denied")
	}
	p, err := db.Purchase(ctx, id)
	if err != nil {
		return notFound(id, err)
	}
	c := store.Claim{At: a.now(), Kind: store.ClaimSubmitted}
	switch {
	case *denied:
		c.Kind = store.ClaimDenied
	case *refunded != "":
		m, err := parsePaid(*refunded, p.Paid.Currency, false)
		if err != nil {
			return usagef("--refunded %q is not an amount in %s", *refunded, p.Paid.Currency)
		}
		if m.Currency != p.Paid.Currency {
			return usagef("--refunded %q is in %s but the purchase was paid in %s", *refunded, m.Currency, p.Paid.Currency)
		}
		c.Kind, c.Amount = store.ClaimRefunded, &m
	}
	p, err = db.AddClaim(ctx, id, c)
	if err != nil {
		return notFound(id, err)
	}
	if a.globals.json {
		return writeJSON(a.stdout, toJSON(p, a.now()))
	}
	fmt.Fprintf(a.stdout, "purchase %d: %s\n", id, p.Status)
	return nil
}

func cmdStats(ctx context.Context, a *app, args []string) error {
	fs := a.flags("stats", true)
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs("stats", pos, 0, 0, ""); err != nil {
		return err
	}
	db, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := db.Stats(ctx, a.now())
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	if s.Recovered == nil {
		s.Recovered = []money.Money{}
	}
	if s.DueUnclaimed == nil {
		s.DueUnclaimed = []money.Money{}
	}
	if a.globals.json {
		return writeJSON(a.stdout, s)
	}
	tw := newTable(a.stdout)
	fmt.Fprintf(tw, "Money recovered\t%s\n", moneyList(s.Recovered))
	fmt.Fprintf(tw, "Due, not yet claimed\t%s\n", moneyList(s.DueUnclaimed))
	fmt.Fprintf(tw, "Drops found\t%d\n", s.DropsFound)
	fmt.Fprintf(tw, "Claims open\t%d\n", s.ClaimsOpen)
	fmt.Fprintf(tw, "Purchases\t%d (%d watching)\n", s.Purchases, s.Watching)
	fmt.Fprintf(tw, "Alerts\t%d pending, %d failed\n", s.AlertsPending, s.AlertsFailed)
	if err := tw.Flush(); err != nil {
		return err
	}
	if s.AlertsFailed > 0 {
		fmt.Fprintln(a.stdout, "Some alerts could not be delivered: see refundwatch show ID, and refundwatch notify test.")
	}
	return nil
}

func moneyList(ms []money.Money) string {
	if len(ms) == 0 {
		return "nothing yet"
	}
	s := ""
	for i, m := range ms {
		if i > 0 {
			s += " + "
		}
		s += money.Format(m)
	}
	return s
}
