package queries

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/quad"
	dg "github.com/dominikbraun/graph"

	"rustykg/graph"
)

// Paths and neighbourhoods run on an undirected projection of the whole
// graph (graph.Project): one vertex per node, one edge per pair of nodes
// that some claim links, carrying every claim between them. "review
// includes study" is left out: it would make every study two steps from
// every other.
//
// The traversal is dominikbraun/graph's BFS. Two of that library's
// functions do not fit, and the reasons are worth keeping:
//
//   - ShortestPath is Dijkstra over the edge weights, which in a projection
//     are study counts (not hops), and it returns an arbitrary path among
//     equally short ones (map iteration order), so two runs may differ.
//   - BFSWithDepth (v0.23.0) increments its depth once per dequeued vertex,
//     so the "depth" it reports is a visit counter, not a level.
//
// So levels are derived from BFS's visit order: BFS visits vertices in
// non-decreasing distance from the start, hence when a vertex is visited
// every neighbour one level closer has already been visited, and its level
// is one more than the smallest level among its visited neighbours. The
// path back from a vertex then always steps to the smallest neighbour (in
// graph.NodeLess order) one level closer: the answer is the same on every
// run, whatever order the library's maps iterate in.

// projection is an undirected projection of every node of the catalog and
// every statement.
type projection struct {
	p *graph.Projection
	// adj lists each node's neighbours, for the levels and parents of
	// the walk. It is built from the statements rather than with the
	// projection's AdjacencyMap: BFS builds one of those itself, and a
	// second costs a quarter of a path query on a large graph.
	adj map[string][]string
}

// pathRelations are the relations a path may follow: all but "includes".
func pathRelations() []graph.Relation {
	var out []graph.Relation
	for _, name := range graph.RelationNames() {
		if r := graph.Relation(name); r != graph.RelIncludes {
			out = append(out, r)
		}
	}
	return out
}

func project(ctx context.Context, c *Catalog) (*projection, error) {
	cls, err := statementsOf(ctx, c.G, pathRelations()...)
	if err != nil {
		return nil, err
	}
	ids := c.IDs("")
	nodes := make([]graph.Node, 0, len(ids))
	for _, id := range ids {
		// The vertex values: what a walk reports, not the attributes.
		n, _ := c.Node(id)
		nodes = append(nodes, graph.Node{ID: n.ID, Kind: n.Kind, Name: n.Name, InReview: n.InReview})
	}
	p, err := graph.Project(nodes, cls, false)
	if err != nil {
		return nil, err
	}
	adj := make(map[string][]string, len(nodes))
	for _, cl := range cls {
		if cl.Subject != cl.Object {
			adj[cl.Subject] = append(adj[cl.Subject], cl.Object)
			adj[cl.Object] = append(adj[cl.Object], cl.Subject)
		}
	}
	return &projection{p: p, adj: adj}, nil
}

