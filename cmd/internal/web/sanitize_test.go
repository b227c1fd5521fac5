package web

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rustykg/graph/viz/svgclean"
	"rustykg/queries/textesc"
)

// TestSanitizeSVG passes a hostile SVG through the sanitiser: scripts,
// styles, event handlers, foreign content, external links and images go;
// shapes, text (escaped) and node links stay.
func TestSanitizeSVG(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "svg", "hostile.svg"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := sanitizeSVG(in)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, bad := range []string{"<script", "<style", "onload", "onclick", "javascript", "evil.example", "<foreignObject", "<image", "<use", "<!--", "<?xml", "DOCTYPE", "target=", "style=", "\u202e", "<img"} {
		if strings.Contains(s, bad) {
			t.Errorf("sanitised SVG holds %q:\n%s", bad, s)
		}
	}
	for _, want := range []string{`<svg width="10pt" height="10pt" viewBox="0 0 10 10" role="img">`, `<a href="/node/kernel:tock"><text>ok</text></a>`,
		`<title>&lt;script&gt;window.pwned=6&lt;/script&gt;</title>`, `&lt;img src=x onerror=window.pwned=7&gt; \u202ereversed`, `<polygon stroke="black" points="0,0 1,1">`} {
		if !strings.Contains(s, want) {
			t.Errorf("sanitised SVG lacks %q:\n%s", want, s)
		}
	}
	checkSanitized(t, []byte(s))
}

// TestSanitizeSVGRefuses checks that what is not SVG is refused.
func TestSanitizeSVGRefuses(t *testing.T) {
	for _, in := range []string{"", "<html><script>x</script></html>", "<svg><g></svg>", "not xml", "<script/><svg/>"} {
		if _, err := sanitizeSVG([]byte(in)); err == nil {
			t.Errorf("sanitizeSVG(%q): no error", in)
		}
	}
}

// checkSanitized checks sanitiser output: well-formed XML made only of
// the elements and attributes svgclean keeps (href, role), links only to
// node pages.
func checkSanitized(t *testing.T, out []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("sanitised SVG is not well-formed: %v\n%s", err, out)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			if !(svgclean.Element(tk.Name.Local) || tk.Name.Local == "svg") || tk.Name.Space != "" {
				t.Errorf("element %v kept", tk.Name)
			}
			for _, a := range tk.Attr {
				switch {
				case a.Name.Local == "href" && a.Name.Space == "":
					if !strings.HasPrefix(a.Value, "/node/") {
						t.Errorf("link %q kept", a.Value)
					}
				case a.Name.Local == "role" && a.Name.Space == "":
				case !svgclean.Attr(a.Name.Local) || a.Name.Space != "":
					t.Errorf("attribute %v kept", a.Name)
				}
			}
		case xml.ProcInst, xml.Directive, xml.Comment:
			t.Errorf("%T kept", tk)
		}
	}
}

// TestSanitizeSVGTooltipLines checks that a tooltip's line breaks (Graphviz
// writes "&#10;" for the "\n" of our DOT tooltips: a statement, then its
// studies) stay line breaks in the <title>, while a bidi control is shown.
func TestSanitizeSVGTooltipLines(t *testing.T) {
	in := `<svg viewBox="0 0 1 1" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="/node/kernel:tock" xlink:title="Tock faces Panics&#10;study: a` + "\u202e" + `b"><text>t</text></a></svg>`
	out, err := sanitizeSVG([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if want := "<title>Tock faces Panics\nstudy: a" + textesc.Visible("\u202e") + "b</title>"; !strings.Contains(string(out), want) {
		t.Errorf("sanitised SVG lacks %q:\n%s", want, out)
	}
}
