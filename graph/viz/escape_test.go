package viz

import (
	"bytes"
	"encoding/xml"
	"html"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"rustykg/graph"
)

// tricky are texts that DOT, XML and Graphviz's escStrings treat
// specially.
var tricky = []string{
	nasty,
	`\N \G \E \T \H \L \n \l \r`,
	`trailing\`, `\\double`, `\"`, `a\\\"b`,
	"&amp; &#92; &lt; &bogus; &",
	`"`, `<>`, `</TD></TR></TABLE>`, `}]; digraph x {`,
	"Zürich ✓ 内核",
	"tab\there\r\nand\rcr",
	"ctrl\x01\x1f\x7f",
	"bad utf8 \xff\xfe end",
}

// unescText models how Graphviz reads a quoteText value: the DOT scanner
// turns \" into ", entities are decoded, then escString escapes are
// processed twice (\\ -> \, \n -> newline, other escapes left as they are).
func unescText(t testing.TB, q string) string {
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		t.Fatalf("not quoted: %s", q)
	}
	in := q[1 : len(q)-1]
	var b strings.Builder
	for i := 0; i < len(in); i++ {
		switch {
		case in[i] == '"':
			t.Fatalf("unescaped quote in %s", q)
		case in[i] == '\\' && i+1 < len(in) && in[i+1] == '"':
			b.WriteByte('"')
			i++
		default:
			b.WriteByte(in[i])
		}
	}
	if strings.HasSuffix(in, `\`) && !strings.HasSuffix(in, `\\`) {
		t.Fatalf("a lone trailing backslash escapes the closing quote: %s", q)
	}
	s := html.UnescapeString(b.String())
	pass := func(s string, newline bool) string {
		var o strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+1 < len(s) {
				switch {
				case s[i+1] == '\\':
					o.WriteByte('\\')
					i++
					continue
				case s[i+1] == 'n' && newline:
					o.WriteByte('\n')
					i++
					continue
				}
			}
			o.WriteByte(s[i])
		}
		return o.String()
	}
	return pass(pass(s, true), false)
}

// unescHTML models how Graphviz reads htmlText: XML text (<BR/> a line
// break), then \\ -> \ once.
func unescHTML(t testing.TB, h string) string {
	dec := xml.NewDecoder(strings.NewReader("<x>" + h + "</x>"))
	dec.Strict = true
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("html label %q is not XML: %v", h, err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if x.Name.Local == "BR" {
				b.WriteByte('\n')
			} else if x.Name.Local != "x" {
				t.Fatalf("html label %q has an element %s", h, x.Name.Local)
			}
		case xml.CharData:
			b.Write(x)
		}
	}
	return strings.ReplaceAll(b.String(), `\\`, `\`)
}

// unescID models how Graphviz's SVG <title> reads back a quoteID value.
func unescID(t testing.TB, q string) string {
	in := q[1 : len(q)-1]
	if strings.ContainsAny(in, `"\`) {
		t.Fatalf("quoted ID %s holds a quote or a backslash", q)
	}
	return html.UnescapeString(in)
}

func checkEscapers(t testing.TB, s string) {
	c := clean(s)
	if !utf8.ValidString(c) {
		t.Fatalf("clean(%q) is not UTF-8", s)
	}
	for _, r := range c {
		if r < 0x20 && r != '\n' || r == 0x7f {
			t.Fatalf("clean(%q) keeps control character %U", s, r)
		}
	}
	if got := unescID(t, quoteID(s)); got != c {
		t.Fatalf("quoteID(%q) = %s reads back as %q", s, quoteID(s), got)
	}
	if got := unescText(t, quoteText(s)); got != c {
		t.Fatalf("quoteText(%q) = %s reads back as %q", s, quoteText(s), got)
	}
	if got := unescHTML(t, htmlText(s)); got != c {
		t.Fatalf("htmlText(%q) = %s reads back as %q", s, htmlText(s), got)
	}
}

func TestEscapers(t *testing.T) {
	for _, s := range tricky {
		checkEscapers(t, s)
	}
	if got := quoteID(`kernel:a"b\c`); got != `"kernel:a&quot;b&#92;c"` {
		t.Errorf("quoteID = %s", got)
	}
	if got := htmlText(nasty); got != `&quot;quoted&quot; &lt;b&gt;tags&lt;/b&gt; &amp; \\\\backslash` {
		t.Errorf("htmlText = %s", got)
	}
}

