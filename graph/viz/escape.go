package viz

import (
	"strings"
	"unicode/utf8"
)

// Graphviz reads three kinds of text, and each needs its own escaping.
// All three are checked against native dot and go-graphviz (see
// TestEscapingRoundTrip) and fuzzed (FuzzEscape):
//
//   - IDs (node and cluster names) are quoted strings in which Graphviz
//     interprets nothing but \" and, when it writes SVG, copies entities
//     as they are. quoteID therefore uses XML entities only (&amp; &quot;
//     &lt; &gt; &#92; &#10;): no backslash, no quote is left inside the
//     quotes, and the SVG <title> reads back as the original ID.
//   - Labels are HTML-like labels (label=<...>): XML text, so htmlText
//     escapes & < > " and turns newlines into <BR/>; backslashes are
//     literal there.
//   - Other text attributes (tooltips) are escStrings: Graphviz decodes
//     entities first and backslash escapes second, so quoteText escapes
//     & as &amp; and \ " newline as \\ \" \n.
//
// Every escaper first cleans the text (clean): invalid UTF-8 becomes
// U+FFFD and control characters, which XML 1.0 forbids in the SVG, become
// spaces; CR LF and CR become LF.

// clean makes s valid UTF-8 without control characters except '\n'.
func clean(s string) string {
	ok := utf8.ValidString(s)
	if ok {
		for i := 0; i < len(s); i++ {
			if c := s[i]; (c < 0x20 && c != '\n') || c == 0x7f {
				ok = false
				break
			}
		}
	}
	if ok && !strings.ContainsRune(s, 0xFFFE) && !strings.ContainsRune(s, 0xFFFF) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case r == '\n':
			b.WriteByte('\n')
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ')
		case r == 0xFFFE || r == 0xFFFF:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var idEscaper = strings.NewReplacer(
	"&", "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;", `\`, "&#92;", "\n", "&#10;",
)

// quoteID quotes s as a DOT ID.
func quoteID(s string) string {
	return `"` + idEscaper.Replace(clean(s)) + `"`
}

var textEscaper = strings.NewReplacer(
	"&", "&amp;", `\`, `\\`, `"`, `\"`, "\n", `\n`,
)

// quoteText quotes s as a DOT escString attribute value (tooltip).
func quoteText(s string) string {
	return `"` + textEscaper.Replace(clean(s)) + `"`
}

var htmlEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "<BR/>",
)

// htmlText escapes s for the inside of an HTML-like label.
func htmlText(s string) string {
	return htmlEscaper.Replace(clean(s))
}
