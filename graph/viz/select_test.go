package viz

import (
	"context"
	"slices"
	"strings"
	"testing"

	"rustykg/graph"
	"rustykg/queries"
)

func catalog(t *testing.T) *queries.Catalog {
	t.Helper()
	ctx := context.Background()
	g, err := graph.Open(ctx, fixture())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	cat, err := queries.NewCatalog(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func nodeIDs(d *Diagram) []string {
	var ids []string
	for _, n := range d.Nodes {
		ids = append(ids, n.ID)
	}
	return ids
}

// TestSelections: each diagram of a question holds what the matching
// command lists, marks what it should, and says so in its title; stated
// by hand for the fixture, not taken from golden output.
func TestSelections(t *testing.T) {
	ctx := context.Background()
	cat := catalog(t)
	for _, c := range []struct {
		name   string
		draw   func() (*Diagram, error)
		nodes  []string
		marked []string
		title  string
	}{
		{"neighbourhood k1", func() (*Diagram, error) { return Neighbourhood(ctx, cat, "kernel:k1", 1) },
			// study:s2 supports k1's claim but is not linked to k1.
			[]string{"approach:a1", "challenge:c1", "kernel:k1", "study:s1"}, []string{"kernel:k1"}, "Neighbourhood of " + nasty + ": 3 nodes within 1 step"},
		{"shared k1 k2", func() (*Diagram, error) { return SharedChallenges(ctx, cat, []string{"kernel:k1", "kernel:k2"}) },
			[]string{"challenge:c1", "kernel:k1", "kernel:k2"}, nil, "Challenges of " + nasty + " and Kernel Two: 0 shared by all"},
		{"shared k1", func() (*Diagram, error) { return SharedChallenges(ctx, cat, []string{"kernel:k1"}) },
			[]string{"challenge:c1", "kernel:k1"}, []string{"challenge:c1"}, "Challenges of " + nasty + ": 1 shared by all"},
		{"challenge c1", func() (*Diagram, error) { return ChallengeKernels(ctx, cat, "challenge:c1") },
			[]string{"challenge:c1", "kernel:k1"}, []string{"challenge:c1"}, "Kernels that face Panics: 1"},
		{"path l1 k1", func() (*Diagram, error) { return Path(ctx, cat, "lesson:l1", "kernel:k1") },
			[]string{"kernel:k1", "lesson:l1", "study:s1"}, []string{"kernel:k1", "lesson:l1"}, "Path from Keep unsafe small to " + nasty + ": 2 steps"},
		{"no path", func() (*Diagram, error) { return Path(ctx, cat, "kernel:k3", "challenge:c1") },
			[]string{"challenge:c1", "kernel:k3"}, []string{"challenge:c1", "kernel:k3"}, "No chain of statements links Loner and Panics"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := c.draw()
			if err != nil {
				t.Fatal(err)
			}
			if got := sorted(nodeIDs(d)); !slices.Equal(got, c.nodes) {
				t.Errorf("nodes %v, want %v", got, c.nodes)
			}
			if got := sorted(d.Marked); !slices.Equal(got, sorted(c.marked)) {
				t.Errorf("marked %v, want %v", got, c.marked)
			}
			if d.Title != c.title {
				t.Errorf("title %q, want %q", d.Title, c.title)
			}
		})
	}
	if _, err := Neighbourhood(ctx, cat, "kernel:k1", 0); err == nil {
		t.Error("depth 0: no error")
	}
	if _, err := SharedChallenges(ctx, cat, nil); err == nil {
		t.Error("no kernels: no error")
	}
	if _, err := Picture(ctx, nil, &Diagram{}, "svg", Options{}); err == nil || !strings.Contains(err.Error(), "no renderer") {
		t.Errorf("svg without a renderer: %v", err)
	}
}

func sorted(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}
