package loaders

// A strict, streaming N-Quads and N-Triples reader (RDF 1.1).
//
// Cayley's own reader is lenient (it takes a literal as subject, a blank
// node as predicate, an IRI with a space, invalid UTF-8) and its errors
// carry no line. This one follows the W3C grammar and reports every
// problem as FILE:LINE:COL: FIELD: message, with columns counted in
// characters from 1:
//
//   - IRIs must be absolute (scheme ":" ...) and hold no space, control
//     character or <>"{}|^`\, neither written nor as a \u escape;
//     Options.Base resolves relative IRIs against a base IRI instead
//     (RFC 3986), for files such as Cayley's 30kmoviedata.nq.gz that use
//     </film/film/starring>;
//   - literals: the escapes \t \b \n \r \f \" \' \\ \uXXXX \UXXXXXXXX (no
//     surrogates, nothing past U+10FFFF), no raw line break or quote;
//     language tags as [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*; a datatype is an
//     absolute IRI, and values of xsd:integer, xsd:decimal, xsd:double,
//     xsd:float and xsd:boolean must be in their lexical space;
//     rdf:langString needs a language tag, not ^^;
//   - blank node labels as the grammar says; the file must be UTF-8;
//   - N-Triples (Options.Triples) refuses a graph label.
//
// The input may be gzipped (detected by its magic bytes). Quads are handed
// over in batches, so a file of millions of lines never sits in memory as
// text; a caller that must load all or nothing collects the batches and
// writes them only once ReadNQuads returned nil.

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
)

// NQuadsOptions configure ReadNQuads.
type NQuadsOptions struct {
	// Base, when not empty, is the absolute IRI relative IRIs are resolved
	// against; when empty a relative IRI is an error.
	Base string
	// Triples reads N-Triples: a graph label is an error.
	Triples bool
	// Batch is the number of quads handed to the callback at a time
	// (10,000 when 0).
	Batch int
	// Skip, when not nil, is called with each invalid line's problem, and
	// reading goes on with the next line; when nil the first invalid line
	// ends the read with an error.
	Skip func(Problem)
	// Progress, when not nil, is called after each batch with the number
	// of lines and of input bytes (compressed, for gzip) read so far.
	Progress func(lines int, bytes int64)
}

// maxLine bounds one line of N-Quads (hostile input must not exhaust
// memory).
const maxLine = 16 << 20

const (
	rdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
	xsdNS         = "http://www.w3.org/2001/XMLSchema#"
)

// ReadNQuads reads N-Quads (or N-Triples) from r, whose positions are
// reported as name, and calls fn with each batch of quads in file order.
// It returns the number of quads read. Errors: a Problems (wrapping
// ErrInvalid) naming file, line, column and field; an error wrapping
// ErrRead when r fails; or fn's error.
func ReadNQuads(r io.Reader, name string, opts NQuadsOptions, fn func([]quad.Quad) error) (int, error) {
	var base *url.URL
	if opts.Base != "" {
		u, err := url.Parse(opts.Base)
		if err != nil || !u.IsAbs() {
			return 0, Problems{{Pos: Pos{File: name}, Field: "--base", Msg: fmt.Sprintf("%q is not an absolute IRI", opts.Base)}}
		}
		base = u
	}
	counter := &countingReader{r: r}
	br := bufio.NewReaderSize(counter, 1<<16)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return 0, fmt.Errorf("%w: %s: gzip: %w", ErrRead, name, err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<16)
	}
	batch := opts.Batch
	if batch <= 0 {
		batch = 10000
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 1<<16), maxLine)
	sc.Split(scanEOL)
	p := &nqParser{name: name, base: base, triples: opts.Triples}
	buf := make([]quad.Quad, 0, batch)
	total := 0
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		if err := fn(buf); err != nil {
			return err
		}
		total += len(buf)
		buf = make([]quad.Quad, 0, batch)
		if opts.Progress != nil {
			opts.Progress(p.line, counter.n)
		}
		return nil
	}
	for sc.Scan() {
		p.line++
		q, ok, prob := p.parseLine(sc.Bytes())
		if prob != nil {
			if opts.Skip == nil {
				return total, Problems{*prob}
			}
			opts.Skip(*prob)
			continue
		}
		if !ok {
			continue
		}
		buf = append(buf, q)
		if len(buf) == batch {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return total, Problems{{Pos: Pos{File: name, Line: p.line + 1}, Msg: fmt.Sprintf("line longer than %d bytes", maxLine)}}
		}
		return total, fmt.Errorf("%w: %s: line %d: %w", ErrRead, name, p.line+1, err)
	}
	if err := flush(); err != nil {
		return total, err
	}
	return total, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// scanEOL splits lines at LF, CR LF or a lone CR (N-Quads' EOL).
