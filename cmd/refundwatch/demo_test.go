package main

import (
	"encoding/json"
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
	// A real database named by REFUNDWATCH_DB must be left alone.
	e.mustRun("add", "https://www.amazon.co.jp/dp/REAL", "--paid", "1000")
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
	var list []map[string]any
	if err := json.Unmarshal([]byte(e.mustRun("list", "--all", "--json")), &list); err != nil || len(list) != 1 {
		t.Errorf("the user's database has %d purchases after the demo (err %v), want its 1", len(list), err)
	}
	// An existing file named with --db is refused, not filled with demo data.
	if code, _, errs := e.run("--db", e.db, "demo"); code != 2 || !strings.Contains(errs, "already exists") {
		t.Errorf("demo --db EXISTING: exit %d %q", code, errs)
	}
}
