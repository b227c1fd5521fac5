package queries

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"rustykg/graph"
)

// Paths and neighbourhoods walk the undirected projection of the whole
// graph: one vertex per node, one edge per pair of nodes that some
// statement links, carrying every statement between them. "review
// includes study" is left out: it would make every study two steps from
// every other. The graph's read index holds each node's neighbours
// (graph.Graph.Adjacent), so a walk reads only the levels it visits, one
// batch per level, and never builds the projection of the whole graph.

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

// walk is a breadth-first search from one node, a level at a time: level
// holds the distance of every node found, adj the neighbours read so far.
type walk struct {
	g     *graph.Graph
	level map[string]int
	adj   map[string][]string
}

func newWalk(g *graph.Graph, start string) *walk {
	return &walk{g: g, level: map[string]int{start: 0}, adj: map[string][]string{}}
}

// read reads the neighbours of the ids not read yet, in one batch.
func (w *walk) read(ctx context.Context, ids []string) error {
	var want []string
	for _, id := range ids {
		if _, ok := w.adj[id]; !ok {
			want = append(want, id)
		}
	}
	if len(want) == 0 {
		return nil
	}
	got, err := w.g.Adjacent(ctx, want)
	if err != nil {
		return err
	}
	for _, id := range want {
		w.adj[id] = got[id]
	}
	return nil
}

// expand visits frontier (the nodes of one level) and returns the nodes
// it finds one level further.
func (w *walk) expand(ctx context.Context, frontier []string) ([]string, error) {
	if err := w.read(ctx, frontier); err != nil {
		return nil, err
	}
	var next []string
	for _, v := range frontier {
		for _, u := range w.adj[v] {
			if _, ok := w.level[u]; !ok {
				w.level[u] = w.level[v] + 1
				next = append(next, u)
			}
		}
	}
	return next, nil
}

// parent is the smallest (graph.NodeLess) neighbour of v one level closer
// to the start, or "" for the start; v's neighbours must be read and every
// node of the level before v's found.
func (w *walk) parent(v string) string {
	lv, ok := w.level[v]
	if !ok || lv == 0 {
		return ""
	}
	for _, u := range w.adj[v] { // sorted by NodeLess: the first fits
		if lu, ok := w.level[u]; ok && lu == lv-1 {
			return u
		}
	}
	return ""
}

// between reads every statement between a and b (either direction, not
// "includes") with its evidence, sorted, and the edge of the projection
// they make (relations, studies, claim IDs).
func between(ctx context.Context, c *Catalog, a, b string) (graph.EdgeInfo, []PathStatement, error) {
	var info graph.EdgeInfo
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
	rels := map[graph.Relation]bool{}
	sts := map[string]bool{}
	info.Claims = make([]string, len(cls))
	out := make([]PathStatement, len(cls))
	for i, cl := range cls {
		rels[cl.Relation] = true
		sts[cl.Study] = true
		info.Claims[i] = cl.ID
		out[i] = PathStatement{Subject: cl.Subject, Relation: cl.Relation, Object: cl.Object, Evidence: evidenceOf(c, cl)}
	}
	for r := range rels {
		info.Relations = append(info.Relations, r)
	}
	sort.Slice(info.Relations, func(i, j int) bool { return info.Relations[i] < info.Relations[j] })
	for st := range sts {
		info.Studies = append(info.Studies, st)
	}
	sort.Strings(info.Studies)
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
// chains it returns the one graph.Projection.ShortestPath picks (walking
// back from to, always the smallest node one step closer), so the answer
// is stable.
func Path(ctx context.Context, c *Catalog, from, to string) (PathResult, error) {
	res := PathResult{From: from, To: to, Nodes: []string{}, Steps: []PathStep{}}
	for _, id := range []string{from, to} {
		if _, ok := c.Node(id); !ok {
			return res, fmt.Errorf("path: node %s: %w", id, graph.ErrNotFound)
		}
	}
	w := newWalk(c.G, from)
	frontier := []string{from}
	for _, found := w.level[to]; !found && len(frontier) > 0; _, found = w.level[to] {
		var err error
		if frontier, err = w.expand(ctx, frontier); err != nil {
			return res, err
		}
	}
	lt, found := w.level[to]
	if !found {
		return res, nil
	}
	nodes := make([]string, lt+1)
	for i, v := lt, to; i >= 0; i-- {
		nodes[i] = v
		if i > 0 {
			if err := w.read(ctx, []string{v}); err != nil {
				return res, err
			}
			v = w.parent(v)
		}
	}
	res.Found, res.Nodes = true, nodes
	for i := 0; i+1 < len(nodes); i++ {
		info, sts, err := between(ctx, c, nodes[i], nodes[i+1])
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
