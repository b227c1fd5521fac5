package loaders

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"testing/fstest"

	"rustykg/data"
)

// BenchmarkLoadEmbedded loads and validates the shipped data set.
func BenchmarkLoadEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(data.FS, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadSynth loads synthetic data sets of growing size (see
// synthFiles); ns/byte and the allocated bytes per input byte stay flat
// when loading is linear in the size of the input:
//
//	go test ./loaders -run '^$' -bench BenchmarkLoadSynth -benchtime 3x
func BenchmarkLoadSynth(b *testing.B) {
	for _, n := range []int{1_000, 4_000} {
		fsys, size := synthFS(n, n)
		b.Run(fmt.Sprintf("studies=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size))
			for b.Loop() {
				if _, err := Load(fsys, ""); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(size), "ns/byte")
		})
	}
}

// TestLoadLinear (RUSTYKG_LONG=1): the memory a load allocates per input
// byte does not grow with the size of the data set. Allocation, unlike
// time, does not depend on what else the machine runs.
func TestLoadLinear(t *testing.T) {
	if os.Getenv("RUSTYKG_LONG") == "" {
		t.Skip("a long case: set RUSTYKG_LONG=1")
	}
	perByte := func(n int) float64 {
		fsys, size := synthFS(n, n)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := Load(fsys, ""); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return float64(after.TotalAlloc-before.TotalAlloc) / float64(size)
	}
	small, big := perByte(2_000), perByte(16_000)
	t.Logf("allocated per input byte: %.1f at 2,000 studies, %.1f at 16,000", small, big)
	if big > 1.25*small {
		t.Errorf("allocation per byte grows with size: %.1f -> %.1f", small, big)
	}
}

// synthFS is synthFiles(n, nk) as a file system, with its total size.
func synthFS(n, nk int) (fstest.MapFS, int) {
	fsys, size := fstest.MapFS{}, 0
	for name, b := range synthFiles(n, nk) {
		fsys[name] = &fstest.MapFile{Data: b}
		size += len(b)
	}
	return fsys, size
}
