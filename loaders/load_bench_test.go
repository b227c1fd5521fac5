package loaders

import (
	"testing"

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
