package graph_test

import (
	"context"
	"errors"
	"testing"

	"rustykg/graph"
	"rustykg/graph/graphtest"
)

func TestMemoryStore(t *testing.T) {
	graphtest.Run(t, func(t *testing.T) graph.Store {
		st, err := graph.OpenStore(context.Background(), "memory")
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}

func TestOpenStoreUnknown(t *testing.T) {
	_, err := graph.OpenStore(context.Background(), "nosuch:/tmp/x")
	if !errors.Is(err, graph.ErrUnknownBackend) {
		t.Fatalf("err = %v, want ErrUnknownBackend", err)
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
