package queries

import (
	"context"
	"fmt"
	"strconv"

	"rustykg/graph"
)

// Neighbor is one node within reach of the start: how many statements
// away it is, the node it is reached through on a shortest chain (the
// smallest such node, so the answer is stable) and the statements between
// the two.
type Neighbor struct {
	ID         string          `json:"id"`
	Kind       graph.Kind      `json:"kind"`
	Name       string          `json:"name"`
	Depth      int             `json:"depth"`
	Via        string          `json:"via"`
	Relations  []string        `json:"relations"`
	Statements []PathStatement `json:"statements"`
}

// NeighborsResult is the answer of Neighbors.
type NeighborsResult struct {
	Node      string       `json:"node"`
	Depth     int          `json:"depth"`
	Kinds     []graph.Kind `json:"kinds,omitempty"`
	Neighbors []Neighbor   `json:"neighbors"`
}

// Tables implements Result.
func (r NeighborsResult) Tables() []Table {
	t := Table{Columns: []string{"depth", "node", "name", "via", "relations", "studies"}}
	for _, n := range r.Neighbors {
		studies := map[string]bool{}
		for _, s := range n.Statements {
			studies[s.Evidence.Study] = true
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(n.Depth), n.ID, n.Name, n.Via, join(n.Relations), join(sortedSet(studies))})
	}
	return []Table{t}
}

// StudyIDs implements Cited: the studies behind the listed statements and
// the studies among the neighbours themselves.
func (r NeighborsResult) StudyIDs() []string {
	set := map[string]bool{}
	for _, n := range r.Neighbors {
		if n.Kind == graph.KindStudy {
			set[n.ID] = true
		}
		for _, s := range n.Statements {
			set[s.Evidence.Study] = true
		}
	}
	return sortedSet(set)
}

// NeighborsOptions shape a Neighbors query.
type NeighborsOptions struct {
	// Depth is the largest number of statements between the start and a
	// listed node (1 when 0).
	Depth int
	// Kinds lists only nodes of these kinds (all when empty). The walk
	// still passes through other kinds: kernels within two steps of a
	// kernel are reached through challenges, approaches and studies.
	Kinds []graph.Kind
}

// Neighbors lists the nodes within opts.Depth statements of id (either
// direction), sorted by depth, then kind and ID.
func Neighbors(ctx context.Context, c *Catalog, id string, opts NeighborsOptions) (NeighborsResult, error) {
	if opts.Depth == 0 {
		opts.Depth = 1
	}
	res := NeighborsResult{Node: id, Depth: opts.Depth, Kinds: opts.Kinds, Neighbors: []Neighbor{}}
	if opts.Depth < 0 {
		return res, fmt.Errorf("%w: depth must be at least 1, got %d", ErrBadQuery, opts.Depth)
	}
	for _, k := range opts.Kinds {
		if !graph.ValidKind(k) {
			return res, fmt.Errorf("%w: unknown kind %q (want one of %s)", ErrBadQuery, k, kindList())
		}
	}
	if _, ok := c.Node(id); !ok {
		return res, fmt.Errorf("neighbors: node %s: %w", id, graph.ErrNotFound)
	}
	w := newWalk(c.G, id)
	frontier := []string{id}
	for l := 0; l < opts.Depth && len(frontier) > 0; l++ {
		var err error
		if frontier, err = w.expand(ctx, frontier); err != nil {
			return res, err
		}
	}
	var ids []string
	for v, l := range w.level {
		if v != id && l <= opts.Depth && (len(opts.Kinds) == 0 || containsKind(opts.Kinds, graph.KindOf(v))) {
			ids = append(ids, v)
		}
	}
	sortByLevel(ids, w.level)
	if err := w.read(ctx, ids); err != nil {
		return res, err
	}
	if err := c.Prefetch(ctx, ids); err != nil {
		return res, err
	}
	for _, v := range ids {
		n, _ := c.Node(v)
		via := w.parent(v)
		info, sts, err := between(ctx, c, via, v)
		if err != nil {
			return res, err
		}
		rels := make([]string, len(info.Relations))
		for i, r := range info.Relations {
			rels[i] = string(r)
		}
		res.Neighbors = append(res.Neighbors, Neighbor{
			ID: v, Kind: n.Kind, Name: n.Name, Depth: w.level[v], Via: via,
			Relations: rels, Statements: sts,
		})
	}
	return res, nil
}

// kindList names the node kinds for error messages.
func kindList() string {
	names := make([]string, len(graph.Kinds))
	for i, k := range graph.Kinds {
		names[i] = string(k)
	}
	return join(names)
}
