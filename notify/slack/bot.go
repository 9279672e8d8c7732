package slack

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	goslack "github.com/slack-go/slack"

	"refundwatch/notify/card"
)

// DefaultAPIURL is Slack's Web API base.
const DefaultAPIURL = "https://slack.com/api/"

const defaultTimeout = 30 * time.Second

// ErrNoChannel is returned by NewBot without a channel.
var ErrNoChannel = errors.New("slack.channel is required with a bot token")

// Bot posts alerts with a bot token through chat.postMessage and can reply
// in the thread of an earlier message.
type Bot struct {
	api     *goslack.Client
	token   string
	channel string
}

// NewBot returns a Bot posting to channel. apiURL "" means DefaultAPIURL; a
// missing trailing "/" is added (slack-go appends method names). client nil
// means a client with a 30 s timeout.
func NewBot(token, channel, apiURL string, client *http.Client) (*Bot, error) {
	if channel == "" {
		return nil, ErrNoChannel
	}
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	if !strings.HasSuffix(apiURL, "/") {
		apiURL += "/"
	}
	if client == nil {
		client = &http.Client{Timeout: defaultTimeout}
	}
	api := goslack.New(token, goslack.OptionHTTPClient(client), goslack.OptionAPIURL(apiURL))
	return &Bot{api: api, token: token, channel: channel}, nil
}

// Name is the channel name stored on sent alerts: "slack-bot:" and the
// configured channel, so threads are only continued in the same channel.
func (b *Bot) Name() string { return "slack-bot:" + b.channel }

// Threads reports that the bot can reply in threads.
func (b *Bot) Threads() bool { return true }

// Send posts the card, as a reply in threadTS's thread when it is not empty,
// and returns the new message's ts.
func (b *Bot) Send(ctx context.Context, c card.Card, threadTS string) (string, error) {
	m := BuildMessage(c)
	opts := []goslack.MsgOption{goslack.MsgOptionText(m.Text, false), goslack.MsgOptionBlocks(m.Blocks...)}
	if threadTS != "" {
		// Broadcast: a further drop or a reminder must also reach the
		// channel, not only the thread.
		opts = append(opts, goslack.MsgOptionTS(threadTS), goslack.MsgOptionBroadcast())
	}
	_, ts, err := b.api.PostMessageContext(ctx, b.channel, opts...)
	if err != nil {
		return "", classify(ctx, "chat.postMessage", err, "", b.token)
	}
	return ts, nil
}
