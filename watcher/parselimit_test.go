package watcher

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"refundwatch/watcher/extract"
)

func TestParseLimit(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		var now, peak atomic.Int32
		slow := ExtractorFunc(func(body []byte, opts extract.Options) (extract.Result, error) {
			c := now.Add(1)
			for {
				p := peak.Load()
				if c <= p || peak.CompareAndSwap(p, c) {
					break
				}
			}
			time.Sleep(5 * time.Millisecond)
			now.Add(-1)
			return extract.Result{Status: extract.StatusOK}, nil
		})
		l := newParseLimit(slow, n)
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Go(func() {
				if _, err := l.Extract(nil, extract.Options{}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if got := peak.Load(); got != int32(n) {
			t.Errorf("limit %d: %d parses at once at the peak, want exactly %d", n, got, n)
		}
	}
}
