package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// page is one parsed document plus the indexes every reader needs, gathered
// in a single walk so no reader has to search the whole tree again.
type page struct {
	doc      *goquery.Document
	root     *html.Node
	ids      map[string][]*html.Node // repeated ids kept in document order
	metas    []*html.Node
	ldjson   []string
	itemprop []*html.Node // elements with an itemprop attribute
	priceish []*html.Node // elements whose class or id mentions a price
	carts    []*html.Node // add-to-cart / buy-now buttons and forms
	h1       []*html.Node
	order    map[*html.Node]int // document order of priceish/h1/itemprop nodes
	title    string             // <title> text
	canon    string             // canonical link or og:url

	url     string // opts.URL or the canonical address
	host    string // lower-case host of url
	storeCC string // currency the store's host implies ("" when unknown)
}

func newPage(root *html.Node, pageURL string) *page {
	p := &page{
		doc:   goquery.NewDocumentFromNode(root),
		root:  root,
		ids:   make(map[string][]*html.Node, 1024),
		order: make(map[*html.Node]int, 256),
	}
	p.index(root)
	p.url = pageURL
	if p.url == "" {
		// a copy: the tree's strings share the page's memory, the Result must not
		p.url = strings.Clone(normalizeURL(p.canon))
	}
	p.host = hostOf(p.url)
	return p
}

func (p *page) index(root *html.Node) {
	n, seq := root, 0
	for n != nil {
		skip := false
		if n.Type == html.ElementNode {
			seq++
			skip = p.indexElement(n, seq)
		}
		if !skip && n.FirstChild != nil && n.Type != html.TextNode {
			n = n.FirstChild
			continue
		}
		for n != nil && n != root && n.NextSibling == nil {
			n = n.Parent
		}
		if n == nil || n == root {
			return
		}
		n = n.NextSibling
	}
}

// indexElement records n and reports whether its children need no indexing.
func (p *page) indexElement(n *html.Node, seq int) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "id":
			if a.Val != "" {
				p.ids[a.Val] = append(p.ids[a.Val], n)
			}
			if namesPrice(a.Val) {
				p.addPriceish(n, seq)
			}
		case "class":
			if namesPrice(a.Val) {
				p.addPriceish(n, seq)
			}
		case "itemprop":
			p.itemprop = append(p.itemprop, n)
			p.order[n] = seq
			if strings.EqualFold(a.Val, "price") && n.DataAtom != atom.Meta && n.DataAtom != atom.Link {
				p.addPriceish(n, seq)
			}
		default:
			if strings.HasPrefix(a.Key, "data-") && len(a.Val) < 40 && namesPrice(a.Val) {
				p.addPriceish(n, seq)
			}
		}
	}
	switch n.DataAtom {
	case atom.Script:
		if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
			p.ldjson = append(p.ldjson, n.FirstChild.Data)
		}
		return true
	case atom.Style, atom.Template, atom.Svg:
		return true
	case atom.Meta:
		p.metas = append(p.metas, n)
		if p.canon == "" && strings.EqualFold(attr(n, "property"), "og:url") {
			p.canon = absURL(attr(n, "content"))
		}
	case atom.Link:
		if strings.EqualFold(attr(n, "rel"), "canonical") {
			if c := absURL(attr(n, "href")); c != "" {
				p.canon = c
			}
		}
	case atom.Title:
		if p.title == "" && !inSvg(n) {
			p.title = collapse(nodeText(n))
		}
	case atom.H1:
		p.h1 = append(p.h1, n)
		p.order[n] = seq
	case atom.Button, atom.Input, atom.Form:
		if isCartControl(n) {
			p.carts = append(p.carts, n)
		}
	}
	return false
}

// cartWords name the control that buys the product.
var cartWords = []string{
	"add to cart", "add-to-cart", "addtocart", "add_to_cart", "add to basket", "add-to-basket", "addtobasket",
	"add to bag", "add-to-bag", "addtobag", "buy now", "buy-now", "buynow", "buy_now",
	"カートに入れる", "かごに入れる", "カートへ", "購入手続き", "in den warenkorb", "ajouter au panier",
	"añadir al carrito", "agregar al carrito", "aggiungi al carrello", "adicionar ao carrinho", "in winkelwagen",
	"do koszyka", "в корзину", "장바구니", "加入购物车", "sepete ekle",
}

// isCartControl reports whether a button, input or form adds to the cart.
func isCartControl(n *html.Node) bool {
	var b strings.Builder
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id", "name", "value", "action", "title", "aria-label":
			b.WriteString(strings.ToLower(a.Val))
			b.WriteByte(' ')
		}
	}
	if n.DataAtom == atom.Button {
		if t := nodeText(n); len(t) < 80 {
			b.WriteString(strings.ToLower(t))
		}
	}
	l := b.String()
	for _, w := range cartWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// nearCart reports whether n shares an ancestor no more than a few levels
