package store

// Tests with real second processes: the test binary re-runs itself as
// TestHelperProcess with a mode in the environment.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

const (
	envHelperMode = "REFUNDWATCH_STORE_HELPER"
	envHelperDB   = "REFUNDWATCH_STORE_HELPER_DB"
	envHelperN    = "REFUNDWATCH_STORE_HELPER_N"
)

// TestHelperProcess is not a test: it is the second process of the tests
// below. Modes: hold (write txn open ~1.5s), holdread (read txn ~1.5s),
// add (N adds), loop (adds until killed), daemon (LockDaemon, then wait).
// It prints "locked" once it holds what its mode holds and "id N" after each
// add returned.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(envHelperMode)
	if mode == "" {
		t.Skip("helper process for the multi-process tests")
	}
	if err := runHelper(mode, os.Getenv(envHelperDB), os.Getenv(envHelperN)); err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

func runHelper(mode, path, nText string) error {
	ctx := context.Background()
	db, err := Open(ctx, path, Options{LockTimeout: 20 * time.Second})
	if err != nil {
		return err
	}
	add := func(i int) error {
		p, err := db.AddPurchase(ctx, Purchase{URL: fmt.Sprintf("https://example.com/%d/%d", os.Getpid(), i)})
		if err != nil {
			return err
		}
		fmt.Printf("id %d %s\n", p.ID, p.URL)
		return nil
	}
	const hold = 1500 * time.Millisecond
	switch mode {
	case "hold":
		return db.update(ctx, func(tx *bolt.Tx) error {
			p, err := insertPurchase(tx, Purchase{URL: "https://example.com/held"})
			if err != nil {
				return err
			}
			fmt.Printf("locked %d\n", p.ID)
			time.Sleep(hold)
			return nil
		})
	case "holdread":
		return db.view(ctx, func(tx *bolt.Tx) error {
			fmt.Println("locked")
			time.Sleep(hold)
			return nil
		})
	case "add":
		n, _ := strconv.Atoi(nText)
		for i := range n {
			if err := add(i); err != nil {
				return err
			}
		}
	case "loop":
		for i := 0; ; i++ {
			if err := add(i); err != nil {
				return err
			}
		}
	case "daemon":
		release, err := db.LockDaemon()
		if err != nil {
			return err
		}
		fmt.Println("locked")
		time.Sleep(hold)
		return release()
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}
	return nil
}

// helper is a running helper process and the lines it printed.
type helper struct {
	cmd   *exec.Cmd
	lines chan string
	done  chan struct{}
	err   error
	mu    sync.Mutex
	all   []string
}

func startHelper(t *testing.T, mode, path string, n int) *helper {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envHelperMode+"="+mode, envHelperDB+"="+path, envHelperN+"="+strconv.Itoa(n))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &helper{cmd: cmd, lines: make(chan string, 1000), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			h.mu.Lock()
			h.all = append(h.all, sc.Text())
			h.mu.Unlock()
			select {
			case h.lines <- sc.Text():
			default:
			}
		}
		_, _ = io.Copy(io.Discard, out)
		if err := cmd.Wait(); err != nil {
			h.err = fmt.Errorf("%w: %s", err, stderr.String())
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-h.done
	})
	return h
}

// waitFor returns the first line starting with prefix.
func (h *helper) waitFor(t *testing.T, prefix string) string {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case l := <-h.lines:
			if strings.HasPrefix(l, prefix) {
				return l
			}
		case <-h.done:
			t.Fatalf("helper ended before printing %q: %v", prefix, h.err)
		case <-timeout:
			t.Fatalf("helper did not print %q in time", prefix)
		}
	}
}

// wait waits for the helper to end and returns its printed IDs and URLs.
func (h *helper) wait(t *testing.T) map[uint64]string {
	t.Helper()
	<-h.done
	if h.err != nil {
		t.Fatalf("helper failed: %v", h.err)
	}
	return h.ids(t)
}

func (h *helper) ids(t *testing.T) map[uint64]string {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	ids := map[uint64]string{}
	for _, l := range h.all {
		var id uint64
		var url string
		if _, err := fmt.Sscanf(l, "id %d %s", &id, &url); err == nil {
			ids[id] = url
		}
	}
	return ids
}

