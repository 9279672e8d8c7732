// Command refundwatch records what you paid, watches the product page through
// the store's price-protection window and, when the price falls, drafts the
// refund request and alerts you. See README.md and ../../../shared/CONTRACT.md.
//
// This package is thin on purpose: flags, configuration, wiring and output.
// Prices are read in watcher/, kept in store/, and alerts sent by notify/.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// softMemoryLimit keeps the daemon small (a Raspberry Pi, a shared VPS): the
// garbage collector works harder as Go's memory nears it. It is soft: a page
// that needs more still gets it. GOMEMLIMIT, when set, wins.
const softMemoryLimit = 24 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}
