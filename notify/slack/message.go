// Package slack delivers refundwatch alerts to Slack, through an incoming
// webhook or a bot token (Web API chat.postMessage), with slack-go. It owns
// the Block Kit layout (BuildMessage, pure) and the classification of Slack
// errors into permanent and retryable ones, with secrets redacted.
package slack

import (
	"fmt"
	"strings"

	goslack "github.com/slack-go/slack"

	"refundwatch/notify/card"
)

// Message is one Slack message: the notification text and its blocks.
type Message struct {
	Text   string // one-line fallback shown in notifications
	Blocks []goslack.Block
}

// headerMax is Slack's limit for header text.
const headerMax = 150

// BuildMessage lays out a card as Block Kit: a header with the refund due,
// the item link, fields paid / now / difference / window closes in, the
// sparkline, notes, the draft in a preformatted block that copies cleanly,
// and the product and store-support links.
func BuildMessage(c card.Card) Message {
	L := c.Labels
	var blocks []goslack.Block
	blocks = append(blocks, goslack.NewHeaderBlock(goslack.NewTextBlockObject(goslack.PlainTextType, truncate(c.Headline, headerMax), true, false)))
	if c.Title != "" {
		title := escape(c.Title)
		if c.URL != "" {
			title = "<" + c.URL + "|" + title + ">"
		}
		blocks = append(blocks, goslack.NewSectionBlock(mrkdwn("*"+title+"*"), nil, nil))
	}
	if len(c.Facts) > 0 {
		fields := make([]*goslack.TextBlockObject, 0, len(c.Facts))
		for _, f := range c.Facts {
			fields = append(fields, mrkdwn("*"+escape(f.Label)+"*\n"+escape(f.Value)))
		}
		blocks = append(blocks, goslack.NewSectionBlock(nil, fields, nil))
	}
	if c.Sparkline != "" {
		blocks = append(blocks, goslack.NewContextBlock("", mrkdwn("`"+c.Sparkline+"`  "+escape(c.SparkNote))))
	}
	for _, n := range c.Notes {
		blocks = append(blocks, goslack.NewSectionBlock(mrkdwn(escape(n)), nil, nil))
	}
	if c.Draft != "" {
		blocks = append(blocks,
			goslack.NewSectionBlock(mrkdwn("*"+escape(L.DraftTitle)+"*"), nil, nil),
			goslack.NewRichTextBlock("draft", &goslack.RichTextPreformatted{
				Type:     goslack.RTEPreformatted,
				Elements: []goslack.RichTextSectionElement{goslack.NewRichTextSectionTextElement(strings.TrimRight(c.Draft, "\n"), nil)},
			}),
			goslack.NewContextBlock("", mrkdwn(escape(L.DraftHint))),
		)
	}
	var links []string
	if c.URL != "" && c.Kind != "test" {
		links = append(links, "<"+c.URL+"|"+escape(L.Product)+">")
	}
	if c.SupportURL != "" && c.Draft != "" {
		links = append(links, "<"+c.SupportURL+"|"+escape(fmt.Sprintf(L.Support, c.StoreName))+">")
	}
	if len(links) > 0 {
		blocks = append(blocks, goslack.NewContextBlock("", mrkdwn(strings.Join(links, "  ·  "))))
	}
	return Message{Text: escape(c.Fallback), Blocks: blocks}
}

func mrkdwn(s string) *goslack.TextBlockObject {
	return goslack.NewTextBlockObject(goslack.MarkdownType, s, false, false)
}

// escape applies Slack's three mrkdwn escapes so titles cannot inject links
// or mentions.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
