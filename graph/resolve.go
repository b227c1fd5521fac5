package graph

import (
	"slices"
	"sort"
	"strings"
)

// NameIndex resolves what a user typed (an ID, a slug, a name or an alias)
// to a node ID with the lenient rules of Normalize and Compact. It is the
// one implementation behind queries.Catalog.Resolve (the CLI's arguments)
// and the loaders' extraction sheets, so a name that works on the command
// line works in a sheet cell too.
//
//	ix := graph.NewNameIndex(ds.Nodes)
//	r := ix.Resolve("Redox OS", graph.KindKernel) // r.ID == "kernel:redox"
//	r = ix.Resolve("redoks")                       // r.ID == "", r.Suggestions[0] == "kernel:redox"
type NameIndex struct {
	ids   []string            // sorted by NodeLess
	names map[string][]string // each node's slug, name and aliases, normalised (the slug first)
	// longest is the length of the longest normalised name, in bytes:
	// longer input cannot match and is not compared.
	longest int
}

// nodeNames are the normalised names a node is found by: its ID's slug,
// its name and its aliases (the name index and the stored read index
// index the same ones).
func nodeNames(n Node) []string {
	names := []string{Normalize(Slug(n.ID))}
	for _, s := range append([]string{n.Name}, n.Aliases...) {
		if s != "" {
			names = append(names, Normalize(s))
		}
	}
	return names
}

// NewNameIndex indexes the names of nodes.
func NewNameIndex(nodes []Node) *NameIndex {
	x := &NameIndex{names: make(map[string][]string, len(nodes))}
	for _, n := range nodes {
		if _, dup := x.names[n.ID]; dup {
			continue
		}
		names := nodeNames(n)
		for _, s := range names {
			x.longest = max(x.longest, len(s))
		}
		x.names[n.ID] = names
		x.ids = append(x.ids, n.ID)
	}
	sort.Slice(x.ids, func(i, j int) bool { return NodeLess(x.ids[i], x.ids[j]) })
	return x
}

// Resolution is the outcome of NameIndex.Resolve: ID when exactly one
// node matches; otherwise Hits (several matches: ambiguous) or, on a miss,
// Suggestions (the nearest IDs) and Reason (why an existing node with
// that exact ID does not fit the kinds). Kinds are the kinds the input was
// matched against, for the message (a "kernel:" prefix narrows them).
type Resolution struct {
	ID          string
	Hits        []string
	Suggestions []string
	Reason      string
	Kinds       []Kind
}

// Miss is the message for input that r does not resolve to one node: the
// kinds searched, why an existing node does not fit, the nearest IDs.
//
//	no kernel matches "redoks"; did you mean kernel:redox?
//	no kernel matches "challenge:ffi": challenge:ffi is a challenge, not a kernel
//	"F-O-O-O-S" could be kernel:foo-os, kernel:fooos
func (r Resolution) Miss(input string) string {
	if len(r.Hits) > 1 {
		return Quote(input) + " could be " + strings.Join(r.Hits, ", ")
	}
	what := "node"
	if len(r.Kinds) > 0 {
		names := make([]string, len(r.Kinds))
		for i, k := range r.Kinds {
			names[i] = string(k)
		}
		what = strings.Join(names, " or ")
	}
	msg := "no " + what + " matches " + Quote(input)
	if r.Reason != "" {
		msg += ": " + r.Reason + ", not " + Article(what)
	}
	if len(r.Suggestions) > 0 {
		msg += "; did you mean " + strings.Join(r.Suggestions, ", ") + "?"
	}
	return msg
}

// Resolution limits: only the first MaxSuggest runes of a miss are
// compared for suggestions, and at most MaxSuggestions are returned.
const (
	MaxSuggest     = 64
	MaxSuggestions = 5
)

// Resolve matches input against the index: an exact ID ("kernel:redox"),
// a slug ("redox"), a name or an alias ("Redox OS"), compared as Normalize
// folds them and, only when that finds nothing, as Compact folds them.
// With kinds, only nodes of those kinds match; a kind prefix ("kernel:Redox
// OS") restricts the kinds too. A miss suggests the nearest IDs, those
// whose slug starts with the input first.
func (x *NameIndex) Resolve(input string, kinds ...Kind) Resolution {
	return x.resolve(input, true, kinds)
}

// Match is Resolve without the suggestions, which cost a comparison with
// every name (about a millisecond on the shipped data set): for callers
// that resolve many names and have already reported enough misses.
func (x *NameIndex) Match(input string, kinds ...Kind) Resolution {
	return x.resolve(input, false, kinds)
}

func (x *NameIndex) resolve(input string, suggest bool, kinds []Kind) Resolution {
	r, _ := resolveNames(x, input, suggest, kinds) // an in-memory index has no errors
	return r
}

