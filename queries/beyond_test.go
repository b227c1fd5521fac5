package queries_test

import (
	"context"
	"reflect"
	"testing"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/loaders"
	"rustykg/queries"
)

func catalogOf(t *testing.T, ds *graph.Dataset) *queries.Catalog {
	t.Helper()
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

// outside returns the IDs of the studies outside the review.
func outside(ds *graph.Dataset) map[string]bool {
	out := map[string]bool{}
	for _, n := range ds.Nodes {
		if n.Kind == graph.KindStudy && !n.InReview {
			out[n.ID] = true
		}
	}
	return out
}

// TestReviewTablesUnchangedByBeyondStudies: removing every study outside
// the review, with its claims, leaves the review's Tables 2-4 exactly as
// they are; and the review columns of the beyond tables are those tables.
func TestReviewTablesUnchangedByBeyondStudies(t *testing.T) {
	ctx := context.Background()
	full, err := loaders.Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	out := outside(full)
	if len(out) < 20 {
		t.Fatalf("only %d studies outside the review; the test needs the beyond-review data", len(out))
	}
	trimmed := &graph.Dataset{Review: full.Review}
	for _, n := range full.Nodes {
		if !out[n.ID] {
			trimmed.Nodes = append(trimmed.Nodes, n)
		}
	}
	for _, c := range full.Claims {
		if !out[c.Study] && !out[c.Subject] && !out[c.Object] {
			trimmed.Claims = append(trimmed.Claims, c)
		}
	}
	withAll, err := queries.Tables(ctx, catalogOf(t, full))
	if err != nil {
		t.Fatal(err)
	}
	without, err := queries.Tables(ctx, catalogOf(t, trimmed))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(withAll, without) {
		t.Errorf("the review's tables change with the beyond-review studies:\nwith:    %+v\nwithout: %+v", withAll, without)
	}
	beyond, err := queries.Beyond(ctx, catalogOf(t, full))
	if err != nil {
		t.Fatal(err)
	}
	for n, pair := range map[int][2]any{2: {withAll.Table2, beyond.Table2}, 3: {withAll.Table3, beyond.Table3}, 4: {withAll.Table4, beyond.Table4}} {
		review := pair[0].([]queries.ReviewRow)
		rows := map[string]queries.BeyondRow{}
		for _, r := range pair[1].([]queries.BeyondRow) {
			rows[r.ID] = r
		}
		for _, r := range review {
			b, ok := rows[r.ID]
			if !ok {
				t.Errorf("table %d: %s missing from --beyond", n, r.ID)
				continue
			}
			if b.ReviewPapers != r.Papers || !reflect.DeepEqual(b.Refs, r.Refs) || !reflect.DeepEqual(b.Studies[:b.ReviewPapers], r.Studies) {
				t.Errorf("table %d %s: beyond review part %d %v %v, review table %d %v %v", n, r.ID, b.ReviewPapers, b.Refs, b.Studies, r.Papers, r.Refs, r.Studies)
			}
			if len(r.OSNames) > 0 && !reflect.DeepEqual(b.OSNames, r.OSNames) {
				t.Errorf("table %d %s: OS names %v, review table %v", n, r.ID, b.OSNames, r.OSNames)
			}
			delete(rows, r.ID)
		}
		for id, b := range rows { // rows the review does not have hold only added studies
			if b.ReviewPapers != 0 || b.AddedPapers == 0 {
				t.Errorf("table %d: new row %s has %d review and %d added papers", n, id, b.ReviewPapers, b.AddedPapers)
			}
		}
	}
}

// TestBeyondCountsOutsideStudies recounts the added studies of every row
// straight from the loaded claims and compares.
func TestBeyondCountsOutsideStudies(t *testing.T) {
	full, err := loaders.Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	out := outside(full)
	want := map[int]map[string]map[string]bool{2: {}, 3: {}, 4: {}}
	for _, c := range full.Claims {
		if !out[c.Study] || c.Table != 0 {
			continue
		}
		n := 0
		switch ok := graph.KindOf(c.Object); {
		case c.Relation == graph.RelFollows && ok == graph.KindApproach:
			n = 2
		case (c.Relation == graph.RelShows || c.Relation == graph.RelReports) && ok == graph.KindImplication:
			n = 3
		case (c.Relation == graph.RelFaces || c.Relation == graph.RelReports) && ok == graph.KindChallenge:
			n = 4
		default:
			continue
		}
		if want[n][c.Object] == nil {
			want[n][c.Object] = map[string]bool{}
		}
		want[n][c.Object][c.Study] = true
	}
	beyond, err := queries.Beyond(context.Background(), catalogOf(t, full))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for n, rows := range map[int][]queries.BeyondRow{2: beyond.Table2, 3: beyond.Table3, 4: beyond.Table4} {
		for _, r := range rows {
			total += r.AddedPapers
			if r.AddedPapers != len(want[n][r.ID]) || r.Papers != r.ReviewPapers+r.AddedPapers {
				t.Errorf("table %d %s: added %d (%v), want %d", n, r.ID, r.AddedPapers, r.Added, len(want[n][r.ID]))
			}
			for _, s := range r.Added {
				if !want[n][r.ID][s] {
					t.Errorf("table %d %s: %s counted as added", n, r.ID, s)
				}
			}
			delete(want[n], r.ID)
		}
		for id, s := range want[n] {
			t.Errorf("table %d: no row for %s (added studies %v)", n, id, s)
		}
	}
	if total == 0 {
		t.Error("no added study in any row")
	}
}
