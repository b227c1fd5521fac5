package queries

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/loaders"
)

var embedded struct {
	once sync.Once
	ds   *graph.Dataset
	cat  *Catalog
	err  error
}

// embeddedCatalog loads the shipped data set once per test process.
func embeddedCatalog(tb testing.TB) (*graph.Dataset, *Catalog) {
	tb.Helper()
	embedded.once.Do(func() {
		ds, err := loaders.Load(data.FS, "")
		if err != nil {
			embedded.err = err
			return
		}
		ctx := context.Background()
		g, err := graph.Open(ctx, ds)
		if err != nil {
			embedded.err = err
			return
		}
		embedded.ds = ds
		embedded.cat, embedded.err = NewCatalog(ctx, g)
	})
	if embedded.err != nil {
		tb.Fatal(embedded.err)
	}
	return embedded.ds, embedded.cat
}

// benchCatalogs are the graphs the benchmarks run on: the shipped data and
// a synthetic graph of 100,000 studies (generated in memory, see
// synthDataset; loading it takes about a minute and is not timed).
func benchCatalogs(b *testing.B) []struct {
	name string
	cat  *Catalog
} {
	_, emb := embeddedCatalog(b)
	out := []struct {
		name string
		cat  *Catalog
	}{{"embedded", emb}}
	if !testing.Short() {
		_, syn := synthCatalog(b, 100_000)
		out = append(out, struct {
			name string
			cat  *Catalog
		}{"synth100k", syn})
	}
	return out
}

// reportHeap adds the live heap after the run (the loaded graph plus what
// the query keeps) as a metric, next to ReportAllocs' per-query figures.
func reportHeap(b *testing.B) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heapMB")
}

// busiestKernel is the kernel with the most challenges, a worst case for
// Similar; on ties the smallest ID.
func busiestKernel(b *testing.B, c *Catalog) string {
	fs, err := c.G.AllFaced(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	n := map[string]int{}
	for _, f := range fs {
		n[f.Subject]++
	}
	best := ""
	for _, k := range c.IDs(graph.KindKernel) {
		if best == "" || n[k] > n[best] {
			best = k
		}
	}
	return best
}

func BenchmarkMatrix(b *testing.B) {
	ctx := context.Background()
	for _, bc := range benchCatalogs(b) {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Matrix(ctx, bc.cat, graph.KindKernel, graph.KindChallenge); err != nil {
					b.Fatal(err)
				}
			}
			reportHeap(b)
		})
	}
}

func BenchmarkSimilar(b *testing.B) {
	ctx := context.Background()
	for _, bc := range benchCatalogs(b) {
		k := busiestKernel(b, bc.cat)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Similar(ctx, bc.cat, k, 10); err != nil {
					b.Fatal(err)
				}
			}
			reportHeap(b)
		})
	}
}

func BenchmarkPath(b *testing.B) {
	ctx := context.Background()
	for _, bc := range benchCatalogs(b) {
		ks := bc.cat.IDs(graph.KindKernel)
		from, to := ks[0], ks[len(ks)-1]
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, err := Path(ctx, bc.cat, from, to)
				if err != nil {
					b.Fatal(err)
				}
				if !res.Found && bc.name != "embedded" {
					b.Fatalf("no path %s -> %s", from, to)
				}
			}
			reportHeap(b)
		})
	}
}

// BenchmarkGaps is the whole gaps query, islands included.
func BenchmarkGaps(b *testing.B) {
	ctx := context.Background()
	for _, bc := range benchCatalogs(b) {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Gaps(ctx, bc.cat); err != nil {
					b.Fatal(err)
				}
			}
			reportHeap(b)
		})
	}
}
