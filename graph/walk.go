package graph

import (
	"fmt"

	dg "github.com/dominikbraun/graph"
)

// Walks over a Projection. The traversal is dominikbraun/graph's BFS; two
// of that library's functions (v0.23.0) do not fit, and walk_test.go shows
// why:
//
//   - BFSWithDepth increments its depth once per dequeued vertex, so the
//     "depth" it reports is a visit counter, not a distance. Levels derives
//     distances from BFS's visit order instead.
//   - ShortestPath returns an arbitrary path among equally short ones (the
//     order of map iteration decides), so two runs may differ. This
//     ShortestPath picks one by a rule: walking back from the target, it
//     always steps to the smallest node (NodeLess) one level closer.
//
// And one is missing: StronglyConnectedComponents refuses undirected
// graphs and finds strong, not weak, components in directed ones, so
// Components is written here.

// Levels runs a breadth-first search from start along the projection's
// edges (either way when undirected, forwards when directed) and returns
// the distance, in edges, of every vertex it visits. stop is called with
// each vertex and its distance in visit order, start first; when it
// returns true the search ends (that vertex is included). start must be a
// vertex (the error wraps ErrNotFound otherwise).
//
// BFS visits vertices in non-decreasing distance from start, so when v is
// visited every vertex one step closer has already been: v's distance is
// one more than the smallest distance among its visited predecessors.
func (p *Projection) Levels(start string, stop func(id string, level int) bool) (map[string]int, error) {
	if !p.Has(start) {
		return nil, fmt.Errorf("walk from %s: %w", start, ErrNotFound)
	}
	level := map[string]int{}
	err := dg.BFS(p.G, start, func(v string) bool {
		l := 0
		if v != start {
			l = -1
			for u := range p.in[v] {
				if lu, ok := level[u]; ok && (l < 0 || lu+1 < l) {
					l = lu + 1
				}
			}
		}
		level[v] = l
		return stop != nil && stop(v, l)
	})
	if err != nil {
		return nil, fmt.Errorf("walk from %s: %w", start, err)
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
// taken either way (weak components when directed): each sorted by
// NodeLess, the components ordered by their first node. A vertex with no
// edge is a component of its own.
func (p *Projection) Components() [][]string {
	seen := make(map[string]bool, len(p.out))
	var comps [][]string
	for _, start := range p.IDs() {
		if seen[start] {
			continue
		}
		seen[start] = true
		comp := []string{start}
		for i := 0; i < len(comp); i++ {
			p.eachNeighbour(comp[i], func(v string) {
				if !seen[v] {
					seen[v] = true
					comp = append(comp, v)
				}
			})
		}
		sortNodes(comp)
		comps = append(comps, comp)
	}
	return comps
}
