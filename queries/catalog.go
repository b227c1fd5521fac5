// Package queries answers rustykg's named questions over a graph.Graph:
// which kernels face which challenges, which studies say so, what kernels
// share, and the review's own tables, recomputed from the claims.
//
// Every query returns typed rows (never printed text); a result converts
// to one or more Tables for the CLI's table, CSV and Markdown output and
// marshals to JSON as it is. Rows are sorted, so output is deterministic.
//
//	cat, err := queries.NewCatalog(ctx, g)
//	k1, _ := cat.Resolve("Redox OS", graph.KindKernel)   // "kernel:redox"
//	k2, _ := cat.Resolve("theseus", graph.KindKernel)    // "kernel:theseus"
//	res, err := queries.Shared(ctx, cat, []string{k1, k2})
package queries

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"rustykg/graph"
)

// Sentinel errors of the queries package.
var (
	// ErrNoMatch: a name resolves to no node.
	ErrNoMatch = errors.New("no such node")
	// ErrAmbiguous: a name resolves to more than one node.
	ErrAmbiguous = errors.New("ambiguous name")
	// ErrBadQuery: the query's arguments are not usable (wrong kind, too few).
	ErrBadQuery = errors.New("bad query")
)

// Catalog is a graph with its nodes read once, for name resolution and
// display names. Claims are read from the store per query.
type Catalog struct {
	G     *graph.Graph
	nodes map[string]graph.Node
	ids   []string // sorted by graph.NodeLess
	// index resolves names (graph.NameIndex), built by the first lookup
	// (indexOnce): commands that resolve no name never pay for it.
	indexOnce sync.Once
	index     *graph.NameIndex

	projMu sync.Mutex
	proj   *graph.Projection // built by the first path, neighbours or gaps query
}

// projection returns the undirected projection paths and neighbourhoods
// walk and gaps splits into islands, building it on first use: the graph
// does not change under a Catalog, so repeated queries share it.
func (c *Catalog) projection(ctx context.Context) (*graph.Projection, error) {
	c.projMu.Lock()
	defer c.projMu.Unlock()
	if c.proj != nil {
		return c.proj, nil
	}
	p, err := project(ctx, c)
	if err != nil {
		return nil, err
	}
	c.proj = p
	return p, nil
}

// NewCatalog reads every node of g.
func NewCatalog(ctx context.Context, g *graph.Graph) (*Catalog, error) {
	c := &Catalog{G: g, nodes: map[string]graph.Node{}}
	ns, err := g.AllNodes(ctx)
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		c.nodes[n.ID] = n
		c.ids = append(c.ids, n.ID)
	}
	return c, nil
}

// names returns the name index, building it once.
func (c *Catalog) names() *graph.NameIndex {
	c.indexOnce.Do(func() {
		ns := make([]graph.Node, 0, len(c.ids))
		for _, id := range c.ids {
			ns = append(ns, c.nodes[id])
		}
		c.index = graph.NewNameIndex(ns)
	})
	return c.index
}

// Node returns the node with the given ID.
func (c *Catalog) Node(id string) (graph.Node, bool) {
	n, ok := c.nodes[id]
	return n, ok
}

// Name is the display name of id, or id itself when unknown.
func (c *Catalog) Name(id string) string {
	if n, ok := c.nodes[id]; ok && n.Name != "" {
		return n.Name
	}
	return id
}

// Ref is the review's reference number of a study ("[12]"), or "".
func (c *Catalog) Ref(id string) string {
	if n, ok := c.nodes[id]; ok {
		if r := n.Attr("ref"); r != "" {
			return "[" + r + "]"
		}
	}
	return ""
}

// IDs returns every node ID of kind k (all kinds when k is ""), sorted.
func (c *Catalog) IDs(k graph.Kind) []string {
	var out []string
	for _, id := range c.ids {
		if k == "" || graph.KindOf(id) == k {
			out = append(out, id)
		}
	}
	return out
}

// NoMatchError is returned when a name resolves to nothing; it wraps
// ErrNoMatch and carries the nearest IDs.
type NoMatchError struct {
	Input       string
	Kinds       []graph.Kind
	Suggestions []string
	Reason      string // why an existing node does not fit, if one does exist
}

func (e *NoMatchError) Error() string {
	return graph.Resolution{Kinds: e.Kinds, Suggestions: e.Suggestions, Reason: e.Reason}.Miss(e.Input)
}

func (e *NoMatchError) Unwrap() error { return ErrNoMatch }

// maxSuggestions is how many IDs a miss suggests.
const maxSuggestions = graph.MaxSuggestions

// Resolve turns what a user typed into a node ID: an exact ID
// ("kernel:redox"), a slug ("redox"), a name or an alias ("Redox OS",
// "Rust for Linux"). Names are compared as graph.Normalize folds them
// (case, runs of spaces and punctuation); only when that finds nothing,
// as graph.Compact folds them ("Micro-kernel" finds "microkernel"). With
// kinds, only nodes of those kinds match; a kind prefix ("kernel:Redox
// OS") restricts the kinds too. A miss returns a *NoMatchError with the
// nearest IDs, those that start with the input first; several matches
// return an error wrapping ErrAmbiguous that lists them.
func (c *Catalog) Resolve(input string, kinds ...graph.Kind) (string, error) {
	r := c.names().Resolve(input, kinds...)
	switch {
	case r.ID != "":
		return r.ID, nil
	case len(r.Hits) > 1:
		return "", fmt.Errorf("%w: %s", ErrAmbiguous, r.Miss(input))
	}
	return "", &NoMatchError{Input: input, Kinds: r.Kinds, Suggestions: r.Suggestions, Reason: r.Reason}
}

func containsKind(ks []graph.Kind, k graph.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}
