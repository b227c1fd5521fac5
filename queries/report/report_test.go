package report

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/loaders"
	"rustykg/queries"
	"rustykg/queries/textesc"
)

func TestAnchor(t *testing.T) {
	cases := map[string]string{
		"kernel:tock":            "kernel-tock",
		"study:ayers2022tighten": "study-ayers2022tighten",
		"kernel:a-b":             "kernel-a-b",
		"kernel:a:b":             "kernel-a_3ab",
		"kernel:A b\"<":          "kernel-_41_20b_22_3c",
	}
	seen := map[string]string{}
	for in, want := range cases {
		got := Anchor(in)
		if got != want {
			t.Errorf("Anchor(%q) = %q, want %q", in, got, want)
		}
		if prev, ok := seen[got]; ok {
			t.Errorf("%q and %q share anchor %q", in, prev, got)
		}
		seen[got] = in
	}
}

// TestSanitizeSVG checks the report's choices for its figures (the
// cleaning itself is svgclean's, tested there): a stand-alone SVG file,
// ids prefixed, tooltips kept as xlink:title, no link, errors ErrBadSVG.
func TestSanitizeSVG(t *testing.T) {
	in := `<svg width="62pt" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><g id="graph0">` +
		`<a xlink:href="/node/kernel:tock" xlink:title="tip &quot;q&quot;"><text>a &lt;b&gt;</text></a></g></svg>`
	out, err := SanitizeSVG([]byte(in), "f1-")
	if err != nil {
		t.Fatal(err)
	}
	want := `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="62pt"><g id="f1-graph0">` +
		`<a xlink:title="tip &quot;q&quot;"><text>a &lt;b&gt;</text></a></g></svg>` + "\n"
	if string(out) != want {
		t.Errorf("SanitizeSVG:\n got %s\nwant %s", out, want)
	}
	again, err := SanitizeSVG(out, "")
	if err != nil || !bytes.Equal(again, out) {
		t.Errorf("sanitizing twice changes the SVG (%v):\n%s", err, again)
	}
	for _, in := range []string{"", "<html/>", "<svg>", "not xml", "<svg></svg><svg></svg>"} {
		if _, err := SanitizeSVG([]byte(in), ""); !errors.Is(err, ErrBadSVG) {
			t.Errorf("SanitizeSVG(%q): err %v, want ErrBadSVG", in, err)
		}
	}
}

