package watcher

import "refundwatch/watcher/extract"

// parseLimit lets at most cap(sem) pages be parsed at once. Fetches still
// overlap (they wait on stores, not CPU), but a parsed product page costs
// several times its size in memory, so parsing one at a time keeps the
// daemon's peak small on a Raspberry Pi. It costs little time: a parse takes
// milliseconds and politeness already spaces the requests to each store.
type parseLimit struct {
	next Extractor
	sem  chan struct{}
}

func newParseLimit(next Extractor, n int) parseLimit {
	return parseLimit{next: next, sem: make(chan struct{}, n)}
}

func (l parseLimit) Extract(body []byte, opts extract.Options) (extract.Result, error) {
	l.sem <- struct{}{}
	defer func() { <-l.sem }()
	return l.next.Extract(body, opts)
}
