// Package demo is the offline loop behind `refundwatch demo`: a local shop on
// loopback that serves a product page whose price falls on cue.
package demo

import (
	_ "embed"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"refundwatch/store/money"
)

//go:embed page.html.tmpl
var pageTemplate string

var page = template.Must(template.New("page").Parse(pageTemplate))

// Shop serves one product page on 127.0.0.1 at a price that can be changed.
type Shop struct {
	srv      *http.Server
	ln       net.Listener
	price    atomic.Int64 // yen
	requests atomic.Int64
	wg       sync.WaitGroup
}

// ListPrice is the page's struck reference price (参考価格), in yen.
const ListPrice = 59400

// StartShop listens on a free loopback port and serves at the given price.
func StartShop(yen int64) (*Shop, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo shop: listen on loopback: %w", err)
	}
	s := &Shop{ln: ln}
	s.price.Store(yen)
	mux := http.NewServeMux()
	mux.HandleFunc("/dp/B09Y2MYL5C", s.product)
	s.srv = &http.Server{Handler: mux}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// URL is the product page's address.
func (s *Shop) URL() string { return "http://" + s.ln.Addr().String() + "/dp/B09Y2MYL5C" }

// SetPrice changes the price the page shows from the next request on.
func (s *Shop) SetPrice(yen int64) { s.price.Store(yen) }

// Requests is how many times the page was fetched.
func (s *Shop) Requests() int64 { return s.requests.Load() }

// Close stops the shop and waits for it.
func (s *Shop) Close() error {
	err := s.srv.Close()
	s.wg.Wait()
	return err
}

func (s *Shop) product(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	yen := s.price.Load()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = page.Execute(w, map[string]any{
		"Price":         groupYen(yen),
		"SavingPercent": (ListPrice - yen) * 100 / ListPrice,
		"Points":        yen / 100,
		"OtherSellers":  groupYen(yen - 1200), // other sellers' "from" price: a trap, never the price
	})
}

// groupYen writes 39600 as 39,600 (the page adds its own ￥).
func groupYen(n int64) string {
	return strings.TrimPrefix(money.Format(money.Money{Amount: n, Currency: "JPY"}), "¥")
}
