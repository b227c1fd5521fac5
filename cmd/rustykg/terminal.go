package main

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"rustykg/graph"
)

// Data reaches a terminal in table and Markdown output, in error messages
// (which quote names and arguments) and in completions. A name holding ESC
// sequences could retitle the window, recolour or clear the screen, or
// hide text; a bidi override could make "kernel:tock" read as another ID.
// visible makes every such character visible as an escape in Go syntax,
// so the text is shown, never obeyed:
//
//   - C0 controls and DEL: \x00 ... \x1f, \x7f (ESC is \x1b)
//   - C1 controls: \u0080 ... \u009f (CSI is \u009b)
//   - bidi controls: \u061c, \u200e, \u200f, \u202a ... \u202e,
//     \u2066 ... \u2069, and the line and paragraph separators \u2028, \u2029
//   - bytes that are not UTF-8: \xNN
//
// A backslash in the data is printed as it is: the table formats are for
// reading; JSON and CSV are the exact forms and are never escaped. BibTeX
// output (--bibtex) is escaped too, keeping line breaks and tabs: those
// characters have no meaning in BibTeX, and it is printed to terminals.

// visible returns s with control and bidi characters escaped.
func visible(s string) string {
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
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// visibleLines is visible for multi-line text (error messages): line
// breaks stay, everything else is escaped, and each line is cut to
// maxLine runes so that no argument or data value floods the terminal.
func visibleLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = graph.Shorten(visible(l), maxLine)
	}
	return strings.Join(lines, "\n")
}

// visibleText is visible for text printed as it is (BibTeX entries): line
// breaks and tabs stay, nothing is cut.
func visibleText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		fields := strings.Split(l, "\t")
		for j, f := range fields {
			fields[j] = visible(f)
		}
		lines[i] = strings.Join(fields, "\t")
	}
	return strings.Join(lines, "\n")
}

// maxLine is the longest line of an error message, in runes.
const maxLine = 1000

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
		if r == utf8.RuneError && size == 1 || r < 0x20 || r == 0x7f || unsafeRune(r) {
			return true
		}
		i += size
	}
	return false
}

// unsafeRune reports the non-ASCII runes visible escapes: C1 controls,
// bidi controls and the Unicode line and paragraph separators.
func unsafeRune(r rune) bool {
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
