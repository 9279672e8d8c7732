package draft

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"refundwatch/store/money"
)

// Languages and styles Render accepts.
const (
	LangAuto = "auto"
	LangJA   = "ja"
	LangEN   = "en"

	StyleChat  = "chat"
	StyleEmail = "email"
)

// Errors Render returns; check them with errors.Is.
var (
	// ErrBadOption is returned for a language or style Render does not know.
	ErrBadOption = errors.New("unknown draft option")
	// ErrNoDrop means the current price is not below the price paid: there
	// is nothing to ask for.
	ErrNoDrop = errors.New("no price drop to claim")
	// ErrCurrency means the price paid and the current price are in
	// different currencies, so no difference can be stated.
	ErrCurrency = errors.New("prices in different currencies")
)

// Input is everything known about a purchase and its price drop. Zero values
// mean "unknown" and become placeholders in the text, never guesses.
type Input struct {
	Order      string      // the store's order number
	Title      string      // item name
	URL        string      // product page
	Host       string      // store host (amazon.co.jp); picks the language in auto mode
	StoreName  string      // defaults to StoreFor(Host).Name
	SupportURL string      // defaults to StoreFor(Host).SupportURL
	Bought     time.Time   // purchase date
	Paid       money.Money // price paid
	Now        money.Money // current (lowest) price seen
	SeenAt     time.Time   // when Now was seen
	WindowDays int         // length of the price-protection window in days
	WindowEnds time.Time   // when the window closes
	ThirdParty bool        // sold by a third-party seller, not the store itself
	Seller     string      // the seller's name, when known
}

//go:embed templates/*.tmpl
var builtin embed.FS

// LangFor picks the draft language: cfgLang when it is "ja" or "en", else
// Japanese for a Japanese store (host ending in .jp) and English otherwise.
func LangFor(host, cfgLang string) string {
	switch cfgLang {
	case LangJA, LangEN:
		return cfgLang
	}
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if strings.HasSuffix(h, ".jp") {
		return LangJA
	}
	return LangEN
}

// Render writes the refund request for in. lang is auto, ja or en ("" means
// auto); style is chat or email ("" means chat). tmplDir, when not empty, is
// either a directory holding the user's templates named <lang>_<style>.tmpl
// (ja_chat.tmpl, en_email.tmpl, ...; a missing file falls back to the built-in
// wording) or one template file used for every language and style.
func Render(in Input, lang, style, tmplDir string) (string, error) {
	if lang == "" {
		lang = LangAuto
	}
	switch lang {
	case LangAuto, LangJA, LangEN:
	default:
		return "", fmt.Errorf("draft: %w: language %q (want auto, ja or en)", ErrBadOption, lang)
	}
	if style == "" {
		style = StyleChat
	}
	if style != StyleChat && style != StyleEmail {
		return "", fmt.Errorf("draft: %w: style %q (want chat or email)", ErrBadOption, style)
	}
	if in.Paid.Currency != in.Now.Currency {
		return "", fmt.Errorf("draft: %w (paid %s, now %s)", ErrCurrency, in.Paid, in.Now)
	}
	if in.Now.Amount >= in.Paid.Amount {
		return "", fmt.Errorf("draft: %w (paid %s, now %s)", ErrNoDrop, in.Paid, in.Now)
	}
	lang = LangFor(in.Host, lang)
	t, err := loadTemplate(lang, style, tmplDir)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, NewFields(in, lang, style)); err != nil {
		return "", fmt.Errorf("draft: template %s: %w", t.Name(), err)
	}
	return tidy(buf.String()), nil
}

func loadTemplate(lang, style, tmplDir string) (*template.Template, error) {
	name := lang + "_" + style + ".tmpl"
	if tmplDir != "" {
		st, err := os.Stat(tmplDir)
		if err != nil {
			return nil, fmt.Errorf("draft: templates: %w", err)
		}
		path := tmplDir
		if st.IsDir() {
			path = filepath.Join(tmplDir, name)
		}
		b, err := os.ReadFile(path)
		switch {
		case err == nil:
			t, err := template.New(filepath.Base(path)).Option("missingkey=error").Parse(string(b))
			if err != nil {
				return nil, fmt.Errorf("draft: template %s: %w", path, err)
			}
			return t, nil
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("draft: template: %w", err)
		}
	}
	b, err := builtin.ReadFile("templates/" + name)
	if err != nil {
		return nil, fmt.Errorf("draft: built-in template %s: %w", name, err)
	}
	return template.Must(template.New(name).Parse(string(b))), nil
}

// tidy trims trailing spaces and collapses runs of blank lines that optional
// template sections leave behind, and ends the text with one newline.
func tidy(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	out := make([]string, 0, len(lines))
	blank := true // drop leading blank lines
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n") + "\n"
}
