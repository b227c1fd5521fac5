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
	"sort"
	"strings"
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

	projMu sync.Mutex
	proj   *projection // built by the first path or neighbours query
}

// projection returns the undirected projection paths and neighbourhoods
// walk, building it on first use: the graph does not change under a
// Catalog, so repeated queries share it.
func (c *Catalog) projection(ctx context.Context) (*projection, error) {
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
	what := "node"
	if len(e.Kinds) > 0 {
		names := make([]string, len(e.Kinds))
		for i, k := range e.Kinds {
			names[i] = string(k)
		}
		what = strings.Join(names, " or ")
	}
	msg := fmt.Sprintf("no %s matches %q", what, e.Input)
	if e.Reason != "" {
		msg += ": " + e.Reason + ", not " + article(what)
	}
	if len(e.Suggestions) > 0 {
		msg += "; did you mean " + strings.Join(e.Suggestions, ", ") + "?"
	}
	return msg
}

func (e *NoMatchError) Unwrap() error { return ErrNoMatch }

// Resolve turns what a user typed into a node ID: an exact ID
// ("kernel:redox"), a slug ("redox"), a name or an alias ("Redox OS",
// "Rust for Linux"), compared case-, space- and dash-insensitively. With
// kinds, only nodes of those kinds match. A miss returns a *NoMatchError
// with the nearest IDs; several matches return an error wrapping
// ErrAmbiguous that lists them.
func (c *Catalog) Resolve(input string, kinds ...graph.Kind) (string, error) {
	in := strings.TrimSpace(input)
	allowed := func(id string) bool {
		if len(kinds) == 0 {
			return true
		}
		for _, k := range kinds {
			if graph.KindOf(id) == k {
				return true
			}
		}
		return false
	}
	if _, ok := c.nodes[in]; ok {
		if allowed(in) {
			return in, nil
		}
		return "", &NoMatchError{Input: input, Kinds: kinds, Reason: fmt.Sprintf("%s is %s", in, article(string(graph.KindOf(in))))}
	}
	// "kernel:Redox OS" style: a kind prefix restricts the kinds.
	want := graph.Normalize(in)
	if k := graph.Kind(strings.ToLower(string(graph.KindOf(in)))); graph.ValidKind(k) {
		if len(kinds) > 0 && !containsKind(kinds, k) {
			return "", &NoMatchError{Input: input, Kinds: kinds, Suggestions: c.nearest(want, kinds)}
		}
		kinds = []graph.Kind{k}
		want = graph.Normalize(graph.Slug(in))
	}
	var hits []string
	for _, id := range c.ids {
		if !allowed(id) {
			continue
		}
		if matches(c.nodes[id], want) {
			hits = append(hits, id)
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return "", &NoMatchError{Input: input, Kinds: kinds, Suggestions: c.nearest(want, kinds)}
	}
	return "", fmt.Errorf("%w: %q could be %s", ErrAmbiguous, input, strings.Join(hits, ", "))
}

func matches(n graph.Node, want string) bool {
	if want == "" {
		return false
	}
	if graph.Normalize(graph.Slug(n.ID)) == want || graph.Normalize(n.Name) == want {
		return true
	}
	for _, a := range n.Aliases {
		if graph.Normalize(a) == want {
			return true
		}
	}
	return false
}

// nearest returns up to three IDs whose slug, name or alias is closest to
// want, or that contain it.
func (c *Catalog) nearest(want string, kinds []graph.Kind) []string {
	type cand struct {
		id string
		d  int
	}
	var cands []cand
	for _, id := range c.ids {
		if len(kinds) > 0 && !containsKind(kinds, graph.KindOf(id)) {
			continue
		}
		n := c.nodes[id]
		best := 1 << 30
		for _, s := range append([]string{graph.Slug(id), n.Name}, n.Aliases...) {
			ns := graph.Normalize(s)
			d := graph.EditDistance(want, ns)
			if want != "" && (strings.Contains(ns, want) || strings.Contains(want, ns) && ns != "") {
				d = min(d, 1)
			}
			best = min(best, d)
		}
		if best <= max(2, len(want)/2) {
			cands = append(cands, cand{id, best})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].d != cands[j].d {
			return cands[i].d < cands[j].d
		}
		return cands[i].id < cands[j].id
	})
	var out []string
	for i := 0; i < len(cands) && i < 3; i++ {
		out = append(out, cands[i].id)
	}
	return out
}

func containsKind(ks []graph.Kind, k graph.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// article prefixes a noun with "a" or "an".
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}
