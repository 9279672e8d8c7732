package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// testEnv runs commands in-process against a database in a temp dir.
type testEnv struct {
	t     *testing.T
	dir   string
	db    string
	now   time.Time
	extra map[string]string
	stdin string
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	dir := t.TempDir()
	return &testEnv{t: t, dir: dir, db: filepath.Join(dir, "state", "refundwatch.db"),
		now: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC), extra: map[string]string{}}
}

func (e *testEnv) getenv(k string) string {
	if v, ok := e.extra[k]; ok {
		return v
	}
	switch k {
	case "REFUNDWATCH_DB":
		return e.db
	case "XDG_CONFIG_HOME", "HOME":
		return e.dir // no config file there: built-in defaults
	}
	return ""
}

// run executes one command; it returns exit code, stdout, stderr.
func (e *testEnv) run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, env{stdin: strings.NewReader(e.stdin), stdout: &out, stderr: &errb,
		getenv: e.getenv, now: func() time.Time { return e.now }})
	return code, out.String(), errb.String()
}

func (e *testEnv) mustRun(args ...string) string {
	e.t.Helper()
	code, out, errs := e.run(args...)
	if code != 0 {
		e.t.Fatalf("refundwatch %s: exit %d, stderr %q", strings.Join(args, " "), code, errs)
	}
	return out
}

func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// contractPurchaseKeys are CONTRACT.md's purchase fields; more may be added.
var contractPurchaseKeys = []string{"bought", "id", "last_checked", "last_price", "lowest_price", "order", "paid", "refund_due", "status", "title", "url", "window_ends"}

func assertContractPurchase(t *testing.T, obj map[string]any) {
	t.Helper()
	for _, k := range contractPurchaseKeys {
		if _, ok := obj[k]; !ok {
			t.Errorf("purchase JSON lacks %q: keys %v", k, keys(obj))
		}
	}
	for _, k := range []string{"paid", "refund_due"} {
		m, ok := obj[k].(map[string]any)
		if !ok {
			t.Fatalf("%s = %v, want a money object", k, obj[k])
		}
		if _, ok := m["amount"].(string); !ok {
			t.Errorf("%s.amount = %v, want a decimal string", k, m["amount"])
		}
	}
	for _, k := range []string{"bought", "window_ends"} {
		if _, err := time.Parse(time.RFC3339, fmt.Sprint(obj[k])); err != nil {
			t.Errorf("%s = %v, not RFC 3339", k, obj[k])
		}
	}
}

