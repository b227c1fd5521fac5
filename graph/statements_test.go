package graph_test

import (
	"context"
	"reflect"
	"sort"
	"testing"

	"rustykg/graph"
	"rustykg/graph/graphtest"
)

// Statements reads back exactly the statements the claims make (and the
// review's includes), with their studies.
func TestStatements(t *testing.T) {
	ctx := context.Background()
	ds := graphtest.Dataset()
	g, err := graph.Open(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	key := func(s graph.Statement) string {
		return s.Subject + " " + string(s.Relation) + " " + s.Object + " " + s.Study
	}
	keys := func(sts []graph.Statement) []string {
		out := []string{}
		for _, s := range sts {
			out = append(out, key(s))
		}
		sort.Strings(out)
		return out
	}
	var want []graph.Statement
	for _, c := range ds.Claims {
		want = append(want, graph.Statement{Subject: c.Subject, Relation: c.Relation, Object: c.Object, Study: c.Study})
	}
	got, err := g.Statements(ctx, graph.RelFaces, graph.RelExamines, graph.RelTeaches)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(keys(got), keys(want)) {
		t.Errorf("Statements =\n%v\nwant\n%v", keys(got), keys(want))
	}
	inc, err := g.Statements(ctx, graph.RelIncludes)
	if err != nil {
		t.Fatal(err)
	}
	wantInc := []string{"review:r2024 includes study:a2022 review:r2024"}
	if !reflect.DeepEqual(keys(inc), wantInc) {
		t.Errorf("includes = %v, want %v", keys(inc), wantInc)
	}
	g.Close()
	if _, err := g.Statements(ctx, graph.RelFaces); err == nil {
		t.Error("Statements after Close: no error")
	}
}
