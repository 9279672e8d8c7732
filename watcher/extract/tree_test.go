package extract

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"refundwatch/watcher/extract/fixtures"
)

// TestBuildTreeMatchesHTML5 checks that the light tree builder gives the same
// Result as the full HTML5 parser (html.Parse) on every page we have.
func TestBuildTreeMatchesHTML5(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	if fx := fixtures.Optional(t); fx != "" {
		more, _ := filepath.Glob(filepath.Join(fx, "*.htm*"))
		files = append(files, more...)
	}
	if len(files) < 10 {
		t.Fatalf("only %d pages found", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			utf, _, err := toUTF8(body, "")
			if err != nil {
				t.Fatal(err)
			}
			stripped := stripInert(utf)
			full, err := html.Parse(bytes.NewReader(stripped))
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(extractTree(full, utf, Options{}, Result{}))
			got, _ := json.Marshal(extractTree(buildTree(string(utf)), utf, Options{}, Result{}))
			if !bytes.Equal(got, want) {
				t.Errorf("light tree:\n%s\nhtml.Parse:\n%s", got, want)
			}
		})
	}
}

func TestBuildTreeShape(t *testing.T) {
	for _, c := range []struct{ in, sel, want string }{
		{`<p>a<div id=x>b</div>`, "p #x", ""},                              // <div> closes <p>
		{`<ul><li>a<li id=x>b</ul>`, "li > #x", ""},                        // <li> closes <li>
		{`<div><span id=x>a</div><b>c</b>`, "div > b", ""},                 // </div> closes the span too
		{`<head><title>t</title><div id=x>b</div>`, "head #x", ""},         // body content closes head
		{`<div id=a><img src=x><span id=x>1</span></div>`, "#a > #x", "1"}, // void element
		{`<table><tr><td>1<td id=x>2</table>`, "td > #x", ""},
		{`<div></p><i id=x>3</i></div>`, "div > #x", "3"},       // stray end tag ignored
		{`<title>t</title><div id=x>1</div>`, "body > #x", "1"}, // html, head and body are made
		{`<meta charset=utf-8>hello<p id=x>2`, "head #x", ""},   // text starts the body
		{`<a href=1>x<a id=x href=2>y</a>`, "a #x", ""},         // links do not nest
		{`<h2>a<h3 id=x>b</h3>`, "h2 > #x", ""},                 // a heading closes an open heading
	} {
		root := buildTree(c.in)
		got := ""
		for _, n := range findAll(root, c.sel) {
			got += strings.TrimSpace(nodeText(n))
		}
		if got != c.want {
			t.Errorf("%s: %q matched %q, want %q", c.in, c.sel, got, c.want)
		}
	}
}
