package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"rustykg/graph"
)

// WriteJSONLD writes ds as JSON-LD 1.1: the quads of WriteNQuads, with an
// inline @context that names the namespaces of Prefixes and one prefix per
// node kind ("kernel" for https://w3id.org/rustykg/kernel/, so node IDs
// read as they do in rustykg). Node facts are top-level objects of
// "@graph"; the statements a study supports are in the named graph whose
// "@id" is that study. Typed literals keep their lexical form
// ({"@value": "true", "@type": "xsd:boolean"}), so a JSON-LD processor's
// RDF is exactly the N-Quads export.
func WriteJSONLD(w io.Writer, ds *graph.Dataset) error {
	qs, err := Quads(ds)
	if err != nil {
		return err
	}
	return WriteQuadsJSONLD(w, qs)
}

// context is the inline @context: namespaces, then node kinds.
func jsonldContext() obj {
	var c obj
	for _, p := range Prefixes {
		c = append(c, field{p.Name, p.IRI})
	}
	kinds := append([]graph.Kind{graph.KindClaim}, graph.Kinds...)
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	for _, k := range kinds {
		c = append(c, field{string(k), Base + string(k) + "/"})
	}
	sort.SliceStable(c, func(i, j int) bool { return c[i].k < c[j].k })
	return c
}

// WriteQuadsJSONLD writes absolute-IRI quads as JSON-LD (see WriteJSONLD).
func WriteQuadsJSONLD(w io.Writer, qs []quad.Quad) error {
	ctx := jsonldContext()
	terms := map[string]bool{}
	for _, f := range ctx {
		terms[f.k] = true
	}
	// graphs[g][s][p] are the values; g "" is the default graph.
	graphs := map[string]map[string]map[string][]quad.Value{}
	for _, q := range qs {
		s, err := nodeRef(q.Subject, terms)
		if err != nil {
			return err
		}
		p, ok := q.Predicate.(quad.IRI)
		if !ok {
			return fmt.Errorf("%w: predicate %v is not an IRI", ErrTerm, q.Predicate)
		}
		g := ""
		if q.Label != nil {
			if g, err = nodeRef(q.Label, terms); err != nil {
				return err
			}
		}
		if graphs[g] == nil {
			graphs[g] = map[string]map[string][]quad.Value{}
		}
		if graphs[g][s] == nil {
			graphs[g][s] = map[string][]quad.Value{}
		}
		key := compactKey(string(p))
		graphs[g][s][key] = append(graphs[g][s][key], q.Object)
	}
	nodes := func(subjects map[string]map[string][]quad.Value) ([]any, map[string]int, error) {
		ids := make([]string, 0, len(subjects))
		for s := range subjects {
			ids = append(ids, s)
		}
		sort.Strings(ids)
		out := make([]any, 0, len(ids))
		index := map[string]int{}
		for _, s := range ids {
			o, err := nodeObject(s, subjects[s], terms)
			if err != nil {
				return nil, nil, err
			}
			index[s] = len(out)
			out = append(out, o)
		}
		return out, index, nil
	}
	top, index, err := nodes(graphs[""])
	if err != nil {
		return err
	}
	names := make([]string, 0, len(graphs))
	for g := range graphs {
		if g != "" {
			names = append(names, g)
		}
	}
	sort.Strings(names)
	for _, g := range names {
		inner, _, err := nodes(graphs[g])
		if err != nil {
			return err
		}
		if i, ok := index[g]; ok {
			top[i] = append(top[i].(obj), field{"@graph", inner})
		} else {
			top = append(top, obj{{"@id", g}, {"@graph", inner}})
		}
	}
	sort.SliceStable(top, func(i, j int) bool { return idOf(top[i]) < idOf(top[j]) })
	doc := obj{{"@context", ctx}, {"@graph", top}}
	raw, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("write json-ld: %w", err)
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return fmt.Errorf("write json-ld: %w", err)
	}
	buf.WriteByte('\n')
	_, err = w.Write(buf.Bytes())
	return err
}

