package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"refundwatch/notify/logsink"
)

func TestTableAlignsWideText(t *testing.T) {
	var out bytes.Buffer
	tw := newTable(&out)
	fmt.Fprintln(tw, "ID\tTITLE\tPAID")
	fmt.Fprintln(tw, "1\tヘッドホン\t¥12,800")
	fmt.Fprintln(tw, "12\tSwitch\t$8.99")
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines:\n%s", len(lines), out.String())
	}
	var cols []int
	for _, l := range lines {
		i := strings.LastIndex(l, "  ") + 2
		cols = append(cols, logsink.Width(l[:i]))
	}
	if cols[0] != cols[1] || cols[1] != cols[2] {
		t.Errorf("PAID starts at columns %v, want one column:\n%s", cols, out.String())
	}
	if want := "ID  TITLE       PAID"; lines[0] != want {
		t.Errorf("header %q, want %q", lines[0], want)
	}
}

func TestClipByColumns(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"SainSmart 2-Channel Relay Module", 12, "SainSmart 2…"},
		{"ソニー ワイヤレスヘッドホン", 12, "ソニー ワイ…"},
		{"  spaced   out  ", 20, "spaced out"},
	}
	for _, tt := range tests {
		got := clip(tt.in, tt.n)
		if got != tt.want || logsink.Width(got) > tt.n {
			t.Errorf("clip(%q, %d) = %q (width %d), want %q", tt.in, tt.n, got, logsink.Width(got), tt.want)
		}
	}
}
