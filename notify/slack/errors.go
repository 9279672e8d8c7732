package slack

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	goslack "github.com/slack-go/slack"
)

// Error is a failed delivery, classified. Its message never contains the
// token or the webhook URL: net/http errors name the URL, and a webhook URL
// is itself the secret.
type Error struct {
	Op         string        // "webhook" or "chat.postMessage"
	Code       string        // Slack's error code (invalid_auth, no_service, ...) or http_NNN, rate_limited, network
	Status     int           // HTTP status, 0 when none arrived
	Perm       bool          // retrying cannot help
	RetryAfter time.Duration // Slack's Retry-After, when it sent one
	detail     string        // redacted underlying error text
	cause      error         // context errors only: kept for errors.Is
}

func (e *Error) Error() string {
	s := "slack " + e.Op + ": " + e.Code
	if e.detail != "" && e.detail != e.Code {
		s += " (" + e.detail + ")"
	}
	return s
}

// Permanent reports whether retrying cannot help (bad token, unknown channel,
// revoked webhook). The dispatcher marks such alerts failed.
func (e *Error) Permanent() bool { return e.Perm }

// RetryDelay is the minimum wait Slack asked for (429 Retry-After), or 0.
func (e *Error) RetryDelay() time.Duration { return e.RetryAfter }

// ChannelWide reports a permanent error of the channel itself (credentials,
// channel, revoked webhook) rather than of this message: every alert would
// fail the same way until the settings are fixed, so none should be dropped.
func (e *Error) ChannelWide() bool {
	return e.Perm && (channelCodes[e.Code] || e.Status == http.StatusForbidden || e.Status == http.StatusNotFound || e.Status == http.StatusGone)
}

// channelCodes are the permanent codes that concern the channel, not the message.
var channelCodes = map[string]bool{
	"invalid_auth": true, "not_authed": true, "account_inactive": true, "token_revoked": true,
	"token_expired": true, "no_permission": true, "missing_scope": true, "not_allowed_token_type": true,
	"channel_not_found": true, "not_in_channel": true, "is_archived": true, "channel_is_archived": true,
	"invalid_token": true, "no_service": true, "no_service_id": true, "no_team": true, "team_disabled": true,
	"action_prohibited": true, "posting_to_general_channel_denied": true, "restricted_action": true,
	"ekm_access_denied": true, "enterprise_is_restricted": true, "team_access_not_granted": true, "access_denied": true,
}

// Unwrap exposes context cancellation only; other causes may carry secrets.
func (e *Error) Unwrap() error { return e.cause }

// permanentCodes are Slack error codes that the same request will keep
// getting: credentials, channel and payload problems.
var permanentCodes = map[string]bool{
	"invalid_auth": true, "not_authed": true, "account_inactive": true, "token_revoked": true,
	"token_expired": true, "no_permission": true, "missing_scope": true, "not_allowed_token_type": true,
	"channel_not_found": true, "not_in_channel": true, "is_archived": true, "channel_is_archived": true,
	"invalid_token": true, "no_service": true, "no_service_id": true, "no_team": true, "team_disabled": true,
	"action_prohibited": true, "posting_to_general_channel_denied": true, "restricted_action": true,
	"invalid_payload": true, "invalid_blocks": true, "invalid_blocks_format": true, "msg_too_long": true,
	"no_text": true, "invalid_arguments": true, "user_not_found": true, "ekm_access_denied": true,
	"enterprise_is_restricted": true, "team_access_not_granted": true, "access_denied": true,
}

// retryableCodes are Slack error codes that say "try again later".
var retryableCodes = map[string]bool{
	"ratelimited": true, "rate_limited": true, "internal_error": true, "fatal_error": true,
	"service_unavailable": true, "request_timeout": true, "timeout": true,
}

// classify turns what slack-go returned into an *Error, scrubbing secrets.
// body is the webhook's response body for a non-200 answer ("no_service").
func classify(ctx context.Context, op string, err error, body string, secrets ...string) *Error {
	e := &Error{Op: op, detail: redact(err.Error(), secrets...)}
	var rl *goslack.RateLimitedError
	var sc goslack.StatusCodeError
	var se goslack.SlackErrorResponse
	switch {
	case ctx.Err() != nil:
		e.Code, e.cause = "canceled", ctx.Err()
	case errors.As(err, &rl):
		e.Code, e.Status, e.RetryAfter = "rate_limited", http.StatusTooManyRequests, rl.RetryAfter
	case errors.As(err, &sc):
		e.Status = sc.Code
		e.Code = "http_" + strconv.Itoa(sc.Code)
		if c := bodyCode(body); c != "" {
			e.Code = c
		}
		switch {
		case permanentCodes[e.Code]:
			e.Perm = true
		case retryableCodes[e.Code], sc.Code >= 500, sc.Code == http.StatusTooManyRequests, sc.Code == http.StatusRequestTimeout:
		default:
			e.Perm = sc.Code >= 400 // other 4xx: the request itself is wrong
		}
	case errors.As(err, &se):
		e.Code = se.Err
		// Unknown API errors are treated as permanent: the same request
		// would fail the same way, and a visible failure beats a retry loop.
		e.Perm = !retryableCodes[se.Err]
	default:
		e.Code = "network"
	}
	if e.detail == e.Code {
		e.detail = ""
	}
	return e
}

// bodyCode extracts a Slack error code from a webhook error body: plain text
// such as "no_service" or "invalid_token". Anything else (HTML) is ignored.
func bodyCode(body string) string {
	b := strings.TrimSpace(body)
	if b == "" || len(b) > 64 {
		return ""
	}
	for _, r := range b {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return b
}

// redact replaces every secret (and its URL path, which carries the webhook's
// token) with [redacted].
func redact(s string, secrets ...string) string {
	for _, sec := range secrets {
		if len(sec) < 4 {
			continue
		}
		s = strings.ReplaceAll(s, sec, "[redacted]")
		if i := strings.Index(sec, "://"); i >= 0 {
			if j := strings.IndexByte(sec[i+3:], '/'); j >= 0 {
				if path := sec[i+3+j:]; len(path) > 1 {
					s = strings.ReplaceAll(s, path, "/[redacted]")
				}
			}
		}
	}
	return s
}
