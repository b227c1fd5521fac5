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
	// Claims are the IDs of the claims behind the statements, sorted,
	// when the projection was built from claims (ProjectClaims). Project
	// builds it from statements, which carry no ID (hashing every
	// statement's ID would cost a path query at 100,000 studies about 4%);
	// queries.Path fills them in for the steps it shows.
	Claims []string
}

// Projection is a subgraph of the store as a dominikbraun/graph graph, for
// graph algorithms: the one adjacency that paths, neighbourhoods and
// diagrams walk. Vertices are node IDs with the Node as value; every
// edge's Properties.Data is an EdgeInfo.
//
// Edges carry no weight. The natural one, the number of supporting
// studies, is in EdgeInfo.Studies; as a weight it would make the library's
// ShortestPath prefer the chains fewest studies support, the opposite of
// what a reader wants. Paths here count statements (hops).
//
// A Projection does not change once built, so it reads the library's
// adjacency map once (the library builds a new one on every call) and
// answers neighbours, levels, shortest paths and components from it:
//
//	p, err := g.Project(ctx, graph.ProjectOptions{Undirected: true})
//	ids, found, err := p.ShortestPath("kernel:tock", "kernel:redox")
//	level, err := p.Levels("kernel:tock", func(id string, l int) bool { return l > 2 })
//	parts := p.Components()
type Projection struct {
	G        dg.Graph[string, Node]
	Directed bool

	out map[string]map[string]dg.Edge[string] // G.AdjacencyMap()
	in  map[string]map[string]dg.Edge[string] // G.PredecessorMap() (out when undirected)
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
// selected kinds) and every statement between two kept nodes.
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
	var rels []Relation
	for _, name := range RelationNames() {
		if r := Relation(name); r != RelIncludes || opts.Includes {
			rels = append(rels, r)
		}
	}
	sts, err := g.Statements(ctx, rels...)
	if err != nil {
		return nil, err
	}
	return Project(nodes, sts, !opts.Undirected)
}

// Project builds a projection of the given nodes and the statements
// between them (statements that touch a node not in nodes are skipped).
// Vertices and edges are added in sorted order, so the result does not
// depend on the order of the inputs. EdgeInfo.Claims stay empty: see
// ProjectClaims.
func Project(nodes []Node, sts []Statement, directed bool) (*Projection, error) {
	in := make([]projected, len(sts))
	for i, s := range sts {
		in[i] = projected{Statement: s}
	}
	return project(nodes, in, directed)
}

// ProjectClaims is Project for claims: each edge also lists the IDs of
// the claims it merges (a claim without an ID adds none).
func ProjectClaims(nodes []Node, claims []Claim, directed bool) (*Projection, error) {
	in := make([]projected, len(claims))
	for i, c := range claims {
		in[i] = projected{Statement: Statement{Subject: c.Subject, Relation: c.Relation, Object: c.Object, Study: c.Study}, claim: c.ID}
	}
	return project(nodes, in, directed)
}

// projected is one statement to project and the ID of its claim, if known.
type projected struct {
	Statement
	claim string
}

func project(nodes []Node, sts []projected, directed bool) (*Projection, error) {
	var traits []func(*dg.Traits)
	if directed {
		traits = append(traits, dg.Directed())
	}
	p := &Projection{G: dg.New(func(n Node) string { return n.ID }, traits...), Directed: directed}
	sorted := append([]Node(nil), nodes...)
	sort.Slice(sorted, func(i, j int) bool { return NodeLess(sorted[i].ID, sorted[j].ID) })
	kept := make(map[string]bool, len(sorted))
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
	for _, s := range sts {
		if !kept[s.Subject] || !kept[s.Object] || s.Subject == s.Object {
			continue
		}
		k := pair{s.Subject, s.Object}
		if !directed && NodeLess(k.b, k.a) {
			k = pair{k.b, k.a}
		}
		info := merged[k]
		if info == nil {
			info = &EdgeInfo{}
			merged[k] = info
			order = append(order, k)
		}
		info.Relations = appendDistinct(info.Relations, s.Relation)
		info.Studies = appendDistinct(info.Studies, s.Study)
		if s.claim != "" {
			info.Claims = append(info.Claims, s.claim)
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
		err := p.G.AddEdge(k.a, k.b, dg.EdgeData(*info))
		if err != nil && !errors.Is(err, dg.ErrEdgeAlreadyExists) {
			return nil, fmt.Errorf("project edge %s -> %s: %w", k.a, k.b, err)
		}
	}
	var err error
	if p.out, err = p.G.AdjacencyMap(); err != nil {
		return nil, fmt.Errorf("project: %w", err)
	}
	p.in = p.out
	if directed {
		if p.in, err = p.G.PredecessorMap(); err != nil {
			return nil, fmt.Errorf("project: %w", err)
		}
	}
	return p, nil
}

// Has reports whether id is a vertex of the projection.
func (p *Projection) Has(id string) bool { _, ok := p.out[id]; return ok }

// Node returns the vertex value of id.
func (p *Projection) Node(id string) (Node, bool) {
	n, err := p.G.Vertex(id)
	return n, err == nil
}

// IDs returns every vertex, sorted by NodeLess.
func (p *Projection) IDs() []string {
	out := make([]string, 0, len(p.out))
	for id := range p.out {
		out = append(out, id)
	}
	sortNodes(out)
	return out
}

// Edge returns the merged statements of the edge a -> b (in either
// direction for an undirected projection).
func (p *Projection) Edge(a, b string) (EdgeInfo, bool) {
	e, ok := p.out[a][b]
	if !ok {
		return EdgeInfo{}, false
	}
	info, ok := e.Properties.Data.(EdgeInfo)
	return info, ok
}

// Edges returns every edge as [source, target], sorted by source, then
// target (NodeLess); an undirected edge is listed once, smaller end first.
func (p *Projection) Edges() [][2]string {
	var out [][2]string
	for a, bs := range p.out {
		for b := range bs {
			if p.Directed || NodeLess(a, b) {
				out = append(out, [2]string{a, b})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][0] != out[j][0] {
			return NodeLess(out[i][0], out[j][0])
		}
		return NodeLess(out[i][1], out[j][1])
	})
	return out
}

// Out returns the targets of id's edges, sorted (its neighbours when the
// projection is undirected).
func (p *Projection) Out(id string) []string {
	out := make([]string, 0, len(p.out[id]))
	for v := range p.out[id] {
		out = append(out, v)
	}
	sortNodes(out)
	return out
}

// Neighbours returns the nodes one edge from id in either direction,
// sorted.
func (p *Projection) Neighbours(id string) []string {
	set := make(map[string]bool, len(p.out[id])+len(p.in[id]))
	for v := range p.out[id] {
		set[v] = true
	}
	for v := range p.in[id] {
		set[v] = true
	}
	out := make([]string, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	sortNodes(out)
	return out
}

func sortNodes(ids []string) {
	sort.Slice(ids, func(i, j int) bool { return NodeLess(ids[i], ids[j]) })
}

func appendDistinct[T comparable](xs []T, x T) []T {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}
