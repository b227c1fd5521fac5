package queries_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/loaders"
	"rustykg/queries"
)

func embedded(t testing.TB) *queries.Catalog {
	t.Helper()
	ds, err := loaders.Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	g, err := graph.Open(context.Background(), ds)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	cat, err := queries.NewCatalog(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func TestResolve(t *testing.T) {
	cat := embedded(t)
	for _, tc := range []struct {
		in    string
		kinds []graph.Kind
		want  string // an ID, or "error: <substring>"
	}{
		{"kernel:redox", nil, "kernel:redox"},
		{"redox", nil, "kernel:redox"},
		{"Redox OS", nil, "kernel:redox"},
		{"  REDOX  ", nil, "kernel:redox"},
		{"kernel:Redox OS", nil, "kernel:redox"},
		{"Kernel:Redox", nil, "kernel:redox"},
		{"Rust for Linux", []graph.Kind{graph.KindKernel}, "kernel:linux"},
		{"RustyHermit", nil, "kernel:hermit"},
		{"C interop", []graph.Kind{graph.KindChallenge}, "challenge:ffi"},
		{"binary size", nil, "challenge:binary-size"},
		{"Micro-kernel", []graph.Kind{graph.KindApproach}, "approach:microkernel"},
		{"ayers2022tighten", nil, "study:ayers2022tighten"},
		{"redoxx", nil, "error: did you mean kernel:redox"},
		{"approach:monolithic", []graph.Kind{graph.KindChallenge}, "error: approach:monolithic is an approach, not a challenge"},
		{"", nil, "error: no node matches"},
	} {
		got, err := cat.Resolve(tc.in, tc.kinds...)
		if want, isErr := strings.CutPrefix(tc.want, "error: "); isErr {
			if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, queries.ErrNoMatch) {
				t.Errorf("Resolve(%q) = %q, %v; want an ErrNoMatch containing %q", tc.in, got, err, want)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
