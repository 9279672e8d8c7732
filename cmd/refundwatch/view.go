package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"refundwatch/notify/logsink"
	"refundwatch/store"
	"refundwatch/store/money"
)

// purchaseJSON is CONTRACT.md's purchase object (fields may be added, never renamed).
type purchaseJSON struct {
	ID          uint64       `json:"id"`
	URL         string       `json:"url"`
	Title       string       `json:"title"`
	Order       string       `json:"order"`
	Paid        money.Money  `json:"paid"`
	Bought      string       `json:"bought"`
	WindowEnds  string       `json:"window_ends"`
	Status      store.Status `json:"status"`
	LastPrice   *money.Money `json:"last_price"`
	LastChecked *string      `json:"last_checked"`
	LowestPrice *money.Money `json:"lowest_price"`
	RefundDue   money.Money  `json:"refund_due"`
	// Additions beyond the contract.
	LastStatus string       `json:"last_status,omitempty"`
	Seller     *string      `json:"seller,omitempty"`
	Selector   string       `json:"selector,omitempty"`
	Refunded   *money.Money `json:"refunded,omitempty"`
}

type historyJSON struct {
	At     string       `json:"at"`
	Status string       `json:"status"`
	Price  *money.Money `json:"price"`
}

type alertJSON struct {
	ID        uint64          `json:"id"`
	Kind      store.AlertKind `json:"kind"`
	Created   string          `json:"created"`
	Price     *money.Money    `json:"price,omitempty"`
	State     string          `json:"state"` // pending, sent, failed
	Attempts  int             `json:"attempts"`
	LastError string          `json:"last_error,omitempty"`
}

type showJSON struct {
	purchaseJSON
	History []historyJSON `json:"history"`
	Alerts  []alertJSON   `json:"alerts"`
	Claims  []store.Claim `json:"claims"`
}

func rfc3339(t time.Time) string { return t.Format(time.RFC3339) }

func toJSON(p store.Purchase, now time.Time) purchaseJSON {
	j := purchaseJSON{
		ID: p.ID, URL: p.URL, Title: p.Title, Order: p.Order, Paid: p.Paid,
		Bought: rfc3339(p.Bought), WindowEnds: rfc3339(p.WindowEnds),
		Status: p.EffectiveStatus(now), LastPrice: p.LastPrice, LowestPrice: p.LowestPrice,
		RefundDue: p.RefundDue(), LastStatus: p.LastStatus, Selector: p.Selector, Refunded: p.Refunded,
	}
	if !p.LastChecked.IsZero() {
		s := rfc3339(p.LastChecked)
		j.LastChecked = &s
	}
	if p.Seller != "" {
		s := p.Seller
		j.Seller = &s
	}
	return j
}

func alertState(a store.Alert) string {
	switch {
	case !a.Sent.IsZero():
		return "sent"
	case a.Failed:
		return "failed"
	}
	return "pending"
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// until renders the time left: "4d 3h", "55m", "closed".
func until(now, t time.Time) string {
	d := t.Sub(now)
	if d <= 0 {
		return "closed"
	}
	days := int(d / (24 * time.Hour))
	hours := int(d % (24 * time.Hour) / time.Hour)
	switch {
	case days > 0:
		return fmt.Sprintf("%dd %dh", days, hours)
	case hours > 0:
		return fmt.Sprintf("%dh %dm", hours, int(d%time.Hour/time.Minute))
	}
	return fmt.Sprintf("%dm", int(d/time.Minute)+1)
}

// clip shortens s to n terminal columns for a table cell (wide characters take two).
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if logsink.Width(s) <= n {
		return s
	}
	var b strings.Builder
	w := 0
	for _, r := range s {
		rw := logsink.Width(string(r))
		if w+rw > n-1 {
			break
		}
		b.WriteRune(r)
		w += rw
	}
	return b.String() + "…"
}

func priceOrDash(m *money.Money) string {
	if m == nil {
		return "-"
	}
	return money.Format(*m)
}