func TestAddListShow(t *testing.T) {
	e := newTestEnv(t)
	out := e.mustRun("add", "https://www.amazon.co.jp/dp/B0CXXXXXXX", "--paid", "￥12,800", "--order", "249-1234567-1234567",
		"--bought", "2026-11-20", "--title", "ヘッドホン", "--json")
	var added map[string]any
	if err := json.Unmarshal([]byte(out), &added); err != nil {
		t.Fatalf("add --json printed %q: %v", out, err)
	}
	assertContractPurchase(t, added)
	wantPaid := map[string]any{"amount": "12800", "currency": "JPY"}
	if !reflect.DeepEqual(added["paid"], wantPaid) {
		t.Errorf("paid = %v, want %v", added["paid"], wantPaid)
	}
	if added["status"] != "watching" || added["last_price"] != nil || added["last_checked"] != nil {
		t.Errorf("new purchase: status=%v last_price=%v last_checked=%v", added["status"], added["last_price"], added["last_checked"])
	}
	if got, want := added["window_ends"], "2026-11-27T00:00:00Z"; got != want {
		t.Errorf("window_ends = %v, want %v (bought + 7d)", got, want)
	}
	if got := added["refund_due"].(map[string]any)["amount"]; got != "0" {
		t.Errorf("refund_due = %v, want 0", got)
	}

	// A plain add prints only the ID.
	if got := strings.TrimSpace(e.mustRun("add", "https://www.amazon.com/dp/B0057OC5O8", "--paid", "$8.99")); got != "2" {
		t.Errorf("add printed %q, want the ID 2", got)
	}

	var list []map[string]any
	if err := json.Unmarshal([]byte(e.mustRun("list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("list --json has %d items, want 2", len(list))
	}
	if got := list[1]["paid"]; !reflect.DeepEqual(got, map[string]any{"amount": "8.99", "currency": "USD"}) {
		t.Errorf("second purchase paid = %v", got)
	}

	table := e.mustRun("list")
	for _, want := range []string{"ヘッドホン", "¥12,800", "$8.99", "4d 14h", "watching"} {
		if !strings.Contains(table, want) {
			t.Errorf("list table lacks %q:\n%s", want, table)
		}
	}

	var shown map[string]any
	if err := json.Unmarshal([]byte(e.mustRun("show", "1", "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	assertContractPurchase(t, shown)
	if h, ok := shown["history"].([]any); !ok || len(h) != 0 {
		t.Errorf("history = %#v, want an empty array", shown["history"])
	}
	human := e.mustRun("show", "1")
	for _, want := range []string{"ヘッドホン", "249-1234567-1234567", "¥12,800", "not checked yet"} {
		if !strings.Contains(human, want) {
			t.Errorf("show lacks %q:\n%s", want, human)
		}
	}

	// Once the window has passed, list hides it and --all shows it expired.
	e.now = e.now.Add(30 * 24 * time.Hour)
	if err := json.Unmarshal([]byte(e.mustRun("list", "--json")), &list); err != nil || len(list) != 0 {
		t.Errorf("list after the windows: %v items (err %v), want 0", len(list), err)
	}
	if err := json.Unmarshal([]byte(e.mustRun("list", "--all", "--json")), &list); err != nil || len(list) != 2 || list[0]["status"] != "expired" {
		t.Errorf("list --all after the windows = %v (err %v), want 2 expired", list, err)
	}

	// A claimed purchase whose window closed is finished: not in list either.
	e.now = e.now.Add(-30 * 24 * time.Hour)
	e.mustRun("claim", "2", "--denied")
	e.now = e.now.Add(30 * 24 * time.Hour)
	if err := json.Unmarshal([]byte(e.mustRun("list", "--json")), &list); err != nil || len(list) != 0 {
		t.Errorf("list shows %d finished purchases (err %v), want 0", len(list), err)
	}
	if got := e.mustRun("rm", "1"); !strings.Contains(got, "removed") {
		t.Errorf("rm printed %q", got)
	}
	if code, _, errs := e.run("show", "1"); code != 2 || !strings.Contains(errs, "no purchase with ID 1") {
		t.Errorf("show after rm: exit %d, %q", code, errs)
	}
}

func TestBadInputChangesNothing(t *testing.T) {
	cfgBad := func(body string) string {
		p := filepath.Join(t.TempDir(), "config.toml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const u = "https://www.amazon.co.jp/dp/B0CXXXXXXX"
	tests := []struct {
		name string
		args []string
		want string // in the one-line error
	}{
		{"not http", []string{"add", "ftp://example.com/x", "--paid", "100"}, "http:// or https://"},
		{"no host", []string{"add", "https:///dp/1", "--paid", "100"}, "name a host"},
		{"not a URL", []string{"add", "amazon.co.jp/dp/1", "--paid", "100"}, "not a product URL"},
		{"paid not a price", []string{"add", u, "--paid", "cheap"}, "--paid"},
		{"paid zero", []string{"add", u, "--paid", "0"}, "more than zero"},
		{"paid negative", []string{"add", u, "--paid", "-5"}, "--paid"},
		{"paid ambiguous dot", []string{"add", "https://www.amazon.com/dp/X", "--paid", "$19.995"}, "ambiguous"},
		{"paid ambiguous code", []string{"add", "https://www.amazon.com/dp/X", "--paid", "12.345 USD"}, "ambiguous"},
		{"paid ambiguous comma", []string{"add", "https://www.amazon.de/dp/X", "--paid", "1,234 €"}, "ambiguous"},
		{"paid too precise", []string{"add", "https://www.amazon.com/dp/X", "--paid", "0.999"}, "--paid"},
		{"paid yen with decimals", []string{"add", u, "--paid", "1980.6"}, "--paid"},
		{"unknown currency", []string{"add", u, "--paid", "100", "--currency", "XYZ"}, "XYZ"},
		{"bought not a date", []string{"add", u, "--paid", "100", "--bought", "yesterday"}, "--bought"},
		{"bought in future", []string{"add", u, "--paid", "100", "--bought", "2027-01-01"}, "future"},
		{"window zero", []string{"add", u, "--paid", "100", "--window", "0d"}, "--window"},
		{"window absurd", []string{"add", u, "--paid", "100", "--window", "400d"}, "365d"},
		{"window garbage", []string{"add", u, "--paid", "100", "--window", "soon"}, "--window"},
		{"bad selector", []string{"add", u, "--paid", "100", "--selector", "#a[["}, "--selector"},
		{"no URL", []string{"add", "--paid", "100"}, "needs the product URL"},
		{"show unknown", []string{"show", "42"}, "no purchase with ID 42"},
		{"show not an id", []string{"show", "abc"}, "not a purchase ID"},
		{"rm unknown", []string{"rm", "42"}, "no purchase with ID 42"},
		{"unknown flag", []string{"list", "--colour"}, "colour"},
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"config unknown key", []string{"--config", cfgBad("window = \"7d\"\nbogus = 1\n"), "list"}, "bogus"},
		{"config bad duration", []string{"--config", cfgBad("window = \"a week\"\n"), "list"}, ":1: window"},
		{"config missing", []string{"--config", "/nonexistent/refundwatch.toml", "list"}, "/nonexistent/refundwatch.toml"},
	}
	e := newTestEnv(t)
	e.mustRun("add", u, "--paid", "1000") // one good purchase: bad input must not disturb it
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := e.run(tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, errs)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			if lines := strings.Count(strings.TrimSpace(errs), "\n"); lines != 0 || !strings.Contains(errs, tt.want) {
				t.Errorf("stderr %q: want one line mentioning %q", errs, tt.want)
			}
			if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
				t.Errorf("stack trace on stderr: %q", errs)
			}
		})
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(e.mustRun("list", "--all", "--json")), &list); err != nil || len(list) != 1 {
		t.Fatalf("after bad input: %d purchases (err %v), want exactly the 1 good one", len(list), err)
	}
}

func TestMoneyFormsOnCommandLine(t *testing.T) {
	tests := []struct {
		url, paid, currency string
		amount, want        string
	}{
		{"https://www.amazon.co.jp/dp/X", "1980", "", "1980", "JPY"},
		{"https://www.amazon.co.jp/dp/X", "¥1,980", "", "1980", "JPY"},
		{"https://www.amazon.co.jp/dp/X", "￥1,980", "", "1980", "JPY"},
		{"https://www.amazon.co.jp/dp/X", "1,980円", "", "1980", "JPY"},
		{"https://www.amazon.com/dp/X", "$19.99", "", "19.99", "USD"},
		{"https://www.amazon.de/dp/X", "19,99 €", "", "19.99", "EUR"},
		{"https://www.amazon.de/dp/X", "EUR 1.234,56", "", "1234.56", "EUR"},
		{"https://shop.example/p/1", "1980 JPY", "", "1980", "JPY"},
		{"https://shop.example/p/1", "12.50", "CHF", "12.50", "CHF"},
		{"https://www.amazon.com/dp/X", "$1,234.50", "", "1234.50", "USD"},
		{"https://www.amazon.com/dp/X", "1234", "", "1234.00", "USD"},
		{"https://www.amazon.co.jp/dp/X", "12.800円", "", "12800", "JPY"}, // no decimals in yen: grouping
		{"https://www.amazon.co.jp/dp/X", "１２，８００円", "", "12800", "JPY"},
	}
	for _, tt := range tests {
		t.Run(tt.paid, func(t *testing.T) {
			e := newTestEnv(t)
			args := []string{"add", tt.url, "--paid", tt.paid, "--json"}
			if tt.currency != "" {
				args = append(args, "--currency", tt.currency)
			}
			var p map[string]any
			if err := json.Unmarshal([]byte(e.mustRun(args...)), &p); err != nil {
				t.Fatal(err)
			}
			want := map[string]any{"amount": tt.amount, "currency": tt.want}
			if !reflect.DeepEqual(p["paid"], want) {
				t.Errorf("paid = %v, want %v", p["paid"], want)
			}
		})
	}
}

func TestExportImportBackup(t *testing.T) {
	e := newTestEnv(t)
	e.mustRun("add", "https://www.amazon.co.jp/dp/A", "--paid", "1000", "--order", "1")
	e.mustRun("add", "https://www.amazon.co.jp/dp/B", "--paid", "2000", "--order", "2")
	exported := e.mustRun("export")
	file := filepath.Join(e.dir, "all.json")
	if err := os.WriteFile(file, []byte(exported), 0o600); err != nil {
		t.Fatal(err)
	}
	// Into the same database: nothing duplicated.
	if out := e.mustRun("import", file); !strings.Contains(out, "0 new") {
		t.Errorf("re-import printed %q, want 0 new", out)
	}
	// Into a fresh database: both arrive.
	f := newTestEnv(t)
	if out := f.mustRun("import", file); !strings.Contains(out, "2 new") {
		t.Errorf("import printed %q, want 2 new", out)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(f.mustRun("list", "--json")), &list); err != nil || len(list) != 2 {
		t.Fatalf("imported list: %v (err %v)", list, err)
	}
	// A broken file imports nothing.
	bad := filepath.Join(e.dir, "bad.json")
	if err := os.WriteFile(bad, []byte(exported[:len(exported)/2]), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := f.run("import", bad); code != 2 || !strings.Contains(errs, "nothing was imported") {
		t.Errorf("bad import: exit %d %q", code, errs)
	}
	copyPath := filepath.Join(e.dir, "copy.db")
	e.mustRun("backup", copyPath)
	e.extra["REFUNDWATCH_DB"] = copyPath
	if err := json.Unmarshal([]byte(e.mustRun("list", "--json")), &list); err != nil || len(list) != 2 {
		t.Fatalf("backup copy list: %v (err %v)", list, err)
	}
}

func TestVersion(t *testing.T) {
	e := newTestEnv(t)
	var v map[string]string
	if err := json.Unmarshal([]byte(e.mustRun("version", "--json")), &v); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v["go"], "go1.") || v["version"] == "" || v["commit"] == "" {
		t.Errorf("version = %v", v)
	}
}

// buildBinary builds the real refundwatch once for tests that need processes.
var buildOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "refundwatch-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "refundwatch")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func binary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestParallelAddsFromManyProcesses(t *testing.T) {
	bin := binary(t)
	db := filepath.Join(t.TempDir(), "rw.db")
	const procs, each = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, procs*each)
	for p := 0; p < procs; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				cmd := exec.Command(bin, "--db", db, "add", fmt.Sprintf("https://www.amazon.co.jp/dp/P%dI%d", p, i), "--paid", "1000")
				if out, err := cmd.CombinedOutput(); err != nil {
					errs <- fmt.Errorf("process %d add %d: %v: %s", p, i, err, out)
				}
			}
		}(p)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	out, err := exec.Command(bin, "--db", db, "list", "--json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var list []struct {
		ID  uint64 `json:"id"`
		URL string `json:"url"`
	}
	if err := json.Unmarshal(out, &list); err != nil {
		t.Fatal(err)
	}
	ids, urls := map[uint64]bool{}, map[string]bool{}
	for _, p := range list {
		ids[p.ID], urls[p.URL] = true, true
	}
	if len(list) != procs*each || len(ids) != procs*each || len(urls) != procs*each {
		t.Fatalf("%d purchases, %d unique IDs, %d unique URLs; want %d of each", len(list), len(ids), len(urls), procs*each)
	}
}

