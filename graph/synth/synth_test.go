package synth_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"rustykg/graph"
	"rustykg/graph/synth"
	"rustykg/loaders"
)

// TestWriteLoads: a written literature loads with every strict check and
// holds the generated nodes and claims.
func TestWriteLoads(t *testing.T) {
	ds := synth.Dataset(300, 7)
	dir := filepath.Join(t.TempDir(), "lit")
	if err := synth.Write(ds, dir); err != nil {
		t.Fatal(err)
	}
	got, err := loaders.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(d *graph.Dataset) (ns, cs []string) {
		for _, n := range d.Nodes {
			ns = append(ns, n.ID)
		}
		for _, c := range d.Claims {
			cs = append(cs, c.ID+" "+c.Locator+" "+c.Note)
		}
		return
	}
	wn, wc := ids(ds)
	gn, gc := ids(got)
	if !reflect.DeepEqual(gn, wn) || !reflect.DeepEqual(gc, wc) {
		t.Errorf("loaded %d nodes and %d claims, generated %d and %d", len(gn), len(gc), len(wn), len(wc))
	}
	if err := synth.Write(ds, dir); err == nil {
		t.Error("Write into a full folder succeeded")
	}
}

// TestDeterministic: one seed, one literature; another seed, another.
func TestDeterministic(t *testing.T) {
	a, b := synth.Dataset(200, 1), synth.Dataset(200, 1)
	if graph.ContentHash(a) != graph.ContentHash(b) {
		t.Error("same seed, different literatures")
	}
	if graph.ContentHash(a) == graph.ContentHash(synth.Dataset(200, 2)) {
		t.Error("different seeds, same literature")
	}
}

// TestSkew: the most faced challenge is faced far more than the median one
// (Zipf), and studies cite each other.
func TestSkew(t *testing.T) {
	ds := synth.Dataset(5000, 42)
	faced := map[string]int{}
	cites := 0
	for _, c := range ds.Claims {
		switch c.Relation {
		case graph.RelFaces:
			faced[c.Object]++
		case graph.RelCites:
			cites++
		}
	}
	top := 0
	for _, n := range faced {
		top = max(top, n)
	}
	if top < 20*len(ds.Claims)/len(faced)/10 {
		t.Errorf("top challenge faced %d times: no skew", top)
	}
	if cites < 1000 {
		t.Errorf("%d citations among 5000 studies", cites)
	}
}
