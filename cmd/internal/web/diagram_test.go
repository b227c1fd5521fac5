package web

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"rustykg/graph/viz"
)

// counting counts the renderings of the renderer it wraps.
type counting struct {
	viz.Renderer
	n atomic.Int32
}

func (c *counting) Render(ctx context.Context, src []byte, format, layout string) ([]byte, error) {
	c.n.Add(1)
	return c.Renderer.Render(ctx, src, format, layout)
}

// TestDiagramCache checks that a selection is rendered once however many
// requests ask for it at once, and that the cache keeps at most
// CacheEntries pictures, the least recently used going first.
func TestDiagramCache(t *testing.T) {
	t.Parallel()
	r := &counting{Renderer: nativeDot(t)}
	h, err := New(Config{Catalog: catalog(t, ""), Renderer: r, CacheEntries: 2, Source: "built-in"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if w := get(h, http.MethodGet, "/node/kernel:tock"); !strings.Contains(w.Body.String(), "<svg") {
				t.Errorf("/node/kernel:tock: no diagram")
			}
		}()
	}
	wg.Wait()
	if n := r.n.Load(); n != 1 {
		t.Errorf("8 requests for one diagram rendered it %d times, want 1", n)
	}
	for _, p := range []string{"/node/kernel:redox", "/node/kernel:linux", "/node/kernel:tock"} {
		get(h, http.MethodGet, p)
	}
	if n := r.n.Load(); n != 4 {
		t.Errorf("after 3 more selections with room for 2: %d renderings, want 4 (tock drawn again)", n)
	}
	get(h, http.MethodGet, "/node/kernel:linux")
	if n := r.n.Load(); n != 4 {
		t.Errorf("a cached selection was drawn again: %d renderings, want 4", n)
	}
}

// stuck is a renderer that never finishes before its context ends, as a
// hung Graphviz would.
type stuck struct{ calls atomic.Int32 }

func (s *stuck) Name() string { return "stuck" }

func (s *stuck) Render(ctx context.Context, _ []byte, _, _ string) ([]byte, error) {
	s.calls.Add(1)
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestDiagramTimeout checks that a renderer that hangs costs one wait of
// RenderTimeout: the page is served with a note, and the next request
// for the same selection does not wait again.
func TestDiagramTimeout(t *testing.T) {
	t.Parallel()
	s := &stuck{}
	h, err := New(Config{Catalog: catalog(t, ""), Renderer: s, RenderTimeout: 100 * time.Millisecond, Source: "built-in"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	w := get(h, http.MethodGet, "/node/kernel:tock")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "No diagram: ") {
		t.Fatalf("with a hung renderer: %d, no note", w.Code)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the page took %v with a 100ms render bound", d)
	}
	w = get(h, http.MethodGet, "/node/kernel:tock")
	if !strings.Contains(w.Body.String(), "No diagram: ") || s.calls.Load() != 1 {
		t.Errorf("the failed rendering was retried at once (%d calls)", s.calls.Load())
	}
}

// TestWarm checks that Warm draws a page's diagram before any request,
// and that the page then uses it.
func TestWarm(t *testing.T) {
	t.Parallel()
	r := &counting{Renderer: nativeDot(t)}
	h, err := New(Config{Catalog: catalog(t, ""), Renderer: r, Source: "built-in"})
	if err != nil {
		t.Fatal(err)
	}
	h.Warm(context.Background())
	if n := r.n.Load(); n != 1 {
		t.Fatalf("Warm rendered %d diagrams, want 1", n)
	}
	first := h.cfg.Catalog.IDs("kernel")[0]
	if w := get(h, http.MethodGet, nodeURL(first)); !strings.Contains(w.Body.String(), "<svg") || r.n.Load() != 1 {
		t.Errorf("%s after Warm: diagram drawn again (%d renderings)", first, r.n.Load())
	}
}
