package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"refundwatch/cmd/refundwatch/demo"
	"refundwatch/notify/card"
	"refundwatch/notify/draft"
	"refundwatch/store"
	"refundwatch/store/money"
)

// Demo timing: a check every 2 s; the shop cuts its price after two checks.
const (
	demoSchedule   = "@every 2s"
	demoPaid       = 39600
	demoSale       = 35800
	demoChecksFlat = 2
	demoTimeout    = 50 * time.Second
	demoOrder      = "249-1234567-1234567"
)

func cmdDemo(ctx context.Context, a *app, args []string) error {
	fs := a.flags("demo", false)
	keep := fs.Bool("keep", false, "keep the demo database instead of removing it")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs("demo", pos, 0, 0, ""); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, demoTimeout)
	defer cancel()
	out := a.stdout
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }

	// A throwaway database: the demo adds a fake purchase and runs checks
	// every 2 s, which must never touch the user's real one. REFUNDWATCH_DB is
	// ignored; --db is honoured only for a file that does not exist yet.
	dbPath := a.globals.dbPath
	if dbPath != "" {
		if _, err := os.Stat(dbPath); err == nil {
			return usagef("demo: %s already exists; the demo needs a new database (leave out --db to use a throwaway one)", dbPath)
		}
	} else {
		dir, err := os.MkdirTemp("", "refundwatch-demo-")
		if err != nil {
			return fmt.Errorf("demo: temp folder: %w", err)
		}
		dbPath = filepath.Join(dir, "demo.db")
		if !*keep {
			defer os.RemoveAll(dir)
		}
	}
	a.globals.dbPath = dbPath
	// Fast and quiet: a check every 2 s, a short gap for the local shop, and
	// the daemon's logs kept out of the walk-through unless something fails.
	a.cfg.Schedule = demoSchedule
	a.cfg.HTTP.PerHostInterval = 200 * time.Millisecond
	if a.cfg.Lang == "auto" {
		a.cfg.Lang = "ja" // the shop plays amazon.co.jp; its host is only 127.0.0.1
	}
	logs := &syncBuffer{}
	a.log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))

	say("refundwatch demo — the whole loop, offline, in about 10 seconds.\n")
	shop, err := demo.StartShop(demoPaid)
	if err != nil {
		return err
	}
	defer shop.Close()
	paid := money.Money{Amount: demoPaid, Currency: "JPY"}
	say("1. A local shop is open at %s", shop.URL())
	say("   It serves an amazon.co.jp-style product page at %s (with a struck 参考価格, points and", money.Format(paid))
	say("   other sellers' prices nearby: refundwatch must read the price to pay, not those).\n")

	db, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	now := a.now()
	bought := now.Add(-48 * time.Hour).Truncate(time.Minute)
	p, err := db.AddPurchase(ctx, store.Purchase{
		URL: shop.URL(), Title: "ソニー ワイヤレスノイズキャンセリングヘッドホン WH-1000XM5 ブラック", Order: demoOrder,
		Paid: paid, Bought: bought, WindowEnds: bought.Add(a.cfg.Window), Status: store.StatusWatching,
	})
	if err != nil {
		return fmt.Errorf("demo: add purchase: %w", err)
	}
	say("2. You bought it two days ago. Recorded as purchase #%d:", p.ID)
	say("   $ refundwatch add %s --paid ￥39,600 --order %s --bought %s", shop.URL(), demoOrder, bought.Format(time.RFC3339))
	say("   The price-protection window closes %s (in %s).\n", p.WindowEnds.Local().Format("2006-01-02 15:04"), until(now, p.WindowEnds))

	var alertBuf syncBuffer
	d, w, err := a.pipeline(db, &alertBuf, &alertBuf)
	if err != nil {
		return err
	}
	say("3. The daemon's scheduler checks the page every 2 seconds (normally: hourly):")
	runCtx, stopRun := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, part := range []func(context.Context) error{w.Run, d.Run} {
		wg.Add(1)
		go func() { defer wg.Done(); _ = recovered(part)(runCtx) }()
	}
	stop := func() { stopRun(); wg.Wait() }
	defer stop()

	alerted, err := demoWatch(ctx, db, p.ID, shop, out)
	if err != nil {
		fmt.Fprint(a.stderr, logs.String())
		return err
	}
	// The alert is committed to the outbox before delivery: wait for it to be sent.
	if err := waitDelivered(ctx, db, alerted); err != nil {
		fmt.Fprint(a.stderr, logs.String())
		return err
	}
	stop()

	channel := d.Channel()
	if channel == "log" {
		say("\n4. The alert. No Slack is configured, so it goes to stderr (the journal under systemd) in full:\n")
	} else {
		say("\n4. The alert was sent to Slack (%s). This is what it says:\n", channel)
	}
	fmt.Fprint(out, indent(alertBuf.String()))

	p, err = db.Purchase(ctx, p.ID)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	hist, err := db.History(ctx, p.ID)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	text, err := draft.Render(card.DraftInput(p, hist, nil), "en", "chat", a.cfg.Templates)
	if err != nil {
		return fmt.Errorf("demo: draft: %w", err)
	}
	say("\n5. The same request in English, for stores that chat in English (refundwatch draft %d --lang en):\n", p.ID)
	fmt.Fprint(out, indent(text+"\n"))
	say("\nThe shop was asked %d times.", shop.Requests())
	if *keep {
		say("The demo database is kept at %s (refundwatch --db %s show %d).", dbPath, dbPath, p.ID)
	} else {
		say("The demo database was removed (--keep keeps it).")
	}
	say("\nYour turn:  refundwatch add URL --paid PRICE --order ORDER --bought DATE  then  refundwatch run")
	return nil
}

