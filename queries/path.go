package queries

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"rustykg/graph"
)

// Paths and neighbourhoods run on an undirected projection of the whole
// graph (graph.Projection): one vertex per node, one edge per pair of
// nodes that some statement links, carrying every statement between them.
// "review includes study" is left out: it would make every study two
// steps from every other. The walks (shortest paths, levels) are the
// projection's; see graph/walk.go for why they are not the library's own.

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

// project builds the undirected projection of every node of the catalog
// and every statement but "includes".
func project(ctx context.Context, c *Catalog) (*graph.Projection, error) {
	sts, err := c.G.Statements(ctx, pathRelations()...)
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
	return graph.Project(nodes, sts, false)
}

// between reads every statement between a and b (either direction, not
// "includes") with its evidence, sorted, and the projected edge with its
// claim IDs filled in.
func between(ctx context.Context, c *Catalog, p *graph.Projection, a, b string) (graph.EdgeInfo, []PathStatement, error) {
	info, _ := p.Edge(a, b)
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
	p, err := c.projection(ctx)
	if err != nil {
		return res, err
	}
	nodes, found, err := p.ShortestPath(from, to)
	if err != nil || !found {
		return res, err
	}
	res.Found, res.Nodes = true, nodes
	for i := 0; i+1 < len(nodes); i++ {
		info, sts, err := between(ctx, c, p, nodes[i], nodes[i+1])
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
