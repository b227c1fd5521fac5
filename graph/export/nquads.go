package export

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"rustykg/graph"
)

// WriteNQuads writes ds as N-Quads: absolute IRIs, one quad a line, lines
// sorted bytewise and distinct.
func WriteNQuads(w io.Writer, ds *graph.Dataset) error {
	qs, err := Quads(ds)
	if err != nil {
		return err
	}
	return WriteQuads(w, qs)
}

// WriteQuads writes qs as N-Quads lines in the order given. Every IRI
// must be absolute (see Quads).
func WriteQuads(w io.Writer, qs []quad.Quad) error {
	bw := bufio.NewWriter(w)
	for _, q := range qs {
		line, err := Line(q)
		if err != nil {
			return err
		}
		bw.WriteString(line)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Line is q as one N-Quads statement, without the newline, in canonical
// form (as RDF 1.2 N-Triples defines it): one space between terms, \b \t
// \n \f \r \" \\ as two-character escapes, other control characters as
// \uXXXX, everything else as UTF-8; xsd:string is implicit.
func Line(q quad.Quad) (string, error) {
	var b strings.Builder
	for i, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if v == nil {
			if i == 3 {
				break
			}
			return "", fmt.Errorf("%w: quad %v has no %s", ErrTerm, q, []string{"subject", "predicate", "object"}[i])
		}
		if err := writeTerm(&b, v); err != nil {
			return "", err
		}
		b.WriteByte(' ')
	}
	b.WriteByte('.')
	return b.String(), nil
}

// Term is v in N-Quads syntax.
func Term(v quad.Value) (string, error) {
	var b strings.Builder
	err := writeTerm(&b, v)
	return b.String(), err
}

func writeTerm(b *strings.Builder, v quad.Value) error {
	switch x := v.(type) {
	case quad.IRI:
		b.WriteByte('<')
		b.WriteString(escapeIRI(string(x)))
		b.WriteByte('>')
	case quad.BNode:
		b.WriteString("_:")
		b.WriteString(string(x))
	case quad.String:
		writeString(b, string(x))
	case quad.TypedString:
		writeString(b, string(x.Value))
		if x.Type != xsdString {
			b.WriteString("^^<")
			b.WriteString(escapeIRI(string(x.Type)))
			b.WriteByte('>')
		}
	case quad.LangString:
		writeString(b, string(x.Value))
		b.WriteByte('@')
		b.WriteString(x.Lang)
	default:
		t, err := term(v)
		if err != nil {
			return err
		}
		return writeTerm(b, t)
	}
	return nil
}

const xsdString = "http://www.w3.org/2001/XMLSchema#string"

func writeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(b, `\u%04X`, r)
		default:
			b.WriteRune(r) // invalid UTF-8 decodes to U+FFFD
		}
	}
	b.WriteByte('"')
}

// SortQuads orders qs by their N-Quads lines and drops duplicates; a quad
// with no N-Quads form sorts by its Go form.
func SortQuads(qs []quad.Quad) []quad.Quad {
	type keyed struct {
		line string
		q    quad.Quad
	}
	ks := make([]keyed, len(qs))
	for i, q := range qs {
		l, err := Line(q)
		if err != nil {
			l = q.String()
		}
		ks[i] = keyed{l, q}
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i].line < ks[j].line })
	out := qs[:0]
	for i, k := range ks {
		if i > 0 && k.line == ks[i-1].line {
			continue
		}
		out = append(out, k.q)
	}
	return out
}
