package graph

import (
	"context"
	"sort"
	"strconv"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/quad"
)

// This file reads typed nodes and claims: from the graph's read index
// (index.go), never through Cayley's iterators, which cost about 25 us a
// row on bbolt and a round trip a value on PostgreSQL. Every result is
// sorted, so callers never see store order.

// qs is the Cayley quad store (loaded on first use on a memory graph).
func (g *Graph) qs() (cgraph.QuadStore, error) { return g.quadStore() }

// IDs returns the IDs of every node of kind k, sorted.
func (g *Graph) IDs(ctx context.Context, k Kind) ([]string, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	return x.idsOfKind(ctx, k)
}

// NodeNames returns the IDs of every node of kind k, sorted, and their
// names, reading nothing else of the nodes (the 10^4 rows of a matrix
// need only their names).
func (g *Graph) NodeNames(ctx context.Context, k Kind) (ids, names []string, err error) {
	x, err := g.index()
	if err != nil {
		return nil, nil, err
	}
	return x.namesOfKind(ctx, k)
}

// Nodes returns every node of kind k, sorted by ID.
func (g *Graph) Nodes(ctx context.Context, k Kind) ([]Node, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	return x.nodesOfKind(ctx, k)
}

// Node returns the node with the given ID, or an error wrapping ErrNotFound.
func (g *Graph) Node(ctx context.Context, id string) (Node, error) {
	x, err := g.index()
	if err != nil {
		return Node{}, err
	}
	return x.node(ctx, id)
}

// NodesByID reads the nodes of ids in one batch (one round trip on
// PostgreSQL), by ID; an ID no node has is left out.
func (g *Graph) NodesByID(ctx context.Context, ids []string) (map[string]Node, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	return x.nodes(ctx, ids)
}

// AllNodes reads every node (not claims), sorted by graph.NodeLess.
func (g *Graph) AllNodes(ctx context.Context) ([]Node, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	var out []Node
	for _, k := range Kinds {
		ns, err := x.nodesOfKind(ctx, k)
		if err != nil {
			return nil, err
		}
		out = append(out, ns...)
	}
	return out, nil
}

// literal returns the string form of a literal value (no quotes, no
// angle brackets for IRIs).
func literal(v quad.Value) string {
	switch x := v.(type) {
	case quad.String:
		return string(x)
	case quad.IRI:
		return string(x)
	case quad.Int:
		return strconv.FormatInt(int64(x), 10)
	case nil:
		return ""
	}
	return v.String()
}

// ClaimFilter selects claims; empty fields match anything.
type ClaimFilter struct {
	ID       string // one claim, by its ID
	Subject  string
	Relation Relation
	Object   string
	Study    string
}

// Claims returns the claims matching f, sorted by subject, relation,
// object and study. A filter that names a node reads only that node's
// claims (the index keys claims by subject, object and study).
func (g *Graph) Claims(ctx context.Context, f ClaimFilter) ([]Claim, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	return x.claims(ctx, f)
}

// Refs returns the "ref" attribute of every node that has one (the
// review's reference numbers of its studies), without reading the nodes.
func (g *Graph) Refs(ctx context.Context) (map[string]string, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	return x.refs(ctx)
}

// ClaimsWithPrefix returns the claims whose ID starts with prefix, sorted
// by ID (for shortened claim IDs).
func (g *Graph) ClaimsWithPrefix(ctx context.Context, prefix string) ([]Claim, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	return x.claimsWithPrefix(ctx, prefix)
}

// SortClaims orders claims by subject, relation, object, then study.
func SortClaims(cs []Claim) {
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Subject != b.Subject {
			return NodeLess(a.Subject, b.Subject)
		}
		if a.Relation != b.Relation {
			return a.Relation < b.Relation
		}
		if a.Object != b.Object {
			return NodeLess(a.Object, b.Object)
		}
		return a.Study < b.Study
	})
}

// Included returns the IDs of the studies the review includes, sorted.
func (g *Graph) Included(ctx context.Context) ([]string, error) {
	sts, err := g.Statements(ctx, RelIncludes)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, s := range sts {
		if s.Subject == g.review {
			ids = append(ids, s.Object)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// Adjacent returns the neighbours of each of ids (sorted by NodeLess) in
// the undirected projection of every statement but "includes": the graph
// paths and neighbourhoods walk. One batch: one round trip on PostgreSQL.
func (g *Graph) Adjacent(ctx context.Context, ids []string) (map[string][]string, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	return x.adjacent(ctx, ids)
}

// allQuadsMu serialises the creation of scans over every quad: Cayley's
// memstore marks its quad list as being read when such a scan starts (a
// plain write, so two scans starting at once are a data race, though they
// write the same value), and rustykg serve reads one graph from many
// requests at once. The scans themselves run concurrently.
var allQuadsMu sync.Mutex

// allQuads returns a scan over every quad of qs.
func allQuads(qs cgraph.QuadStore) iterator.Shape {
	allQuadsMu.Lock()
	defer allQuadsMu.Unlock()
	return qs.QuadsAllIterator()
}
