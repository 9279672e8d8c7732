package extract

import (
	"fmt"
	"os"
	"testing"
)

func TestDebugPage(t *testing.T) {
	f := os.Getenv("DEBUG_PAGE")
	if f == "" {
		t.Skip("set DEBUG_PAGE")
	}
	body, _ := os.ReadFile(f)
	utf, _, _ := toUTF8(body, "")
	root := buildTree(string(utf))
	p := newPage(root, os.Getenv("DEBUG_URL"))
	p.storeCC = os.Getenv("DEBUG_CC")
	ld, name, isP := jsonldOffers(p.ldjson)
	fmt.Printf("host=%s name=%q isProduct=%v\n", p.host, name, isP)
	for _, o := range ld {
		fmt.Printf("LD %+v\n", o)
	}
	for _, o := range p.microdataOffers() {
		fmt.Printf("MD %+v\n", o)
	}
	for _, o := range p.metaOffers() {
		fmt.Printf("META %+v\n", o)
	}
	for _, v := range p.visiblePrices(p.storeCC) {
		fmt.Printf("VIS %v struck=%v score=%d class=%q id=%q text=%q\n", v.m, v.struck, v.score, attr(v.node, "class"), attr(v.node, "id"), priceText(v.node))
	}
}

func TestDebugAncestors(t *testing.T) {
	f, cls := os.Getenv("DEBUG_PAGE"), os.Getenv("DEBUG_CLASS")
	if f == "" || cls == "" {
		t.Skip("set DEBUG_PAGE, DEBUG_CLASS")
	}
	body, _ := os.ReadFile(f)
	utf, _, _ := toUTF8(body, "")
	root := buildTree(string(utf))
	p := newPage(root, "")
	for _, n := range findAll(root, cls) {
		fmt.Printf("NODE hidden=%v bad=%v text=%q\n", hidden(n), badContext(n), priceText(n))
		for a := n; a != nil; a = a.Parent {
			fmt.Printf("   %s class=%q id=%q style=%q hiddenSelf=%v\n", a.Data, attr(a, "class"), attr(a, "id"), attr(a, "style"), hiddenSelf(a))
		}
	}
	_ = p
}

func TestDebugDumpAll(t *testing.T) {
	if os.Getenv("DEBUG_DUMP") == "" {
		t.Skip("set DEBUG_DUMP")
	}
	fx, rows := readManifest(t)
	for _, r := range rows {
		body, _ := os.ReadFile(fx + "/" + r.file)
		res, err := Extract(body, Options{})
		s, sb := "<nil>", "<nil>"
		if res.Seller != nil {
			s = *res.Seller
		}
		if res.SoldByStore != nil {
			sb = fmt.Sprint(*res.SoldByStore)
		}
		av := "<nil>"
		if res.Available != nil {
			av = fmt.Sprint(*res.Available)
		}
		title := res.Title
		if len(title) > 50 {
			title = title[:50]
		}
		fmt.Printf("%-48s %-11s %-14v %-28s avail=%s seller=%q self=%s cs=%s cond=%s title=%q err=%v\n", r.file, res.Status, res.Price, res.Method, av, s, sb, res.Charset, res.Condition, title, err)
	}
}

func TestDebugStrip(t *testing.T) {
	if os.Getenv("DEBUG_DUMP") == "" {
		t.Skip("set DEBUG_DUMP")
	}
	fx, rows := readManifest(t)
	for _, r := range rows {
		body, _ := os.ReadFile(fx + "/" + r.file)
		s := stripInert(body)
		fmt.Printf("%-50s %8d -> %8d\n", r.file, len(body), len(s))
	}
}
