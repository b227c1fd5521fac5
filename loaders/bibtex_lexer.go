package loaders

// The BibTeX reader's lexical layer: the source as valid UTF-8 with line
// offsets, positions, blanks, identifiers, keys and delimited values, and
// where to resume after a syntax error.

import (
	"bytes"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
		if !p.stopped {
			if p.badOff == nil {
				p.badOff = map[int]int{}
			}
			p.badOff[len(p.fileProbs)] = off
		}
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