func scanEOL(data []byte, atEOF bool) (int, []byte, error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		if data[i] == '\r' {
			if i+1 < len(data) {
				if data[i+1] == '\n' {
					return i + 2, data[:i], nil
				}
				return i + 1, data[:i], nil
			}
			if !atEOF {
				return 0, nil, nil // need the next byte to tell CR from CR LF
			}
		}
		return i + 1, data[:i], nil
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// nqParser parses one line at a time.
type nqParser struct {
	name    string
	base    *url.URL
	origin  string // scheme and authority of base
	triples bool
	line    int
	// per line
	s   []byte
	i   int
	err *Problem
}

var fieldNames = [4]string{"subject", "predicate", "object", "graph"}

func (p *nqParser) fail(at int, field, format string, a ...any) {
	if p.err != nil {
		return
	}
	col := utf8.RuneCount(p.s[:min(at, len(p.s))]) + 1
	p.err = &Problem{Pos: Pos{File: p.name, Line: p.line, Col: col}, Field: field, Msg: fmt.Sprintf(format, a...)}
}

func (p *nqParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// parseLine returns the quad of a line, ok false for a blank or comment
// line, or the line's problem.
func (p *nqParser) parseLine(s []byte) (quad.Quad, bool, *Problem) {
	p.s, p.i, p.err = s, 0, nil
	if !utf8.Valid(s) {
		bad := 0
		for bad < len(s) {
			r, size := utf8.DecodeRune(s[bad:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			bad += size
		}
		p.fail(bad, "", "invalid UTF-8")
		return quad.Quad{}, false, p.err
	}
	p.skipSpace()
	if p.i == len(s) || s[p.i] == '#' {
		return quad.Quad{}, false, nil
	}
	var terms [4]quad.Value
	n := 0
	for n < 4 {
		p.skipSpace()
		if p.i >= len(s) {
			p.fail(p.i, fieldNames[min(n, 3)], "the line ends before the statement's final '.'")
			return quad.Quad{}, false, p.err
		}
		if s[p.i] == '.' && n >= 3 {
			break
		}
		field := fieldNames[n]
		start := p.i
		v := p.term(field)
		if p.err != nil {
			return quad.Quad{}, false, p.err
		}
		switch n {
		case 0:
			if _, ok := v.(quad.IRI); !ok {
				if _, ok := v.(quad.BNode); !ok {
					p.fail(start, field, "a subject is an IRI or a blank node, not a literal")
				}
			}
		case 1:
			if _, ok := v.(quad.IRI); !ok {
				p.fail(start, field, "a predicate is an IRI")
			}
		case 3:
			if p.triples {
				p.fail(start, field, "N-Triples has no graph label (read the file as N-Quads)")
			}
			if _, ok := v.(quad.IRI); !ok {
				if _, ok := v.(quad.BNode); !ok {
					p.fail(start, field, "a graph label is an IRI or a blank node, not a literal")
				}
			}
		}
		if p.err != nil {
			return quad.Quad{}, false, p.err
		}
		terms[n] = v
		n++
	}
	p.skipSpace()
	if p.i >= len(s) || s[p.i] != '.' {
		p.fail(p.i, "", "expected '.' at the end of the statement")
		return quad.Quad{}, false, p.err
	}
	p.i++
	p.skipSpace()
	if p.i < len(s) && s[p.i] != '#' {
		p.fail(p.i, "", "unexpected %q after the statement's final '.'", rest(s[p.i:]))
		return quad.Quad{}, false, p.err
	}
	return quad.Quad{Subject: terms[0], Predicate: terms[1], Object: terms[2], Label: terms[3]}, true, nil
}

func rest(b []byte) string {
	if len(b) > 20 {
		return string(b[:20]) + "..."
	}
	return string(b)
}

func (p *nqParser) term(field string) quad.Value {
	switch c := p.s[p.i]; {
	case c == '<':
		iri, _ := p.iri(field)
		return iri
	case c == '_':
		return p.bnode(field)
	case c == '"':
		if field != "object" {
			p.fail(p.i, field, "a literal can only be an object")
			return nil
		}
		return p.literal(field)
	}
	p.fail(p.i, field, "expected an IRI <...>, a blank node _:x or a literal \"...\", found %q", rest(p.s[p.i:]))
	return nil
}

// iri reads an IRIREF and returns it absolute.
func (p *nqParser) iri(field string) (quad.IRI, bool) {
	start := p.i
	p.i++ // '<'
	var b strings.Builder
	for {
		if p.i >= len(p.s) {
			p.fail(start, field, "IRI not closed with '>'")
			return "", false
		}
		c := p.s[p.i]
		if c == '>' {
			p.i++
			break
		}
		at := p.i
		var r rune
		if c == '\\' {
			var ok bool
			if r, ok = p.uchar(field); !ok {
				return "", false
			}
		} else {
			var size int
			r, size = utf8.DecodeRune(p.s[p.i:])
			p.i += size
		}
		// N-Quads' IRIREF excludes the C0 controls and space; RFC 3987
		// leaves DEL and the C1 controls out of IRIs too (and writers
		// percent-encode them, so they would not read back the same).
		if r <= 0x20 || r >= 0x7f && r <= 0x9f || strings.ContainsRune("<>\"{}|^`\\", r) {
			p.fail(at, field, "character %q is not allowed in an IRI", r)
			return "", false
		}
		b.WriteRune(r)
	}
	s := b.String()
	if hasScheme(s) {
		return quad.IRI(s), true
	}
	if p.base == nil {
		p.fail(start, field, "relative IRI <%s>: N-Quads needs absolute IRIs (give --base IRI to resolve relative ones against a base)", s)
		return "", false
	}
	if iri, ok := p.resolveAbsPath(s); ok {
		return quad.IRI(iri), true
	}
	ref, err := url.Parse(s)
	if err != nil {
		p.fail(start, field, "relative IRI <%s> cannot be resolved: %v", s, err)
		return "", false
	}
	return quad.IRI(p.base.ResolveReference(ref).String()), true
}

// resolveAbsPath resolves the common case of an absolute-path reference
// ("/film/x", no dot segments, query or fragment markers to rework)
// without url.URL, which would also re-escape characters: the base's
// scheme and authority followed by the path.
func (p *nqParser) resolveAbsPath(ref string) (string, bool) {
	if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") || strings.Contains(ref, "/.") {
		return "", false
	}
	if p.origin == "" {
		p.origin = p.base.Scheme + ":"
		if p.base.Host != "" || p.base.User != nil {
			p.origin += "//" + p.base.Host
			if p.base.User != nil {
				p.origin = p.base.Scheme + "://" + p.base.User.String() + "@" + p.base.Host
			}
		}
	}
	return p.origin + ref, true
}

// hasScheme reports whether s starts with an RFC 3986 scheme and ':'.
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// uchar reads \uXXXX or \UXXXXXXXX.
func (p *nqParser) uchar(field string) (rune, bool) {
	start := p.i
	if p.i+1 >= len(p.s) || (p.s[p.i+1] != 'u' && p.s[p.i+1] != 'U') {
		p.fail(start, field, "invalid escape (only \\uXXXX and \\UXXXXXXXX here)")
		return 0, false
	}
	n := 4
	if p.s[p.i+1] == 'U' {
		n = 8
	}
	if p.i+2+n > len(p.s) {
		p.fail(start, field, "escape needs %d hex digits", n)
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.s[p.i+2:p.i+2+n]), 16, 32)
	if err != nil || strings.ContainsAny(string(p.s[p.i+2:p.i+2+n]), "+-_xX") {
		p.fail(start, field, "escape needs %d hex digits", n)
		return 0, false
	}
	if v > utf8.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
		p.fail(start, field, "escape U+%04X is not a Unicode scalar value", v)
		return 0, false
	}
	p.i += 2 + n
	return rune(v), true
}

func isPNCharsBase(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' ||
		r >= 0xC0 && r <= 0xD6 || r >= 0xD8 && r <= 0xF6 || r >= 0xF8 && r <= 0x2FF ||
		r >= 0x370 && r <= 0x37D || r >= 0x37F && r <= 0x1FFF || r >= 0x200C && r <= 0x200D ||
		r >= 0x2070 && r <= 0x218F || r >= 0x2C00 && r <= 0x2FEF || r >= 0x3001 && r <= 0xD7FF ||
		r >= 0xF900 && r <= 0xFDCF || r >= 0xFDF0 && r <= 0xFFFD || r >= 0x10000 && r <= 0xEFFFF
}

func isPNChars(r rune) bool {
	return isPNCharsBase(r) || r == '_' || r == ':' || r == '-' || r >= '0' && r <= '9' ||
		r == 0xB7 || r >= 0x300 && r <= 0x36F || r >= 0x203F && r <= 0x2040
}

// bnode reads _:label.
func (p *nqParser) bnode(field string) quad.Value {
	start := p.i
	if p.i+1 >= len(p.s) || p.s[p.i+1] != ':' {
		p.fail(start, field, "a blank node starts with \"_:\"")
		return nil
	}
	p.i += 2
	ls := p.i
	first := true
	for p.i < len(p.s) {
		r, size := utf8.DecodeRune(p.s[p.i:])
		ok := isPNChars(r) || r == '.'
		if first {
			ok = isPNCharsBase(r) || r == '_' || r == ':' || r >= '0' && r <= '9'
		}
		if !ok {
			break
		}
		first = false
		p.i += size
	}
	// A label may not end with '.': that dot ends the statement.
	for p.i > ls && p.s[p.i-1] == '.' {
		p.i--
	}
	if p.i == ls {
		p.fail(start, field, "blank node with an empty or invalid label")
		return nil
	}
	return quad.BNode(string(p.s[ls:p.i]))
}

// literal reads "..." with an optional @lang or ^^<datatype>.
func (p *nqParser) literal(field string) quad.Value {
	start := p.i
	p.i++
	var b strings.Builder
	for {
		if p.i >= len(p.s) {
			p.fail(start, field, "literal not closed with '\"'")
			return nil
		}
		c := p.s[p.i]
		if c == '"' {
			p.i++
			break
		}
		if c == '\\' {
			if p.i+1 >= len(p.s) {
				p.fail(p.i, field, "escape at the end of the line")
				return nil
			}
			if e, ok := echar[p.s[p.i+1]]; ok {
				b.WriteByte(e)
				p.i += 2
				continue
			}
			r, ok := p.uchar(field)
			if !ok {
				return nil
			}
			b.WriteRune(r)
			continue
		}
		b.WriteByte(c)
		p.i++
	}
	val := b.String()
	if p.i < len(p.s) && p.s[p.i] == '@' {
		ls := p.i
		p.i++
		for p.i < len(p.s) && (isAlnum(p.s[p.i]) || p.s[p.i] == '-') {
			p.i++
		}
		tag := string(p.s[ls+1 : p.i])
		if !validLangTag(tag) {
			p.fail(ls, field, "invalid language tag %q (want letters, then -subtags of letters and digits, each 1 to 8 long)", tag)
			return nil
		}
		return quad.LangString{Value: quad.String(val), Lang: tag}
	}
	if p.i+1 < len(p.s) && p.s[p.i] == '^' && p.s[p.i+1] == '^' {
		p.i += 2
		if p.i >= len(p.s) || p.s[p.i] != '<' {
			p.fail(p.i, field, "a datatype is an IRI <...>")
			return nil
		}
		ds := p.i
		dt, ok := p.iri(field)
		if !ok {
			return nil
		}
		if msg := checkLexical(val, string(dt)); msg != "" {
			p.fail(ds, field, "%s", msg)
			return nil
		}
		if dt == xsdNS+"string" {
			return quad.String(val)
		}
		return quad.TypedString{Value: quad.String(val), Type: dt}
	}
	return quad.String(val)
}

var echar = map[byte]byte{'t': '\t', 'b': '\b', 'n': '\n', 'r': '\r', 'f': '\f', '"': '"', '\'': '\'', '\\': '\\'}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func validLangTag(tag string) bool {
	if tag == "" {
		return false
	}
	for i, sub := range strings.Split(tag, "-") {
		if len(sub) == 0 || len(sub) > 8 {
			return false
		}
		for j := 0; j < len(sub); j++ {
			c := sub[j]
			letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			if !letter && (i == 0 || !(c >= '0' && c <= '9')) {
				return false
			}
		}
	}
	return true
}

// checkLexical checks a literal of a well-known datatype; "" when valid.
func checkLexical(v, dt string) string {
	ok := true
	switch dt {
	case rdfLangString:
		return "rdf:langString needs a language tag (\"...\"@en), not ^^"
	case xsdNS + "boolean":
		ok = v == "true" || v == "false" || v == "1" || v == "0"
	case xsdNS + "integer", xsdNS + "long", xsdNS + "int", xsdNS + "short", xsdNS + "byte",
		xsdNS + "nonNegativeInteger", xsdNS + "positiveInteger", xsdNS + "nonPositiveInteger", xsdNS + "negativeInteger":
		ok = isInteger(v)
	case xsdNS + "decimal":
		ok = isDecimal(v)
	case xsdNS + "double", xsdNS + "float":
		switch v {
		case "INF", "+INF", "-INF", "NaN":
		default:
			_, err := strconv.ParseFloat(v, 64)
			ok = (err == nil || errors.Is(err, strconv.ErrRange)) && !strings.ContainsAny(v, "xXpP_") &&
				!strings.EqualFold(strings.TrimLeft(v, "+-"), "inf") && !strings.EqualFold(strings.TrimLeft(v, "+-"), "infinity") && v != "nan"
		}
	default:
		return ""
	}
	if !ok {
		return fmt.Sprintf("%q is not a valid %s", v, "xsd:"+strings.TrimPrefix(dt, xsdNS))
	}
	return ""
}

func isInteger(v string) bool {
	if strings.HasPrefix(v, "+") || strings.HasPrefix(v, "-") {
		v = v[1:]
	}
	if len(v) == 0 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

func isDecimal(v string) bool {
	if strings.HasPrefix(v, "+") || strings.HasPrefix(v, "-") {
		v = v[1:]
	}
	ip, fp, dot := strings.Cut(v, ".")
	if ip == "" && (!dot || fp == "") {
		return false
	}
	for _, part := range []string{ip, fp} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
		}
	}
	return true
}

// IsNQuadsPath reports whether path names an N-Quads or N-Triples file by
// its extension: .nq, .nt, .nquads, .ntriples, optionally followed by .gz.
func IsNQuadsPath(path string) bool {
	p := strings.TrimSuffix(strings.ToLower(path), ".gz")
	for _, ext := range []string{".nq", ".nt", ".nquads", ".ntriples"} {
		if strings.HasSuffix(p, ext) {
			return true
		}
	}
	return false
}

// LoadNQuadsFile reads a whole N-Quads file (N-Triples for .nt and
// .ntriples, whatever opts.Triples says), gzipped or not, all or nothing:
// the quads in file order, or the first problem (a Problems wrapping
// ErrInvalid; with opts.Skip, every bad line is reported to it instead).
func LoadNQuadsFile(path string, opts NQuadsOptions) ([]quad.Quad, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRead, err)
	}
	defer f.Close()
	p := strings.TrimSuffix(strings.ToLower(path), ".gz")
	if strings.HasSuffix(p, ".nt") || strings.HasSuffix(p, ".ntriples") {
		opts.Triples = true
	}
	var out []quad.Quad
	_, err = ReadNQuads(f, path, opts, func(b []quad.Quad) error {
		out = append(out, b...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
