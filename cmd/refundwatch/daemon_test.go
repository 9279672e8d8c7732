package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"refundwatch/watcher/extract/fixtures"
)

// fixtureShop serves one real saved page at /dp/X; which page can change.
type fixtureShop struct {
	*httptest.Server
	page     atomic.Value // []byte
	requests atomic.Int64
	delay    time.Duration
}

func newFixtureShop(t testing.TB, page []byte) *fixtureShop {
	s := &fixtureShop{}
	s.page.Store(page)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		if s.delay > 0 {
			select {
			case <-time.After(s.delay):
			case <-r.Context().Done():
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(s.page.Load().([]byte))
	}))
	t.Cleanup(s.Close)
	return s
}

// fastConfig writes a config for tests: no politeness gap against loopback.
func fastConfig(t *testing.T, schedule string) string {
	p := filepath.Join(t.TempDir(), "config.toml")
	body := fmt.Sprintf("schedule = %q\n[http]\nper_host_interval = \"0s\"\ntimeout = \"5s\"\n", schedule)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckRealPages(t *testing.T) {
	jp := fixtures.Read(t, "amazonjp_2022_lukahuang_a.html")       // ¥32,970
	captcha := fixtures.Read(t, "amazon_com_captcha_classic.html") // a robot check
	shop := newFixtureShop(t, jp)
	e := newTestEnv(t)
	e.extra["REFUNDWATCH_CONFIG"] = fastConfig(t, "@every 1h")
	e.mustRun("add", shop.URL+"/dp/B07WXL5YPW", "--paid", "￥35,000", "--order", "503-0000000-0000000", "--bought", "2026-11-21")

	checkJSON := func() map[string]any {
		t.Helper()
		var sum map[string]any
		code, out, errs := e.run("check", "--json")
		if code != 0 {
			t.Fatalf("check: exit %d: %s", code, errs)
		}
		if err := json.Unmarshal([]byte(out), &sum); err != nil {
			t.Fatalf("check --json printed %q: %v", out, err)
		}
		return sum
	}
	show := func() map[string]any {
		t.Helper()
		var p map[string]any
		if err := json.Unmarshal([]byte(e.mustRun("show", "1", "--json")), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}

	// 1. A real drop: one alert, the draft in full on stderr (no Slack set).
	var stderr string
	{
		code, out, errs := e.run("check")
		if code != 0 || !strings.Contains(out, "1 ok") || !strings.Contains(out, "1 alert") {
			t.Fatalf("check: exit %d, %q, %q", code, out, errs)
		}
		stderr = errs
	}
	for _, want := range []string{"503-0000000-0000000", "32,970", "2,030"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the alert on stderr lacks %q:\n%s", want, stderr)
		}
	}
	p := show()
	if got := p["last_price"]; fmt.Sprint(got) != "map[amount:32970 currency:JPY]" {
		t.Errorf("last_price = %v, want 32970 JPY", got)
	}
	if got := p["refund_due"].(map[string]any)["amount"]; got != "2030" {
		t.Errorf("refund_due = %v, want 2030", got)
	}
	if p["status"] != "dropped" {
		t.Errorf("status = %v, want dropped", p["status"])
	}

	// 2. Same low again: no second alert, no new history point.
	if sum := checkJSON(); sum["alerts"] != float64(0) || sum["ok"] != float64(1) {
		t.Errorf("second check = %v, want ok 1, alerts 0", sum)
	}
	if h := show()["history"].([]any); len(h) != 1 {
		t.Errorf("history has %d points after a steady price, want 1", len(h))
	}

	// 3. A robot check: blocked, never a price, never an alert.
	shop.page.Store(captcha)
	if sum := checkJSON(); sum["blocked"] != float64(1) || sum["alerts"] != float64(0) {
		t.Errorf("captcha check = %v, want blocked 1, alerts 0", sum)
	}
	p = show()
	if got := p["last_price"]; fmt.Sprint(got) != "map[amount:32970 currency:JPY]" {
		t.Errorf("after a captcha last_price = %v, want the last real price kept", got)
	}
	if alerts := p["alerts"].([]any); len(alerts) != 1 {
		t.Errorf("%d alerts, want exactly the one drop alert", len(alerts))
	}

	// 4. The draft for the drop.
	draftOut := e.mustRun("draft", "1", "--lang", "ja")
	if !strings.Contains(draftOut, "Nintendo Switch") {
		t.Errorf("the draft does not name the item from its page:\n%s", draftOut)
	}
	for _, want := range []string{"お世話になっております", "503-0000000-0000000", "2,030円", "よろしくお願いいたします"} {
		if !strings.Contains(draftOut, want) {
			t.Errorf("draft lacks %q:\n%s", want, draftOut)
		}
	}

	// 5. Claims move it along; stats count the money.
	e.mustRun("claim", "1", "--submitted")
	e.mustRun("claim", "1", "--refunded", "2030")
	var stats map[string]any
	if err := json.Unmarshal([]byte(e.mustRun("stats", "--json")), &stats); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(stats["recovered"]); got != "[map[amount:2030 currency:JPY]]" {
		t.Errorf("recovered = %s", got)
	}
}

func TestExtractCommandExitCodes(t *testing.T) {
	dir := fixtures.Dir(t)
	e := newTestEnv(t)
	tests := []struct {
		file string
		code int
		want string
	}{
		{"amazonjp_2022_lukahuang_a.html", 0, `"amount":"32970","currency":"JPY"`},
		{"amazon_com_captcha_classic.html", 4, `"status":"blocked","price":null`},
		{"amazon_com_awswaf_challenge.html", 4, `"status":"blocked"`},
		{"amazon_de_2020_oos_B00BRMIU7A.html", 3, `"status":"unavailable"`},
		{"amazonjp_2020_clarkwkw_not_found.htm", 3, `"status":"not_found"`},
	}
	var files []string
	for _, tt := range tests {
		files = append(files, filepath.Join(dir, tt.file))
		code, out, errs := e.run("extract", filepath.Join(dir, tt.file), "--json")
		if code != tt.code || !strings.Contains(out, tt.want) {
			t.Errorf("extract %s: exit %d (want %d), %s %s", tt.file, code, tt.code, out, errs)
		}
	}
	// Several pages: exit 0, one JSON object per line, in order.
	code, out, _ := e.run(append(append([]string{"extract"}, files...), "--json")...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != len(tests) {
		t.Fatalf("multi-page extract: exit %d, %d lines", code, len(lines))
	}
	for i, l := range lines {
		if !strings.Contains(l, tests[i].want) {
			t.Errorf("line %d = %s, want %s", i, l, tests[i].want)
		}
	}
}

// notifySocket listens like systemd's NOTIFY_SOCKET and collects messages.
func notifySocket(t *testing.T) (string, func() []string) {
	path := filepath.Join(t.TempDir(), "notify.sock")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	var mu sync.Mutex
	var msgs []string
	go func() {
		buf := make([]byte, 4096)
		for {
			n, _, err := conn.ReadFromUnix(buf)
			if err != nil {
				return
			}
			mu.Lock()
			msgs = append(msgs, string(buf[:n]))
			mu.Unlock()
		}
	}()
	return path, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), msgs...)
	}
}

