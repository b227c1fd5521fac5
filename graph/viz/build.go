package viz

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"rustykg/graph"
)

// ErrUnknownNode is returned when a diagram is asked for a node the graph
// does not have.
var ErrUnknownNode = errors.New("unknown node")

// Builder makes Diagrams of one graph. It projects the graph once (every
// node, every claim, and the review's "includes" edges, with their
// direction) and draws any selection of nodes from that projection. Which
// nodes to draw (a neighbourhood, a path, the kernels of a "shared"
// question) is the queries package's business; the Builder draws them.
//
//	b, err := viz.NewBuilder(ctx, g)
//	d, err := b.Subgraph("Tock and its challenges", ids, []string{"kernel:tock"}, "the focus")
type Builder struct {
	review   string
	directed *graph.Projection // every statement, with its direction
	approach map[string]string // kernel -> the approach it is clustered under
}

// NewBuilder projects g for drawing.
func NewBuilder(ctx context.Context, g *graph.Graph) (*Builder, error) {
	b := &Builder{review: g.Review(), approach: map[string]string{}}
	var err error
	if b.directed, err = g.Project(ctx, graph.ProjectOptions{Includes: true}); err != nil {
		return nil, fmt.Errorf("project graph: %w", err)
	}
	// Cluster each kernel under the approach most studies support (ties:
	// the smallest ID); a kernel that follows several approaches still
	// gets an edge to each one drawn where approaches are shown.
	for _, k := range b.directed.IDs() {
		if graph.KindOf(k) != graph.KindKernel {
			continue
		}
		best, bestN := "", -1
		for _, a := range b.directed.Out(k) {
			info, _ := b.directed.Edge(k, a)
			if !hasRelation(info.Relations, graph.RelFollows) {
				continue
			}
			if n := len(info.Studies); n > bestN || n == bestN && a < best {
				best, bestN = a, n
			}
		}
		if best != "" {
			b.approach[k] = best
		}
	}
	return b, nil
}

// Has reports whether the graph has a node with this ID.
func (b *Builder) Has(id string) bool { return b.directed.Has(id) }

// node is the node with this ID (the zero Node when there is none).
func (b *Builder) node(id string) graph.Node {
	n, _ := b.directed.Node(id)
	return n
}

// name is the display name of id.
func (b *Builder) name(id string) string {
	if n := b.node(id); n.Name != "" {
		return n.Name
	}
	return id
}

func (b *Builder) require(ids ...string) error {
	for _, id := range ids {
		if !b.Has(id) {
			return fmt.Errorf("%w %q", ErrUnknownNode, id)
		}
	}
	return nil
}

// Whole draws the whole graph: every node and every statement, with the
// review's "includes" edges.
func (b *Builder) Whole() (*Diagram, error) {
	keep := map[string]bool{}
	for _, id := range b.directed.IDs() {
		keep[id] = true
	}
	title := "Knowledge graph"
	if b.review != "" {
		title += ": " + b.name(b.review) + " and beyond"
	}
	return b.diagram(title, keep, nil), nil
}

// Subgraph draws the given nodes and every statement between two of them;
// marked nodes get a double outline that markNote explains in the legend.
// A neighbourhood, a path or the answer of "shared" is drawn this way.
func (b *Builder) Subgraph(title string, ids, marked []string, markNote string) (*Diagram, error) {
	if err := b.require(ids...); err != nil {
		return nil, err
	}
	if err := b.require(marked...); err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	for _, id := range ids {
		keep[id] = true
	}
	for _, id := range marked {
		keep[id] = true
	}
	d := b.diagram(title, keep, marked)
	d.MarkNote = markNote
	return d, nil
}

