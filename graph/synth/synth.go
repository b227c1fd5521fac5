// Package synth generates synthetic literatures shaped like rustykg's own
// data set but as large as asked, for benchmarks that anyone can
// reproduce: `rustykg gen --studies N -o DIR` writes one in the data set
// format (data/README.md), which `rustykg import` and `--data` load.
//
// The shape: n studies; n/10 kernels (at least 20), each following one of
// 8 approaches; up to 300 challenges picked with a Zipf skew (s = 1.1, as
// in the reference graph of /work/shared/peers.md), so a few challenges are
// faced by most kernels; 40 implications; 200 lessons (Zipf too). Each
// study examines one kernel (picked with a Zipf skew as well, so some
// kernels have many studies), says it faces one or two challenges, and with
// some probability that it shows an implication, teaches a lesson, reports
// a challenge itself, or cites earlier studies (preferring the most cited
// ones, a rich-get-richer citation graph). A few statements rest on the
// review alone (flag no-cited-study), so gaps has something to find.
//
// The same seed gives the same literature, byte for byte.
//
//	ds := synth.Dataset(10000, 42)
//	err := synth.Write(ds, "/tmp/lit")   // YAML + BibTeX files
package synth

import (
	"fmt"
	"math/rand/v2"

	"rustykg/graph"
)

// Review is the ID of the synthetic review.
const Review = "review:synth"

// Dataset generates a synthetic literature of n studies from seed.
func Dataset(n int, seed uint64) *graph.Dataset {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	nk := max(20, n/10)
	nc := min(300, max(10, n/5))
	const ni, nl, na = 40, 200, 8
	zc := rand.NewZipf(r, 1.1, 1, uint64(nc-1))
	zl := rand.NewZipf(r, 1.1, 1, nl-1)
	zk := rand.NewZipf(r, 1.05, 4, uint64(nk-1))
	ds := &graph.Dataset{Review: Review}
	node := func(k graph.Kind, i int, inReview bool) string {
		id := fmt.Sprintf("%s:%s%06d", k, k, i)
		nd := graph.Node{ID: id, Kind: k, Name: fmt.Sprintf("%s %d", k, i), InReview: inReview}
		if k == graph.KindKernel {
			nd.Sources = []string{fmt.Sprintf("https://example.org/kernel/%d", i)}
		}
		ds.Nodes = append(ds.Nodes, nd)
		return id
	}
	ds.Nodes = append(ds.Nodes, graph.Node{ID: Review, Kind: graph.KindReview, Name: "Synthetic review", InReview: true})
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
	// cited lists each study once per citation it received (and once for
	// itself), so a uniform pick prefers the most cited.
	var cited []string
	for i := 0; i < n; i++ {
		st := node(graph.KindStudy, i, i%3 != 0)
		k := kernels[zk.Uint64()]
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
		for c := r.IntN(4); c > 0 && len(cited) > 0; c-- {
			to := cited[r.IntN(len(cited))]
			claim(st, graph.RelCites, to, st)
			cited = append(cited, to)
		}
		cited = append(cited, st)
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
