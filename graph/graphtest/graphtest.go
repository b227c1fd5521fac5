// Package graphtest is the conformance suite every graph.Store backend
// must pass, in the manner of cayley's graph/graphtest: call Run from the
// backend's own test with a function that opens a fresh, empty store.
//
//	func TestMemory(t *testing.T) {
//		graphtest.Run(t, func(t *testing.T) graph.Store {
//			st, err := graph.OpenStore(context.Background(), "memory")
//			if err != nil {
//				t.Fatal(err)
//			}
//			return st
//		})
//	}
package graphtest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"rustykg/graph"
)

// Dataset is a small data set with every kind of statement the suite
// checks: node facts, a claim with flags and a table, the review's
// included studies, and a node whose text is hostile (quotes, HTML,
// newlines, non-ASCII).
func Dataset() *graph.Dataset {
	ds := &graph.Dataset{
		Review: "review:r2024",
		Nodes: []graph.Node{
			{ID: "review:r2024", Kind: graph.KindReview, Name: "R", InReview: true, Attrs: []graph.Attr{{Key: "count.selected", Value: "2"}}},
			{ID: "study:a2022", Kind: graph.KindStudy, Name: "A", InReview: true, Attrs: []graph.Attr{{Key: "ref", Value: "1"}, {Key: "title", Value: "A"}}},
			{ID: "study:b2023", Kind: graph.KindStudy, Name: "B", InReview: false},
			{ID: "kernel:k", Kind: graph.KindKernel, Name: `K "quoted" <b>tags</b> & \backslash` + "\nline two — ü", Aliases: []string{"Kay", "K OS"}, InReview: true,
				Sources: []string{"https://example.org/k"}, Flags: []string{graph.FlagAsPrinted}},
			{ID: "challenge:c", Kind: graph.KindChallenge, Name: "C"},
		},
		Claims: []graph.Claim{
			{Subject: "kernel:k", Relation: graph.RelFaces, Object: "challenge:c", Study: "study:a2022", Locator: "Table 4", Note: "n1", Table: 4, Flags: []string{graph.FlagInferred, graph.FlagOutsideReview}},
			{Subject: "kernel:k", Relation: graph.RelFaces, Object: "challenge:c", Study: "study:b2023", Locator: "§2", Note: "n2"},
			{Subject: "study:a2022", Relation: graph.RelExamines, Object: "kernel:k", Study: "study:a2022", Locator: "§1", Note: "n3"},
		},
	}
	for i := range ds.Claims {
		c := &ds.Claims[i]
		c.ID = graph.ClaimID(c.Subject, c.Relation, c.Object, c.Study)
	}
	ds.Sort()
	return ds
}