// nameSource is what resolveNames reads: a NameIndex in memory, or a
// graph's read index (Resolver).
type nameSource interface {
	// isNode reports whether id is a node's ID.
	isNode(id string) (bool, error)
	// lookup returns the IDs one of whose folded names is want (folded by
	// Normalize, or with compact by Compact), sorted by NodeLess.
	lookup(want string, compact bool) ([]string, error)
	// nearest suggests IDs for want (see NameIndex.nearest).
	nearest(want string, kinds []Kind) ([]string, error)
}

// resolveNames is the one implementation of the resolution rules (see
// NameIndex.Resolve), whatever holds the names.
func resolveNames(src nameSource, input string, suggest bool, kinds []Kind) (Resolution, error) {
	nearest := src.nearest
	if !suggest {
		nearest = func(string, []Kind) ([]string, error) { return nil, nil }
	}
	in := strings.TrimSpace(input)
	allowed := func(id string) bool {
		return len(kinds) == 0 || slices.Contains(kinds, KindOf(id))
	}
	if ok, err := src.isNode(in); err != nil || ok {
		if err != nil {
			return Resolution{}, err
		}
		if allowed(in) {
			return Resolution{ID: in, Kinds: kinds}, nil
		}
		return Resolution{Kinds: kinds, Reason: in + " is " + Article(string(KindOf(in)))}, nil
	}
	// "kernel:Redox OS" style: a kind prefix restricts the kinds.
	if k := Kind(strings.ToLower(string(KindOf(in)))); ValidKind(k) {
		if len(kinds) > 0 && !slices.Contains(kinds, k) {
			sugg, err := nearest(Normalize(Slug(in)), kinds)
			return Resolution{Kinds: kinds, Suggestions: sugg}, err
		}
		kinds = []Kind{k}
		in = Slug(in)
	}
	want := Normalize(in)
	var hits []string
	if want != "" {
		for _, compact := range []bool{false, true} {
			key := want
			if compact {
				key = strings.ReplaceAll(want, " ", "")
			}
			ids, err := src.lookup(key, compact)
			if err != nil {
				return Resolution{}, err
			}
			for _, id := range ids {
				if allowed(id) {
					hits = append(hits, id)
				}
			}
			if len(hits) > 0 {
				break
			}
		}
	}
	switch len(hits) {
	case 1:
		return Resolution{ID: hits[0], Kinds: kinds}, nil
	case 0:
		sugg, err := nearest(want, kinds)
		return Resolution{Kinds: kinds, Suggestions: sugg}, err
	}
	return Resolution{Kinds: kinds, Hits: hits}, nil
}

func (x *NameIndex) isNode(id string) (bool, error) {
	_, ok := x.names[id]
	return ok, nil
}

func (x *NameIndex) lookup(want string, compact bool) ([]string, error) {
	if len(want) > x.longest {
		return nil, nil // longer than every name
	}
	fold := func(s string) string { return s }
	if compact {
		fold = func(s string) string { return strings.ReplaceAll(s, " ", "") }
	}
	return x.match(want, func(string) bool { return true }, fold), nil
}

// match returns the allowed nodes one of whose folded names (fold of the
// normalised slug, name and aliases) is want.
func (x *NameIndex) match(want string, allowed func(string) bool, fold func(string) string) []string {
	var hits []string
	for _, id := range x.ids {
		if !allowed(id) {
			continue
		}
		for _, n := range x.names[id] {
			if fold(n) == want {
				hits = append(hits, id)
				break
			}
		}
	}
	return hits
}

// nearest returns up to MaxSuggestions IDs whose slug, name or alias is
// closest to want: first those whose slug starts with it, then those
// whose name or alias does, then those that contain it or are contained in
// it, then those within a small edit distance. Only the first MaxSuggest
// runes of want are compared, so a huge argument costs no more than a
// short one.
func (x *NameIndex) nearest(want string, kinds []Kind) ([]string, error) {
	if r := []rune(want); len(r) > MaxSuggest {
		want = string(r[:MaxSuggest])
	}
	type cand struct {
		id         string
		rank, dist int
	}
	var cands []cand
	for _, id := range x.ids {
		if len(kinds) > 0 && !slices.Contains(kinds, KindOf(id)) {
			continue
		}
		best := cand{id: id, rank: 4, dist: 1 << 30}
		for i, ns := range x.names[id] {
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
			d := EditDistance(want, ns)
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
		return NodeLess(a.id, b.id)
	})
	var out []string
	for i := 0; i < len(cands) && i < MaxSuggestions; i++ {
		out = append(out, cands[i].id)
	}
	return out, nil
}

// Article prefixes a noun with "a" or "an", for messages: "an approach",
// "a kernel".
func Article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}
