// Package report turns a rustykg data set into one self-contained,
// deterministic document: the review's method with a PRISMA 2020 flow
// diagram drawn from its counts, Tables 2-4 as the review prints them and
// with the studies beyond it, the kernel x challenge matrix, the shared
// challenges, the review's inconsistencies, a section per kernel and the
// bibliography of every study the document cites.
//
// Build gathers everything from the named queries (the same rows the CLI
// prints) into a Doc, a small tree of sections, paragraphs, lists, tables
// and figures whose text is the data's, unescaped. WriteMarkdown and
// WriteHTML lay a Doc out; each escapes every piece of data for its
// format, so names full of Markdown or HTML metacharacters print as they
// are and never become markup. Figures are SVG drawn by a viz.Renderer and
// passed through SanitizeSVG, which keeps only the drawing elements and
// attributes Graphviz writes: the same bytes go to a file beside the
// Markdown or inline into the HTML.
//
//	doc, err := report.Build(ctx, cat, report.Options{Renderer: r, FigureDir: "report-figures"})
//	if err != nil { … }
//	var md bytes.Buffer
//	err = report.WriteMarkdown(&md, doc)  // figures: doc.Figures(), written beside it
//
// The same data gives the same bytes: rows are sorted, anchors are derived
// from node IDs, and nothing depends on the time or the machine (the
// figures depend on the renderer's Graphviz version).
package report

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors of the package.
var (
	// ErrBadSVG: a renderer's picture is not SVG the report can embed.
	ErrBadSVG = errors.New("picture is not embeddable SVG")
)

// Doc is a whole report.
type Doc struct {
	Title    string
	Intro    []Block
	Sections []*Section
}

// Section is a heading with its content; Level 2 sections hold level 3
// ones (kernel pages, the subsections of the method).
type Section struct {
	Anchor string
	Title  string
	Level  int
	Blocks []Block
}

// Block is one piece of a section: exactly one field is set.
type Block struct {
	Para   []Span
	List   [][]Span
	Table  *Table
	Figure *Figure
}

// Table is a table whose cells are runs of spans.
type Table struct {
	Caption string
	Columns []string
	Rows    [][][]Span
}

// Figure is a picture: its file name (beside the Markdown, in the figure
// folder), caption, alternative text and the sanitized SVG.
type Figure struct {
	File    string
	Caption string
	Alt     string
	SVG     []byte
	// Dir is the folder the Markdown refers to the file in.
	Dir string
}

// Span is a run of text, optionally a link (Href: "#anchor" or an
// http(s) URL) or bold.
type Span struct {
	Text   string
	Href   string
	Strong bool
	// Anchor, when set, makes the span a link target (id="Anchor").
	Anchor string
}

// Figures returns the figures of doc, in document order.
func (d *Doc) Figures() []*Figure {
	var out []*Figure
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			if b.Figure != nil {
				out = append(out, b.Figure)
			}
		}
	}
	return out
}

// Anchor is the fragment identifier of a node's place in the report:
// "kernel:tock" is "kernel-tock". Letters are lower-cased only when the
// ID has no upper-case letter to lose; any byte outside [a-z0-9-] (and
// the ID's first colon) is written as "_" and two hex digits, so two IDs
// never share an anchor.
func Anchor(id string) string {
	var b strings.Builder
	colon := false
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
			b.WriteByte(c)
		case c == ':' && !colon:
			colon = true
			b.WriteByte('-')
		default:
			fmt.Fprintf(&b, "_%02x", c)
		}
	}
	return b.String()
}

func text(s string) Span             { return Span{Text: s} }
func strong(s string) Span           { return Span{Text: s, Strong: true} }
func link(s, href string) Span       { return Span{Text: s, Href: href} }
func para(spans ...Span) Block       { return Block{Para: spans} }
func figure(f *Figure) Block         { return Block{Figure: f} }
func tableBlock(t *Table) Block      { return Block{Table: t} }
func list(items ...[]Span) Block     { return Block{List: items} }
func spans(ss ...Span) []Span        { return ss }
func cellText(s string) []Span       { return []Span{text(s)} }
func (s *Section) add(bs ...Block)   { s.Blocks = append(s.Blocks, bs...) }
func (t *Table) add(cells ...[]Span) { t.Rows = append(t.Rows, cells) }
