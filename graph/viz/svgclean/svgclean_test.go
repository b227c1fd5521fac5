package svgclean

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The two kinds of callers: a report figure (a file on its own, ids
// prefixed, tooltips as xlink:title, no link) and a web diagram (links to
// node pages, tooltips as <title>).
func figure(prefix string) Options { return Options{IDPrefix: prefix, Standalone: true} }

var diagram = Options{
	Link:     func(href string) bool { return strings.HasPrefix(href, "/node/") },
	Tooltips: TooltipTitle,
	Role:     "img",
}

func hostile(t testing.TB) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", "graphviz.svg"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// bad is what no cleaned picture of testdata/graphviz.svg may hold.
var bad = []string{"<style", "<use", "alert(4)", "target=", "<?xml", "<!DOCTYPE", "<!--", "onload", "onclick", "<script", "alert(2)", "javascript",
	"style=", "foreignObject", "<div", "<image", "evil"}

func TestCleanFigure(t *testing.T) {
	out, err := Clean(hostile(t), figure("f1-"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, b := range bad {
		if strings.Contains(s, b) {
			t.Errorf("cleaned SVG holds %q:\n%s", b, s)
		}
	}
	for _, good := range []string{`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="62pt"`,
		`id="f1-graph0"`, `<a xlink:title="tip &lt;b&gt; &amp; &quot;q&quot;">`, `>a &lt;b&gt; &amp;</text>`, "<ellipse "} {
		if !strings.Contains(s, good) {
			t.Errorf("cleaned SVG lacks %q:\n%s", good, s)
		}
	}
	again, err := Clean(out, figure(""))
	if err != nil || !bytes.Equal(again, out) {
		t.Errorf("cleaning twice changes the SVG (%v):\n%s", err, again)
	}
}

func TestCleanDiagram(t *testing.T) {
	out, err := Clean(hostile(t), diagram)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, b := range append(bad, "xmlns", "xlink:") {
		if strings.Contains(s, b) {
			t.Errorf("cleaned SVG holds %q:\n%s", b, s)
		}
	}
	for _, good := range []string{`<svg width="62pt" height="44pt" viewBox="0 0 62 44" role="img">`, `id="graph0"`,
		`<a><title>tip &lt;b&gt; &amp; "q"</title>`, `<a href="/node/kernel:tock"><title>Tock</title><text>ok</text></a>`} {
		if !strings.Contains(s, good) {
			t.Errorf("cleaned SVG lacks %q:\n%s", good, s)
		}
	}
}

// TestCleanValues checks which attribute values stay and how an ID prefix
// reaches references.
func TestCleanValues(t *testing.T) {
	cases := []struct{ in, prefix, want string }{
		{`<rect fill="url(#g1)" stroke="URL(#g2)"/>`, "", `<rect fill="url(#g1)" stroke="URL(#g2)"></rect>`},
		{`<rect id="g1" fill="url(#g1)"/>`, "p-", `<rect id="p-g1" fill="url(#p-g1)"></rect>`},
		{`<rect fill="url(https://evil.example/x)" stroke="black"/>`, "", `<rect stroke="black"></rect>`},
		{`<rect fill="url(#a) url(https://evil.example/x)"/>`, "", `<rect></rect>`},
		{`<rect fill="u\72l(https://evil.example/x)"/>`, "", `<rect></rect>`},
		{`<rect fill="url( #a)"/>`, "", `<rect></rect>`},
		{`<g transform="scale(1 1) rotate(0) translate(4 40)"/>`, "", `<g transform="scale(1 1) rotate(0) translate(4 40)"></g>`},
		{`<linearGradient id="l" gradientUnits="userSpaceOnUse" xlink:href="https://evil.example/g"><stop offset="0" stop-color="red"/></linearGradient>`, "",
			`<linearGradient id="l" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="red"></stop></linearGradient>`},
		{`<svg><g/></svg><g/>`, "", `<g></g>`},
	}
	for _, c := range cases {
		in := `<svg xmlns:xlink="http://www.w3.org/1999/xlink">` + c.in + `</svg>`
		out, err := Clean([]byte(in), Options{IDPrefix: c.prefix})
		if err != nil {
			t.Errorf("Clean(%s): %v", in, err)
			continue
		}
		if want := "<svg>" + c.want + "</svg>\n"; string(out) != want {
			t.Errorf("Clean(%s)\n got %s\nwant %s", in, out, want)
		}
	}
}

// TestCleanShow checks that ShowText reaches text and tooltips, ShowValue
// attribute values and links, and that escaping comes after them.
func TestCleanShow(t *testing.T) {
	o := diagram
	o.ShowText = func(s string) string { return "T(" + s + ")" }
	o.ShowValue = func(s string) string { return "V<" + s + ">" }
	in := `<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="/node/x" xlink:title="tip"><text x="1">a</text></a></svg>`
	want := `<svg role="img"><a href="V&lt;/node/x&gt;"><title>T(tip)</title><text x="V&lt;1&gt;">T(a)</text></a></svg>` + "\n"
	if out, err := Clean([]byte(in), o); err != nil || string(out) != want {
		t.Errorf("Clean: %v\n got %s\nwant %s", err, out, want)
	}
}

// TestCleanRefuses checks that what is not one SVG document is refused.
func TestCleanRefuses(t *testing.T) {
	for _, in := range []string{"", "not xml", "<html/>", "<html><script>x</script></html>", "<svg>", "<svg><g></svg>",
		"<script/><svg/>", "<svg></svg><svg></svg>", "<svg></svg><g/>", `<x:svg xmlns:x="urn:other"/>`, "<svg></svg>x<"} {
		for _, o := range []Options{figure(""), diagram} {
			if out, err := Clean([]byte(in), o); !errors.Is(err, ErrNotSVG) {
				t.Errorf("Clean(%q): %q, err %v, want ErrNotSVG", in, out, err)
			}
		}
	}
}

// check: out is well-formed XML with one svg root and holds only what
// Clean keeps under o.
func check(t *testing.T, out []byte, o Options) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("cleaned SVG is not XML: %v\n%s", err, out)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if depth++; depth == 1 {
				roots++
			}
			if (depth == 1) != (x.Name.Local == "svg") || depth > 1 && !Element(x.Name.Local) {
				t.Fatalf("element %s kept:\n%s", x.Name.Local, out)
			}
			for _, a := range x.Attr {
				ok := Attr(a.Name.Local) && a.Name.Space == "" ||
					a.Name.Space == xlinkNS && a.Name.Local == "title" && o.Tooltips == TooltipAttr ||
					a.Name.Space == "" && a.Name.Local == "href" && x.Name.Local == "a" && o.Link != nil && o.Link(a.Value) ||
					depth == 1 && a.Name.Space == "" && a.Name.Local == "role" && o.Role != "" ||
					depth == 1 && o.Standalone && (a.Name.Space == "xmlns" || a.Name.Local == "xmlns")
				if !ok {
					t.Fatalf("attribute %s:%s kept:\n%s", a.Name.Space, a.Name.Local, out)
				}
				if a.Name.Local != "title" && a.Name.Local != "href" && !inert(a.Value) {
					t.Fatalf("value %s=%q kept", a.Name.Local, a.Value)
				}
			}
		case xml.EndElement:
			depth--
		case xml.ProcInst, xml.Directive, xml.Comment:
			t.Fatalf("%T kept", x)
		}
	}
	if roots != 1 {
		t.Fatalf("%d roots:\n%s", roots, out)
	}
}

