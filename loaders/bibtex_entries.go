package loaders

// The BibTeX reader's grammar: @comment, @preamble, @string and entries,
// values joined by '#', fields and duplicate keys.

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

func (p *bibParser) run() {
	for p.off < len(p.src) && !p.stopped {
		i := bytes.IndexByte(p.src[p.off:], '@')
		if i < 0 {
			return
		}
		p.off += i
		k := len(p.items)
		p.items = append(p.items, bibItem{start: p.off, entry: -1})
		p.cur = k
		p.item()
		p.items[k].pos, p.items[k].end = p.atPos, max(p.off, p.items[k].start+1)
		p.cur = -1
	}
}

// item reads what follows the '@' at p.off and leaves p.off after it (or
// where reading resumes after a problem); it always advances.
func (p *bibParser) item() {
	at := p.off
	p.at, p.atPos = at, p.pos(at)
	p.off++
	typ := p.ident()
	if typ == "" {
		p.add(Problem{Pos: p.atPos, Msg: "stray '@' (not followed by an entry type)"})
		return
	}
	p.kind = strings.ToLower(typ)
	if p.kind == "comment" {
		p.comment()
		return
	}
	typEnd := p.off
	p.skipSpace()
	open, _ := p.peek()
	if open != '{' && open != '(' {
		p.add(Problem{Pos: p.atPos, Msg: fmt.Sprintf("stray '@': %q is not followed by '{' or '('", "@"+typ)})
		p.off = typEnd
		return
	}
	close := byte('}')
	if open == '(' {
		close = ')'
	}
	p.off++
	switch p.kind {
	case "string":
		p.stringDef(close)
	case "preamble":
		p.preamble(close)
	default:
		p.entry(close)
	}
}

// comment skips @comment{...} or @comment(...) (braces balanced), or, when
// no delimiter follows on the line, the rest of the line.
func (p *bibParser) comment() {
	for p.off < len(p.src) && isBlank(p.src[p.off]) {
		p.off++
	}
	open, _ := p.peek()
	if open != '{' && open != '(' {
		if i := bytes.IndexByte(p.src[p.off:], '\n'); i >= 0 {
			p.off += i + 1
		} else {
			p.off = len(p.src)
		}
		return
	}
	depth := 0
	for i := p.off + 1; i < len(p.src); i++ {
		switch p.src[i] {
		case '{':
			depth++
		case '}':
			if open == '{' && depth == 0 {
				p.off = i + 1
				return
			}
			depth = max(depth-1, 0)
		case ')':
			if open == '(' && depth == 0 {
				p.off = i + 1
				return
			}
		}
	}
	close := byte('}')
	if open == '(' {
		close = ')'
	}
	// The rest of the file is taken as part of the comment: no one item's
	// problem, since the entries after it are lost.
	p.cur = -1
	p.unterminated(close)
	p.off = len(p.src)
}

// endItem expects the closing delimiter of a @string or @preamble.
func (p *bibParser) endItem(close byte) bool {
	p.skipSpace()
	c, ok := p.peek()
	switch {
	case !ok || c == '@':
		return p.unterminated(close)
	case c != close:
		return p.syntax(p.off, "", fmt.Sprintf("expected '%c' after the @%s value", close, p.kind))
	}
	p.off++
	return true
}

func (p *bibParser) preamble(close byte) {
	if _, st := p.value("", close); st == valFailed {
		return
	}
	p.endItem(close)
}

