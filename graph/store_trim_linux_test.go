//go:build linux

package graph_test

import (
	"context"
	"path/filepath"
	"testing"

	"rustykg/graph"
	"rustykg/graph/synth"
)

// TestLoadTrimmed: a bbolt load that unmaps the file's pages at every
// look, in the middle of Cayley's write transactions, writes the same
// store: Verify finds every quad and index entry of the data set, nothing
// else.
func TestLoadTrimmed(t *testing.T) {
	defer graph.TrimAlways()()
	ctx := context.Background()
	ds := synth.Dataset(200, 7)
	st, err := graph.OpenStore(ctx, "bbolt:"+filepath.Join(t.TempDir(), "kg"))
	if err != nil {
		t.Fatal(err)
	}
	g, err := graph.NewWith(ctx, st, ds, graph.LoadOptions{BatchSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	m, err := g.Verify(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if !m.OK() {
		t.Errorf("the trimmed load differs from the data set: %+v", m)
	}
	if n := graph.QuadCount(ds); g.Info().Quads != n {
		t.Errorf("store records %d quads, the data set has %d", g.Info().Quads, n)
	}
}