// FuzzClean feeds Clean arbitrary input under the report's options (with
// an ID prefix) or the web's: it never panics, whatever it accepts is
// well-formed SVG of allowed parts only, and cleaning that again (without
// a prefix) changes nothing.
func FuzzClean(f *testing.F) {
	f.Add(hostile(f), "p-", false)
	f.Add(hostile(f), "", true)
	f.Add([]byte(`<svg><g id="x"><text>&lt;&amp;</text></g></svg>`), "", false)
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><a xlink:href="#x" xmlns:xlink="http://www.w3.org/1999/xlink"/></svg>`), "", false)
	f.Add([]byte(`<svg><a xlink:href="/node/x" xmlns:xlink="http://www.w3.org/1999/xlink"><text>t</text></a></svg>`), "", true)
	f.Add([]byte(`<svg onload="x"><g style="a"/></svg>`), "", true)
	f.Add([]byte(`<svg><defs><linearGradient id="l"><stop offset="0"/></linearGradient></defs><rect fill="url(#l)"/></svg>`), "q-", false)
	f.Fuzz(func(t *testing.T, in []byte, prefix string, web bool) {
		if !utf8.ValidString(prefix) || strings.ContainsFunc(prefix, func(r rune) bool { return !unicode.IsPrint(r) }) {
			return
		}
		o := figure(prefix)
		if web {
			o = diagram
		}
		out, err := Clean(in, o)
		if err != nil {
			return
		}
		check(t, out, o)
		o.IDPrefix = ""
		again, err := Clean(out, o)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("not stable (%v):\n%s\n%s", err, out, again)
		}
	})
}
