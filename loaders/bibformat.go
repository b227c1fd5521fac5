package loaders

import (
	"strings"
)

// FormatBibEntry writes e back as BibTeX, ready to paste into a paper:
// fields in file order, each value braced as written (Raw), so LaTeX
// markup survives. Macros and '#' concatenations are written resolved.
func FormatBibEntry(e BibEntry) string {
	var b strings.Builder
	b.WriteString("@")
	b.WriteString(e.Type)
	b.WriteString("{")
	b.WriteString(e.Key)
	b.WriteString(",\n")
	for _, f := range e.Fields {
		v := f.Raw
		if !balanced(v) || v == "" {
			v = f.Value
		}
		b.WriteString("  ")
		b.WriteString(f.Name)
		b.WriteString(" = {")
		b.WriteString(v)
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// balanced reports whether braces in s nest properly, so that s can be
// wrapped in one more pair.
func balanced(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // an escaped brace does not count
		case '{':
			depth++
		case '}':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}
