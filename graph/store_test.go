package graph_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"rustykg/graph"
	"rustykg/graph/graphtest"
)

func TestStores(t *testing.T) {
	for _, b := range graphtest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			b.URI(t) // skips or fails here when the server is missing
			graphtest.Run(t, func(t *testing.T) graph.Store { return graphtest.Open(t, b.URI(t)) })
		})
	}
}

// brokenStore wraps a bbolt store (persistent, so it keeps a record) and
// loses part of what it is given.
type brokenStore struct {
	graph.Store
	drop func(quad.Quad) (quad.Quad, bool)
}

// Unwrap lets the graph read the index the wrapped store writes (from
// the whole data set): the checks see the quads it lost, not a missing
// index.
func (b *brokenStore) Unwrap() graph.Store { return b.Store }

func (b *brokenStore) Load(ctx context.Context, qs []quad.Quad, opts graph.LoadOptions) error {
	var kept []quad.Quad
	for _, q := range qs {
		if q, ok := b.drop(q); ok {
			kept = append(kept, q)
		}
	}
	return b.Store.Load(ctx, kept, opts)
}

// opaqueStore wraps a store without saying so (no Unwrap): a backend
// that keeps no read index.
type opaqueStore struct{ graph.Store }

// TestSuiteCatchesBrokenStores: each broken store fails the checks named.
// A store that loses quads keeps its read index (brokenStore unwraps to a
// store that writes it), so the checks that read the quads must catch it;
// a store without an index is a case of its own.
func TestSuiteCatchesBrokenStores(t *testing.T) {
	isClaim := func(q quad.Quad) bool { return strings.HasPrefix(q.Subject.String(), "<claim:") }
	keep := func(q quad.Quad) (quad.Quad, bool) { return q, true }
	for _, tc := range []struct {
		name    string
		drop    func(quad.Quad) (quad.Quad, bool)
		noIndex bool
		want    []string
	}{
		{"drops labels", func(q quad.Quad) (quad.Quad, bool) { q.Label = nil; return q, true }, false,
			[]string{"Quads", "EvidenceInLabel", "Index"}},
		{"drops claims", func(q quad.Quad) (quad.Quad, bool) { return q, !isClaim(q) }, false,
			[]string{"Quads", "Index"}},
		{"drops claim flags", func(q quad.Quad) (quad.Quad, bool) { return q, !(isClaim(q) && q.Predicate == graph.PredFlag) }, false,
			[]string{"Quads", "Index"}},
		{"drops a claim's study", func(q quad.Quad) (quad.Quad, bool) {
			return q, !(q.Predicate == graph.RelFaces.IRI() && q.Label == quad.IRI("study:b2023"))
		}, false, []string{"Quads", "EvidenceInLabel", "Index"}},
		{"drops the store record", func(q quad.Quad) (quad.Quad, bool) { return q, !graph.IsRecord(q) }, false,
			[]string{"Quads"}},
		{"keeps no read index", keep, true, []string{"RoundTrip", "ClaimFilter", "Record", "Index"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			open := func(t *testing.T) graph.Store {
				var st graph.Store = &brokenStore{Store: graphtest.Open(t, "bbolt:"+filepath.Join(t.TempDir(), "kg")), drop: tc.drop}
				if tc.noIndex {
					st = opaqueStore{st}
				}
				return st
			}
			failed := map[string]error{}
			for _, c := range graphtest.Checks() {
				if err := c.Run(context.Background(), t, open); err != nil {
					failed[c.Name] = err
				}
			}
			for _, name := range tc.want {
				if failed[name] == nil {
					t.Errorf("check %s passed a store that %s", name, tc.name)
				}
			}
			if len(failed) == 0 {
				t.Errorf("the suite passed a store that %s", tc.name)
			}
			// A store that keeps its index fails for what it loses, not
			// for a missing index.
			for name, err := range failed {
				if !tc.noIndex && errors.Is(err, graph.ErrNoIndex) {
					t.Errorf("check %s failed for want of an index, not for what the store %s: %v", name, tc.name, err)
				}
			}
		})
	}
}

func TestOpenStoreURIs(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		uri  string
		want error
	}{
		{"nosuch:/tmp/x", graph.ErrUnknownBackend},
		{"sql://x", graph.ErrUnknownBackend},
		{"bbolt:", graph.ErrStoreURI},
		{"postgres://h/db?schema=Bad-Name", graph.ErrStoreURI},
		{"postgres://h/db?schema=pg_catalog", graph.ErrStoreURI},
	} {
		_, err := graph.OpenStore(ctx, tc.uri)
		if !errors.Is(err, tc.want) {
			t.Errorf("OpenStore(%q) = %v, want %v", tc.uri, err, tc.want)
		}
	}
	// Each name maps onto a backend of Cayley's registry.
	for _, name := range []string{"memstore", "bbolt", "postgres", "cockroach"} {
		if !cgraph.IsRegistered(name) {
			t.Errorf("Cayley backend %q is not linked", name)
		}
	}
}

// TestEmptyStore: a persistent store nothing was imported into says so.
func TestEmptyStore(t *testing.T) {
	for _, b := range graphtest.Backends()[1:] {
		t.Run(b.Name, func(t *testing.T) {
			st := graphtest.Open(t, b.URI(t))
			_, err := graph.Attach(context.Background(), st)
			if !errors.Is(err, graph.ErrEmptyStore) || !strings.Contains(err.Error(), "rustykg import") {
				t.Errorf("Attach(empty) = %v, want ErrEmptyStore naming rustykg import", err)
			}
		})
	}
}

func TestQuadsUseIRIs(t *testing.T) {
	for _, q := range graph.Quads(graphtest.Dataset()) {
		if s := q.Subject.String(); s[0] != '<' {
			t.Errorf("subject %s is not an IRI", s)
		}
		if p := q.Predicate.String(); p[0] != '<' {
			t.Errorf("predicate %s is not an IRI", p)
		}
	}
}

func TestContentHash(t *testing.T) {
	ds := &graph.Dataset{Nodes: []graph.Node{{ID: "kernel:a", Kind: graph.KindKernel, Name: "A"}}}
	h1 := graph.ContentHash(ds)
	if len(h1) != len("sha256:")+64 || h1[:7] != "sha256:" {
		t.Fatalf("hash %q is not sha256:<64 hex>", h1)
	}
	if h2 := graph.ContentHash(ds); h2 != h1 {
		t.Errorf("same data set, two hashes: %s, %s", h1, h2)
	}
	ds.Nodes[0].Name = "B"
	if h3 := graph.ContentHash(ds); h3 == h1 {
		t.Errorf("a changed name left the hash at %s", h1)
	}
}
