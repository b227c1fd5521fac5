package viz

import (
	"context"
	"fmt"
	"strings"

	"rustykg/graph"
	"rustykg/queries"
)

// The diagrams below draw the answers of rustykg's named queries, so a
// picture always shows what the matching command lists. Each takes
// resolved node IDs (name resolution and argument checks belong to the
// caller) and builds its own Builder on cat's graph.

// Whole draws every node and statement of cat's graph.
func Whole(ctx context.Context, cat *queries.Catalog) (*Diagram, error) {
	b, err := NewBuilder(ctx, cat.G)
	if err != nil {
		return nil, err
	}
	return b.Whole()
}

// OfKinds draws only nodes of kinds, contracting hidden nodes as
// Builder.Kinds does.
func OfKinds(ctx context.Context, cat *queries.Catalog, kinds []graph.Kind) (*Diagram, error) {
	b, err := NewBuilder(ctx, cat.G)
	if err != nil {
		return nil, err
	}
	return b.Kinds(kinds)
}

// Neighbourhood draws what "rustykg neighbors ID --depth N" lists: the
// nodes at most depth statements from id, either way, and the statements
// between them, with id marked.
func Neighbourhood(ctx context.Context, cat *queries.Catalog, id string, depth int) (*Diagram, error) {
	if depth < 1 {
		return nil, fmt.Errorf("neighbourhood of %s: depth %d is below 1", id, depth)
	}
	res, err := queries.Neighbors(ctx, cat, id, queries.NeighborsOptions{Depth: depth})
	if err != nil {
		return nil, err
	}
	b, err := NewBuilder(ctx, cat.G)
	if err != nil {
		return nil, err
	}
	ids := []string{id}
	for _, n := range res.Neighbors {
		ids = append(ids, n.ID)
	}
	title := fmt.Sprintf("Neighbourhood of %s: %d %s within %d %s", cat.Name(id), len(res.Neighbors), plural(len(res.Neighbors), "node", "nodes"), depth, plural(depth, "step", "steps"))
	return b.Subgraph(title, ids, []string{id}, "the focus")
}

// SharedChallenges draws the answer of "shared K1 K2 ...": the kernels,
// every challenge each of them faces, and, marked, the challenges all of
// them face.
func SharedChallenges(ctx context.Context, cat *queries.Catalog, kernels []string) (*Diagram, error) {
	if len(kernels) == 0 {
		return nil, fmt.Errorf("shared challenges: no kernel given")
	}
	res, err := queries.Shared(ctx, cat, kernels)
	if err != nil {
		return nil, err
	}
	b, err := NewBuilder(ctx, cat.G)
	if err != nil {
		return nil, err
	}
	ids := append([]string(nil), kernels...)
	for _, k := range kernels {
		cls, err := cat.G.Claims(ctx, graph.ClaimFilter{Subject: k, Relation: graph.RelFaces})
		if err != nil {
			return nil, err
		}
		for _, cl := range cls {
			ids = append(ids, cl.Object)
		}
	}
	names := make([]string, len(kernels))
	for i, k := range kernels {
		names[i] = cat.Name(k)
	}
	var marked []string
	for _, ch := range res.Challenges {
		marked = append(marked, ch.Challenge)
	}
	title := fmt.Sprintf("Challenges of %s: %d shared by all", joinAnd(names), len(res.Challenges))
	return b.Subgraph(title, dedup(ids), marked, "faced by every kernel named")
}

// ChallengeKernels draws the answer of "shared --challenge C": the
// challenge, marked, and the kernels that face it.
func ChallengeKernels(ctx context.Context, cat *queries.Catalog, challenge string) (*Diagram, error) {
	res, err := queries.KernelsFacing(ctx, cat, challenge)
	if err != nil {
		return nil, err
	}
	b, err := NewBuilder(ctx, cat.G)
	if err != nil {
		return nil, err
	}
	ids := []string{challenge}
	for _, k := range res.Kernels {
		ids = append(ids, k.Kernel)
	}
	title := fmt.Sprintf("Kernels that face %s: %d", cat.Name(challenge), len(res.Kernels))
	return b.Subgraph(title, dedup(ids), []string{challenge}, "the challenge")
}

// SharedPairs draws the answer of "shared" with no argument: every kernel
// that shares a challenge with another, and those challenges.
func SharedPairs(ctx context.Context, cat *queries.Catalog) (*Diagram, error) {
	res, err := queries.SharedPairs(ctx, cat)
	if err != nil {
		return nil, err
	}
	b, err := NewBuilder(ctx, cat.G)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, p := range res.Pairs {
		ids = append(ids, p.A, p.B)
		ids = append(ids, p.Challenges...)
	}
	title := fmt.Sprintf("Kernels that share challenges: %d pairs", len(res.Pairs))
	return b.Subgraph(title, dedup(ids), nil, "")
}

// Path draws the chain of statements that "rustykg path A B" prints
// (queries.Path), with both ends marked, or the two nodes apart when no
// chain links them.
func Path(ctx context.Context, cat *queries.Catalog, from, to string) (*Diagram, error) {
	res, err := queries.Path(ctx, cat, from, to)
	if err != nil {
		return nil, err
	}
	b, err := NewBuilder(ctx, cat.G)
	if err != nil {
		return nil, err
	}
	title := fmt.Sprintf("No chain of statements links %s and %s", cat.Name(from), cat.Name(to))
	ids := []string{from, to}
	if res.Found {
		steps := len(res.Nodes) - 1
		title = fmt.Sprintf("Path from %s to %s: %d %s", cat.Name(from), cat.Name(to), steps, plural(steps, "step", "steps"))
		ids = res.Nodes
	}
	return b.Subgraph(title, dedup(ids), []string{from, to}, "the ends of the path")
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// dedup drops repeated IDs, keeping the first of each.
func dedup(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
