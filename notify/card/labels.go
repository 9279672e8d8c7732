package card

import "refundwatch/notify/draft"

// Labels are the words of a card in one language. Format verbs are noted
// beside each template field.
type Labels struct {
	Paid, NowPrice, Difference, WindowLeft, LastPrice string
	Product, Support, DraftTitle, DraftHint           string

	DropHeadline      string // %s due
	DropFallback      string // %s title, %s now, %s paid, %s due, %s left
	ReminderHeadline  string // %s left
	ReminderFallback  string // %s due, %s title, %s left
	ReminderNote      string
	StaleHeadline     string // %d hours
	StaleFallback     string // %d hours, %s title
	StaleNote         string // %s last status
	StaleNoteNoStatus string
	TestHeadline      string
	TestNote          string
	SuspectNote       string
	ThirdParty        string
	ThirdPartyNamed   string // %s seller
	SparkNote         string // %s lowest, %s highest
	TemplateBroken    string // %v error

	Day, Days, Hour, Hours, Join, UnderAnHour, Closed, Unknown string
}

var labels = map[string]Labels{
	draft.LangEN: {
		Paid: "Paid", NowPrice: "Now", Difference: "Difference", WindowLeft: "Window closes in", LastPrice: "Last price",
		Product: "Product page", Support: "Contact %s support", DraftTitle: "Refund request — copy and paste into the support chat",
		DraftHint: "Drafted by refundwatch; check the facts before sending.",

		DropHeadline:      "Refund due: %s",
		DropFallback:      "Price drop: %s is now %s (you paid %s) — refund due %s, window closes in %s",
		ReminderHeadline:  "Reminder: window closes in %s",
		ReminderFallback:  "Reminder: the %s refund for %s is not claimed yet — window closes in %s",
		ReminderNote:      "The refund has not been claimed yet. After asking the store, record it with `refundwatch claim ID --submitted`.",
		StaleHeadline:     "Couldn't read the price for %d hours",
		StaleFallback:     "Couldn't read the price for %d hours: %s",
		StaleNote:         "Last check said: %s. The page may have changed or the store may be blocking requests; check the product page yourself.",
		StaleNoteNoStatus: "The page may have changed or the store may be blocking requests; check the product page yourself.",
		TestHeadline:      "refundwatch test alert — configuration works",
		TestNote:          "This is a test sent by `refundwatch notify test`. Price-drop alerts will arrive here.",
		SuspectNote:       "⚠️ Unusually deep drop: re-checked and confirmed, but verify the price on the page before contacting the store.",
		ThirdParty:        "Sold by a third-party seller: the store may ask you to contact the seller.",
		ThirdPartyNamed:   "Sold by a third-party seller (%s): the store may ask you to contact the seller.",
		SparkNote:         "Prices in the window, paid first (low %s, high %s)",
		TemplateBroken:    "Your draft template failed (%v); the built-in wording is used below.",

		Day: "%d day", Days: "%d days", Hour: "%d hour", Hours: "%d hours", Join: " ", UnderAnHour: "under an hour", Closed: "closed", Unknown: "unknown",
	},
	draft.LangJA: {
		Paid: "購入価格", NowPrice: "現在の価格", Difference: "差額", WindowLeft: "返金対象期間の残り", LastPrice: "最後に読めた価格",
		Product: "商品ページ", Support: "%s カスタマーサービス", DraftTitle: "返金依頼文 — サポートチャットにそのまま貼り付けできます",
		DraftHint: "refundwatch が作成した下書きです。送信前に内容をご確認ください。",

		DropHeadline:      "差額返金の対象：%s",
		DropFallback:      "値下がり：%s が %s になりました（購入価格 %s）— 差額 %s、残り %s",
		ReminderHeadline:  "リマインダー：返金対象期間の残り %s",
		ReminderFallback:  "リマインダー：差額 %s（%s）の返金がまだ申請されていません — 残り %s",
		ReminderNote:      "まだ返金を申請していません。申請したら `refundwatch claim ID --submitted` で記録してください。",
		StaleHeadline:     "%d時間、価格を読み取れていません",
		StaleFallback:     "%d時間、価格を読み取れていません：%s",
		StaleNote:         "最後のチェック結果：%s。ページが変わったか、ストアにブロックされている可能性があります。商品ページをご確認ください。",
		StaleNoteNoStatus: "ページが変わったか、ストアにブロックされている可能性があります。商品ページをご確認ください。",
		TestHeadline:      "refundwatch test alert — configuration works（テスト通知：設定は正常です）",
		TestNote:          "`refundwatch notify test` によるテスト送信です。値下がりの通知はここに届きます。",
		SuspectNote:       "⚠️ 大幅な値下がりです。再チェックで確認済みですが、ストアに連絡する前に商品ページで価格をご確認ください。",
		ThirdParty:        "マーケットプレイスの出品者が販売しています。ストアから出品者へ連絡するよう案内される場合があります。",
		ThirdPartyNamed:   "出品者「%s」が販売しています。ストアから出品者へ連絡するよう案内される場合があります。",
		SparkNote:         "期間中の価格（先頭が購入価格、最安 %s・最高 %s）",
		TemplateBroken:    "下書きテンプレートでエラーが発生しました（%v）。標準の文面を使っています。",

		Day: "%d日", Days: "%d日", Hour: "%d時間", Hours: "%d時間", Join: "", UnderAnHour: "1時間未満", Closed: "終了", Unknown: "不明",
	},
}

func labelsFor(lang string) Labels {
	if l, ok := labels[lang]; ok {
		return l
	}
	return labels[draft.LangEN]
}
