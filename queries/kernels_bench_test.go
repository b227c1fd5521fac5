package queries

import (
	"context"
	"fmt"
	"testing"

	"rustykg/graph"
)

// BenchmarkKernels lists the kernels of synthetic graphs of growing size
// (n studies, n/10 kernels, about 3.5 claims a study) two ways, side by
// side: "scan", as Kernels does, reading every claim once; and
// "per-kernel", two filtered claim queries per kernel, as Kernels did
// before. ns/claim stays flat for "scan"; "per-kernel" costs kernels x
// claims in all:
//
//	go test ./queries -run '^$' -bench BenchmarkKernels -benchtime 3x
func BenchmarkKernels(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{2_000, 8_000} {
		ds, cat := synthCatalog(b, n)
		perClaim := func(b *testing.B) {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(ds.Claims)), "ns/claim")
		}
		b.Run(fmt.Sprintf("scan/studies=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Kernels(ctx, cat, "", ""); err != nil {
					b.Fatal(err)
				}
			}
			perClaim(b)
		})
		b.Run(fmt.Sprintf("per-kernel/studies=%d", n), func(b *testing.B) {
			for b.Loop() {
				for _, id := range cat.IDs(graph.KindKernel) {
					if _, err := kernelRow(ctx, cat, id); err != nil {
						b.Fatal(err)
					}
				}
			}
			perClaim(b)
		})
	}
}
