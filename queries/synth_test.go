package queries

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"rustykg/graph"
)

// synthDataset generates a deterministic synthetic data set of n studies,
// shaped like the real one but large: n/10 kernels (at least 20), 300
// challenges chosen with a Zipf skew (s = 1.1, as in peers.md's reference
// graph), 40 implications, 200 lessons, 8 approaches. Each study examines
// one kernel, says it faces one or two challenges, and with some
// probability that it shows an implication, teaches a lesson or reports a
// challenge itself; each kernel follows an approach. A few statements rest
// on the review alone (flag no-cited-study), so gaps has something to find.
// Nothing is written to disk: the data lives only in the test process.
func synthDataset(n int, seed uint64) *graph.Dataset {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	nk := max(20, n/10)
	nc := min(300, max(10, n/5))
	const ni, nl, na = 40, 200, 8
	zc := rand.NewZipf(r, 1.1, 1, uint64(nc-1))
	zl := rand.NewZipf(r, 1.1, 1, nl-1)
	ds := &graph.Dataset{Review: "review:synth"}
	node := func(k graph.Kind, i int, inReview bool) string {
		id := fmt.Sprintf("%s:%s%06d", k, k, i)
		ds.Nodes = append(ds.Nodes, graph.Node{ID: id, Kind: k, Name: fmt.Sprintf("%s %d", k, i), InReview: inReview})
		return id
	}
	ds.Nodes = append(ds.Nodes, graph.Node{ID: "review:synth", Kind: graph.KindReview, Name: "Synthetic review", InReview: true})
	kernels := make([]string, nk)
	for i := range kernels {
		kernels[i] = node(graph.KindKernel, i, i%2 == 0)
	}
	chals := make([]string, nc)
	for i := range chals {
		chals[i] = node(graph.KindChallenge, i, true)
	}
	impls := make([]string, ni)
	for i := range impls {
		impls[i] = node(graph.KindImplication, i, true)
	}
	lessons := make([]string, nl)
	for i := range lessons {
		lessons[i] = node(graph.KindLesson, i, true)
	}
	apprs := make([]string, na)
	for i := range apprs {
		apprs[i] = node(graph.KindApproach, i, true)
	}
	seen := map[string]bool{}
	claim := func(s string, rel graph.Relation, o, study string, flags ...string) {
		id := graph.ClaimID(s, rel, o, study)
		if seen[id] {
			return
		}
		seen[id] = true
		ds.Claims = append(ds.Claims, graph.Claim{ID: id, Subject: s, Relation: rel, Object: o, Study: study,
			Locator: "p. 1", Note: "synthetic", Flags: flags})
	}
	firstStudy := map[string]string{}
	for i := 0; i < n; i++ {
		st := node(graph.KindStudy, i, i%3 != 0)
		k := kernels[r.IntN(nk)]
		if firstStudy[k] == "" {
			firstStudy[k] = st
		}
		claim(st, graph.RelExamines, k, st)
		claim(k, graph.RelFaces, chals[zc.Uint64()], st)
		if r.IntN(2) == 0 {
			claim(k, graph.RelFaces, chals[zc.Uint64()], st)
		}
		if r.IntN(10) < 3 {
			claim(k, graph.RelShows, impls[r.IntN(ni)], st)
		}
		if r.IntN(2) == 0 {
			claim(st, graph.RelTeaches, lessons[zl.Uint64()], st)
		}
		if r.IntN(5) == 0 {
			claim(st, graph.RelReports, chals[zc.Uint64()], st)
		}
	}
	for i, k := range kernels {
		study := firstStudy[k]
		if study == "" || i%50 == 7 {
			claim(k, graph.RelFollows, apprs[i%na], ds.Review, graph.FlagNoCitedStudy, graph.FlagAsPrinted)
			continue
		}
		claim(k, graph.RelFollows, apprs[i%na], study)
	}
	ds.Sort()
	return ds
}

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
