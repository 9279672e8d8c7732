package extract

import (
	"bytes"
	"strings"
)

// blockMarker is a byte pattern of a robot check or bot challenge. Bot
// managers also inject their scripts into ordinary pages, so most markers
// count only on a small page (an interstitial), never on a product page.
type blockMarker struct {
	pat    string
	reason string
	small  bool // only on pages under smallPage bytes
}

const smallPage = 200 << 10

// blockMarkers mean "blocked" when the page is not a product page.
var blockMarkers = []blockMarker{
	{"/errors/validateCaptcha", "amazon:captcha", false},
	{"opfcaptcha.amazon", "amazon:captcha", false},
	{"gokuProps", "aws_waf", false},
	{"awswaf.com", "aws_waf", true},
	{"/cdn-cgi/challenge-platform", "cloudflare_challenge", true},
	{"cf-challenge", "cloudflare_challenge", true},
	{"cf_chl_opt", "cloudflare_challenge", true},
	{"_Incapsula_Resource", "incapsula", true},
	{"captcha-delivery.com", "datadome", true},
	{"px-captcha", "perimeterx", true},
	{"_pxCaptcha", "perimeterx", true},
}

// weakBlockTitles are <title>s of challenge pages.
var weakBlockTitles = []string{
	"robot check", "just a moment", "attention required", "are you a robot", "access denied",
	"security check", "verify you are human", "captcha", "pardon our interruption", "one more step",
	"ロボットではありません", "画像認証", "sorry! something went wrong", "service unavailable", "too many requests",
}

// weakBlockText are phrases of challenge pages; they count only on a small
// page with no price, since product pages can carry a review form's captcha.
var weakBlockText = []string{
	"g-recaptcha", "h-captcha", "hcaptcha.com", "recaptcha/api", "enter the characters you see below",
	"type the characters you see in this image", "verify that you're not a robot",
	"verify you are a human", "not a robot", "unusual traffic",
}

// blockedReason says why a raw page is a bot check, or "" when it is not one.
// isProduct tells whether the page has product markup (a product title).
func blockedReason(raw []byte, title string, isProduct bool) string {
	if isProduct {
		return ""
	}
	for _, m := range blockMarkers {
		if (!m.small || len(raw) < smallPage) && bytes.Contains(raw, []byte(m.pat)) {
			return m.reason
		}
	}
	lt := strings.ToLower(title)
	for _, t := range weakBlockTitles {
		if strings.Contains(lt, t) {
			return "captcha"
		}
	}
	if len(raw) < 64<<10 {
		lr := bytes.ToLower(raw)
		for _, t := range weakBlockText {
			if bytes.Contains(lr, []byte(t)) {
				return "captcha"
			}
		}
	}
	return ""
}

// notFoundTitles are the <title>s of "page not found" pages.
var notFoundTitles = []string{
	"404", "page not found", "not found", "ページが見つかりません", "お探しのページは見つかりません",
	"seite nicht gefunden", "page introuvable", "página no encontrada", "pagina non trovata",
	"no longer available", "existiert nicht",
}

func looksNotFound(title string) bool {
	l := strings.ToLower(title)
	for _, t := range notFoundTitles {
		if strings.Contains(l, t) {
			return true
		}
	}
	return false
}
