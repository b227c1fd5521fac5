package loaders

// A small, strict BibTeX reader.
//
// Syntax follows BibTeX: text outside entries is a comment, every '@'
// outside an entry starts one, values are {braced}, "quoted" (braces inside
// must balance), bare numbers or @string macro names, joined with '#'.
// Strictness beyond BibTeX: a stray '@' is reported, as are undefined
// macros, duplicate fields, duplicate keys (also ones differing only in
// case), duplicate @string macros, keys with whitespace, a trailing comma in
// @string, invalid UTF-8, bare values that are neither a number nor a macro
// name (2022a) and an unbraced \" inside a quoted value. A value may not
// contain a line that starts with '@' and a letter: that is taken as the
// start of the next entry, and the value as unterminated.
//
// A '}' at brace depth 0 inside a quoted value is reported as an unbalanced
// brace when the value is on one line, else as an unterminated value.
//
// After a syntax error the reader skips to the next line that starts with
// '@' and goes on from there, so that one run reports as much as it can
// (a forgotten comma between two fields is reported and read over). An
// entry that could not be read to its end, or whose key is missing or
// invalid, is not returned; one with other problems (undefined macro,
// duplicate field or key, ...) is.

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// BibEntry is one BibTeX entry (@article{key, ...}).
type BibEntry struct {
	Type   string     // lower-case entry type: "article", "inproceedings", "misc", ...
	Key    string     // citation key as written
	Fields []BibField // in file order
	Pos    Pos        // position of the '@'
}

// BibField is one field of an entry.
type BibField struct {
	// Name is the lower-case field name.
	Name string
	// Value is the value with braces and quotes removed, @string macros and
	// '#' concatenation resolved, LaTeX accents, escapes and a few symbols
	// turned into Unicode ({\"o} -> ö, \'e -> é, \& -> &, \ss -> ß, ~ -> a
	// space, -- -> –, --- -> —, ``x'' -> “x”), unknown commands dropped
	// when they take a braced argument (\emph{x} -> x) and kept as written
	// when they do not, runs of whitespace collapsed to one space and the
	// ends trimmed. In "pages" any run of dashes becomes one "-"
	// (121--132 -> 121-132). "url", "doi" and "eprint" are verbatim: only
	// braces are dropped and \_ \% \& \# \$ \~ unescaped.
	Value string
	// Raw is the value as written between the outer delimiters, with LaTeX
	// and braces kept. For a bare number it is the number; for a macro or a
	// '#' concatenation it is the resolved text: the pieces' contents joined,
	// macros replaced by their (raw) definitions.
	Raw string
	// Pos is the position of the field name.
	Pos Pos
}

// Field returns the value of the named field (lower-case name) and whether it exists.
func (e BibEntry) Field(name string) (string, bool) {
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Value, true
		}
	}
	if lower := strings.ToLower(name); lower != name {
		for _, f := range e.Fields {
			if f.Name == lower {
				return f.Value, true
			}
		}
	}
	return "", false
}

// ParseBibTeX parses src (the contents of the file named file). It never
// panics and never exits the process; it returns every entry it could read
// and every problem found, sorted (Problems.Sort()). A file with any problem
// should be treated as invalid by the caller. Reading stops after 1000
// problems.
func ParseBibTeX(file string, src []byte) ([]BibEntry, Problems) {
	p := &bibParser{
		file:   file,
		macros: make(map[string]bibMacro, len(bibMonths)+8),
		keys:   map[string]bibKey{},
	}
	for name, v := range bibMonths {
		p.macros[name] = bibMacro{value: v}
	}
	p.load(src)
	p.run()
	return p.entries, p.probs.Sort()
}

var bibMonths = map[string]string{
	"jan": "January", "feb": "February", "mar": "March", "apr": "April",
	"may": "May", "jun": "June", "jul": "July", "aug": "August",
	"sep": "September", "oct": "October", "nov": "November", "dec": "December",
}

type bibMacro struct {
	value string // raw (unconverted) text
	line  int    // 0 for the predefined month macros
}

type bibKey struct {
	key  string
	line int
}

type bibParser struct {
	file    string
	src     []byte // valid UTF-8 (each invalid byte replaced by U+FFFD)
	off     int
	lines   []int // byte offset of the start of each line
	at      int   // offset of the '@' of the item being read
	atPos   Pos   // its position
	stopped bool  // too many problems
	kind    string
	probs   Problems
	macros  map[string]bibMacro // by lower-case name
	keys    map[string]bibKey   // by lower-case key
	entries []BibEntry

	// position cache: pos is mostly asked for increasing offsets
	cOff, cLine, cCol int
}

