package viz

import (
	"sort"

	"rustykg/graph"
)

// Diagram is a picture of a subgraph, ready to be written as DOT: the
// nodes and edges to draw, the clusters that group kernels by approach,
// and the nodes to emphasise. Build one with a Builder (or by hand in
// tests), then call WriteDOT.
type Diagram struct {
	Title string
	Nodes []graph.Node // sorted by graph.NodeLess
	Edges []Edge       // sorted by From, then To (graph.NodeLess)
	// Clusters group nodes (kernels, and their approach when shown) by
	// approach, sorted by ID.
	Clusters []Cluster
	// Marked nodes are drawn with a double outline (the focus, the ends of
	// a path, the challenges all the kernels of "shared" face).
	Marked []string
	// MarkNote says what a double outline means, for the legend.
	MarkNote string
	// Hidden lists the kinds whose nodes were contracted away, for the
	// legend.
	Hidden []graph.Kind
}

// Edge is one drawn edge: the merged statements between two nodes, or a
// contracted connection through hidden nodes (Via non-empty).
type Edge struct {
	From, To  string
	Relations []graph.Relation // sorted, distinct; empty for a contracted edge
	Studies   []string         // supporting studies (or the review), sorted
	Via       []string         // the hidden nodes a contracted edge stands for, sorted
}

// Contracted reports whether e stands for a chain through hidden nodes.
func (e Edge) Contracted() bool { return len(e.Via) > 0 }

// Cluster is a group of nodes drawn in one box.
type Cluster struct {
	ID      string // the approach's ID
	Label   string
	Members []string // sorted by graph.NodeLess
}

// node returns the diagram's node with the given ID.
func (d *Diagram) node(id string) (graph.Node, bool) {
	i := sort.Search(len(d.Nodes), func(i int) bool { return !graph.NodeLess(d.Nodes[i].ID, id) })
	if i < len(d.Nodes) && d.Nodes[i].ID == id {
		return d.Nodes[i], true
	}
	return graph.Node{}, false
}

// name is the display name of a node of the diagram.
func (d *Diagram) name(id string) string {
	if n, ok := d.node(id); ok && n.Name != "" {
		return n.Name
	}
	return id
}

// normalize sorts everything and drops edges and cluster members that
// refer to nodes not in the diagram, so that the DOT never depends on the
// order in which a diagram was assembled.
func (d *Diagram) normalize() {
	sort.Slice(d.Nodes, func(i, j int) bool { return graph.NodeLess(d.Nodes[i].ID, d.Nodes[j].ID) })
	dedup := d.Nodes[:0]
	for i, n := range d.Nodes {
		if i > 0 && n.ID == d.Nodes[i-1].ID {
			continue
		}
		dedup = append(dedup, n)
	}
	d.Nodes = dedup
	has := func(id string) bool { _, ok := d.node(id); return ok }
	edges := d.Edges[:0]
	for _, e := range d.Edges {
		if has(e.From) && has(e.To) {
			sortIDs(e.Studies)
			sortIDs(e.Via)
			sort.Slice(e.Relations, func(i, j int) bool { return e.Relations[i] < e.Relations[j] })
			edges = append(edges, e)
		}
	}
	sort.SliceStable(edges, func(i, j int) bool {
		if edges[i].From != edges[j].From {
			return graph.NodeLess(edges[i].From, edges[j].From)
		}
		return graph.NodeLess(edges[i].To, edges[j].To)
	})
	d.Edges = edges
	clusters := d.Clusters[:0]
	for _, c := range d.Clusters {
		var m []string
		for _, id := range c.Members {
			if has(id) {
				m = append(m, id)
			}
		}
		if len(m) > 0 {
			sortIDs(m)
			c.Members = m
			clusters = append(clusters, c)
		}
	}
	sort.Slice(clusters, func(i, j int) bool { return clusters[i].ID < clusters[j].ID })
	d.Clusters = clusters
	var marked []string
	for _, id := range d.Marked {
		if has(id) {
			marked = append(marked, id)
		}
	}
	sortIDs(marked)
	d.Marked = compact(marked)
	sort.Slice(d.Hidden, func(i, j int) bool { return graph.NodeLess(string(d.Hidden[i])+":", string(d.Hidden[j])+":") })
}

func sortIDs(ids []string) {
	sort.Slice(ids, func(i, j int) bool { return graph.NodeLess(ids[i], ids[j]) })
}

// compact drops adjacent duplicates of a sorted slice.
func compact(ids []string) []string {
	out := ids[:0]
	for i, id := range ids {
		if i == 0 || id != ids[i-1] {
			out = append(out, id)
		}
	}
	return out
}