// balanced checks that DOT text closes every quoted string, HTML string,
// bracket and brace it opens.
func balanced(t testing.TB, dot []byte) {
	braces, brackets, angle := 0, 0, 0
	inQ := false
	for i := 0; i < len(dot); i++ {
		c := dot[i]
		switch {
		case inQ:
			if c == '\\' {
				i++
			} else if c == '"' {
				inQ = false
			}
		case angle > 0:
			if c == '<' {
				angle++
			} else if c == '>' {
				angle--
			}
		case c == '"':
			inQ = true
		case c == '<':
			angle++
		case c == '{':
			braces++
		case c == '}':
			braces--
		case c == '[':
			brackets++
		case c == ']':
			brackets--
		}
		if braces < 0 || brackets < 0 {
			t.Fatalf("closes more than it opens at byte %d:\n%s", i, dot)
		}
	}
	if inQ || angle != 0 || braces != 0 || brackets != 0 {
		t.Fatalf("unbalanced DOT (quote %v, <> %d, {} %d, [] %d):\n%s", inQ, angle, braces, brackets, dot)
	}
}

// oneNodeDiagram draws s everywhere a diagram can hold text.
func oneNodeDiagram(s string) *Diagram {
	a := "kernel:" + s
	return &Diagram{
		Title:    s,
		Nodes:    []graph.Node{{ID: a, Kind: graph.KindKernel, Name: s, Description: s, InReview: true}, {ID: "challenge:c", Kind: graph.KindChallenge, Name: "c"}},
		Edges:    []Edge{{From: a, To: "challenge:c", Relations: []graph.Relation{graph.Relation(s)}, Studies: []string{s}}},
		Clusters: []Cluster{{ID: "approach:" + s, Label: s, Members: []string{a}}},
		Marked:   []string{a},
		MarkNote: s,
	}
}

// FuzzEscape: no escaper panics, each reads back as the cleaned text under
// the model of Graphviz above, and a diagram full of the text is balanced
// DOT.
func FuzzEscape(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkEscapers(t, s)
		out, err := DOT(oneNodeDiagram(s), Options{})
		if err != nil {
			t.Fatal(err)
		}
		balanced(t, out)
	})
}

// TestEscapingRoundTrip renders a diagram of each tricky text with native
// dot: the node's <title> reads back as its ID, its tooltip's second line
// as its description, and its label text as its name (with whitespace
// folded, as labels wrap).
func TestEscapingRoundTrip(t *testing.T) {
	dot := requireTool(t, "dot", "graphviz")
	for i, s := range tricky {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			d := oneNodeDiagram(s)
			src := dotOf(t, d)
			cmd := exec.Command(dot, "-Tsvg")
			cmd.Stdin = bytes.NewReader(src)
			svg, err := cmd.Output()
			if err != nil {
				t.Fatalf("dot -Tsvg: %v\n%s", err, src)
			}
			checkRoundTrip(t, svg, s)
		})
	}
}

// checkRoundTrip checks the SVG of oneNodeDiagram(s).
func checkRoundTrip(t *testing.T, svg []byte, s string) {
	t.Helper()
	if err := CheckPicture(svg, "svg"); err != nil {
		t.Fatal(err)
	}
	ids, err := SVGNodeIDs(svg)
	if err != nil {
		t.Fatal(err)
	}
	want := "kernel:" + clean(s)
	found := false
	for _, id := range ids {
		found = found || nbsp(id) == want
	}
	if !found {
		t.Errorf("no node titled %q in %q", want, ids)
	}
	if tips := svgTooltips(t, svg); !containsString(tips, "\n"+clean(s)) {
		t.Errorf("no tooltip ends with %q: %q", "\n"+clean(s), tips)
	}
	text := strings.Join(strings.Fields(svgText(t, svg)), " ")
	if w := strings.Join(strings.Fields(clean(s)), " "); !strings.Contains(text, w) {
		t.Errorf("label %q not in the SVG text %q", w, text)
	}
}

// nbsp undoes Graphviz's one change to text it writes to SVG: it keeps
// runs of spaces by writing all but the first as no-break spaces.
func nbsp(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }

func containsString(xs []string, suffix string) bool {
	for _, x := range xs {
		if strings.HasSuffix(nbsp(x), suffix) {
			return true
		}
	}
	return false
}

// svgTooltips returns every xlink:title of an SVG.
func svgTooltips(t *testing.T, svg []byte) []string {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var out []string
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Local == "title" && a.Name.Space != "" {
					out = append(out, a.Value)
				}
			}
		}
	}
}
