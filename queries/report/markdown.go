package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"rustykg/queries/textesc"
)

// WriteMarkdown writes doc as GitHub-flavoured Markdown (CommonMark with
// GFM tables). Every piece of data is escaped (mdText), so no name or note
// turns into markup; anchors are <a id="..."></a> tags, links point at
// them or at http(s) URLs; a figure is an image whose file is its
// Figure.File in Figure.Dir, which the caller writes beside the Markdown.
// The document is built in memory and written at once.
func WriteMarkdown(w io.Writer, doc *Doc) error {
	var b bytes.Buffer
	b.WriteString("# " + mdText(doc.Title) + "\n\n")
	for _, bl := range doc.Intro {
		mdBlock(&b, bl)
	}
	b.WriteString("**Contents**\n\n")
	for _, s := range doc.Sections {
		if s.Level == 2 {
			b.WriteString("- " + mdSpans([]Span{link(s.Title, "#"+s.Anchor)}) + "\n")
		}
	}
	b.WriteString("\n")
	for _, s := range doc.Sections {
		b.WriteString(strings.Repeat("#", s.Level) + " " + `<a id="` + s.Anchor + `"></a>` + mdText(s.Title) + "\n\n")
		for _, bl := range s.Blocks {
			mdBlock(&b, bl)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

func mdBlock(b *bytes.Buffer, bl Block) {
	switch {
	case bl.Para != nil:
		b.WriteString(mdLine(bl.Para) + "\n\n")
	case bl.List != nil:
		for _, it := range bl.List {
			b.WriteString("- " + mdLine(it) + "\n")
		}
		b.WriteString("\n")
	case bl.Table != nil:
		t := bl.Table
		if t.Caption != "" {
			b.WriteString(mdLine([]Span{strong(t.Caption)}) + "\n\n")
		}
		if len(t.Rows) == 0 {
			b.WriteString(mdText("(none)") + "\n\n")
			return
		}
		row := func(cells []string) {
			b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		}
		head := make([]string, len(t.Columns))
		sep := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			head[i], sep[i] = mdText(c), "---"
		}
		row(head)
		row(sep)
		for _, r := range t.Rows {
			cells := make([]string, len(t.Columns))
			for i := range cells {
				if i < len(r) {
					cells[i] = mdSpans(r[i])
				}
			}
			row(cells)
		}
		b.WriteString("\n")
	case bl.Figure != nil:
		f := bl.Figure
		path := f.File
		if f.Dir != "" {
			path = f.Dir + "/" + f.File
		}
		fmt.Fprintf(b, "![%s](<%s>)\n\n", mdText(f.Alt), mdURL(path))
		b.WriteString(mdLine([]Span{text(f.Caption)}) + "\n\n")
	}
}

// mdLine writes spans that begin a line: a first character that would
// start a block (a heading, a list, a quote, a thematic break) is escaped.
func mdLine(ss []Span) string {
	// Leading spaces would indent: four make a code block, fewer let a
	// marker after them start a block.
	s := strings.TrimLeft(mdSpans(ss), " ")
	if s == "" {
		return s
	}
	if strings.IndexByte("#+-=>", s[0]) >= 0 {
		return `\` + s
	}
	// "2024. A" or "1) b" would start an ordered list.
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + `\` + s[i:]
	}
	return s
}

// mdSpans writes spans inline.
func mdSpans(ss []Span) string {
	var b strings.Builder
	for _, s := range ss {
		if s.Anchor != "" {
			b.WriteString(`<a id="` + s.Anchor + `"></a>`)
		}
		t := mdText(s.Text)
		if t == "" {
			continue
		}
		if s.Strong {
			t = "**" + t + "**"
		}
		if s.Href != "" {
			t = "[" + t + "](<" + mdURL(s.Href) + ">)"
		}
		b.WriteString(t)
	}
	return b.String()
}

// mdText escapes s for Markdown inline text: line breaks and tabs become
// spaces, control and bidi characters are shown as escapes (\x1b,
// \u202e), and every ASCII punctuation character that Markdown or GFM
// could read as markup is backslash-escaped (CommonMark allows a
// backslash before any ASCII punctuation), so the text prints as it is;
// so are the ":" of "://", the "." of "www." and "@", which GFM would
// turn into links.
func mdText(s string) string {
	if strings.ContainsAny(s, "\n\r\t") {
		s = strings.Join(strings.Fields(s), " ")
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if v := textesc.Visible(s[i : i+size]); v != s[i:i+size] {
			b.WriteString(`\` + v) // textesc's escape (\x1b, \u202e), its backslash escaped
			i += size
			continue
		}
		switch {
		case r < 0x80 && strings.ContainsRune("\\`*_[]<>|~&#@", r),
			// GFM's extended autolinks: "http://", "www." and e-mail
			// addresses (the @ above) would become links.
			r == ':' && strings.HasPrefix(s[i+1:], "//"),
			r == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www") && (i == 3 || !isWordByte(s[i-4])):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// mdURL percent-encodes a link destination for <...>: everything but
// unreserved characters and the URL delimiters, so no space, bracket,
// backslash or angle bracket is left.
func mdURL(u string) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~:/?#@!$&'*+,;=%", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
