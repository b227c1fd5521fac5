package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"

	dg "github.com/dominikbraun/graph"
)

// EdgeInfo is what a projected edge carries: dominikbraun/graph keeps one
// edge per ordered pair, so parallel statements (several studies, or
// several relations, between the same two nodes) merge into one edge that
// lists them all.
type EdgeInfo struct {
	Relations []Relation // sorted, distinct
	Studies   []string   // the supporting studies (or the review), sorted, distinct
	Claims    []string   // the claim IDs, sorted
}

// Projection is a subgraph of the store as a dominikbraun/graph graph, for
// the algorithms that library has (BFS, shortest paths, components).
// Vertices are node IDs with the Node as value; every edge's Properties.Data
// is an EdgeInfo and its weight is the number of supporting studies.
type Projection struct {
	G        dg.Graph[string, Node]
	Directed bool
}

// ProjectOptions select what a projection holds.
type ProjectOptions struct {
	// Undirected makes edges traversable both ways (paths between any two
	// nodes, neighbourhoods); the default keeps the statements' direction.
	Undirected bool
	// Kinds keeps only nodes of these kinds (all when empty). Edges are
	// only between kept nodes; see graph/viz for contraction through hidden
	// kinds.
	Kinds []Kind
	// Includes adds "review includes study" edges.
	Includes bool
}

// Project builds a projection of the whole graph: every node (of the
// selected kinds) and every claim between two kept nodes.
func (g *Graph) Project(ctx context.Context, opts ProjectOptions) (*Projection, error) {
	var nodes []Node
	kinds := opts.Kinds
	if len(kinds) == 0 {
		kinds = Kinds
	}
	for _, k := range kinds {
		ns, err := g.Nodes(ctx, k)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, ns...)
	}
	claims, err := g.Claims(ctx, ClaimFilter{})
	if err != nil {
		return nil, err
	}
	if opts.Includes && g.review != "" {
		inc, err := g.Included(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range inc {
			claims = append(claims, Claim{ID: "", Subject: g.review, Relation: RelIncludes, Object: s, Study: g.review})
		}
	}
	return Project(nodes, claims, !opts.Undirected)
}

// Project builds a projection of the given nodes and the claims between
// them (claims that touch a node not in nodes are skipped). Vertices and
// edges are added in sorted order, so the result does not depend on the
// order of the inputs.
func Project(nodes []Node, claims []Claim, directed bool) (*Projection, error) {
	traits := []func(*dg.Traits){dg.Weighted()}
	if directed {
		traits = append(traits, dg.Directed())
	}
	p := &Projection{G: dg.New(func(n Node) string { return n.ID }, traits...), Directed: directed}
	sorted := append([]Node(nil), nodes...)
	sort.Slice(sorted, func(i, j int) bool { return NodeLess(sorted[i].ID, sorted[j].ID) })
	kept := map[string]bool{}
	for _, n := range sorted {
		if kept[n.ID] {
			continue
		}
		if err := p.G.AddVertex(n); err != nil {
			return nil, fmt.Errorf("project node %s: %w", n.ID, err)
		}
		kept[n.ID] = true
	}
	type pair struct{ a, b string }
	merged := map[pair]*EdgeInfo{}
	var order []pair
	for _, c := range claims {
		if !kept[c.Subject] || !kept[c.Object] || c.Subject == c.Object {
			continue
		}
		k := pair{c.Subject, c.Object}
		if !directed && NodeLess(k.b, k.a) {
			k = pair{k.b, k.a}
		}
		info := merged[k]
		if info == nil {
			info = &EdgeInfo{}
			merged[k] = info
			order = append(order, k)
		}
		info.Relations = appendDistinct(info.Relations, c.Relation)
		info.Studies = appendDistinctString(info.Studies, c.Study)
		if c.ID != "" {
			info.Claims = append(info.Claims, c.ID)
		}
	}
	sort.Slice(order, func(i, j int) bool {
		if order[i].a != order[j].a {
			return NodeLess(order[i].a, order[j].a)
		}
		return NodeLess(order[i].b, order[j].b)
	})
	for _, k := range order {
		info := merged[k]
		sort.Slice(info.Relations, func(i, j int) bool { return info.Relations[i] < info.Relations[j] })
		sort.Strings(info.Studies)
		sort.Strings(info.Claims)
		err := p.G.AddEdge(k.a, k.b, dg.EdgeData(*info), dg.EdgeWeight(len(info.Studies)))
		if err != nil && !errors.Is(err, dg.ErrEdgeAlreadyExists) {
			return nil, fmt.Errorf("project edge %s -> %s: %w", k.a, k.b, err)
		}
	}
	return p, nil
}

// Edge returns the merged statements between a and b (in either direction
// for an undirected projection).
func (p *Projection) Edge(a, b string) (EdgeInfo, bool) {
	e, err := p.G.Edge(a, b)
	if err != nil {
		return EdgeInfo{}, false
	}
	info, ok := e.Properties.Data.(EdgeInfo)
	return info, ok
}

func appendDistinct(rs []Relation, r Relation) []Relation {
	for _, x := range rs {
		if x == r {
			return rs
		}
	}
	return append(rs, r)
}

func appendDistinctString(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}