// render writes a Doc whose paragraph and one table cell hold s, and
// returns goldmark's HTML of it, parsed (raw HTML passed through, so
// markup smuggled past the escaping would show).
func render(t *testing.T, s string) *html.Node {
	t.Helper()
	doc := &Doc{Title: "T", Sections: []*Section{{Anchor: "s", Title: "S", Level: 2, Blocks: []Block{
		para(text(s)),
		tableBlock(&Table{Columns: []string{"a", "b"}, Rows: [][][]Span{{cellText(s), cellText("end")}}}),
		list(spans(text(s))),
	}}}}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, doc); err != nil {
		t.Fatal(err)
	}
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	var out bytes.Buffer
	if err := gm.Convert(md.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	h, err := html.Parse(&out)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// checkText: s prints as itself in the paragraph, the cell and the list
// item, and makes no element of its own.
func checkText(t *testing.T, s string) {
	t.Helper()
	h := render(t, s)
	var els []string
	var ps, tds, lis []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			els = append(els, n.Data)
			switch n.Data {
			case "p":
				ps = append(ps, n)
			case "td":
				tds = append(tds, n)
			case "li":
				lis = append(lis, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(h)
	// The contents (a p, a ul whose li links to the section), the
	// section's heading with its anchor, then the paragraph, table and list.
	want := "html head body h1 p strong ul li a h2 a p table thead tr th th tbody tr td td ul li"
	if got := strings.Join(els, " "); got != want {
		t.Fatalf("%q makes elements\n%s\nwant\n%s", s, got, want)
	}
	plain := !strings.ContainsFunc(s, func(r rune) bool {
		return r == utf8.RuneError || r < 0x20 && !strings.ContainsRune("\n\r\t", r) || r == 0x7f || textesc.Unsafe(r)
	}) && utf8.ValidString(s)
	if !plain {
		return
	}
	want = strings.Join(strings.Fields(s), " ")
	for _, n := range []*html.Node{ps[1], tds[0], lis[1]} {
		if got := textOf(n); got != want {
			t.Errorf("%q prints in <%s> as %q", s, n.Data, got)
		}
	}
}

func TestMarkdownText(t *testing.T) {
	for _, s := range []string{
		"plain", "*em* _em_ **strong** `code` ``x``", "[a](b) ![i](http://x/y.png) <http://x>", "<script>x</script> <b>b</b> &amp; &#60;",
		"| a | b |", "# h", "- item", "+ item", "1. one", "2024) x", "> quote", "=== ", "---", "~~del~~", "a\\b\\", "\\*",
		"http://example.org and www.example.org and me@example.org", "line\nbreak\n\n# heading", "  lead and trail  ",
		"[x]: http://ref", "a\\|b", "<!-- c -->", "&copy; &nbsp;", "\t- tab list", "***",
	} {
		checkText(t, s)
	}
}

func FuzzMarkdownText(f *testing.F) {
	for _, s := range []string{"*a*", "[a](b)", "<b>", "| x", "1. a", "www.x.org", "a@b.c", "\x1b[2J", "\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 200 || len(strings.Fields(s)) == 0 {
			return // an empty paragraph is no paragraph
		}
		checkText(t, s)
	})
}

// TestFigureLimit: a diagram past MaxFigureNodes is not drawn, and the
// report says why.
func TestFigureLimit(t *testing.T) {
	ds, err := loaders.Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cat := catalog(t, ds)
	for limit, want := range map[int]string{0: "stand-in", 3: "nodes are more than one picture can show (at most 3)"} {
		doc, err := Build(ctx, cat, Options{NoFigures: "stand-in", MaxFigureNodes: limit})
		if err != nil {
			t.Fatal(err)
		}
		var md bytes.Buffer
		if err := WriteMarkdown(&md, doc); err != nil {
			t.Fatal(err)
		}
		shared := md.String()[strings.Index(md.String(), `<a id="shared">`):]
		shared = shared[:strings.Index(shared, `<a id="inconsistencies">`)]
		if !strings.Contains(shared, want) {
			t.Errorf("limit %d: the shared section does not say %q", limit, want)
		}
	}
}

// catalog opens ds in memory.
func catalog(t *testing.T, ds *graph.Dataset) *queries.Catalog {
	t.Helper()
	ctx := context.Background()
	g, err := graph.Open(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	cat, err := queries.NewCatalog(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestCriteria: the method section lists the review's selection criteria
// with their locators, in Markdown and in HTML, as text (testdata/criteria:
// markup stays text, control and bidi characters are shown as escapes); a
// data set without criteria gets the sentence that says so.
func TestCriteria(t *testing.T) {
	ds, err := loaders.LoadDir(filepath.Join("testdata", "criteria"))
	if err != nil {
		t.Fatal(err)
	}
	build := func(t *testing.T, ds *graph.Dataset) (md, page string) {
		t.Helper()
		doc, err := Build(context.Background(), catalog(t, ds), Options{NoFigures: "stand-in"})
		if err != nil {
			t.Fatal(err)
		}
		var m, h bytes.Buffer
		if err := WriteMarkdown(&m, doc); err != nil {
			t.Fatal(err)
		}
		if err := WriteHTML(&h, doc); err != nil {
			t.Fatal(err)
		}
		return m.String(), h.String()
	}
	md, page := build(t, ds)
	for _, want := range []string{
		`| IC1 | inclusion | Peer \<b\>reviewed\</b\> \| \*x\* | Section \<i\>2\</i\> |`,
		`| IC2 | inclusion | Rust\\u202ekcot\\u202c and \\x1b\[2J | p. 3 |`,
		`| EC1 | exclusion | User space only. | p. 4 |`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown: no %q in\n%s", want, md)
		}
	}
	for _, want := range []string{
		`<tr><td>IC1</td><td>inclusion</td><td>Peer &lt;b&gt;reviewed&lt;/b&gt; | *x*</td><td>Section &lt;i&gt;2&lt;/i&gt;</td></tr>`,
		`<td>Rust\u202ekcot\u202c and \x1b[2J</td>`,
		`<tr><td>EC1</td><td>exclusion</td><td>User space only.</td><td>p. 4</td></tr>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML: no %q", want)
		}
	}
	for what, out := range map[string]string{"Markdown": md, "HTML": page} {
		if strings.ContainsAny(out, "\u202e\u202c\x1b") {
			t.Errorf("%s: a raw control or bidi character", what)
		}
		if strings.Contains(out, "no inclusion or exclusion criteria") {
			t.Errorf("%s: says there are no criteria", what)
		}
	}
	// The same review without its criteria.
	for i := range ds.Nodes {
		if ds.Nodes[i].ID == ds.Review {
			ds.Nodes[i].Attrs = slices.DeleteFunc(ds.Nodes[i].Attrs, func(a graph.Attr) bool {
				return strings.HasPrefix(a.Key, graph.CriterionInclusion+".") || strings.HasPrefix(a.Key, graph.CriterionExclusion+".")
			})
		}
	}
	md, page = build(t, ds)
	for what, out := range map[string]string{"Markdown": md, "HTML": page} {
		if !strings.Contains(out, "it holds no inclusion or exclusion criteria of its own") || strings.Contains(out, "Inclusion and exclusion criteria") {
			t.Errorf("%s without criteria: no sentence saying so, or a criteria table", what)
		}
	}
}
