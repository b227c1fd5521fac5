package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"rustykg/graph"
)

// Dataset reads back a data set from quads in the form Quads writes
// (absolute IRIs under Base, typed literals): the inverse of Quads, so
// that Quads(Dataset(Quads(ds))) is Quads(ds). It is what importing a
// rustykg N-Quads export means. A quad it cannot place (a predicate
// outside the export's vocabulary, a claim missing a part) is an error
// naming the quad.
func Dataset(qs []quad.Quad) (*graph.Dataset, error) {
	nodes := map[string]*graph.Node{}
	claims := map[string]*graph.Claim{}
	ds := &graph.Dataset{}
	node := func(id string) *graph.Node {
		n := nodes[id]
		if n == nil {
			n = &graph.Node{ID: id}
			nodes[id] = n
		}
		return n
	}
	claim := func(id string) *graph.Claim {
		c := claims[id]
		if c == nil {
			c = &graph.Claim{ID: id}
			claims[id] = c
		}
		return c
	}
	for _, q := range qs {
		if err := placeQuad(q, ds, node, claim); err != nil {
			line, _ := Line(q)
			return nil, fmt.Errorf("%w: %s: %w", ErrForeign, line, err)
		}
	}
	for _, n := range nodes {
		if n.Kind == "" {
			return nil, fmt.Errorf("%w: node %s has no rdf:type", ErrForeign, n.ID)
		}
		ds.Nodes = append(ds.Nodes, *n)
	}
	for _, c := range claims {
		if c.Subject == "" || c.Object == "" || c.Relation == "" || c.Study == "" {
			return nil, fmt.Errorf("%w: claim %s lacks its subject, predicate, object or study", ErrForeign, c.ID)
		}
		ds.Claims = append(ds.Claims, *c)
	}
	ds.Sort()
	return ds, nil
}

func placeQuad(q quad.Quad, ds *graph.Dataset, node func(string) *graph.Node, claim func(string) *graph.Claim) error {
	s, err := compactNode(q.Subject)
	if err != nil {
		return err
	}
	pIRI, ok := q.Predicate.(quad.IRI)
	if !ok {
		return fmt.Errorf("predicate is not an IRI")
	}
	p, ok := CompactIRI(string(pIRI))
	if !ok {
		return fmt.Errorf("predicate outside rustykg's vocabulary")
	}
	if graph.KindOf(s) == graph.KindClaim {
		return placeClaimQuad(claim(s), p, q.Object)
	}
	// A relation between two nodes: read from the claim node instead; the
	// review's "includes" comes from the studies' rkg:inReview.
	if rel := graph.Relation(strings.TrimPrefix(string(p), "rkg:")); strings.HasPrefix(string(p), "rkg:") {
		if _, isRel := graph.Relations[rel]; isRel {
			if rel == graph.RelIncludes {
				ds.Review = s
			}
			return nil
		}
	}
	n := node(s)
	obj := q.Object
	switch p {
	case graph.PredType:
		c, err := compactValue(obj)
		if err != nil {
			return err
		}
		for _, k := range graph.Kinds {
			if k.Class() == c {
				n.Kind = k
				return nil
			}
		}
		return fmt.Errorf("unknown class %v", obj)
	case graph.PredName:
		n.Name, err = text(obj)
	case graph.PredAlias:
		var a string
		a, err = text(obj)
		n.Aliases = append(n.Aliases, a)
	case graph.PredDesc:
		n.Description, err = text(obj)
	case graph.PredInReview:
		n.InReview, err = boolean(obj)
	case graph.PredSource:
		iri, ok := obj.(quad.IRI)
		if !ok {
			return fmt.Errorf("a source is an IRI")
		}
		n.Sources = append(n.Sources, string(iri))
	case graph.PredFlag:
		var f string
		f, err = text(obj)
		n.Flags = append(n.Flags, f)
	default:
		key, ok := graph.AttrKey(p)
		if !ok {
			return fmt.Errorf("predicate %s is not a node attribute", p)
		}
		var v string
		v, err = text(obj)
		n.Attrs = append(n.Attrs, graph.Attr{Key: key, Value: v})
	}
	return err
}

func placeClaimQuad(c *graph.Claim, p quad.IRI, obj quad.Value) error {
	var err error
	switch p {
	case graph.PredType:
		return nil
	case graph.PredClaimSubject:
		c.Subject, err = compactNode(obj)
	case graph.PredClaimObject:
		c.Object, err = compactNode(obj)
	case graph.PredClaimStudy:
		c.Study, err = compactNode(obj)
	case graph.PredClaimPredicate:
		var v quad.IRI
		if v, err = compactValue(obj); err == nil {
			c.Relation = graph.Relation(strings.TrimPrefix(string(v), "rkg:"))
		}
	case graph.PredClaimLocator:
		c.Locator, err = text(obj)
	case graph.PredClaimNote:
		c.Note, err = text(obj)
	case graph.PredClaimTable:
		var s string
		if s, err = typed(obj, xsdInteger); err == nil {
			c.Table, err = strconv.Atoi(s)
		}
	case graph.PredFlag:
		var f string
		f, err = text(obj)
		c.Flags = append(c.Flags, f)
	default:
		return fmt.Errorf("predicate %s is not part of a claim", p)
	}
	return err
}

func compactNode(v quad.Value) (string, error) {
	c, err := compactValue(v)
	if err != nil {
		return "", err
	}
	if !nodeKind(graph.KindOf(string(c))) {
		return "", fmt.Errorf("%v is not a rustykg node", v)
	}
	return string(c), nil
}

func compactValue(v quad.Value) (quad.IRI, error) {
	iri, ok := v.(quad.IRI)
	if !ok {
		return "", fmt.Errorf("%v is not an IRI", v)
	}
	c, ok := CompactIRI(string(iri))
	if !ok {
		return "", fmt.Errorf("%v is outside rustykg's namespaces", v)
	}
	return c, nil
}

func text(v quad.Value) (string, error) {
	switch x := v.(type) {
	case quad.String:
		return string(x), nil
	case quad.TypedString:
		if x.Type == xsdString {
			return string(x.Value), nil
		}
	}
	return "", fmt.Errorf("%v is not a plain string", v)
}

func typed(v quad.Value, dt string) (string, error) {
	if x, ok := v.(quad.TypedString); ok && string(x.Type) == dt {
		return string(x.Value), nil
	}
	return "", fmt.Errorf("%v is not an %s", v, dt)
}

func boolean(v quad.Value) (bool, error) {
	s, err := typed(v, xsdBoolean)
	if err != nil {
		return false, err
	}
	return strconv.ParseBool(s)
}
