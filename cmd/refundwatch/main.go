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
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}
