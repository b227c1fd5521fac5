package main

import (
	"context"
	"io"
	"testing"
)

// The benchmarks run the whole command in-process, loading included: parse
// the embedded YAML and BibTeX, validate, build the Cayley store, answer.
// For whole-process figures (start-up included) see
// testdata/bench-process.sh.

func benchRun(b *testing.B, args ...string) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if code := Run(context.Background(), args, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

func BenchmarkSharedRedoxTheseus(b *testing.B) { benchRun(b, "shared", "redox", "theseus") }

func BenchmarkTables(b *testing.B) { benchRun(b, "tables") }

func BenchmarkShowLinuxJSON(b *testing.B) { benchRun(b, "show", "linux", "--format", "json") }

// BenchmarkDiffShipped compares the shipped data folder with itself: two
// loads and the comparison (no kernel faces another challenge, so no
// ranking is recomputed); set beside BenchmarkTables (one load).
func BenchmarkDiffShipped(b *testing.B) { benchRun(b, "diff", "../../data", "../../data") }