// demoWatch prints each check as it lands and cuts the shop's price after
// demoChecksFlat checks; it returns the drop alert's ID.
func demoWatch(ctx context.Context, db *store.DB, id uint64, shop *demo.Shop, out io.Writer) (uint64, error) {
	var seen time.Time
	checks := 0
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("demo: no alert within %s: %w", demoTimeout, ctx.Err())
		case <-tick.C:
		}
		p, err := db.Purchase(ctx, id)
		if err != nil {
			return 0, fmt.Errorf("demo: %w", err)
		}
		if p.LastChecked.Equal(seen) {
			continue
		}
		seen = p.LastChecked
		checks++
		verdict := "same as paid: nothing to do"
		if p.LastPrice == nil {
			verdict = "no price read (" + p.LastStatus + ")"
		} else if due := p.RefundDue(); due.Amount > 0 {
			verdict = fmt.Sprintf("dropped %s below what you paid → alert", money.Format(due))
		}
		fmt.Fprintf(out, "   %s  check %d: %s  %s\n", p.LastChecked.Local().Format("15:04:05"), checks, priceOrDash(p.LastPrice), verdict)
		if checks == demoChecksFlat {
			shop.SetPrice(demoSale)
			fmt.Fprintf(out, "   … the shop cuts the price to %s …\n", money.Format(money.Money{Amount: demoSale, Currency: "JPY"}))
		}
		alerts, err := db.Alerts(ctx, id)
		if err != nil {
			return 0, fmt.Errorf("demo: %w", err)
		}
		for _, al := range alerts {
			if al.Kind == store.AlertDrop {
				return al.ID, nil
			}
		}
	}
}

func waitDelivered(ctx context.Context, db *store.DB, alertID uint64) error {
	for {
		pending, err := db.PendingAlerts(ctx)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		still := false
		for _, al := range pending {
			still = still || al.ID == alertID
		}
		if !still {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("demo: the alert was not delivered: %w (see refundwatch notify test)", ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func indent(s string) string {
	var b []byte
	start := true
	for i := 0; i < len(s); i++ {
		if start && s[i] != '\n' {
			b = append(b, "   "...)
		}
		b = append(b, s[i])
		start = s[i] == '\n'
	}
	return string(b)
}

// syncBuffer is a bytes.Buffer safe for the daemon's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