func TestPanicIsOneSentence(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"list"}, env{stdout: &out, stderr: &errb,
		getenv: func(string) string { panic("boom") }, now: time.Now})
	if code != 1 || !strings.Contains(errb.String(), "internal error: boom") || strings.Contains(errb.String(), "goroutine") {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
}

func TestRecoveredPart(t *testing.T) {
	err := recovered(func(context.Context) error { panic("slack card") })(context.Background())
	if err == nil || !strings.Contains(err.Error(), "internal error: slack card") {
		t.Fatalf("err = %v", err)
	}
	if err := recovered(func(context.Context) error { return nil })(context.Background()); err != nil {
		t.Fatalf("err = %v, want nil", err)
	}
}

func TestWindowIsCalendarDays(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tz data")
	}
	e := newTestEnv(t)
	e.now = time.Date(2026, 3, 30, 12, 0, 0, 0, berlin)
	var p map[string]any
	// Bought at midnight before the change to summer time (2026-03-29).
	if err := json.Unmarshal([]byte(e.mustRun("add", "https://www.amazon.de/dp/X", "--paid", "10 €", "--bought", "2026-03-26", "--json")), &p); err != nil {
		t.Fatal(err)
	}
	if got, want := p["window_ends"], "2026-04-02T00:00:00+02:00"; got != want {
		t.Errorf("window_ends = %v, want %v (midnight, 7 calendar days later)", got, want)
	}
}
