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

// Catalog is a graph with the nodes the queries touch, read on demand
// from its read index and kept (a store of millions of nodes is never read
// whole to answer one question), for name resolution and display names.
// Claims are read from the store per query. A read that fails while a
// query runs (a display name, say) is kept and reported by Err; the CLI
// checks it before printing. A Catalog is safe for concurrent use.
type Catalog struct {
	G   *graph.Graph
	ctx context.Context

	mu     sync.Mutex
	nodes  map[string]graph.Node
	absent map[string]bool
	kinds  map[graph.Kind][]string // IDs by kind, sorted, read on first use
	refs   map[string]string       // reference numbers, read on first use
	err    error
}

// NewCatalog opens a catalog of g; ctx bounds the reads it makes on demand.
func NewCatalog(ctx context.Context, g *graph.Graph) (*Catalog, error) {
	return &Catalog{G: g, ctx: ctx, nodes: map[string]graph.Node{}, absent: map[string]bool{}, kinds: map[graph.Kind][]string{}}, nil
}

// Err is the first error of a read the catalog made on demand.
func (c *Catalog) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *Catalog) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// Prefetch reads the nodes of ids that are not read yet, in one batch
// (one round trip on PostgreSQL): queries that name many nodes call it
// before asking for their names.
func (c *Catalog) Prefetch(ctx context.Context, ids []string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.prefetch(ctx, ids)
}

func (c *Catalog) prefetch(ctx context.Context, ids []string) error {
	var want []string
	seen := map[string]bool{}
	for _, id := range ids {
		if _, ok := c.nodes[id]; !ok && !c.absent[id] && !seen[id] {
			seen[id] = true
			want = append(want, id)
		}
	}
	if len(want) == 0 {
		return nil
	}
	got, err := c.G.NodesByID(ctx, want)
	if err != nil {
		c.fail(err)
		return err
	}
	for _, id := range want {
		if n, ok := got[id]; ok {
			c.nodes[id] = n
		} else {
			c.absent[id] = true
		}
	}
	return nil
}

// Node returns the node with the given ID.
func (c *Catalog) Node(id string) (graph.Node, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.nodes[id]; ok {
		return n, true
	}
	if c.absent[id] || c.prefetch(c.ctx, []string{id}) != nil {
		return graph.Node{}, false
	}
	n, ok := c.nodes[id]
	return n, ok
}

// Name is the display name of id, or id itself when unknown.
func (c *Catalog) Name(id string) string {
	if n, ok := c.Node(id); ok && n.Name != "" {
		return n.Name
	}
	return id
}

// Ref is the review's reference number of a study ("[12]"), or "".
func (c *Catalog) Ref(id string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.refs == nil {
		refs, err := c.G.Refs(c.ctx)
		if err != nil {
			c.fail(err)
			return ""
		}
		c.refs = refs
	}
	if r := c.refs[id]; r != "" {
		return "[" + r + "]"
	}
	return ""
}

// IDs returns every node ID of kind k (all kinds when k is ""), sorted by
// graph.NodeLess. The nodes of the kind are read with them.
func (c *Catalog) IDs(k graph.Kind) []string {
	if k == "" {
		var out []string
		for _, k := range graph.Kinds {
			out = append(out, c.IDs(k)...)
		}
		return out
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if ids, ok := c.kinds[k]; ok {
		return ids
	}
	ns, err := c.G.Nodes(c.ctx, k)
	if err != nil {
		c.fail(err)
		return nil
	}
	ids := make([]string, len(ns))
	for i, n := range ns {
		ids[i] = n.ID
		c.nodes[n.ID] = n
	}
	c.kinds[k] = ids
	return ids
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
	r, err := c.G.Resolver(c.ctx).Resolve(input, kinds...)
	switch {
	case err != nil:
		return "", err
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
