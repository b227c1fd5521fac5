package loaders

// Author and editor lists: names split on "and", "Last, First" turned
// around.

import (
	"strings"
)

// Authors splits an author (or editor) field into names: on the word "and"
// (any case, with whitespace on both sides) outside braces. "Last, First"
// becomes "First Last" and "Last, Jr, First" "First Last, Jr"; "others" is
// kept as "others"; empty names are dropped. LaTeX in the names is turned
// into Unicode as in BibField.Value, so value may be a field's Value or,
// better, its Raw text, where braces still protect names such as
// {Barnes and Noble, Inc.}.
func Authors(value string) []string {
	var names []string
	depth, start := 0, 0
	for i := 0; i < len(value); i++ {
		switch c := value[i]; {
		case c == '\\':
			i++
		case c == '{':
			depth++
		case c == '}':
			if depth > 0 {
				depth--
			}
		case depth == 0 && isSpaceByte(c) && i+4 < len(value) &&
			strings.EqualFold(value[i+1:i+4], "and") && isSpaceByte(value[i+4]):
			names = appendName(names, value[start:i])
			start = i + 4
			i += 3
		}
	}
	return appendName(names, value[start:])
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || isBlank(c) }

func appendName(names []string, s string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case ',':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	parts = append(parts, s[start:])
	for i, part := range parts {
		parts[i] = collapseSpace(texToUnicode(part))
	}
	var name string
	switch len(parts) {
	case 1:
		name = parts[0]
		if strings.EqualFold(name, "others") {
			name = "others"
		}
	case 2:
		name = strings.TrimSpace(parts[1] + " " + parts[0])
	default:
		name = strings.TrimSpace(strings.Join(parts[2:], ", ") + " " + parts[0])
		if parts[1] != "" {
			name += ", " + parts[1]
		}
	}
	if name == "" {
		return names
	}
	return append(names, name)
}
