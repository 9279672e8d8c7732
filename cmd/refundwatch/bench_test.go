package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"refundwatch/store"
	"refundwatch/store/money"
	"refundwatch/watcher/extract"
	"refundwatch/watcher/extract/fixtures"
)

// BenchmarkDaemonCycle measures issue #4's goals on the real binary: one
// check cycle over 1,000 purchases against a local shop serving a real
// 1.4 MB amazon.co.jp page, politeness off.
//
//	go test -run '^$' -bench DaemonCycle -benchtime 1x ./cmd/refundwatch
//
// Metrics: cpu_ms/check (user+sys of the whole process per check),
// extract_ms/page (CPU of extraction alone, in this process, same page),
// cpu_ratio (the two), peak_rss_MB (of the check process), idle_rss_MB (of
// `run` after its start-up cycle, between cycles).
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

	// Extraction alone, same page, same machine, same run, measured like the
	// check: process CPU (user+sys, garbage collection included).
	const reps = 50
	cpuBefore := processCPU(b)
	for i := 0; i < reps; i++ {
		if res, err := extract.Extract(page, extract.Options{URL: "https://www.amazon.co.jp/dp/B07WXL5YPW"}); err != nil || res.Price == nil {
			b.Fatalf("extract: %v %+v", err, res)
		}
	}
	runtime.GC() // the garbage those reps left is part of their cost
	extractMs := float64((processCPU(b) - cpuBefore).Microseconds()) / 1000 / reps

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
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		cpuMs = float64(cpu.Microseconds()) / 1000 / n
		peakMB = float64(ru.Maxrss) / 1024
	}
	b.StopTimer()
	b.ReportMetric(cpuMs, "cpu_ms/check")
	b.ReportMetric(extractMs, "extract_ms/page")
	b.ReportMetric(cpuMs/extractMs, "cpu_ratio")
	b.ReportMetric(peakMB, "peak_rss_MB")
	b.ReportMetric(idleRSS(b, bin, dbPath, cfg, shop, n), "idle_rss_MB")
}

func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// idleRSS starts the daemon, waits for its start-up cycle to finish and
// reads its resident memory while it waits for the next one.
func idleRSS(b *testing.B, bin, dbPath, cfg string, shop *fixtureShop, n int) float64 {
	before := shop.requests.Load()
	cmd := exec.Command(bin, "--db", dbPath, "--config", cfg, "run")
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }()
	deadline := time.Now().Add(2 * time.Minute)
	for shop.requests.Load()-before < int64(n) {
		if time.Now().After(deadline) {
			b.Fatal("the daemon's start-up cycle did not finish")
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(3 * time.Second) // the cycle records its last checks and settles
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.Atoi(f[1])
			return float64(kb) / 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}