func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func hasMsg(msgs []string, want string) bool {
	for _, m := range msgs {
		if strings.Contains(m, want) {
			return true
		}
	}
	return false
}

func TestRunDaemonLifecycle(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "rw.db")
	cfg := fastConfig(t, "@every 1s")
	sock, msgs := notifySocket(t)

	var stderr bytes.Buffer
	cmd := exec.Command(bin, "--db", db, "--config", cfg, "run")
	cmd.Env = append(os.Environ(), "NOTIFY_SOCKET="+sock, "WATCHDOG_USEC=600000")
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	waitFor(t, "READY=1", 10*time.Second, func() bool { return hasMsg(msgs(), "READY=1") })

	// CLI commands work while the daemon runs.
	if out, err := exec.Command(bin, "--db", db, "add", "https://www.amazon.co.jp/dp/X", "--paid", "1000").CombinedOutput(); err != nil {
		t.Fatalf("add while the daemon runs: %v: %s", err, out)
	}
	// A second daemon on the same database refuses, clearly.
	out, err := exec.Command(bin, "--db", db, "--config", cfg, "run").CombinedOutput()
	if code := exitCode(err); code != 1 || !strings.Contains(string(out), "another refundwatch daemon") {
		t.Errorf("second daemon: exit %d, %q", code, out)
	}
	waitFor(t, "WATCHDOG=1", 5*time.Second, func() bool { return hasMsg(msgs(), "WATCHDOG=1") })

	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("run after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-time.After(8 * time.Second):
		t.Fatalf("run did not stop within 8s of SIGTERM\n%s", stderr.String())
	}
	if took := time.Since(start); took > 6*time.Second {
		t.Errorf("stopping took %s", took)
	}
	// The datagram was sent before exit; the reader may not have drained it yet.
	waitFor(t, "STOPPING=1", 2*time.Second, func() bool { return hasMsg(msgs(), "STOPPING=1") })
	if strings.Contains(stderr.String(), "goroutine ") {
		t.Errorf("stack trace on stderr:\n%s", stderr.String())
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

func TestKill9MidCycleLosesNothing(t *testing.T) {
	bin := binary(t)
	jp := fixtures.Read(t, "amazonjp_2022_lukahuang_a.html")
	shop := newFixtureShop(t, jp)
	shop.delay = 300 * time.Millisecond // checks are in flight when the kill lands
	db := filepath.Join(t.TempDir(), "rw.db")
	cfg := fastConfig(t, "@every 1s")
	const n = 12
	for i := 0; i < n; i++ {
		url := fmt.Sprintf("%s/dp/P%d", shop.URL, i)
		if out, err := exec.Command(bin, "--db", db, "add", url, "--paid", "￥35,000").CombinedOutput(); err != nil {
			t.Fatalf("add: %v: %s", err, out)
		}
	}
	cmd := exec.Command(bin, "--db", db, "--config", cfg, "run")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once some checks have landed and others are in flight.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for shop.requests.Load() < n/2 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()

	out, err := exec.Command(bin, "--db", db, "list", "--json").Output()
	if err != nil {
		t.Fatalf("list after kill -9: %v", err)
	}
	var list []map[string]any
	if err := json.Unmarshal(out, &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != n {
		t.Fatalf("%d purchases after kill -9, want %d", len(list), n)
	}
	// Every check that was recorded is whole: a price with its history point and alert.
	for _, p := range list {
		if p["last_checked"] == nil {
			continue
		}
		var shown map[string]any
		sout, err := exec.Command(bin, "--db", db, "show", fmt.Sprint(p["id"]), "--json").Output()
		if err != nil || json.Unmarshal(sout, &shown) != nil {
			t.Fatalf("show %v after kill -9: %v", p["id"], err)
		}
		if len(shown["history"].([]any)) == 0 || len(shown["alerts"].([]any)) != 1 {
			t.Errorf("purchase %v: checked but history=%v alerts=%v", p["id"], shown["history"], shown["alerts"])
		}
	}
	// And the next daemon delivers what the killed one queued: check runs the same code.
	e := exec.Command(bin, "--db", db, "--config", cfg, "check")
	if out, err := e.CombinedOutput(); err != nil {
		t.Fatalf("check after kill -9: %v: %s", err, out)
	}
}

func TestAddReadsPriceAndTitleFromPage(t *testing.T) {
	shop := newFixtureShop(t, fixtures.Read(t, "amazonjp_2022_lukahuang_a.html"))
	blocked := newFixtureShop(t, fixtures.Read(t, "amazon_com_awswaf_challenge.html"))
	e := newTestEnv(t)
	e.extra["REFUNDWATCH_CONFIG"] = fastConfig(t, "@every 1h")

	var p map[string]any
	if err := json.Unmarshal([]byte(e.mustRun("add", shop.URL+"/dp/B07WXL5YPW", "--json")), &p); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(p["paid"]); got != "map[amount:32970 currency:JPY]" {
		t.Errorf("paid = %s, want the page's ¥32,970", got)
	}
	if title, _ := p["title"].(string); !strings.Contains(title, "Nintendo Switch") {
		t.Errorf("title = %q, want the page's", title)
	}
	// A live extract of the same page.
	code, out, errs := e.run("extract", shop.URL+"/dp/B07WXL5YPW", "--json")
	if code != 0 || !strings.Contains(out, `"amount":"32970"`) {
		t.Errorf("extract URL: exit %d %s %s", code, out, errs)
	}
	// A robot check is never a price: add refuses with exit 4 and stores nothing.
	code, _, errs = e.run("add", blocked.URL+"/dp/X")
	if code != 4 || !strings.Contains(errs, "robot check") {
		t.Errorf("add behind a robot check: exit %d, %q", code, errs)
	}
	code, _, _ = e.run("extract", blocked.URL+"/dp/X")
	if code != 4 {
		t.Errorf("extract behind a robot check: exit %d, want 4", code)
	}
	var list []any
	if err := json.Unmarshal([]byte(e.mustRun("list", "--json")), &list); err != nil || len(list) != 1 {
		t.Errorf("list = %v (err %v), want only the first purchase", list, err)
	}
}
