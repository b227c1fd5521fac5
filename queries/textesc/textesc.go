// Package textesc makes text from the data safe to show: Visible turns
// every character that a terminal or a browser would obey rather than
// show into a visible escape in Go syntax, so the text is shown, never
// obeyed:
//
//   - C0 controls and DEL: \x00 ... \x1f, \x7f (ESC is \x1b)
//   - C1 controls: \u0080 ... \u009f (CSI is \u009b)
//   - bidi controls: \u061c, \u200e, \u200f, \u202a ... \u202e,
//     \u2066 ... \u2069, and the line and paragraph separators \u2028, \u2029
//   - bytes that are not UTF-8: \xNN
//
// A bidi override could make "kernel:tock" read as another ID; an ESC
// sequence could retitle a terminal or clear it. A backslash in the data
// is kept as it is. rustykg's table and Markdown output, its error
// messages, its web pages and its report (queries/report) all show names
// through Visible. It lives under queries, beside the report, so that
// both the report and the commands (cmd) can import it.
//
//	textesc.Visible("Tock\u202e") // `Tock\u202e`, six visible characters more
package textesc

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Visible returns s with control and bidi characters escaped.
func Visible(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case Unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c >= 0x80 {
			return needsEscapeSlow(s)
		}
	}
	return false
}

func needsEscapeSlow(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r < 0x20 || r == 0x7f || Unsafe(r) {
			return true
		}
		i += size
	}
	return false
}

// Unsafe reports the non-ASCII runes Visible escapes: C1 controls,
// bidi controls and the Unicode line and paragraph separators.
func Unsafe(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r == 0x2028, r == 0x2029:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// VisibleText is Visible for text shown as it is, lines and all (BibTeX
// entries, descriptions): line breaks and tabs stay, every other control
// and bidi character is escaped.
func VisibleText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		fields := strings.Split(l, "\t")
		for j, f := range fields {
			fields[j] = Visible(f)
		}
		lines[i] = strings.Join(fields, "\t")
	}
	return strings.Join(lines, "\n")
}