func (p *bibParser) stringDef(close byte) {
	p.skipSpace()
	nameOff := p.off
	nameLine := p.pos(nameOff).Line
	name := p.ident()
	c, ok := p.peek()
	switch {
	case name == "" && (!ok || c == '@'):
		p.unterminated(close)
		return
	case name == "":
		p.syntax(p.off, "", "expected a macro name after @string")
		return
	case isDigit(name[0]):
		p.syntax(nameOff, "", fmt.Sprintf("macro name %s must not start with a digit", name))
		return
	}
	p.skipSpace()
	c, ok = p.peek()
	switch {
	case !ok || c == '@':
		p.unterminated(close)
		return
	case c != '=':
		p.syntax(p.off, "", fmt.Sprintf("missing '=' after macro name %s", name))
		return
	}
	p.off++
	raw, st := p.value("", close)
	if st == valFailed || !p.endItem(close) || st == valMissing {
		return
	}
	lower := strings.ToLower(name)
	if first, dup := p.macros[lower]; dup && first.line > 0 {
		p.problem(nameOff, "", fmt.Sprintf("duplicate macro %s (first at line %d)", name, first.line))
		return
	}
	p.macros[lower] = bibMacro{value: raw, line: nameLine}
}

// Value parse results.
const (
	valOK      = iota
	valMissing // a problem was reported; go on without the field
	valFailed  // a problem was reported and p.off is where to resume
)

// value reads a value: pieces joined by '#'. It returns the raw text.
func (p *bibParser) value(field string, close byte) (string, int) {
	var raw strings.Builder
	for n := 0; ; n++ {
		p.skipSpace()
		start := p.off
		c, ok := p.peek()
		switch {
		case !ok || c == '@':
			p.unterminated(close)
			return "", valFailed
		case c == '{' || c == '"':
			s, ok := p.delimited(field)
			if !ok {
				return "", valFailed
			}
			raw.WriteString(s)
		case c == ',' || c == close:
			msg := "missing value"
			if n > 0 {
				msg = "missing value after '#'"
			}
			p.problem(p.off, field, msg)
			return "", valMissing
		default:
			r, _ := utf8.DecodeRune(p.src[p.off:])
			if !isIdentRune(r) {
				p.syntax(p.off, field, fmt.Sprintf("expected a value, found %q", r))
				return "", valFailed
			}
			tok := p.ident()
			switch {
			case isDigit(tok[0]) && strings.Trim(tok, "0123456789") == "":
				raw.WriteString(tok)
			case isDigit(tok[0]):
				p.problem(start, field, fmt.Sprintf("bare value %s is neither a number nor a macro name (put it in braces)", tok))
			default:
				m, ok := p.macros[strings.ToLower(tok)]
				if !ok {
					p.problem(start, field, "undefined macro "+tok)
				}
				if raw.Len()+len(m.value) > p.maxValue() {
					p.problem(start, field, fmt.Sprintf("with macro %s expanded the value would be longer than the whole file (%d bytes); macros that double each other?", tok, len(p.src)))
					if !p.skipValue(close) {
						return "", valFailed
					}
					return "", valMissing
				}
				raw.WriteString(m.value)
			}
		}
		p.skipSpace()
		if c, ok := p.peek(); !ok || c != '#' {
			return raw.String(), valOK
		}
		p.off++
	}
}

