// Package slacktest is a fake Slack on loopback for tests: it records what
// slack-go really sends (webhook JSON, chat.postMessage form) and answers
// with scripted responses.
package slacktest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Post is one request the fake received.
type Post struct {
	Path     string
	Header   http.Header
	Form     url.Values     // chat.postMessage fields (form-encoded by slack-go)
	JSON     map[string]any // webhook body
	Raw      string
	Accepted bool // answered with success
}

// Response is a scripted answer. Zero Status means 200.
type Response struct {
	Status int
	Header map[string]string
	Body   string
}

// Server is the fake. Unscripted requests succeed.
type Server struct {
	*httptest.Server
	mu     sync.Mutex
	posts  []Post
	script []Response
	seq    int
}

// New starts a fake Slack closed at the end of the test.
func New(t testing.TB) *Server {
	s := &Server{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	t.Cleanup(s.Close)
	return s
}

// Script queues responses for the next requests, in order.
func (s *Server) Script(rs ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, rs...)
}

// Posts returns every request so far.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Post(nil), s.posts...)
}

// Accepted returns the requests answered with success: messages Slack "posted".
func (s *Server) Accepted() []Post {
	var out []Post
	for _, p := range s.Posts() {
		if p.Accepted {
			out = append(out, p)
		}
	}
	return out
}

// WebhookURL is a webhook address on the fake, secret path included.
func (s *Server) WebhookURL(secret string) string {
	return s.URL + "/services/T000/B000/" + secret
}

// APIURL is the Web API base on the fake, ending in "/".
func (s *Server) APIURL() string { return s.URL + "/api/" }

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	p := Post{Path: r.URL.Path, Header: r.Header.Clone(), Raw: string(raw)}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(raw, &p.JSON)
	} else {
		p.Form, _ = url.ParseQuery(string(raw))
	}
	s.mu.Lock()
	var resp Response
	scripted := len(s.script) > 0
	if scripted {
		resp, s.script = s.script[0], s.script[1:]
	}
	if !scripted {
		s.seq++
		resp = Response{Body: "ok"}
		if strings.HasSuffix(p.Path, "/chat.postMessage") {
			resp.Body = fmt.Sprintf(`{"ok":true,"channel":"C0TEST","ts":"1700000000.%06d"}`, s.seq)
		}
	}
	if resp.Status == 0 {
		resp.Status = http.StatusOK
	}
	p.Accepted = resp.Status == http.StatusOK && (resp.Body == "ok" || strings.Contains(resp.Body, `"ok":true`))
	s.posts = append(s.posts, p)
	s.mu.Unlock()
	for k, v := range resp.Header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(resp.Status)
	_, _ = io.WriteString(w, resp.Body)
}
