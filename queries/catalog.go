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
	// names holds each node's slug, name and aliases, normalised (the
	// slug first); longest is the length of the longest, in bytes. Built
	// by the first lookup (namesOnce): commands that resolve no name
	// never pay for it.
	namesOnce sync.Once
	names     map[string][]string
	longest   int

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

// indexNames fills names and longest, once.
func (c *Catalog) indexNames() {
	c.namesOnce.Do(func() {
		c.names = make(map[string][]string, len(c.ids))
		for _, id := range c.ids {
			n := c.nodes[id]
			names := []string{graph.Normalize(graph.Slug(id))}
			for _, s := range append([]string{n.Name}, n.Aliases...) {
				if s != "" {
					names = append(names, graph.Normalize(s))
				}
			}
			for _, s := range names {
				c.longest = max(c.longest, len(s))
			}
			c.names[id] = names
		}
	})
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
	msg := fmt.Sprintf("no %s matches %s", what, graph.Quote(e.Input))
	if e.Reason != "" {
		msg += ": " + e.Reason + ", not " + article(what)
	}
	if len(e.Suggestions) > 0 {
		msg += "; did you mean " + strings.Join(e.Suggestions, ", ") + "?"
	}
	return msg
}

func (e *NoMatchError) Unwrap() error { return ErrNoMatch }

// maxSuggest is how much of an argument is compared for suggestions, in
// runes; maxSuggestions is how many IDs a miss suggests.
const (
	maxSuggest     = 64
	maxSuggestions = 5
)

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
	c.indexNames()
	in := strings.TrimSpace(input)
	allowed := func(id string) bool {
		return len(kinds) == 0 || containsKind(kinds, graph.KindOf(id))
	}
	if _, ok := c.nodes[in]; ok {
		if allowed(in) {
			return in, nil
		}
		return "", &NoMatchError{Input: input, Kinds: kinds, Reason: fmt.Sprintf("%s is %s", in, article(string(graph.KindOf(in))))}
	}
	// "kernel:Redox OS" style: a kind prefix restricts the kinds.
	if k := graph.Kind(strings.ToLower(string(graph.KindOf(in)))); graph.ValidKind(k) {
		if len(kinds) > 0 && !containsKind(kinds, k) {
			return "", &NoMatchError{Input: input, Kinds: kinds, Suggestions: c.nearest(graph.Normalize(graph.Slug(in)), kinds)}
		}
		kinds = []graph.Kind{k}
		in = graph.Slug(in)
	}
	want := graph.Normalize(in)
	var hits []string
	if want != "" && len(want) <= c.longest {
		hits = c.match(want, allowed, func(s string) string { return s })
		if len(hits) == 0 {
			compact := strings.ReplaceAll(want, " ", "")
			hits = c.match(compact, allowed, func(s string) string { return strings.ReplaceAll(s, " ", "") })
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return "", &NoMatchError{Input: input, Kinds: kinds, Suggestions: c.nearest(want, kinds)}
	}
	return "", fmt.Errorf("%w: %s could be %s", ErrAmbiguous, graph.Quote(input), strings.Join(hits, ", "))
}

// match returns the allowed nodes one of whose folded names (fold of the
// normalised slug, name and aliases) is want.
func (c *Catalog) match(want string, allowed func(string) bool, fold func(string) string) []string {
	var hits []string
	for _, id := range c.ids {
		if !allowed(id) {
			continue
		}
		for _, n := range c.names[id] {
			if fold(n) == want {
				hits = append(hits, id)
				break
			}
		}
	}
	return hits
}

// nearest returns up to maxSuggestions IDs whose slug, name or alias is
// closest to want: first those whose slug starts with it, then those
// whose name or alias does, then those that contain it or are contained in
// it, then those within a small edit distance. Only the first maxSuggest
// runes of want are compared, so a huge argument costs no more than a
// short one.
func (c *Catalog) nearest(want string, kinds []graph.Kind) []string {
	if r := []rune(want); len(r) > maxSuggest {
		want = string(r[:maxSuggest])
	}
	type cand struct {
		id         string
		rank, dist int
	}
	var cands []cand
	for _, id := range c.ids {
		if len(kinds) > 0 && !containsKind(kinds, graph.KindOf(id)) {
			continue
		}
		best := cand{id: id, rank: 4, dist: 1 << 30}
		for i, ns := range c.names[id] {
			rank := 3
			switch {
			case want == "":
			case strings.HasPrefix(ns, want) && i == 0:
				rank = 0 // the slug
			case strings.HasPrefix(ns, want):
				rank = 1
			case strings.Contains(ns, want) || ns != "" && strings.Contains(want, ns):
				rank = 2
			}
			d := graph.EditDistance(want, ns)
			if rank == 3 && d > max(2, len(want)/2) {
				continue
			}
			if rank < best.rank || rank == best.rank && d < best.dist {
				best.rank, best.dist = rank, d
			}
		}
		if best.rank < 4 {
			cands = append(cands, best)
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if a.dist != b.dist {
			return a.dist < b.dist
		}
		return graph.NodeLess(a.id, b.id)
	})
	var out []string
	for i := 0; i < len(cands) && i < maxSuggestions; i++ {
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
