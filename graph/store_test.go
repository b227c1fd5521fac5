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
