package queries

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"testing"

	"rustykg/graph"
)

// The independent check: shared, matrix and similar answers recomputed
// from the raw claims of the data set (graph.Dataset.Claims, never the
// store) by plain loops, on the shipped data and on a synthetic graph.

func crossDatasets(t *testing.T) []struct {
	name string
	ds   *graph.Dataset
	cat  *Catalog
} {
	ds, cat := embeddedCatalog(t)
	sds, scat := synthCatalog(t, 3000)
	return []struct {
		name string
		ds   *graph.Dataset
		cat  *Catalog
	}{{"embedded", ds, cat}, {"synth3000", sds, scat}}
}

// sample returns at most n IDs spread over ids.
func sample(ids []string, n int) []string {
	if len(ids) <= n {
		return ids
	}
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, ids[i*len(ids)/n])
	}
	return out
}

func kernelsOf(ds *graph.Dataset) []string {
	var out []string
	for _, n := range ds.Nodes {
		if n.Kind == graph.KindKernel {
			out = append(out, n.ID)
		}
	}
	return out
}

// loopFaces: kernel -> challenge -> set of studies, by a plain loop.
func loopFaces(ds *graph.Dataset) map[string]map[string]map[string]bool {
	out := map[string]map[string]map[string]bool{}
	for _, c := range ds.Claims {
		if c.Relation != graph.RelFaces {
			continue
		}
		if out[c.Subject] == nil {
			out[c.Subject] = map[string]map[string]bool{}
		}
		if out[c.Subject][c.Object] == nil {
			out[c.Subject][c.Object] = map[string]bool{}
		}
		out[c.Subject][c.Object][c.Study] = true
	}
	return out
}

func keys(m map[string]bool) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sorted(xs []string) []string {
	out := append([]string{}, xs...)
	sort.Strings(out)
	return out
}

func TestCrossCheckShared(t *testing.T) {
	ctx := context.Background()
	for _, d := range crossDatasets(t) {
		t.Run(d.name, func(t *testing.T) {
			faces := loopFaces(d.ds)
			// Shared reads every claim per call (graph.Claims, slow on a
			// large graph): fewer pairs on the synthetic one.
			n := 40
			if d.name != "embedded" {
				n = 6
			}
			ks := sample(kernelsOf(d.ds), n)
			pairs := 0
			for i, a := range ks {
				for _, b := range ks[i+1:] {
					res, err := Shared(ctx, d.cat, []string{a, b})
					if err != nil {
						t.Fatal(err)
					}
					want := map[string][]string{}
					for ch, sa := range faces[a] {
						if sb, ok := faces[b][ch]; ok {
							all := map[string]bool{}
							for s := range sa {
								all[s] = true
							}
							for s := range sb {
								all[s] = true
							}
							want[ch] = keys(all)
						}
					}
					got := map[string][]string{}
					for _, sc := range res.Challenges {
						got[sc.Challenge] = sorted(sc.Studies)
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("shared %s %s:\n got %v\nwant %v", a, b, got, want)
					}
					pairs += len(want)
				}
			}
			if pairs == 0 {
				t.Fatal("no pair shares a challenge: the check checks nothing")
			}
		})
	}
}

// loopMatrix recomputes a matrix: row -> col -> studies.
func loopMatrix(ds *graph.Dataset, rows, cols graph.Kind) map[string]map[string][]string {
	cells := map[string]map[string]map[string]bool{}
	add := func(r, c, s string) {
		if graph.KindOf(r) != rows || graph.KindOf(c) != cols {
			return
		}
		if cells[r] == nil {
			cells[r] = map[string]map[string]bool{}
		}
		if cells[r][c] == nil {
			cells[r][c] = map[string]bool{}
		}
		cells[r][c][s] = true
	}
	colRel := func(rel graph.Relation) bool {
		switch cols {
		case graph.KindChallenge:
			return rel == graph.RelFaces || rel == graph.RelReports
		case graph.KindImplication:
			return rel == graph.RelShows || rel == graph.RelReports
		}
		return rel == graph.RelTeaches
	}
	// kernelCells: kernel, column, study triples.
	type kcs struct{ k, c, s string }
	var kernelCells []kcs
	for _, c := range ds.Claims {
		if !colRel(c.Relation) || graph.KindOf(c.Object) != cols {
			continue
		}
		if graph.KindOf(c.Subject) == graph.KindKernel {
			kernelCells = append(kernelCells, kcs{c.Subject, c.Object, c.Study})
		}
		if c.Relation == graph.RelTeaches {
			for _, e := range ds.Claims {
				if e.Relation == graph.RelExamines && e.Subject == c.Subject {
					kernelCells = append(kernelCells, kcs{e.Object, c.Object, c.Study})
				}
			}
		}
		if rows == graph.KindStudy {
			r := c.Study
			if graph.KindOf(c.Subject) == graph.KindStudy {
				r = c.Subject
			}
			add(r, c.Object, c.Study)
		}
	}
	for _, x := range kernelCells {
		switch rows {
		case graph.KindKernel:
			add(x.k, x.c, x.s)
		case graph.KindApproach:
			for _, f := range ds.Claims {
				if f.Relation == graph.RelFollows && f.Subject == x.k {
					add(f.Object, x.c, x.s)
				}
			}
		}
	}
	out := map[string]map[string][]string{}
	for r, cs := range cells {
		out[r] = map[string][]string{}
		for c, ss := range cs {
			out[r][c] = keys(ss)
		}
	}
	return out
}