func idOf(v any) string {
	o := v.(obj)
	return o[0].v.(string)
}

func nodeObject(id string, props map[string][]quad.Value, terms map[string]bool) (obj, error) {
	o := obj{{"@id", id}}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	const rdfType = "rdf:type"
	for _, k := range keys {
		vals := props[k]
		sort.Slice(vals, func(i, j int) bool {
			a, _ := Term(vals[i])
			b, _ := Term(vals[j])
			return a < b
		})
		out := make([]any, 0, len(vals))
		for _, v := range vals {
			if k == rdfType {
				if iri, ok := v.(quad.IRI); ok {
					out = append(out, compactKey(string(iri)))
					continue
				}
			}
			x, err := value(v, terms)
			if err != nil {
				return nil, err
			}
			out = append(out, x)
		}
		key := k
		if k == rdfType && allIRIs(vals) {
			key = "@type"
		}
		if len(out) == 1 {
			o = append(o, field{key, out[0]})
		} else {
			o = append(o, field{key, out})
		}
	}
	// @type right after @id, the rest by key.
	sort.SliceStable(o[1:], func(i, j int) bool {
		a, b := o[1+i].k, o[1+j].k
		if (a == "@type") != (b == "@type") {
			return a == "@type"
		}
		return a < b
	})
	return o, nil
}

func allIRIs(vs []quad.Value) bool {
	for _, v := range vs {
		if _, ok := v.(quad.IRI); !ok {
			return false
		}
	}
	return true
}

// value is an object of a quad in JSON-LD form.
func value(v quad.Value, terms map[string]bool) (any, error) {
	switch x := v.(type) {
	case quad.IRI, quad.BNode:
		id, err := nodeRef(x, terms)
		if err != nil {
			return nil, err
		}
		return obj{{"@id", id}}, nil
	case quad.String:
		return string(x), nil
	case quad.TypedString:
		if x.Type == xsdString {
			return string(x.Value), nil
		}
		return obj{{"@type", compactKey(string(x.Type))}, {"@value", string(x.Value)}}, nil
	case quad.LangString:
		return obj{{"@language", x.Lang}, {"@value", string(x.Value)}}, nil
	}
	return nil, fmt.Errorf("%w: value %v of type %T", ErrTerm, v, v)
}

// nodeRef is the "@id" form of a subject, object or graph name: a node of
// rustykg as "kind:slug", another IRI absolute. An absolute IRI whose
// scheme is a term of the context would be read as a compact IRI: refused.
func nodeRef(v quad.Value, terms map[string]bool) (string, error) {
	switch x := v.(type) {
	case quad.IRI:
		s := string(x)
		if c, ok := CompactIRI(s); ok && nodeKind(graph.KindOf(string(c))) {
			return string(c), nil
		}
		scheme, _, _ := strings.Cut(s, ":")
		if terms[scheme] || strings.HasPrefix(s, "@") || !strings.Contains(s, ":") {
			return "", fmt.Errorf("%w: IRI %q would be misread in JSON-LD", ErrTerm, s)
		}
		return escapeIRI(s), nil
	case quad.BNode:
		return "_:" + string(x), nil
	}
	return "", fmt.Errorf("%w: %v is not an IRI", ErrTerm, v)
}

// compactKey shortens a predicate or class IRI with Prefixes.
func compactKey(iri string) string {
	for _, p := range Prefixes {
		if local, ok := strings.CutPrefix(iri, p.IRI); ok && local != "" && !strings.ContainsAny(local, "/#:") {
			return p.Name + ":" + local
		}
	}
	return escapeIRI(iri)
}

// obj is a JSON object whose keys keep their order.
type obj []field

type field struct {
	k string
	v any
}

// MarshalJSON writes the fields in order.
func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(f.k)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(f.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
