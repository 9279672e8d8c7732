package watcher

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"refundwatch/watcher/extract"
	"refundwatch/watcher/fetch"
)

// recordingBackoff is a real fetch.Client that remembers which hosts it was
// told to back off.
type recordingBackoff struct {
	*fetch.Client
	blocked []string
}

func (r *recordingBackoff) Block(host string) time.Time {
	r.blocked = append(r.blocked, host)
	return r.Client.Block(host)
}

// A short link (another host) that lands on a robot check backs off the
// store that served it, not the short-link host.
func TestReadPageBacksOffTheHostThatBlocked(t *testing.T) {
	store := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<html><body><form action="/errors/validateCaptcha"></form></body></html>`))
	}))
	defer store.Close()
	short := httptest.NewServer(http.RedirectHandler(store.URL+"/dp/X", http.StatusMovedPermanently))
	defer short.Close()
	c, err := fetch.New(fetch.Config{Jitter: -1, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	f := &recordingBackoff{Client: c}
	blockedPage := ExtractorFunc(func([]byte, extract.Options) (extract.Result, error) {
		return extract.Result{Status: extract.StatusBlocked}, nil
	})
	res, err := ReadPage(context.Background(), f, blockedPage, short.URL+"/d/abc", "")
	if err != nil || res.Status != extract.StatusBlocked {
		t.Fatalf("ReadPage = %+v, %v; want blocked", res, err)
	}
	if want := fetch.HostOf(store.URL); len(f.blocked) != 1 || f.blocked[0] != want {
		t.Errorf("backed off %v, want the store's host %s", f.blocked, want)
	}
}

func TestHostOfIsCaseInsensitive(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://WWW.Amazon.co.jp/dp/X", "www.amazon.co.jp"},
		{"https://www.amazon.co.jp:443/dp/X", "www.amazon.co.jp:443"},
		{"::not a url", ""},
	} {
		if got := fetch.HostOf(tc.in); got != tc.want {
			t.Errorf("HostOf(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