func TestCrossCheckMatrix(t *testing.T) {
	ctx := context.Background()
	for _, d := range crossDatasets(t) {
		for _, rows := range MatrixRowKinds {
			for _, cols := range MatrixColKinds {
				t.Run(fmt.Sprintf("%s/%s-%s", d.name, rows, cols), func(t *testing.T) {
					if d.name != "embedded" && rows != graph.KindKernel && cols == graph.KindLesson {
						t.Skip("the plain loop is quadratic")
					}
					res, err := Matrix(ctx, d.cat, rows, cols)
					if err != nil {
						t.Fatal(err)
					}
					want := loopMatrix(d.ds, rows, cols)
					got := map[string]map[string][]string{}
					colTotal := map[string]int{}
					total := 0
					for _, r := range res.Rows {
						got[r.ID] = map[string][]string{}
						for _, c := range r.Cells {
							got[r.ID][c.Column] = sorted(c.Studies)
							if c.Count != len(c.Studies) {
								t.Errorf("%s/%s: count %d, studies %d", r.ID, c.Column, c.Count, len(c.Studies))
							}
							colTotal[c.Column]++
						}
						if r.Total != len(r.Cells) {
							t.Errorf("%s: total %d, cells %d", r.ID, r.Total, len(r.Cells))
						}
						total += r.Total
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("matrix differs from the plain loop:\n got %v\nwant %v", got, want)
					}
					for _, c := range res.Columns {
						if c.Total != colTotal[c.ID] {
							t.Errorf("column %s: total %d, want %d", c.ID, c.Total, colTotal[c.ID])
						}
					}
					if res.Total != total {
						t.Errorf("grand total %d, want %d", res.Total, total)
					}
					// MatrixCounts is the same answer without the studies.
					counted, err := MatrixCounts(ctx, d.cat, rows, cols)
					if err != nil {
						t.Fatal(err)
					}
					for i := range res.Rows {
						cells := slices.Clone(res.Rows[i].Cells)
						for j := range cells {
							cells[j].Studies = nil
						}
						res.Rows[i].Cells = cells
					}
					if !reflect.DeepEqual(counted.Columns, res.Columns) || len(counted.Rows) != len(res.Rows) || counted.Total != res.Total {
						t.Fatalf("MatrixCounts: %d rows, %d marks, columns %v; Matrix: %d rows, %d marks, columns %v",
							len(counted.Rows), counted.Total, counted.Columns, len(res.Rows), res.Total, res.Columns)
					}
					for i := range res.Rows {
						if !reflect.DeepEqual(counted.Rows[i], res.Rows[i]) {
							t.Fatalf("MatrixCounts row %+v, Matrix without studies %+v", counted.Rows[i], res.Rows[i])
						}
					}
				})
			}
		}
	}
}

func TestCrossCheckSimilar(t *testing.T) {
	ctx := context.Background()
	for _, d := range crossDatasets(t) {
		t.Run(d.name, func(t *testing.T) {
			faces := loopFaces(d.ds)
			all := kernelsOf(d.ds)
			checked := 0
			for _, k := range sample(all, 25) {
				type row struct {
					k       string
					j       float64
					shared  int
					sharedC []string
				}
				var want []row
				for _, o := range all {
					if o == k {
						continue
					}
					inter, union := []string{}, map[string]bool{}
					for ch := range faces[k] {
						union[ch] = true
						if faces[o][ch] != nil {
							inter = append(inter, ch)
						}
					}
					for ch := range faces[o] {
						union[ch] = true
					}
					if len(inter) > 0 {
						want = append(want, row{o, float64(len(inter)) / float64(len(union)), len(inter), sorted(inter)})
					}
				}
				sort.Slice(want, func(i, j int) bool {
					if want[i].j != want[j].j {
						return want[i].j > want[j].j
					}
					if want[i].shared != want[j].shared {
						return want[i].shared > want[j].shared
					}
					return want[i].k < want[j].k
				})
				res, err := Similar(ctx, d.cat, k, 0)
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Similar) != len(want) {
					t.Fatalf("similar %s: %d kernels, want %d", k, len(res.Similar), len(want))
				}
				for i, s := range res.Similar {
					w := want[i]
					if s.Kernel != w.k || s.Jaccard != w.j || !reflect.DeepEqual(sorted(s.Shared), w.sharedC) {
						t.Fatalf("similar %s, rank %d: got %s %.4f %v, want %s %.4f %v", k, i+1, s.Kernel, s.Jaccard, s.Shared, w.k, w.j, w.sharedC)
					}
					if len(s.Shared)+len(s.OnlyQuery) != len(faces[k]) || len(s.Shared)+len(s.OnlyThis) != len(faces[s.Kernel]) {
						t.Fatalf("similar %s: %s's differing challenges do not add up", k, s.Kernel)
					}
				}
				checked += len(want)
			}
			if checked == 0 {
				t.Fatal("no kernel is similar to any other: the check checks nothing")
			}
		})
	}
}
