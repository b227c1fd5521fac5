package viz

import (
	"strings"
	"unicode/utf8"
)

// Graphviz reads three kinds of text, and each needs its own escaping.
// What Graphviz does with each was measured on native dot 2.43 and on
// go-graphviz (Graphviz 12), which agree; TestEscapingRoundTrip keeps
// checking it, FuzzEscape checks the escapers against a model of it.
//
//   - IDs (node and cluster names) are quoted strings in which Graphviz
//     interprets nothing but \" and, when it writes SVG, copies entities
//     as they are into <title>. quoteID therefore uses XML entities only
//     (&amp; &quot; &lt; &gt; &#92; &#10;): no backslash and no quote is
//     left inside the quotes, and the SVG <title> reads back as the ID.
//   - Labels are HTML-like labels (label=<...>): XML text, in which
//     Graphviz then turns "\\" into "\" once. htmlText escapes & < > "
//     as entities, newlines as <BR/> and each backslash as two.
//   - Tooltips are escStrings that Graphviz unescapes twice after decoding
//     entities ("\\\\" becomes "\"; "\n" a newline). quoteText escapes & as
//     &amp;, " as \", a newline as \n and each backslash as four.
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
	"&", "&amp;", `\`, `\\\\`, `"`, `\"`, "\n", `\n`,
)

// quoteText quotes s as a DOT escString attribute value (tooltip).
func quoteText(s string) string {
	return `"` + textEscaper.Replace(clean(s)) + `"`
}

var htmlEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "<BR/>", `\`, `\\`,
)

// htmlText escapes s for the inside of an HTML-like label.
func htmlText(s string) string {
	return htmlEscaper.Replace(clean(s))
}
