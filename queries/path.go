package queries

import (
	"context"
	"fmt"
	"sort"
	"strconv"

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
// every claim, with the claims by ID for the evidence of each edge.
type projection struct {
	p      *graph.Projection
	adj    map[string]map[string]dg.Edge[string]
	claims map[string]graph.Claim
}

func project(ctx context.Context, c *Catalog) (*projection, error) {
	cls, err := c.G.Claims(ctx, graph.ClaimFilter{})
	if err != nil {
		return nil, err
	}
	ids := c.IDs("")
	nodes := make([]graph.Node, 0, len(ids))
	for _, id := range ids {
		n, _ := c.Node(id)
		nodes = append(nodes, n)
	}
	p, err := graph.Project(nodes, cls, false)
	if err != nil {
		return nil, err
	}
	adj, err := p.G.AdjacencyMap()
	if err != nil {
		return nil, fmt.Errorf("project graph: %w", err)
	}
	byID := make(map[string]graph.Claim, len(cls))
	for _, cl := range cls {
		byID[cl.ID] = cl
	}
	return &projection{p: p, adj: adj, claims: byID}, nil
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
			for u := range pr.adj[v] {
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
	for u := range pr.adj[v] {
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

// statements lists the claims of an edge, as stored (subject to object),
// sorted.
func (pr *projection) statements(c *Catalog, info graph.EdgeInfo) []PathStatement {
	cls := make([]graph.Claim, 0, len(info.Claims))
	for _, id := range info.Claims {
		if cl, ok := pr.claims[id]; ok {
			cls = append(cls, cl)
		}
	}
	graph.SortClaims(cls)
	out := make([]PathStatement, len(cls))
	for i, cl := range cls {
		out[i] = PathStatement{Subject: cl.Subject, Relation: cl.Relation, Object: cl.Object, Evidence: evidenceOf(c, cl)}
	}
	return out
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
	pr, err := project(ctx, c)
	if err != nil {
		return res, err
	}
	return pr.path(c, res)
}

func (pr *projection) path(c *Catalog, res PathResult) (PathResult, error) {
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
		info := pr.edge(nodes[i], nodes[i+1])
		res.Steps = append(res.Steps, PathStep{From: nodes[i], To: nodes[i+1], Edge: info, Statements: pr.statements(c, info)})
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