// Kinds draws only the nodes of the given kinds. Statements between two
// shown nodes are drawn as they are. A hidden node h that links two shown
// nodes a and c becomes a dashed, contracted edge a -> c when one study
// supports both statements, a-h and h-c: "kernel:tock -> challenge:panics
// via study:x" when study x examines Tock and reports panics. The edge
// lists the hidden nodes and those studies. Chains that no single study
// supports (Asterinas shows a performance cost that another study blames
// on FFI) are not drawn: the picture would claim what nobody said.
// Contraction goes through one hidden node at a time, never through the
// review, and joins nodes of different kinds (or of the one kind shown
// when a single kind is asked for: kernels examined by one study). A
// direct statement between two nodes wins over a contracted one; the
// contracted edge runs from the kind that comes first in graph.Kinds.
func (b *Builder) Kinds(kinds []graph.Kind) (*Diagram, error) {
	if len(kinds) == 0 {
		return b.Whole()
	}
	shown := map[graph.Kind]bool{}
	var names []string
	for _, k := range kinds {
		if !graph.ValidKind(k) {
			return nil, fmt.Errorf("%w: unknown kind %q", ErrUnknownNode, k)
		}
		if !shown[k] {
			names = append(names, string(k))
		}
		shown[k] = true
	}
	keep := map[string]bool{}
	for _, id := range b.directed.IDs() {
		if shown[graph.KindOf(id)] {
			keep[id] = true
		}
	}
	d := b.diagram("Kinds: "+strings.Join(names, ", "), keep, nil)
	direct := map[[2]string]bool{}
	for _, e := range d.Edges {
		direct[[2]string{e.From, e.To}] = true
		direct[[2]string{e.To, e.From}] = true
	}
	contracted := map[[2]string]*Edge{}
	hidden := map[graph.Kind]bool{}
	for _, h := range b.directed.IDs() {
		if keep[h] || h == b.review {
			continue
		}
		var ends []string
		for _, v := range b.directed.Neighbours(h) {
			if keep[v] {
				ends = append(ends, v)
			}
		}
		for i, a := range ends {
			for _, c := range ends[i+1:] {
				if graph.KindOf(a) == graph.KindOf(c) && len(shown) > 1 {
					continue
				}
				key := [2]string{a, c}
				if direct[key] {
					continue
				}
				common := intersect(b.studies(a, h), b.studies(h, c))
				if len(common) == 0 {
					continue // no one study supports both statements
				}
				e := contracted[key]
				if e == nil {
					e = &Edge{From: a, To: c}
					contracted[key] = e
				}
				e.Via = append(e.Via, h)
				e.Studies = union(e.Studies, common)
				hidden[graph.KindOf(h)] = true
			}
		}
	}
	for _, e := range contracted {
		d.Edges = append(d.Edges, *e)
	}
	for k := range hidden {
		d.Hidden = append(d.Hidden, k)
	}
	d.normalize()
	return d, nil
}

// studies are the studies behind the statements between u and v, in
// either direction.
func (b *Builder) studies(u, v string) []string {
	var out []string
	if e, ok := b.edge(u, v); ok {
		out = append(out, e.Studies...)
	}
	if e, ok := b.edge(v, u); ok {
		out = union(out, e.Studies)
	}
	return out
}

// edge returns the directed statement edge u -> v.
func (b *Builder) edge(u, v string) (Edge, bool) {
	info, ok := b.directed.Edge(u, v)
	if !ok {
		return Edge{}, false
	}
	return Edge{
		From:      u,
		To:        v,
		Relations: append([]graph.Relation(nil), info.Relations...),
		Studies:   append([]string(nil), info.Studies...),
	}, true
}

// diagram is the subgraph induced by keep: the kept nodes, every
// statement between two of them, clusters by approach, sorted.
func (b *Builder) diagram(title string, keep map[string]bool, marked []string) *Diagram {
	d := &Diagram{Title: title, Marked: append([]string(nil), marked...)}
	for id := range keep {
		d.Nodes = append(d.Nodes, b.node(id))
	}
	for _, e := range b.directed.Edges() {
		if keep[e[0]] && keep[e[1]] {
			if x, ok := b.edge(e[0], e[1]); ok {
				d.Edges = append(d.Edges, x)
			}
		}
	}
	b.cluster(d)
	d.normalize()
	return d
}

// cluster groups the diagram's kernels by approach; an approach node that
// is shown joins its kernels' cluster.
func (b *Builder) cluster(d *Diagram) {
	byApproach := map[string][]string{}
	for _, n := range d.Nodes {
		if a, ok := b.approach[n.ID]; ok && n.Kind == graph.KindKernel {
			byApproach[a] = append(byApproach[a], n.ID)
		}
	}
	d.Clusters = nil
	for a, members := range byApproach {
		for _, n := range d.Nodes {
			if n.ID == a {
				members = append(members, a)
			}
		}
		d.Clusters = append(d.Clusters, Cluster{ID: a, Label: b.name(a), Members: members})
	}
}

func hasRelation(rs []graph.Relation, r graph.Relation) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// intersect returns the strings in both a and b, sorted.
func intersect(a, b []string) []string {
	in := map[string]bool{}
	for _, s := range a {
		in[s] = true
	}
	var out []string
	for _, s := range b {
		if in[s] {
			out = append(out, s)
			in[s] = false
		}
	}
	sortIDs(out)
	return out
}

// union returns the distinct strings of all lists, sorted.
func union(lists ...[]string) []string {
	set := map[string]bool{}
	for _, l := range lists {
		for _, s := range l {
			set[s] = true
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sortIDs(out)
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
