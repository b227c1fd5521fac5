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
	"fmt"
	"sort"
	"strings"
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
	b := parseBib(file, src)
	probs := append(Problems(nil), b.fileProbs...)
	for _, it := range b.items {
		probs = append(probs, it.probs...)
	}
	return b.entries, probs.Sort()
}

// parsedBib is a BibTeX file as read, its problems sorted out by item, so
// that --skip-invalid can leave out an item with problems.
type parsedBib struct {
	entries   []BibEntry
	items     []bibItem // every item (entry, @string, @preamble, @comment, stray '@') in file order
	fileProbs Problems  // problems of no one item, which fail the file whatever
}

// bibItem is one '@' item of a BibTeX file.
type bibItem struct {
	start, end int      // byte offsets: the '@', where reading resumed after it
	pos        Pos      // position of the '@'
	key        string   // an entry's citation key, when it could be read
	entry      int      // index of the entry in parsedBib.entries; -1 when not returned
	probs      Problems // the item's problems
}

func parseBib(file string, src []byte) *parsedBib {
	p := &bibParser{
		file:   file,
		macros: make(map[string]bibMacro, len(bibMonths)+8),
		keys:   map[string]bibKey{},
		cur:    -1,
	}
	for name, v := range bibMonths {
		p.macros[name] = bibMacro{value: v}
	}
	p.load(src)
	p.run()
	// Invalid UTF-8 was reported before the items were known: it belongs
	// to the item it is in.
	var rest Problems
	for i, pr := range p.fileProbs {
		if off, ok := p.badOff[i]; ok {
			if k := p.itemAt(off); k >= 0 {
				p.items[k].probs = append(p.items[k].probs, pr)
				continue
			}
		}
		rest = append(rest, pr)
	}
	return &parsedBib{entries: p.entries, items: p.items, fileProbs: rest}
}

// itemAt returns the index of the item whose text holds offset off, or -1.
func (p *bibParser) itemAt(off int) int {
	k := sort.Search(len(p.items), func(i int) bool { return p.items[i].start > off }) - 1
	if k >= 0 && off < p.items[k].end {
		return k
	}
	return -1
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
	count   int                 // problems reported
	macros  map[string]bibMacro // by lower-case name
	keys    map[string]bibKey   // by lower-case key
	entries []BibEntry
	// Problems by item: those found while items[cur] was read belong to
	// it (cur is -1 between items); the others are fileProbs, badOff
	// holding the offset of each invalid UTF-8 byte reported among them.
	items     []bibItem
	cur       int
	fileProbs Problems
	badOff    map[int]int // index in fileProbs -> offset

	// position cache: pos is mostly asked for increasing offsets
	cOff, cLine, cCol int
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
	case p.count == maxBibProblems:
		pr.Field = ""
		pr.Msg = fmt.Sprintf("too many problems (over %d); stopped reading the file", maxBibProblems)
		pr.stage = stageSummary
		p.fileProbs = append(p.fileProbs, pr)
		p.stopped = true
	case p.cur >= 0:
		p.items[p.cur].probs = append(p.items[p.cur].probs, pr)
		p.count++
	default:
		p.fileProbs = append(p.fileProbs, pr)
		p.count++
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

func (p *bibParser) unterminatedValue(start int, field string, quoted bool) {
	missing := "'}'"
	if quoted {
		missing = `'"'`
	}
	p.problem(start, field, "unterminated value (missing "+missing+")")
}