func (p *bibParser) entry(close byte) {
	e := BibEntry{Type: p.kind, Pos: p.atPos}
	drop := false
	p.skipSpace()
	keyOff := p.off
	keyPos := p.pos(keyOff)
	key := p.scanWhile(func(r rune) bool { return isKeyRune(r, close) })
	p.skipSpace()
	c, ok := p.peek()
	switch {
	case !ok || c == '@':
		p.unterminated(close)
		return
	case c == ',' || c == close:
		if key == "" {
			p.problem(p.off, "", "missing citation key")
			drop = true
		}
		if c == ',' {
			p.off++
		}
	case c == '=' && key != "":
		p.add(Problem{Pos: keyPos, Msg: "missing citation key"})
		drop = true
		p.off = keyOff // read the "key" again as a field name
	case key == "":
		p.syntax(p.off, "", "missing citation key")
		return
	default:
		// whitespace inside the key, as in "foo bar,"?
		j := p.off
		for j < len(p.src) {
			r, w := utf8.DecodeRune(p.src[j:])
			if r == '\n' || !isKeyRune(r, close) && !unicode.IsSpace(r) {
				break
			}
			j += w
		}
		if j < len(p.src) && p.src[j] == ',' {
			p.add(Problem{Pos: keyPos, Msg: "citation key must not contain whitespace"})
			drop = true
			p.off = j + 1
			break
		}
		p.syntax(p.off, "", "expected ',' after the citation key")
		return
	}
	e.Key = key
	if !drop {
		p.items[p.cur].key = key
	}

	seen := map[string]int{} // field name -> line
	for {
		p.skipSpace()
		c, ok := p.peek()
		switch {
		case !ok || c == '@':
			p.unterminated(close)
			return
		case c == close:
			p.off++
			if !drop {
				p.addEntry(e, keyPos)
			}
			return
		}
		namePos := p.pos(p.off)
		name := strings.ToLower(p.ident())
		if name == "" {
			r, _ := utf8.DecodeRune(p.src[p.off:])
			p.syntax(p.off, "", fmt.Sprintf("expected a field name, found %q", r))
			return
		}
		p.skipSpace()
		c, ok = p.peek()
		switch {
		case !ok || c == '@':
			p.unterminated(close)
			return
		case c != '=':
			p.syntax(p.off, name, "missing '=' after the field name")
			return
		}
		p.off++
		raw, st := p.value(name, close)
		if st == valFailed {
			return
		}
		if st == valOK {
			if first, dup := seen[name]; dup {
				p.add(Problem{Pos: namePos, Field: name, Msg: fmt.Sprintf("duplicate field (first at line %d)", first)})
			} else {
				seen[name] = namePos.Line
				e.Fields = append(e.Fields, BibField{Name: name, Value: bibValue(name, raw), Raw: raw, Pos: namePos})
			}
		}
		p.skipSpace()
		c, ok = p.peek()
		switch {
		case !ok || c == '@':
			p.unterminated(close)
			return
		case c == ',':
			p.off++
		case c == close:
			// the loop ends the entry
		default:
			if r, _ := utf8.DecodeRune(p.src[p.off:]); isIdentRune(r) {
				// probably a forgotten comma: report it and read on
				p.problem(p.off, name, "missing ',' after the value")
				continue
			}
			p.syntax(p.off, name, fmt.Sprintf("expected ',' or '%c' after the value", close))
			return
		}
	}
}

func (p *bibParser) addEntry(e BibEntry, keyPos Pos) {
	lower := strings.ToLower(e.Key)
	if first, dup := p.keys[lower]; dup {
		msg := fmt.Sprintf("duplicate key %s (first at line %d)", e.Key, first.line)
		if first.key != e.Key {
			msg = fmt.Sprintf("key %s differs only in case from key %s (line %d)", e.Key, first.key, first.line)
		}
		p.add(Problem{Pos: keyPos, Msg: msg})
	} else {
		p.keys[lower] = bibKey{key: e.Key, line: keyPos.Line}
	}
	p.items[p.cur].entry = len(p.entries)
	p.entries = append(p.entries, e)
}

// maxValue is the longest a value may grow by macro expansion: as long as
// the file, at least 64 KiB. A chain of macros that each double the last
// would otherwise grow without bound.
func (p *bibParser) maxValue() int { return max(len(p.src), 64<<10) }

// skipValue skips the rest of a value after a problem: pieces and '#' up to
// the ',' or close that ends it. It returns false when a piece could not be
// read (reported, and p.off is where to resume).
func (p *bibParser) skipValue(close byte) bool {
	for {
		p.skipSpace()
		c, ok := p.peek()
		switch {
		case !ok || c == ',' || c == close || c == '@':
			return true
		case c == '{' || c == '"':
			if _, ok := p.delimited(""); !ok {
				return false
			}
		case c == '#':
			p.off++
		default:
			if p.ident() == "" {
				return true
			}
		}
	}
}
