package queries_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/loaders"
	"rustykg/queries"
)

// edited returns a copy of the built-in data set changed by edit.
func edited(t testing.TB, edit func(ds *graph.Dataset)) *graph.Dataset {
	t.Helper()
	ds, err := loaders.Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	ds.Nodes = slices.Clone(ds.Nodes)
	ds.Claims = slices.Clone(ds.Claims)
	edit(ds)
	return ds
}

func diffOf(t *testing.T, old, new *graph.Dataset) queries.DiffResult {
	t.Helper()
	res, err := queries.Diff(context.Background(), queries.DiffSide{Label: "old", Cat: catalogOf(t, old)}, queries.DiffSide{Label: "new", Cat: catalogOf(t, new)})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestDiffIdentical: the built-in data set against itself differs in
// nothing, and every count of the summary is 0.
func TestDiffIdentical(t *testing.T) {
	same := func(*graph.Dataset) {}
	res := diffOf(t, edited(t, same), edited(t, same))
	if res.Differs || len(res.Nodes)+len(res.Claims)+len(res.Cells)+len(res.Shared)+len(res.Similar) != 0 {
		t.Errorf("identical data sets differ: %+v", res)
	}
	for _, c := range res.Summary {
		if c.Added+c.Removed+c.Changed != 0 {
			t.Errorf("summary %+v", c)
		}
	}
}

// TestDiffNodeAndFlagCauses: a renamed kernel changes the OS cells of
// Table 2 (printed and beyond), caused by the node; a claim flagged
// unnamed-in-table takes its kernel out of the printed OS cell, caused by
// the claim; a changed note changes nothing else. Shared challenges and
// similarity depend on neither.
func TestDiffNodeAndFlagCauses(t *testing.T) {
	old := edited(t, func(*graph.Dataset) {})
	var follows, faces string
	res := diffOf(t, old, edited(t, func(ds *graph.Dataset) {
		for i, n := range ds.Nodes {
			if n.ID == "kernel:theseus" {
				ds.Nodes[i].Name = "Theseus OS"
			}
		}
		for i, c := range ds.Claims {
			switch {
			case c.Subject == "kernel:tock" && c.Relation == graph.RelFollows && c.Table == 2:
				ds.Claims[i].Flags = append(slices.Clone(c.Flags), graph.FlagUnnamedInTable)
				follows = c.ID
			case c.Subject == "kernel:tock" && c.Relation == graph.RelFaces && faces == "":
				ds.Claims[i].Note = c.Note + " (edited)"
				faces = c.ID
			}
		}
	}))
	if follows == "" || faces == "" {
		t.Fatal("the data set has no Tock claims to edit")
	}
	if len(res.Nodes) != 1 || res.Nodes[0].ID != "kernel:theseus" || !reflect.DeepEqual(res.Nodes[0].Fields, []queries.FieldChange{{Field: "name", Old: "Theseus", New: "Theseus OS"}}) {
		t.Errorf("nodes: %+v", res.Nodes)
	}
	if len(res.Claims) != 2 {
		t.Errorf("claims: %+v", res.Claims)
	}
	if len(res.Shared)+len(res.Similar) != 0 {
		t.Errorf("shared %+v, similar %+v: no kernel faces another challenge", res.Shared, res.Similar)
	}
	var got []string
	for _, c := range res.Cells {
		if c.Table != 2 || (c.Column != "OS" && c.Column != "added OS") {
			t.Errorf("unexpected cell change %+v", c)
			continue
		}
		got = append(got, c.Command()+" "+c.Row+" "+c.Column+": "+c.Old+" -> "+c.New+" by "+strings.Join(c.Causes, ", "))
	}
	// TickTock (outside the review) also files Tock under embedded: once
	// the review's cell no longer names Tock, the beyond table lists it
	// as an OS the field added.
	want := []string{
		"tables --table 2 approach:embedded OS: Bern RTOS, Drone OS, HarSaRK, Hubris, Tock -> Bern RTOS, Drone OS, HarSaRK, Hubris by " + follows,
		"tables --table 2 approach:unikernel OS: Hermit, Theseus -> Hermit, Theseus OS by kernel:theseus",
		"tables --beyond --table 2 approach:embedded OS: Bern RTOS, Drone OS, HarSaRK, Hubris, Tock -> Bern RTOS, Drone OS, HarSaRK, Hubris by " + follows,
		"tables --beyond --table 2 approach:embedded added OS:  -> Tock by " + follows,
		"tables --beyond --table 2 approach:unikernel OS: Hermit, Theseus -> Hermit, Theseus OS by kernel:theseus",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cells:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// BenchmarkDiff compares the built-in data set without its studies beyond
// the review with the whole set (15 studies and their claims added, so
// tables, shared pairs and rankings all change): the comparison alone,
// both catalogs built once.
func BenchmarkDiff(b *testing.B) {
	full := edited(b, func(*graph.Dataset) {})
	out := outside(full)
	trimmed := edited(b, func(ds *graph.Dataset) {
		ds.Nodes = slices.DeleteFunc(ds.Nodes, func(n graph.Node) bool { return out[n.ID] })
		ds.Claims = slices.DeleteFunc(ds.Claims, func(c graph.Claim) bool { return out[c.Study] || out[c.Subject] || out[c.Object] })
	})
	ctx := context.Background()
	side := func(ds *graph.Dataset) queries.DiffSide {
		g, err := graph.Open(ctx, ds)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { g.Close() })
		cat, err := queries.NewCatalog(ctx, g)
		if err != nil {
			b.Fatal(err)
		}
		return queries.DiffSide{Cat: cat}
	}
	old, new := side(trimmed), side(full)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := queries.Diff(ctx, old, new)
		if err != nil || len(res.Similar) == 0 {
			b.Fatalf("%v, %d rank changes", err, len(res.Similar))
		}
	}
}
