package queries

import (
	"context"
	"sync"
	"testing"

	"rustykg/graph"
	"rustykg/graph/synth"
)

// synthDataset is the synthetic literature of graph/synth (the one
// `rustykg gen` writes), kept in the test process.
func synthDataset(n int, seed uint64) *graph.Dataset { return synth.Dataset(n, seed) }

// synthCatalogs caches loaded synthetic graphs by size: loading 100,000
// studies takes a while and every benchmark shares it.
var synthCatalogs sync.Map // int -> *synthEntry

type synthEntry struct {
	once sync.Once
	ds   *graph.Dataset
	cat  *Catalog
	err  error
}

func synthCatalog(tb testing.TB, n int) (*graph.Dataset, *Catalog) {
	tb.Helper()
	v, _ := synthCatalogs.LoadOrStore(n, &synthEntry{})
	e := v.(*synthEntry)
	e.once.Do(func() {
		e.ds = synthDataset(n, 42)
		ctx := context.Background()
		g, err := graph.Open(ctx, e.ds)
		if err != nil {
			e.err = err
			return
		}
		e.cat, e.err = NewCatalog(ctx, g)
	})
	if e.err != nil {
		tb.Fatal(e.err)
	}
	return e.ds, e.cat
}