// openShared opens a database file for the multi-process tests.
func openShared(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "refundwatch.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestLockContentionBetweenProcesses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("writer waits and both writes land", func(t *testing.T) {
		t.Parallel()
		db := openShared(t)
		h := startHelper(t, "hold", db.Path(), 0)
		h.waitFor(t, "locked")
		p, err := db.AddPurchase(ctx, Purchase{URL: "https://example.com/mine"})
		if err != nil {
			t.Fatalf("AddPurchase while another process holds the lock: %v", err)
		}
		h.wait(t)
		// The helper held the lock when we asked, so its purchase is 1 and ours 2.
		ps, err := db.Purchases(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 || ps[0].URL != "https://example.com/held" || ps[1].ID != p.ID || p.ID != 2 {
			t.Fatalf("purchases = %+v, want the helper's then ours (id 2)", ps)
		}
	})

	t.Run("short timeout is ErrInUse", func(t *testing.T) {
		t.Parallel()
		db := openShared(t)
		h := startHelper(t, "hold", db.Path(), 0)
		h.waitFor(t, "locked")
		_, err := Open(ctx, db.Path(), Options{LockTimeout: 200 * time.Millisecond})
		if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "database is in use by another refundwatch") {
			t.Fatalf("Open = %v, want ErrInUse", err)
		}
		impatient := &DB{path: db.Path(), opts: Options{LockTimeout: 200 * time.Millisecond}}
		if _, err := impatient.Purchases(ctx); !errors.Is(err, ErrInUse) {
			t.Fatalf("a reader during a write: %v, want ErrInUse", err)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := db.Purchases(cancelled); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled wait: %v, want context.Canceled", err)
		}
		h.wait(t)
		if ps, err := impatient.Purchases(ctx); err != nil || len(ps) != 1 {
			t.Fatalf("after the helper: %d purchases, %v", len(ps), err)
		}
	})

	t.Run("readers share", func(t *testing.T) {
		t.Parallel()
		db := openShared(t)
		if _, err := db.AddPurchase(ctx, Purchase{URL: "https://example.com/1"}); err != nil {
			t.Fatal(err)
		}
		h := startHelper(t, "holdread", db.Path(), 0)
		h.waitFor(t, "locked")
		reader := &DB{path: db.Path(), opts: Options{LockTimeout: 300 * time.Millisecond}}
		ps, err := reader.Purchases(ctx)
		if err != nil || len(ps) != 1 {
			t.Fatalf("read beside another reader: %d purchases, %v", len(ps), err)
		}
		h.wait(t)
	})
}

func TestParallelAddsFromManyProcesses(t *testing.T) {
	t.Parallel()
	const procs, each = 8, 20
	// No file yet: the processes also race to create it and its folder.
	path := filepath.Join(t.TempDir(), "state", "refundwatch.db")
	helpers := make([]*helper, procs)
	for i := range helpers {
		helpers[i] = startHelper(t, "add", path, each)
	}
	printed := map[uint64]string{}
	for _, h := range helpers {
		for id, url := range h.wait(t) {
			if prev, dup := printed[id]; dup {
				t.Fatalf("ID %d given to %s and %s", id, prev, url)
			}
			printed[id] = url
		}
	}
	if len(printed) != procs*each {
		t.Fatalf("%d adds returned, want %d", len(printed), procs*each)
	}
	db, _ := Open(context.Background(), path, Options{})
	ps, err := db.Purchases(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != procs*each {
		t.Fatalf("%d purchases stored, want %d", len(ps), procs*each)
	}
	for _, p := range ps {
		if printed[p.ID] != p.URL {
			t.Fatalf("purchase %d is %s, its adder printed %q", p.ID, p.URL, printed[p.ID])
		}
	}
}

func TestBackupWhileAnotherProcessWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, filepath.Join(dir, "refundwatch.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := startHelper(t, "loop", db.Path(), 0)
	h.waitFor(t, "id ")
	last := 0
	for i := range 5 {
		copyPath := filepath.Join(dir, "backups", fmt.Sprintf("copy-%d.db", i))
		if err := os.MkdirAll(filepath.Dir(copyPath), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := db.BackupFile(ctx, copyPath); err != nil {
			t.Fatalf("BackupFile while writing: %v", err)
		}
		fi, err := os.Stat(copyPath)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("backup file: %v, mode %v", err, fi.Mode().Perm())
		}
		checkConsistent(t, copyPath)
		cp, err := Open(ctx, copyPath, Options{})
		if err != nil {
			t.Fatalf("open backup: %v", err)
		}
		ps, err := cp.Purchases(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) < last || len(ps) == 0 {
			t.Fatalf("backup %d has %d purchases, earlier one %d", i, len(ps), last)
		}
		for j, p := range ps {
			if p.ID != uint64(j+1) || p.URL == "" {
				t.Fatalf("backup %d: purchase #%d = %+v", i, j, p)
			}
		}
		last = len(ps)
		time.Sleep(20 * time.Millisecond)
	}
	if err := db.BackupFile(ctx, db.Path()); err == nil {
		t.Fatal("backup onto the database itself succeeded")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "backups"))
	if len(entries) != 5 {
		t.Fatalf("backup dir holds %d files, want 5 (no temp files left)", len(entries))
	}
}

// checkConsistent runs bbolt's own page check on a file.
func checkConsistent(t *testing.T, path string) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	_ = bdb.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("%s: %v", path, err)
		}
		return nil
	})
}

func TestKilledWriterLosesNothingReturned(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "refundwatch.db")
	if _, err := Open(ctx, path, Options{}); err != nil {
		t.Fatal(err)
	}
	h := startHelper(t, "loop", path, 0)
	for range 30 {
		h.waitFor(t, "id ")
	}
	if err := h.cmd.Process.Kill(); err != nil { // SIGKILL, mid-loop
		t.Fatal(err)
	}
	<-h.done
	printed := h.ids(t)
	checkConsistent(t, path)
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	ps, err := db.Purchases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[uint64]string{}
	for _, p := range ps {
		stored[p.ID] = p.URL
	}
	if len(printed) < 30 {
		t.Fatalf("only %d adds seen", len(printed))
	}
	for id, url := range printed {
		if stored[id] != url {
			t.Fatalf("purchase %d (%s) returned to the killed process but is %q after reopen", id, url, stored[id])
		}
	}
	// Writes go on after the crash.
	if _, err := db.AddPurchase(ctx, Purchase{URL: "https://example.com/after"}); err != nil {
		t.Fatal(err)
	}
}