// Run runs the suite; open must return a new, empty store each call.
func Run(t *testing.T, open func(t *testing.T) graph.Store) {
	ctx := context.Background()
	t.Run("RoundTrip", func(t *testing.T) {
		ds := Dataset()
		g, err := graph.New(ctx, open(t), ds)
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		nodes, err := g.AllNodes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := append([]graph.Node(nil), ds.Nodes...)
		if len(nodes) != len(want) {
			t.Fatalf("got %d nodes, want %d", len(nodes), len(want))
		}
		byID := map[string]graph.Node{}
		for _, n := range want {
			byID[n.ID] = n
		}
		for _, n := range nodes {
			w := byID[n.ID]
			if !reflect.DeepEqual(norm(n), norm(w)) {
				t.Errorf("node %s:\n got %+v\nwant %+v", n.ID, n, w)
			}
			one, err := g.Node(ctx, n.ID)
			if err != nil || !reflect.DeepEqual(one, n) {
				t.Errorf("Node(%s) = %+v, %v; AllNodes gave %+v", n.ID, one, err, n)
			}
		}
		claims, err := g.Claims(ctx, graph.ClaimFilter{})
		if err != nil {
			t.Fatal(err)
		}
		wantClaims := append([]graph.Claim(nil), ds.Claims...)
		graph.SortClaims(wantClaims)
		if !reflect.DeepEqual(claims, wantClaims) {
			t.Errorf("claims:\n got %+v\nwant %+v", claims, wantClaims)
		}
	})
	t.Run("ClaimFilter", func(t *testing.T) {
		g, err := graph.New(ctx, open(t), Dataset())
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		for _, tc := range []struct {
			f    graph.ClaimFilter
			want int
		}{
			{graph.ClaimFilter{Subject: "kernel:k"}, 2},
			{graph.ClaimFilter{Relation: graph.RelFaces}, 2},
			{graph.ClaimFilter{Object: "kernel:k"}, 1},
			{graph.ClaimFilter{Study: "study:b2023"}, 1},
			{graph.ClaimFilter{Subject: "kernel:k", Study: "study:a2022"}, 1},
			{graph.ClaimFilter{Subject: "kernel:nope"}, 0},
		} {
			got, err := g.Claims(ctx, tc.f)
			if err != nil || len(got) != tc.want {
				t.Errorf("Claims(%+v) = %d claims, %v; want %d", tc.f, len(got), err, tc.want)
			}
		}
		inc, err := g.Included(ctx)
		if err != nil || !reflect.DeepEqual(inc, []string{"study:a2022"}) {
			t.Errorf("Included = %v, %v", inc, err)
		}
	})
	t.Run("EvidenceInLabel", func(t *testing.T) {
		g, err := graph.New(ctx, open(t), Dataset())
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		labels := map[string]bool{}
		for _, q := range graph.Quads(Dataset()) {
			if q.Predicate == graph.RelFaces.IRI() {
				labels[q.Label.String()] = true
			}
		}
		if !labels["<study:a2022>"] || !labels["<study:b2023>"] {
			t.Errorf("faces statements are not labelled with their studies: %v", labels)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		g, err := graph.New(ctx, open(t), Dataset())
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		if _, err := g.Node(ctx, "kernel:nope"); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("Node(kernel:nope) error = %v, want ErrNotFound", err)
		}
	})
	t.Run("LoadReplaces", func(t *testing.T) {
		st := open(t)
		defer st.Close()
		ds := Dataset()
		if err := st.Load(ctx, graph.Quads(ds)); err != nil {
			t.Fatal(err)
		}
		ds.Claims = ds.Claims[:1]
		if err := st.Load(ctx, graph.Quads(ds)); err != nil {
			t.Fatal(err)
		}
		g, err := graph.New(ctx, st, ds)
		if err != nil {
			t.Fatal(err)
		}
		cl, err := g.Claims(ctx, graph.ClaimFilter{})
		if err != nil || len(cl) != 1 {
			t.Errorf("after a second Load: %d claims, %v; want 1", len(cl), err)
		}
	})
	t.Run("CancelledLoadKeepsContents", func(t *testing.T) {
		st := open(t)
		defer st.Close()
		if err := st.Load(ctx, graph.Quads(Dataset())); err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := st.Load(cctx, nil); err == nil {
			t.Fatal("Load with a cancelled context succeeded")
		}
		st2, err := st.QuadStore().Stats(ctx, true)
		if err != nil || st2.Quads.Value == 0 {
			t.Errorf("store emptied by a failed Load: %+v, %v", st2, err)
		}
	})
	t.Run("Closed", func(t *testing.T) {
		st := open(t)
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		if err := st.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		if err := st.Load(ctx, nil); !errors.Is(err, graph.ErrClosed) {
			t.Errorf("Load after Close = %v, want ErrClosed", err)
		}
		if st.QuadStore() != nil {
			t.Errorf("QuadStore after Close is not nil")
		}
	})
}

// norm makes nil and empty lists compare equal.
func norm(n graph.Node) graph.Node {
	if len(n.Aliases) == 0 {
		n.Aliases = nil
	}
	if len(n.Attrs) == 0 {
		n.Attrs = nil
	}
	if len(n.Sources) == 0 {
		n.Sources = nil
	}
	if len(n.Flags) == 0 {
		n.Flags = nil
	}
	return n
}
