package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The README's first command: it must work offline with no setup.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo takes a few seconds; skipped with -short")
	}
	e := newTestEnv(t)
	delete(e.extra, "REFUNDWATCH_DB")
	e.db = "" // the demo makes its own throwaway database
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	code, out, errs := e.run("demo")
	if code != 0 {
		t.Fatalf("demo: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	for _, want := range []string{
		"check 1: ¥39,600", // the real extractor read the page, not its traps
		"check 3: ¥35,800",
		"dropped ¥3,800 below what you paid → alert",
		"差額返金の対象：3,800円",           // the alert, as the log sink delivers it
		"注文番号：249-1234567-1234567", // the Japanese draft in it
		"Order number: 249-1234567-1234567",
		"The demo database was removed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	for _, trap := range []string{"¥59,400", "¥38,400", "¥3,980"} { // 参考価格, other sellers, carousel
		if strings.Contains(out, "check") && strings.Contains(out, ": "+trap) {
			t.Errorf("a check read the trap price %s", trap)
		}
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "refundwatch-demo-*"))
	if len(left) != 0 {
		t.Errorf("demo left %v behind", left)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "state")); err == nil {
		t.Errorf("demo touched the user's database folder")
	}
}
