// Package logsink is the channel used when no Slack is configured: it writes
// the whole alert, drafted request included, to a writer (stderr, hence the
// journal under systemd) in a form a person can read and copy from.
package logsink

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"refundwatch/notify/card"
)

// Sink writes alerts to w. Safe for concurrent use.
type Sink struct {
	mu sync.Mutex
	w  io.Writer
}

// New returns a Sink writing to w.
func New(w io.Writer) *Sink { return &Sink{w: w} }

// Name is the channel name stored on sent alerts.
func (s *Sink) Name() string { return "log" }

// Threads reports that a log has no threads.
func (s *Sink) Threads() bool { return false }

// Send writes the card; the error is the writer's.
func (s *Sink) Send(ctx context.Context, c card.Card, _ string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := io.WriteString(s.w, Format(c)); err != nil {
		return "", fmt.Errorf("log sink: %w", err)
	}
	return "", nil
}

// Format renders a card as plain text: a banner with the headline, the
// facts aligned, notes, the draft between markers, links.
func Format(c card.Card) string {
	var b strings.Builder
	fmt.Fprintf(&b, "==== refundwatch: %s ====\n", c.Headline)
	if c.PurchaseID != 0 {
		fmt.Fprintf(&b, "purchase %d, alert %d (%s)\n", c.PurchaseID, c.AlertID, c.Kind)
	}
	if c.Title != "" {
		fmt.Fprintf(&b, "%s\n", c.Title)
	}
	width := 0
	for _, f := range c.Facts {
		width = max(width, Width(f.Label))
	}
	for _, f := range c.Facts {
		fmt.Fprintf(&b, "  %s:%s %s\n", f.Label, strings.Repeat(" ", width-Width(f.Label)), f.Value)
	}
	if c.Sparkline != "" {
		fmt.Fprintf(&b, "  %s  %s\n", c.Sparkline, c.SparkNote)
	}
	for _, n := range c.Notes {
		fmt.Fprintf(&b, "! %s\n", n)
	}
	if c.Draft != "" {
		fmt.Fprintf(&b, "---- %s ----\n%s---- end ----\n", c.Labels.DraftTitle, c.Draft)
	}
	if c.URL != "" && c.Kind != "test" {
		fmt.Fprintf(&b, "%s: %s\n", c.Labels.Product, c.URL)
	}
	if c.SupportURL != "" && c.Draft != "" {
		fmt.Fprintf(&b, "%s: %s\n", fmt.Sprintf(c.Labels.Support, c.StoreName), c.SupportURL)
	}
	b.WriteString("====\n")
	return b.String()
}
