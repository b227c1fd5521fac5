package queries

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"rustykg/graph"
	"rustykg/graph/graphtest"
	"rustykg/loaders"
)

// TestReviewMethodCriteria: the shipped review's selection criteria come
// back from the review node, inclusion first, each with its locator.
func TestReviewMethodCriteria(t *testing.T) {
	_, cat := embeddedCatalog(t)
	m, err := ReviewMethod(context.Background(), cat)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range m.Criteria {
		ids = append(ids, c.ID)
		if c.Text == "" || c.Locator != "Section 2.3.3" {
			t.Errorf("%s: text %q, locator %q", c.ID, c.Text, c.Locator)
		}
		if want := map[byte]string{'I': graph.CriterionInclusion, 'E': graph.CriterionExclusion}[c.ID[0]]; c.Kind != want {
			t.Errorf("%s: kind %q, want %q", c.ID, c.Kind, want)
		}
	}
	if want := []string{"IC1", "IC2", "IC3", "IC4", "EC1", "EC2", "EC3"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("criteria %v, want %v", ids, want)
	}
}

// TestReviewMethodBackends: every backend (memory, bbolt, PostgreSQL)
// answers the shipped review's method, criteria and all, as memory does.
func TestReviewMethodBackends(t *testing.T) {
	ds, mem := embeddedCatalog(t)
	want, err := ReviewMethod(context.Background(), mem)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range graphtest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			got, err := ReviewMethod(context.Background(), openCase(t, b.URI(t), ds))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("method differs from memory\n got %+v\nwant %+v", got.Criteria, want.Criteria)
			}
		})
	}
}

// TestReviewMethodCriteriaOrder: criteria are ordered by kind, then by the
// number of their ID (IC2 before IC10), whatever review.yaml's order
// (testdata/criteria); a criterion without its locator (a store written by
// hand) is a data error.
func TestReviewMethodCriteriaOrder(t *testing.T) {
	ds, err := loaders.LoadDir(filepath.Join("testdata", "criteria"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cat := openCase(t, "memory", ds)
	m, err := ReviewMethod(ctx, cat)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range m.Criteria {
		got = append(got, c.Kind+" "+c.ID+" "+c.Text+" "+c.Locator)
	}
	want := []string{"inclusion AB1 Other letters. p. 1", "inclusion IC2 Second. p. 1", "inclusion IC10 Tenth. p. 3", "exclusion EC1 First exclusion. p. 2", "exclusion EC2 Second exclusion. p. 2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("criteria\n got %q\nwant %q", got, want)
	}
	// The table a method prints holds them in that order too.
	ts := m.Tables()
	if crit := ts[len(ts)-1]; crit.Title != "selection criteria" || len(crit.Rows) != len(want) || crit.Rows[2][1] != "IC10" {
		t.Errorf("criteria table %+v", crit)
	}
	for i := range ds.Nodes {
		if ds.Nodes[i].ID == ds.Review {
			ds.Nodes[i].Attrs = append(ds.Nodes[i].Attrs, graph.Attr{Key: "exclusion.EC9", Value: "No locator."})
		}
	}
	if _, err := ReviewMethod(ctx, openCase(t, "memory", ds)); !errors.Is(err, ErrQueryData) {
		t.Errorf("a criterion without a locator: %v, want ErrQueryData", err)
	}
}
