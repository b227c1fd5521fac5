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
		{"rust-for-linux", nil, "kernel:linux"},
		{"  RUST  for_Linux. ", nil, "kernel:linux"},
		{"Rusty-Hermit", nil, "kernel:hermit"},
		{"rust", nil, "error: did you mean kernel:rustpi, kernel:rust-nvme, kernel:rust-binder, "},
		{"bind", []graph.Kind{graph.KindKernel}, "error: did you mean kernel:rust-binder?"},
		{strings.Repeat("redox", 24000), nil, `error: "redoxredoxredoxredoxredoxredoxredoxredoxredoxredoxredoxredoxredo... (119936 more bytes)"; did you mean kernel:redox?`},
		{"tock\x1b[2J", nil, `error: no node matches "tock\x1b[2J"`},
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

func TestShowClaim(t *testing.T) {
	cat := embedded(t)
	ctx := context.Background()
	for _, id := range []string{"claim:7938a392ab06", "claim:7938a3"} {
		res, err := queries.ShowClaim(ctx, cat, id)
		if err != nil {
			t.Fatalf("ShowClaim(%s): %v", id, err)
		}
		// data/claims.yaml:211-217
		cl := res.Claim
		if cl.ID != "claim:7938a392ab06" || cl.Subject != "kernel:tock" || cl.Relation != graph.RelFaces || cl.Object != "challenge:binary-size" ||
			cl.Study != "study:ayers2022tighten" || cl.Table != 4 || res.Ref != "[2]" || res.SubjectName != "Tock" {
			t.Errorf("ShowClaim(%s) = %+v", id, res)
		}
		if got := res.StudyIDs(); len(got) != 1 || got[0] != "study:ayers2022tighten" {
			t.Errorf("StudyIDs = %v", got)
		}
	}
	for _, id := range []string{"claim:7938a392ab07", "claim:793", "claim:"} {
		if _, err := queries.ShowClaim(ctx, cat, id); !errors.Is(err, queries.ErrNoMatch) {
			t.Errorf("ShowClaim(%s): %v, want ErrNoMatch", id, err)
		}
	}
}
