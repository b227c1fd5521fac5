package graph

import (
	"fmt"
	"sort"
)

// Walks over a Projection. Three of dominikbraun/graph's algorithms
// (v0.23.0) do not fit, and walk_test.go shows why:
//
//   - BFSWithDepth increments its depth once per dequeued vertex, so the
//     "depth" it reports is a visit counter, not a distance; BFS reports
//     no depth at all. Both also rebuild the whole adjacency map on every
//     call (BenchmarkLevels: a walk that stops after a few steps pays for
//     every edge of the graph). Levels is a breadth-first search over the
//     adjacency the projection read once.
//   - ShortestPath returns an arbitrary path among equally short ones (the
//     order of map iteration decides), so two runs may differ. This
//     ShortestPath picks one by a rule: walking back from the target, it
//     always steps to the smallest node (NodeLess) one level closer.
//   - StronglyConnectedComponents refuses undirected graphs and finds
//     strong, not weak, components in directed ones, so Components is
//     written here.

// Levels runs a breadth-first search from start along the projection's
// edges (either way when undirected, forwards when directed) and returns
// the distance, in edges, of every vertex it visits. stop is called with
// each vertex and its distance in visit order, start first; when it
// returns true the search ends. Every vertex in the map has its true
// distance; when stop ends the search early, the map also holds the
// vertices found but not yet visited. start must be a vertex (the error
// wraps ErrNotFound otherwise).
func (p *Projection) Levels(start string, stop func(id string, level int) bool) (map[string]int, error) {
	if !p.Has(start) {
		return nil, fmt.Errorf("walk from %s: %w", start, ErrNotFound)
	}
	level := map[string]int{start: 0}
	queue := []string{start}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		if stop != nil && stop(v, level[v]) {
			break
		}
		for u := range p.out[v] {
			if _, ok := level[u]; !ok {
				level[u] = level[v] + 1
				queue = append(queue, u)
			}
		}
	}
	return level, nil
}

// Parent returns the smallest (NodeLess) predecessor of v one level
// closer to the start of the walk that computed level, or "" for the
// start (and for a vertex the walk did not reach).
func (p *Projection) Parent(v string, level map[string]int) string {
	lv, ok := level[v]
	if !ok || lv == 0 {
		return ""
	}
	best := ""
	for u := range p.in[v] {
		if lu, ok := level[u]; ok && lu == lv-1 && (best == "" || NodeLess(u, best)) {
			best = u
		}
	}
	return best
}

// ShortestPath returns the vertices of a shortest path from -> to (fewest
// edges), both ends included, and false when no path joins them. Among
// equally short paths it returns the one that, walking back from to,
// always steps to the smallest node one level closer, so the answer is
// the same on every run. Both ends must be vertices (ErrNotFound).
func (p *Projection) ShortestPath(from, to string) ([]string, bool, error) {
	if !p.Has(to) {
		return nil, false, fmt.Errorf("walk to %s: %w", to, ErrNotFound)
	}
	level, err := p.Levels(from, func(id string, _ int) bool { return id == to })
	if err != nil {
		return nil, false, err
	}
	if _, ok := level[to]; !ok {
		return nil, false, nil
	}
	path := make([]string, level[to]+1)
	for i, v := len(path)-1, to; i >= 0; i, v = i-1, p.Parent(v, level) {
		path[i] = v
	}
	return path, true, nil
}

// Components returns the connected components of the projection, edges
// taken either way (weak components when directed); see Components.
func (p *Projection) Components() [][]string {
	return components(p.IDs(), func(link func(a, b string)) {
		for a, bs := range p.out {
			for b := range bs {
				link(a, b)
			}
		}
	})
}

// Components returns the connected components of the graph whose
// vertices are ids and whose edges are the statements, taken either way;
// a statement that names a node not in ids is left out. Each component is
// sorted by NodeLess and the components are ordered by their first node;
// a node no statement links is a component of its own. It is the same
// answer as Project(...).Components() without building the projection,
// which at 100,000 studies costs several times a whole "gaps" query.
func Components(ids []string, sts []Statement) [][]string {
	return components(ids, func(link func(a, b string)) {
		for _, s := range sts {
			link(s.Subject, s.Object)
		}
	})
}

// components is a union-find over ids: edges calls link once per edge.
// Components come out sorted without sorting each one: the ids are put
// in NodeLess order first (a check when they already are), and every
// component collects its members in that order.
func components(ids []string, edges func(link func(a, b string))) [][]string {
	order := ids
	if !sort.SliceIsSorted(order, func(i, j int) bool { return NodeLess(order[i], order[j]) }) {
		order = append([]string(nil), ids...)
		sortNodes(order)
	}
	index := make(map[string]int, len(order))
	uniq := order[:0:0]
	for _, id := range order {
		if _, dup := index[id]; !dup {
			index[id] = len(uniq)
			uniq = append(uniq, id)
		}
	}
	parent := make([]int, len(uniq))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]] // path halving
			i = parent[i]
		}
		return i
	}
	edges(func(a, b string) {
		i, okA := index[a]
		j, okB := index[b]
		if okA && okB {
			if ri, rj := find(i), find(j); ri != rj {
				parent[ri] = rj
			}
		}
	})
	slot := make(map[int]int) // root -> index in out
	var out [][]string
	for i, id := range uniq {
		r := find(i)
		k, ok := slot[r]
		if !ok {
			k = len(out)
			slot[r] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], id)
	}
	return out
}
