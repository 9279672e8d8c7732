package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"refundwatch/store"
	"refundwatch/store/money"
	"refundwatch/watcher/extract/fixtures"
)

// BenchmarkDaemonCycle measures issue #4's goals on the real binary: one
// check cycle over 1,000 purchases against a local shop serving a real
// 1.4 MB amazon.co.jp page, politeness off.
//
//	go test -run '^$' -bench DaemonCycle -benchtime 1x ./cmd/refundwatch
//
// Metrics: cpu_ms/check (user+sys of the whole process per check),
// extract_ms/page (CPU of extraction alone: `refundwatch extract` over the
// same page in its own process),
// cpu_ratio (the two), peak_rss_MB (of the check process), idle_rss_MB and
// idle_anon_MB (of `run` after its start-up cycle, between cycles; anon is
// its own memory, the rest the binary's mapped code).
func BenchmarkDaemonCycle(b *testing.B) {
	const n = 1000
	bin := binary(b)
	page := fixtures.Read(b, "amazonjp_2022_lukahuang_a.html")
	shop := newFixtureShop(b, page)
	dir := b.TempDir()
	dbPath := filepath.Join(dir, "bench.db")
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("schedule = \"@every 1h\"\n[http]\nper_host_interval = \"0s\"\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	for i := 0; i < n; i++ {
		// Paid equals the page's price: no alerts, the steady-state cycle.
		if _, err := db.AddPurchase(ctx, store.Purchase{URL: fmt.Sprintf("%s/dp/P%04d", shop.URL, i),
			Paid: money.Money{Amount: 32970, Currency: "JPY"}, Bought: now, WindowEnds: now.Add(7 * 24 * time.Hour)}); err != nil {
			b.Fatal(err)
		}
	}
	db.Close()
	// The daemon's idle memory is measured after a real start-up cycle, so it
	// gets a copy no check has touched (the start-up cycle skips fresh ones).
	idleDB := filepath.Join(dir, "idle.db")
	if raw, err := os.ReadFile(dbPath); err != nil || os.WriteFile(idleDB, raw, 0o600) != nil {
		b.Fatalf("copy database: %v", err)
	}

	// Extraction alone: the same binary in its own process reading the same
	// page (`refundwatch extract FILE FILE ...`), measured the same way.
	pageFile := filepath.Join(dir, "page.html")
	if err := os.WriteFile(pageFile, page, 0o600); err != nil {
		b.Fatal(err)
	}
	const reps = 200
	args := []string{"extract", "--url", "https://www.amazon.co.jp/dp/B07WXL5YPW", "--json"}
	for i := 0; i < reps; i++ {
		args = append(args, pageFile)
	}
	xcmd := exec.Command(bin, args...)
	xout, err := xcmd.Output()
	if err != nil || strings.Count(string(xout), `"amount":"32970"`) != reps {
		b.Fatalf("extract baseline: %v", err)
	}
	extractMs := float64(processTime(xcmd).Microseconds()) / 1000 / reps

	b.ResetTimer()
	var cpuMs, peakMB float64
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "--db", dbPath, "--config", cfg, "check", "--json")
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("check: %v", err)
		}
		if !strings.Contains(string(out), fmt.Sprintf(`"ok":%d`, n)) {
			b.Fatalf("check did not read %d prices: %s", n, out)
		}
		cpuMs = float64(processTime(cmd).Microseconds()) / 1000 / n
		peakMB = float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024
	}
	b.StopTimer()
	b.ReportMetric(cpuMs, "cpu_ms/check")
	b.ReportMetric(extractMs, "extract_ms/page")
	b.ReportMetric(cpuMs/extractMs, "cpu_ratio")
	b.ReportMetric(peakMB, "peak_rss_MB")
	rss, anon := idleRSS(b, bin, idleDB, cfg)
	b.ReportMetric(rss, "idle_rss_MB")
	b.ReportMetric(anon, "idle_anon_MB")
}

// processTime is a finished process's CPU time, user + system.
func processTime(cmd *exec.Cmd) time.Duration {
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// idleRSS starts the daemon, waits for its start-up cycle to finish and
// reads its resident memory while it waits for the next one: all of it, and
// the anonymous part (its own memory, without the binary's mapped code).
func idleRSS(b *testing.B, bin, dbPath, cfg string) (rss, anon float64) {
	cmd := exec.Command(bin, "--db", dbPath, "--config", cfg, "run")
	logs, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }()
	cycled := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(logs)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "cycle done") {
				close(cycled)
				break
			}
		}
		_, _ = io.Copy(io.Discard, logs)
	}()
	select {
	case <-cycled:
	case <-time.After(3 * time.Minute):
		b.Fatal("the daemon's start-up cycle did not finish")
	}
	time.Sleep(2 * time.Second) // settle: idle until the next tick
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.Atoi(f[1])
		switch f[0] {
		case "VmRSS:":
			rss = float64(kb) / 1024
		case "RssAnon:":
			anon = float64(kb) / 1024
		}
	}
	if rss == 0 {
		b.Fatal("no VmRSS in /proc status")
	}
	return rss, anon
}
