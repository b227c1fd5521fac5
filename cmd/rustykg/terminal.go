package main

import (
	"strings"

	"rustykg/graph"
	"rustykg/queries/textesc"
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

// visible returns s with control and bidi characters escaped
// (textesc.Visible).
func visible(s string) string { return textesc.Visible(s) }

// unsafeRune reports the non-ASCII runes visible escapes (textesc.Unsafe).
func unsafeRune(r rune) bool { return textesc.Unsafe(r) }

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
func visibleText(s string) string { return textesc.VisibleText(s) }

// maxLine is the longest line of an error message, in runes.
const maxLine = 1000
