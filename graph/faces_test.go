package graph_test

import (
	"context"
	"reflect"
	"testing"

	"rustykg/graph"
	"rustykg/graph/graphtest"
	"rustykg/graph/synth"
)

// NodeNames and EachFacedCount, the matrix's light reads, give what
// Nodes and AllFaced give, less the rest, on every backend.
func TestLightReads(t *testing.T) {
	ctx := context.Background()
	for _, b := range graphtest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			b.URI(t) // skips or fails here when the server is missing
			for name, ds := range map[string]*graph.Dataset{"small": graphtest.Dataset(), "synth200": synth.Dataset(200, 7)} {
				g, err := graph.New(ctx, graphtest.Open(t, b.URI(t)), ds)
				if err != nil {
					t.Fatal(err)
				}
				defer g.Close()
				for _, k := range graph.Kinds {
					nodes, err := g.Nodes(ctx, k)
					if err != nil {
						t.Fatal(err)
					}
					var wantIDs, wantNames []string
					for _, n := range nodes {
						wantIDs, wantNames = append(wantIDs, n.ID), append(wantNames, n.Name)
					}
					ids, names, err := g.NodeNames(ctx, k)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(ids, wantIDs) || !reflect.DeepEqual(names, wantNames) {
						t.Errorf("%s: NodeNames(%s) = %q, %q; Nodes gives %q, %q", name, k, ids, names, wantIDs, wantNames)
					}
				}
				all, err := g.AllFaced(ctx)
				if err != nil {
					t.Fatal(err)
				}
				var want, got []graph.FacedCount
				for _, f := range all {
					want = append(want, graph.FacedCount{Subject: f.Subject, Object: f.Object, Studies: len(f.Studies)})
				}
				err = g.EachFacedCount(ctx, func(f graph.FacedCount) error {
					got = append(got, f)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if len(want) == 0 || !reflect.DeepEqual(got, want) {
					t.Errorf("%s: EachFacedCount = %v, AllFaced gives %v", name, got, want)
				}
			}
		})
	}
}
