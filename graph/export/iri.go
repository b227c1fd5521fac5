package export

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"rustykg/graph"
)

// Sentinel errors of the package.
var (
	// ErrTerm: a value of the store has no IRI or literal form on export.
	ErrTerm = errors.New("cannot export term")
	// ErrFormat: the format name is not one of Formats.
	ErrFormat = errors.New("unknown export format")
	// ErrForeign: quads read back (Dataset) are not a rustykg export.
	ErrForeign = errors.New("not a rustykg export")
)

// Base is the one base under which node IDs and rustykg's own vocabulary
// become absolute IRIs.
const Base = "https://w3id.org/rustykg/"

// Vocab is the namespace of rustykg's own terms (relations, classes,
// attributes without an established term).
const Vocab = Base + "vocab#"

// Prefix is a namespace and the short name rustykg uses for it.
type Prefix struct {
	Name string
	IRI  string
}

// Prefixes are the namespaces of the export, sorted by name. "rkg" is
// rustykg's own vocabulary.
var Prefixes = []Prefix{
	{"bibo", "http://purl.org/ontology/bibo/"},
	{"dcterms", "http://purl.org/dc/terms/"},
	{"prov", "http://www.w3.org/ns/prov#"},
	{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
	{"rkg", Vocab},
	{"schema", "https://schema.org/"},
	{"skos", "http://www.w3.org/2004/02/skos/core#"},
	{"xsd", "http://www.w3.org/2001/XMLSchema#"},
}

// renamed are store predicates exported under another term.
var renamed = map[quad.IRI]string{
	graph.PredAlias: "http://www.w3.org/2004/02/skos/core#altLabel",
}

const (
	xsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean"
	xsdInteger = "http://www.w3.org/2001/XMLSchema#integer"
)

// nodeKind reports whether k is the kind of a node ID (a domain kind or a
// claim).
func nodeKind(k graph.Kind) bool {
	return k == graph.KindClaim || graph.ValidKind(k)
}

// ExpandIRI turns a store IRI into an absolute one: node IDs go under
// Base, prefixed names into their namespace, absolute IRIs stay (with
// characters an IRI may not hold percent-encoded).
func ExpandIRI(v quad.IRI) (string, error) {
	s := string(v)
	if r, ok := renamed[v]; ok {
		return r, nil
	}
	if strings.Contains(s, "://") {
		return escapeIRI(s), nil
	}
	pfx, local, ok := strings.Cut(s, ":")
	if !ok || local == "" {
		return "", fmt.Errorf("%w: IRI %q has no namespace", ErrTerm, s)
	}
	if nodeKind(graph.Kind(pfx)) {
		return Base + pfx + "/" + escapeIRI(local), nil
	}
	for _, p := range Prefixes {
		if p.Name == pfx {
			return p.IRI + escapeIRI(local), nil
		}
	}
	return "", fmt.Errorf("%w: IRI %q has an unknown prefix %q", ErrTerm, s, pfx)
}

// CompactIRI is the inverse of ExpandIRI for the IRIs it produces: it
// returns the store IRI and true, or false for an IRI outside the export's
// namespaces (which stays as it is).
func CompactIRI(iri string) (quad.IRI, bool) {
	for p, r := range renamed {
		if r == iri {
			return p, true
		}
	}
	if rest, ok := strings.CutPrefix(iri, Base); ok && !strings.HasPrefix(rest, "vocab#") {
		kind, slug, ok := strings.Cut(rest, "/")
		if ok && nodeKind(graph.Kind(kind)) && slug != "" {
			return quad.IRI(kind + ":" + slug), true
		}
		return "", false
	}
	for _, p := range Prefixes {
		if local, ok := strings.CutPrefix(iri, p.IRI); ok && local != "" {
			return quad.IRI(p.Name + ":" + local), true
		}
	}
	return "", false
}

// escapeIRI percent-encodes the characters N-Quads' IRIREF does not allow,
// DEL and the C1 controls (RFC 3987 leaves them out of IRIs, and rustykg's
// reader refuses them), and bytes that are not UTF-8.
func escapeIRI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r) || r >= 0x7f && r <= 0x9f {
			for j := 0; j < size; j++ {
				fmt.Fprintf(&b, "%%%02X", s[i+j])
			}
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Quads converts ds into absolute-IRI quads (graph.Quads expanded): IRIs
// as quad.IRI, strings as quad.String, booleans and integers as
// quad.TypedString with their XSD datatype. Duplicates are removed and
// the order is that of the canonical N-Quads lines.
func Quads(ds *graph.Dataset) ([]quad.Quad, error) {
	in := graph.Quads(ds)
	out := make([]quad.Quad, 0, len(in))
	for _, q := range in {
		var x quad.Quad
		var err error
		if x.Subject, err = term(q.Subject); err != nil {
			return nil, err
		}
		if x.Predicate, err = term(q.Predicate); err != nil {
			return nil, err
		}
		if x.Object, err = term(q.Object); err != nil {
			return nil, err
		}
		if q.Label != nil {
			if x.Label, err = term(q.Label); err != nil {
				return nil, err
			}
		}
		out = append(out, x)
	}
	return SortQuads(out), nil
}

func term(v quad.Value) (quad.Value, error) {
	switch x := v.(type) {
	case quad.IRI:
		s, err := ExpandIRI(x)
		if err != nil {
			return nil, err
		}
		return quad.IRI(s), nil
	case quad.String:
		return x, nil
	case quad.Bool:
		return quad.TypedString{Value: quad.String(strconv.FormatBool(bool(x))), Type: xsdBoolean}, nil
	case quad.Int:
		return quad.TypedString{Value: quad.String(strconv.FormatInt(int64(x), 10)), Type: xsdInteger}, nil
	case quad.TypedString, quad.LangString:
		return x, nil
	}
	return nil, fmt.Errorf("%w: value %v of type %T", ErrTerm, v, v)
}