// up with an add-to-cart control: the price next to the buy button.
func (p *page) nearCart(n *html.Node) bool {
	const levels = 4
	if len(p.carts) == 0 {
		return false
	}
	up := make(map[*html.Node]bool, levels)
	for a, i := n.Parent, 0; a != nil && i < levels && !pageLevel(a); a, i = a.Parent, i+1 {
		up[a] = true
	}
	for _, c := range p.carts {
		for a, i := c, 0; a != nil && i <= levels && !pageLevel(a); a, i = a.Parent, i+1 {
			if up[a] {
				return true
			}
		}
	}
	return false
}

// pageLevel reports whether n is the document or one of its outer elements,
// which every element shares.
func pageLevel(n *html.Node) bool {
	return n.Type == html.DocumentNode || n.DataAtom == atom.Html || n.DataAtom == atom.Body || n.DataAtom == atom.Main ||
		n.Parent == nil || n.Parent.Type == html.DocumentNode
}

// priceWords name a price in class and id values, in the languages shops
// write their markup in ("money" is Shopify's).
var priceWords = []string{"price", "preis", "prix", "precio", "preco", "prezzo", "kakaku", "money"}

func namesPrice(v string) bool {
	// One pass, looking only where a word's first letter is (this runs on
	// every class and id of the page).
	for i := 0; i < len(v); i++ {
		switch v[i] | 0x20 {
		case 'p', 'k', 'm':
			for _, w := range priceWords {
				if w[0] == v[i]|0x20 && len(v)-i >= len(w) && containsFold(v[i:i+len(w)], w) {
					return true
				}
			}
		}
	}
	return false
}

func (p *page) addPriceish(n *html.Node, seq int) {
	if k := len(p.priceish); k > 0 && p.priceish[k-1] == n {
		return
	}
	p.priceish = append(p.priceish, n)
	p.order[n] = seq
}

func absURL(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "//") {
		s = "https:" + s
	}
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return s
	}
	return ""
}

func inSvg(n *html.Node) bool {
	for a := n.Parent; a != nil; a = a.Parent {
		if a.DataAtom == atom.Svg {
			return true
		}
	}
	return false
}

// byID returns the elements with the given id, in document order.
func (p *page) byID(id string) []*html.Node { return p.ids[id] }

// firstShownID returns the first displayed element with the given id.
func (p *page) firstShownID(id string) *html.Node {
	for _, n := range p.ids[id] {
		if !hidden(n) {
			return n
		}
	}
	return nil
}

// meta returns the content of the first <meta> whose property, name or
// itemprop equals key (case-insensitive).
func (p *page) meta(key string) string {
	for _, m := range p.metas {
		for _, a := range m.Attr {
			if (a.Key == "property" || a.Key == "name" || a.Key == "itemprop") && strings.EqualFold(strings.TrimSpace(a.Val), key) {
				return strings.TrimSpace(attr(m, "content"))
			}
		}
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasClass(n *html.Node, class string) bool {
	for _, f := range strings.Fields(attr(n, "class")) {
		if f == class {
			return true
		}
	}
	return false
}

// hiddenSelf reports whether n itself is not displayed.
func hiddenSelf(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head:
		return true
	case atom.Input:
		return strings.EqualFold(attr(n, "type"), "hidden")
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			s := strings.ToLower(a.Val)
			if strings.Contains(strings.ReplaceAll(s, " ", ""), "display:none") || strings.Contains(strings.ReplaceAll(s, " ", ""), "visibility:hidden") {
				return true
			}
		case "class":
			for _, f := range strings.Fields(a.Val) {
				switch f {
				case "aok-hidden", "a-hidden", "hidden", "hide", "d-none", "is-hidden", "visually-hidden-none", "sr-only-hidden":
					return true
				}
			}
		}
	}
	return false
}

// hidden reports whether n or an ancestor is not displayed.
func hidden(n *html.Node) bool {
	for a := n; a != nil; a = a.Parent {
		if hiddenSelf(a) {
			return true
		}
	}
	return false
}

// nodeText is the text under n, skipping scripts, styles and templates.
func nodeText(n *html.Node) string {
	var b strings.Builder
	writeText(&b, n, false)
	return b.String()
}

// shownText is the text under n that is displayed.
func shownText(n *html.Node) string {
	var b strings.Builder
	writeText(&b, n, true)
	return collapse(b.String())
}

func writeText(b *strings.Builder, n *html.Node, shownOnly bool) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template, atom.Noscript:
			return
		case atom.Br, atom.P, atom.Div, atom.Td, atom.Li, atom.Tr:
			b.WriteByte(' ')
		}
		if shownOnly && hiddenSelf(n) {
			return
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeText(b, c, shownOnly)
	}
}

// collapse trims and folds runs of white space (incl. NBSP) into one space.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\u00a0' || r == '\u3000' || r == '\u200b' || r == '\u202f' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// containsFold reports whether s contains the lower-case ASCII word sub,
// ignoring ASCII case, without allocating.
func containsFold(s, sub string) bool {
	if len(sub) == 0 {
		return true
	}
	first := sub[0]
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 != first {
			continue
		}
		k := 1
		for k < len(sub) && s[i+k]|0x20 == sub[k] {
			k++
		}
		if k == len(sub) {
			return true
		}
	}
	return false
}
