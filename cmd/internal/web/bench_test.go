package web

import (
	"net/http"
	"testing"
)

// BenchmarkPages serves the main pages in process on the built-in data
// set, diagrams off (they are cached per selection: a page pays for its
// drawing once). go test ./cmd/internal/web -run '^$' -bench Pages
func BenchmarkPages(b *testing.B) {
	h := handler(b, catalog(b, ""), nil)
	for _, target := range []string{"/", "/node/kernel:tock", "/node/study:ayers2022tighten", "/shared?k=tock&k=redleaf", "/shared?c=panics", "/matrix", "/gaps"} {
		b.Run(target, func(b *testing.B) {
			for b.Loop() {
				if w := get(h, http.MethodGet, target); w.Code != http.StatusOK {
					b.Fatalf("%s: %d", target, w.Code)
				}
			}
		})
	}
}
