package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestNotifyTest(t *testing.T) {
	var got atomic.Value
	var status atomic.Int32
	status.Store(http.StatusOK)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.Store(string(b))
		if s := int(status.Load()); s != http.StatusOK {
			w.WriteHeader(s)
			io.WriteString(w, "no_service")
			return
		}
		io.WriteString(w, "ok")
	}))
	defer hook.Close()
	secretURL := hook.URL + "/services/T000/B000/s3cr3tXYZ"

	tests := []struct {
		name       string
		webhook    string
		status     int
		wantCode   int
		wantOut    string // stdout
		wantErr    string // stderr
		wantPosted bool
	}{
		{"webhook accepts", secretURL, http.StatusOK, 0, "delivered via slack-webhook", "", true},
		{"webhook gone", secretURL, http.StatusNotFound, 1, "", "no_service", true},
		{"no slack: the test alert goes to stderr", "", 0, 0, "delivered via log", "refundwatch", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got.Store("")
			status.Store(int32(tt.status))
			e := newTestEnv(t)
			e.extra["REFUNDWATCH_SLACK_WEBHOOK_URL"] = tt.webhook
			code, out, errs := e.run("notify", "test")
			if code != tt.wantCode || !strings.Contains(out, tt.wantOut) || !strings.Contains(errs, tt.wantErr) {
				t.Fatalf("exit %d (want %d)\nstdout %q\nstderr %q", code, tt.wantCode, out, errs)
			}
			if strings.Contains(out+errs, "s3cr3tXYZ") {
				t.Errorf("the webhook URL leaked into the output:\n%s%s", out, errs)
			}
			body, _ := got.Load().(string)
			if (body != "") != tt.wantPosted {
				t.Fatalf("posted %q, want posted=%v", body, tt.wantPosted)
			}
			if tt.wantPosted {
				var msg struct {
					Text   string            `json:"text"`
					Blocks []json.RawMessage `json:"blocks"`
				}
				if err := json.Unmarshal([]byte(body), &msg); err != nil || msg.Text == "" || len(msg.Blocks) == 0 {
					t.Errorf("webhook body is not a Slack message with text and blocks: %s (%v)", body, err)
				}
			}
		})
	}
}