// load stores src, replacing every invalid byte by U+FFFD (so that one bad
// byte still counts as one column) and reporting the first one of each line.
func (p *bibParser) load(src []byte) {
	var bad []int // offset of the first bad byte of each line that has one
	if !utf8.Valid(src) {
		buf := make([]byte, 0, len(src)+16)
		badLine := false
		for i := 0; i < len(src); {
			r, w := utf8.DecodeRune(src[i:])
			switch {
			case r == utf8.RuneError && w == 1:
				if !badLine {
					bad = append(bad, len(buf))
					badLine = true
				}
				buf = utf8.AppendRune(buf, utf8.RuneError)
			case r == '\n':
				badLine = false
				buf = append(buf, '\n')
			default:
				buf = append(buf, src[i:i+w]...)
			}
			i += w
		}
		src = buf
	}
	p.src = src
	p.lines = append(p.lines, 0)
	for i, c := range src {
		if c == '\n' {
			p.lines = append(p.lines, i+1)
		}
	}
	for _, off := range bad {
		p.add(Problem{Pos: p.pos(off), Msg: "invalid UTF-8"})
	}
}

// pos turns a byte offset into a position; columns count runes.
func (p *bibParser) pos(off int) Pos {
	if off > len(p.src) {
		off = len(p.src)
	}
	line := sort.Search(len(p.lines), func(i int) bool { return p.lines[i] > off })
	var col int
	switch {
	case line == p.cLine && off >= p.cOff:
		col = p.cCol + utf8.RuneCount(p.src[p.cOff:off])
	case line == p.cLine && p.cOff-off < off-p.lines[line-1]:
		col = p.cCol - utf8.RuneCount(p.src[off:p.cOff])
	default:
		col = 1 + utf8.RuneCount(p.src[p.lines[line-1]:off])
	}
	p.cOff, p.cLine, p.cCol = off, line, col
	return Pos{File: p.file, Line: line, Col: col}
}

func (p *bibParser) problem(off int, field, msg string) {
	p.add(Problem{Pos: p.pos(off), Field: field, Msg: msg})
}

// maxBibProblems is where a file's reading stops: past it, more problems
// are noise (and a pathological file could hold millions).
const maxBibProblems = 1000

func (p *bibParser) add(pr Problem) {
	pr.stage = stageSyntax
	switch {
	case p.stopped:
	case len(p.probs) == maxBibProblems:
		pr.Field = ""
		pr.Msg = fmt.Sprintf("too many problems (over %d); stopped reading the file", maxBibProblems)
		p.probs = append(p.probs, pr)
		p.stopped = true
	default:
		p.probs = append(p.probs, pr)
	}
}

// syntax reports a problem and skips to the next line starting with '@'.
// It returns false for the callers' convenience.
func (p *bibParser) syntax(off int, field, msg string) bool {
	p.problem(off, field, msg)
	p.off = p.resyncFrom(off)
	return false
}

// unterminated reports the current item as unterminated and goes on at the
// current offset (an '@' or the end of the input).
func (p *bibParser) unterminated(close byte) bool {
	p.add(Problem{Pos: p.atPos, Msg: fmt.Sprintf("unterminated @%s entry (missing '%c')", p.kind, close)})
	return false
}

// resyncFrom returns the offset of the first '@' at or after off that has
// only blanks before it on its line, or the end of the input.
func (p *bibParser) resyncFrom(off int) int {
	for off < len(p.src) {
		i := bytes.IndexByte(p.src[off:], '@')
		if i < 0 {
			break
		}
		off += i
		j := off
		for j > 0 && isBlank(p.src[j-1]) {
			j--
		}
		if j == 0 || p.src[j-1] == '\n' {
			return off
		}
		off++
	}
	return len(p.src)
}