// statementsOf reads the statements of the relations straight from the
// quad index: the statement quad "subject relation object" carries its
// study as its label, so one index scan per relation gives subject,
// object and study. The reified claim nodes are not read, which makes
// this many times faster than graph.Claims on a large graph (about 30
// times at 100,000 studies). The claims come unsorted, with only Subject,
// Relation, Object and Study set: ID, locator, note and flags come from
// graph.Claims for the few statements an answer shows (see between).
func statementsOf(ctx context.Context, g *graph.Graph, rels ...graph.Relation) ([]graph.Claim, error) {
	qs := g.QuadStore()
	if qs == nil {
		return nil, graph.ErrClosed
	}
	var out []graph.Claim
	for _, rel := range rels {
		refs, err := cgraph.RefsOf(ctx, qs, []quad.Value{rel.IRI()})
		if err != nil || len(refs) == 0 || refs[0] == nil {
			continue // no statement uses the relation
		}
		err = iterator.Iterate(ctx, qs.QuadIterator(quad.Predicate, refs[0])).Each(func(r cgraph.Ref) error {
			q, err := qs.Quad(r)
			if err != nil {
				return err
			}
			s, _ := q.Subject.(quad.IRI)
			o, _ := q.Object.(quad.IRI)
			l, _ := q.Label.(quad.IRI)
			if s == "" || o == "" || l == "" {
				return nil
			}
			out = append(out, graph.Claim{Subject: string(s), Relation: rel, Object: string(o), Study: string(l)})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read %s statements: %w", rel, err)
		}
	}
	return out, nil
}

// levels runs BFS from start and returns each visited vertex's distance
// from start. stop is called with each vertex and its level, in visit
// order; when it returns true the traversal ends (that vertex is included).
func (pr *projection) levels(start string, stop func(id string, level int) bool) (map[string]int, error) {
	level := map[string]int{}
	err := dg.BFS(pr.p.G, start, func(v string) bool {
		l := 0
		if v != start {
			l = -1
			for _, u := range pr.adj[v] {
				if lu, ok := level[u]; ok && (l < 0 || lu+1 < l) {
					l = lu + 1
				}
			}
		}
		level[v] = l
		return stop(v, l)
	})
	if err != nil {
		return nil, fmt.Errorf("walk graph from %s: %w", start, err)
	}
	return level, nil
}

// parent is the smallest neighbour of v one level closer to the start.
func (pr *projection) parent(v string, level map[string]int) string {
	best := ""
	for _, u := range pr.adj[v] {
		if lu, ok := level[u]; ok && lu == level[v]-1 && (best == "" || graph.NodeLess(u, best)) {
			best = u
		}
	}
	return best
}

// edge returns the merged statements between a and b.
func (pr *projection) edge(a, b string) graph.EdgeInfo {
	info, _ := pr.p.Edge(a, b)
	return info
}

// between reads every statement between a and b (either direction, not
// "includes") with its evidence, sorted, and the projected edge with its
// claim IDs filled in.
func (pr *projection) between(ctx context.Context, c *Catalog, a, b string) (graph.EdgeInfo, []PathStatement, error) {
	info := pr.edge(a, b)
	var cls []graph.Claim
	for _, f := range []graph.ClaimFilter{{Subject: a, Object: b}, {Subject: b, Object: a}} {
		got, err := c.G.Claims(ctx, f)
		if err != nil {
			return info, nil, err
		}
		for _, cl := range got {
			if cl.Relation != graph.RelIncludes {
				cls = append(cls, cl)
			}
		}
	}
	graph.SortClaims(cls)
	info.Claims = make([]string, len(cls))
	out := make([]PathStatement, len(cls))
	for i, cl := range cls {
		info.Claims[i] = cl.ID
		out[i] = PathStatement{Subject: cl.Subject, Relation: cl.Relation, Object: cl.Object, Evidence: evidenceOf(c, cl)}
	}
	sort.Strings(info.Claims)
	return info, out, nil
}

// PathStatement is one claim along a path, in its stored direction.
type PathStatement struct {
	Subject  string         `json:"subject"`
	Relation graph.Relation `json:"relation"`
	Object   string         `json:"object"`
	Evidence Evidence       `json:"evidence"`
}

// PathStep is one hop of a path: From and To are adjacent nodes (in path
// order, which may be against the statements' direction), Edge is the
// projected edge between them (its relations, studies and claim IDs, as
// graph/viz draws it) and Statements are those claims with their evidence.
type PathStep struct {
	From       string          `json:"from"`
	To         string          `json:"to"`
	Edge       graph.EdgeInfo  `json:"-"`
	Statements []PathStatement `json:"statements"`
}

// PathResult is the answer of Path: the shortest chain of statements from
// From to To. Found is false (and Nodes and Steps empty) when no chain
// links them; that is an answer, not an error.
type PathResult struct {
	From  string     `json:"from"`
	To    string     `json:"to"`
	Found bool       `json:"found"`
	Nodes []string   `json:"nodes"`
	Steps []PathStep `json:"steps"`
}

// Tables implements Result: one row per statement, numbered by step.
func (r PathResult) Tables() []Table {
	t := Table{Columns: []string{"step", "subject", "relation", "object", "study", "ref", "locator", "note", "flags"}}
	for i, s := range r.Steps {
		for _, st := range s.Statements {
			e := st.Evidence
			t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), st.Subject, string(st.Relation), st.Object, e.Study, e.Ref, e.Locator, e.Note, flagMark(e.Flags)})
		}
	}
	return []Table{t}
}

// StudyIDs implements Cited: the studies behind every step.
func (r PathResult) StudyIDs() []string {
	set := map[string]bool{}
	for _, s := range r.Steps {
		for _, st := range s.Statements {
			set[st.Evidence.Study] = true
		}
	}
	return sortedSet(set)
}

// Path returns the shortest chain of statements between the nodes from and
// to (IDs), whatever the statements' direction. Among equally short
// chains it returns the one that, walking back from to, always steps to
// the smallest node ID (see the comment at the top of this file), so the
// answer is stable.
func Path(ctx context.Context, c *Catalog, from, to string) (PathResult, error) {
	res := PathResult{From: from, To: to, Nodes: []string{}, Steps: []PathStep{}}
	for _, id := range []string{from, to} {
		if _, ok := c.Node(id); !ok {
			return res, fmt.Errorf("path: node %s: %w", id, graph.ErrNotFound)
		}
	}
	pr, err := c.projection(ctx)
	if err != nil {
		return res, err
	}
	return pr.path(ctx, c, res)
}

func (pr *projection) path(ctx context.Context, c *Catalog, res PathResult) (PathResult, error) {
	level, err := pr.levels(res.From, func(id string, _ int) bool { return id == res.To })
	if err != nil {
		return res, err
	}
	if _, ok := level[res.To]; !ok {
		return res, nil
	}
	nodes := []string{res.To}
	for v := res.To; v != res.From; {
		v = pr.parent(v, level)
		nodes = append(nodes, v)
	}
	for i, j := 0, len(nodes)-1; i < j; i, j = i+1, j-1 {
		nodes[i], nodes[j] = nodes[j], nodes[i]
	}
	res.Found, res.Nodes = true, nodes
	for i := 0; i+1 < len(nodes); i++ {
		info, sts, err := pr.between(ctx, c, nodes[i], nodes[i+1])
		if err != nil {
			return res, err
		}
		res.Steps = append(res.Steps, PathStep{From: nodes[i], To: nodes[i+1], Edge: info, Statements: sts})
	}
	return res, nil
}

// sortByLevel orders IDs by level, then graph.NodeLess.
func sortByLevel(ids []string, level map[string]int) {
	sort.Slice(ids, func(i, j int) bool {
		if level[ids[i]] != level[ids[j]] {
			return level[ids[i]] < level[ids[j]]
		}
		return graph.NodeLess(ids[i], ids[j])
	})
}