// entryLineAt reports whether a line starting at off begins (after blanks)
// with '@' and a letter, and returns the offset of that '@'.
func (p *bibParser) entryLineAt(off int) (int, bool) {
	for off < len(p.src) && isBlank(p.src[off]) {
		off++
	}
	if off+1 < len(p.src) && p.src[off] == '@' && isASCIILetter(p.src[off+1]) {
		return off, true
	}
	return 0, false
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' }

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// peek returns the byte at the current offset.
func (p *bibParser) peek() (byte, bool) {
	if p.off < len(p.src) {
		return p.src[p.off], true
	}
	return 0, false
}

func (p *bibParser) skipSpace() {
	for p.off < len(p.src) {
		c := p.src[p.off]
		if c < utf8.RuneSelf {
			if c != ' ' && c != '\n' && !isBlank(c) {
				return
			}
			p.off++
			continue
		}
		r, w := utf8.DecodeRune(p.src[p.off:])
		if !unicode.IsSpace(r) {
			return
		}
		p.off += w
	}
}

// isIdentRune: BibTeX identifiers (entry types, field and macro names) may
// not hold whitespace, controls or any of "#%'(),={} and, here, @ or \.
func isIdentRune(r rune) bool {
	if r < 0x20 || r == 0x7f || unicode.IsSpace(r) {
		return false
	}
	return !strings.ContainsRune(`"#%'(),={}@\`, r)
}

// isKeyRune: citation keys may not hold whitespace, controls, commas,
// braces, quotes, '=', '#', '%', '@' or the entry's closing delimiter.
func isKeyRune(r rune, close byte) bool {
	if r < 0x20 || r == 0x7f || unicode.IsSpace(r) || r == rune(close) {
		return false
	}
	return !strings.ContainsRune(`,{}"=#%@`, r)
}

func (p *bibParser) scanWhile(ok func(rune) bool) string {
	start := p.off
	for p.off < len(p.src) {
		r, w := rune(p.src[p.off]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRune(p.src[p.off:])
		}
		if !ok(r) {
			break
		}
		p.off += w
	}
	return string(p.src[start:p.off])
}

func (p *bibParser) ident() string { return p.scanWhile(isIdentRune) }

func (p *bibParser) run() {
	for p.off < len(p.src) && !p.stopped {
		i := bytes.IndexByte(p.src[p.off:], '@')
		if i < 0 {
			return
		}
		p.off += i
		p.item()
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
	p.unterminated(close) // the rest of the file is taken as part of the comment
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

// delimited reads a {braced} or "quoted" piece at p.off and returns its
// contents.
func (p *bibParser) delimited(field string) (string, bool) {
	start := p.off
	quoted := p.src[start] == '"'
	depth := 1
	if quoted {
		depth = 0
	}
	newline := false
	for i := start + 1; i < len(p.src); i++ {
		switch p.src[i] {
		case '{':
			depth++
		case '}':
			depth--
			if !quoted && depth == 0 {
				p.off = i + 1
				return string(p.src[start+1 : i]), true
			}
			if depth < 0 {
				if newline { // most likely the '}' closing the entry
					p.unterminatedValue(start, field, quoted)
					p.off = p.resyncFrom(i)
					return "", false
				}
				return "", p.syntax(i, field, "unbalanced '}' in quoted value")
			}
		case '"':
			if quoted && depth == 0 {
				if p.src[i-1] == '\\' {
					p.problem(i-1, field, `\" in a quoted value must be braced, e.g. {\"o}`)
					continue
				}
				p.off = i + 1
				return string(p.src[start+1 : i]), true
			}
		case '\n':
			newline = true
			if at, ok := p.entryLineAt(i + 1); ok {
				p.unterminatedValue(start, field, quoted)
				p.off = at
				return "", false
			}
		}
	}
	p.unterminatedValue(start, field, quoted)
	p.off = len(p.src)
	return "", false
}

func (p *bibParser) unterminatedValue(start int, field string, quoted bool) {
	missing := "'}'"
	if quoted {
		missing = `'"'`
	}
	p.problem(start, field, "unterminated value (missing "+missing+")")
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
	p.entries = append(p.entries, e)
}

// bibValue turns a field's raw text into its value.
func bibValue(field, raw string) string {
	switch field {
	case "url", "doi", "eprint":
		return collapseSpace(texVerbatim(raw))
	case "pages":
		return collapseSpace(singleDashes(texToUnicode(raw)))
	}
	return collapseSpace(texToUnicode(raw))
}

// collapseSpace turns runs of whitespace into one space and trims the ends.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, w := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		if r == ' ' || r == '\n' || isBlank(s[i]) || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			space = b.Len() > 0
			i += w
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(s[i : i+w])
		i += w
	}
	return b.String()
}

// singleDashes turns every run of dashes (- – — and friends) into one "-".
func singleDashes(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r == '-' || r == '‐' || r == '‑' || r == '‒' || r == '–' || r == '—' || r == '―' {
			if !dash {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		dash = false
		b.WriteRune(r)
	}
	return b.String()
}

// texVerbatim drops braces and unescapes \_ \% \& \# \$ \~ (for URLs and DOIs).
func texVerbatim(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '{' || c == '}':
		case c == '\\' && i+1 < len(s) && strings.IndexByte(`_%&#$~{}`, s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// texToUnicode turns LaTeX text into plain Unicode (see BibField.Value);
// whitespace is not collapsed.
func texToUnicode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '{', '}', '$':
			i++
		case '~':
			b.WriteByte(' ')
			i++
		case '-':
			n := 1
			for i+n < len(s) && s[i+n] == '-' {
				n++
			}
			switch n {
			case 2:
				b.WriteString("–")
			case 3:
				b.WriteString("—")
			default:
				b.WriteString(s[i : i+n])
			}
			i += n
		case '`', '\'':
			if i+1 < len(s) && s[i+1] == c {
				if c == '`' {
					b.WriteString("“")
				} else {
					b.WriteString("”")
				}
				i += 2
				continue
			}
			b.WriteByte(c)
			i++
		case '\\':
			i = texCommand(s, i, &b)
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// texCommand converts the command at s[i] ('\\') and returns the offset
// after it.
func texCommand(s string, i int, b *strings.Builder) int {
	j := i + 1
	if j >= len(s) {
		return j
	}
	c := s[j]
	if isASCIILetter(c) {
		k := j
		for k < len(s) && isASCIILetter(s[k]) {
			k++
		}
		name := s[j:k]
		if len(name) == 1 && strings.IndexByte("uvHckrdbt", name[0]) >= 0 {
			return texAccent(s, k, name[0], b)
		}
		if sym, ok := texSymbols[name]; ok {
			b.WriteString(sym)
			k = skipTeXSpace(s, k) // TeX eats the spaces after a control word
			if strings.HasPrefix(s[k:], "{}") {
				k += 2
			}
			return k
		}
		if m := skipTeXSpace(s, k); m < len(s) && s[m] == '{' {
			return m // drop the command; its argument is read as a group
		}
		b.WriteString(s[i:k]) // unknown command without argument: keep it
		return k
	}
	switch c {
	case '"', '\'', '`', '^', '~', '=', '.':
		return texAccent(s, j+1, c, b)
	case '&', '%', '$', '_', '#', '{', '}':
		b.WriteByte(c)
	case ' ', '\t', '\n', '\r', ',', ';', ':', '\\':
		b.WriteByte(' ')
	case '-', '/', '!', '@':
	default:
		_, w := utf8.DecodeRuneInString(s[j:])
		b.WriteString(s[j : j+w])
		return j + w
	}
	return j + 1
}

func skipTeXSpace(s string, k int) int {
	for k < len(s) && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r') {
		k++
	}
	return k
}

// texAccent applies accent acc to the character at or after s[k] (after
// blanks and opening braces; the closing braces are dropped by the caller).
func texAccent(s string, k int, acc byte, b *strings.Builder) int {
	for k < len(s) && (s[k] == '{' || s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r') {
		k++
	}
	if k >= len(s) || s[k] == '}' {
		b.WriteString(texAccents[acc].spacing)
		return k
	}
	var base rune
	if s[k] == '\\' {
		m := k + 1
		for m < len(s) && isASCIILetter(s[m]) {
			m++
		}
		sym, ok := texSymbols[s[k+1:m]]
		if !ok || m == k+1 || utf8.RuneCountInString(sym) != 1 {
			b.WriteString(texAccents[acc].spacing)
			return k // let the caller read the command
		}
		base, _ = utf8.DecodeRuneInString(sym)
		k = skipTeXSpace(s, m)
	} else {
		var w int
		base, w = utf8.DecodeRuneInString(s[k:])
		k += w
	}
	b.WriteString(composeAccent(acc, base))
	return k
}

func composeAccent(acc byte, base rune) string {
	a := texAccents[acc]
	switch base {
	case 'ı':
		base = 'i'
	case 'ȷ':
		base = 'j'
	}
	if r, ok := a.composed[base]; ok {
		return string(r)
	}
	return string(base) + string(a.combining)
}

type texAccentDef struct {
	spacing   string // the accent alone, as in \"{}
	combining rune
	composed  map[rune]rune // base letter -> precomposed letter
}

// texAccents by the character of the accent command (\' \v ...).
var texAccents = map[byte]texAccentDef{}

func init() {
	for _, a := range []struct {
		acc       byte
		spacing   string
		combining rune
		pairs     string // base letter, precomposed letter (from Unicode NFC)
	}{
		{'\'', "´", 0x301, "aácćeégǵiíkḱlĺmḿnńoópṕrŕsśuúwẃyýzźAÁCĆEÉGǴIÍKḰLĹMḾNŃOÓPṔRŔSŚUÚWẂYÝZŹ"},
		{'`', "`", 0x300, "aàeèiìnǹoòuùwẁyỳAÀEÈIÌNǸOÒUÙWẀYỲ"},
		{'^', "^", 0x302, "aâcĉeêgĝhĥiîjĵoôsŝuûwŵyŷzẑAÂCĈEÊGĜHĤIÎJĴOÔSŜUÛWŴYŶZẐ"},
		{'"', "¨", 0x308, "aäeëhḧiïoötẗuüwẅxẍyÿAÄEËHḦIÏOÖUÜWẄXẌYŸ"},
		{'~', "~", 0x303, "aãeẽiĩnñoõuũvṽyỹAÃEẼIĨNÑOÕUŨVṼYỸ"},
		{'=', "¯", 0x304, "aāeēgḡiīoōuūyȳAĀEĒGḠIĪOŌUŪYȲ"},
		{'.', "˙", 0x307, "aȧbḃcċdḋeėfḟgġhḣmṁnṅoȯpṗrṙsṡtṫwẇxẋyẏzżAȦBḂCĊDḊEĖFḞGĠHḢIİMṀNṄOȮPṖRṘSṠTṪWẆXẊYẎZŻ"},
		{'u', "˘", 0x306, "aăeĕgğiĭoŏuŭAĂEĔGĞIĬOŎUŬ"},
		{'v', "ˇ", 0x30C, "aǎcčdďeěgǧhȟiǐjǰkǩlľnňoǒrřsštťuǔzžAǍCČDĎEĚGǦHȞIǏKǨLĽNŇOǑRŘSŠTŤUǓZŽ"},
		{'H', "˝", 0x30B, "oőuűOŐUŰ"},
		{'c', "¸", 0x327, "cçdḑeȩgģhḩkķlļnņrŗsştţCÇDḐEȨGĢHḨKĶLĻNŅRŖSŞTŢ"},
		{'k', "˛", 0x328, "aąeęiįoǫuųAĄEĘIĮOǪUŲ"},
		{'r', "˚", 0x30A, "aåuůwẘyẙAÅUŮ"},
		{'d', ".", 0x323, "aạbḅdḍeẹhḥiịkḳlḷmṃnṇoọrṛsṣtṭuụvṿwẉyỵzẓAẠBḄDḌEẸHḤIỊKḲLḶMṂNṆOỌRṚSṢTṬUỤVṾWẈYỴZẒ"},
		{'b', "_", 0x331, "bḇdḏhẖkḵlḻnṉrṟtṯzẕBḆDḎKḴLḺNṈRṞTṮZẔ"},
		{'t', "", 0x361, ""},
	} {
		rs := []rune(a.pairs)
		m := make(map[rune]rune, len(rs)/2)
		for i := 0; i+1 < len(rs); i += 2 {
			m[rs[i]] = rs[i+1]
		}
		texAccents[a.acc] = texAccentDef{spacing: a.spacing, combining: a.combining, composed: m}
	}
}

// texSymbols are commands without argument that stand for text.
var texSymbols = map[string]string{
	"ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å",
	"ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł",
	"i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ",
	"dj": "đ", "DJ": "Đ", "ng": "ŋ", "NG": "Ŋ",
	"textendash": "–", "textemdash": "—",
	"textquoteleft": "‘", "textquoteright": "’",
	"textquotedblleft": "“", "textquotedblright": "”", "textquotedbl": `"`,
	"ldots": "…", "dots": "…", "textellipsis": "…",
	"textasciitilde": "~", "textasciicircum": "^", "textbackslash": `\`,
	"textbar": "|", "textless": "<", "textgreater": ">", "textunderscore": "_",
	"textbullet": "•", "textdegree": "°", "textperiodcentered": "·",
	"copyright": "©", "textcopyright": "©", "textregistered": "®",
	"texttrademark": "™", "S": "§", "P": "¶", "pounds": "£", "textsterling": "£",
	"euro": "€", "texteuro": "€", "guillemotleft": "«", "guillemotright": "»",
	"quad": " ", "qquad": " ", "space": " ", "relax": "",
	"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX",
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
	"varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι",
	"kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
	"rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ",
	"varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
	"Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
	"Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
	"times": "×", "cdot": "·", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
	"neq": "≠", "ne": "≠", "infty": "∞", "pm": "±", "to": "→",
	"rightarrow": "→", "leftarrow": "←",
}

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
