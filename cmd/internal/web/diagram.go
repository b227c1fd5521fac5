package web

import (
	"container/list"
	"context"
	"fmt"
	"html/template"
	"sync"
	"time"

	"rustykg/graph/viz"
)

// diagram is what a page shows where a picture goes: the sanitised SVG,
// or a note saying why there is none.
type diagram struct {
	SVG  template.HTML // from sanitizeSVG only
	Note string
}

// maxSVG is the largest picture the explorer inlines.
const maxSVG = 8 << 20

// failedFor is how long a failed rendering is remembered, so a broken or
// slow renderer costs one wait per selection, not one per request.
const failedFor = time.Minute

// diagramCache renders diagrams once per selection and keeps the last
// max of them (least recently used goes first). Concurrent requests for
// the same selection wait on one rendering; renderings run one at a time
// (go-graphviz shares one WASM module, dot is CPU-bound on a small
// machine) and each is bounded by timeout.
type diagramCache struct {
	r       viz.Renderer
	none    string
	max     int
	timeout time.Duration
	sem     chan struct{}

	mu      sync.Mutex
	order   *list.List // of *cacheEntry, most recent first
	entries map[string]*list.Element
}

type cacheEntry struct {
	key   string
	done  chan struct{} // closed when d is set
	d     diagram
	until time.Time // for a failure: when to try again
}

func newDiagramCache(r viz.Renderer, none string, max int, timeout time.Duration) *diagramCache {
	if none == "" {
		none = "no renderer is configured"
	}
	return &diagramCache{r: r, none: none, max: max, timeout: timeout, sem: make(chan struct{}, 1),
		order: list.New(), entries: map[string]*list.Element{}}
}

// get returns the diagram of the selection key, built by build and drawn
// by the renderer on first use. A request whose ctx ends first gets a
// note; the rendering goes on and serves the next request.
func (c *diagramCache) get(ctx context.Context, key string, build func(context.Context) (*viz.Diagram, error)) diagram {
	if c.r == nil {
		return diagram{Note: "Diagrams are off: " + c.none + "."}
	}
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*cacheEntry)
		select {
		case <-e.done:
			if !e.until.IsZero() && time.Now().After(e.until) {
				c.order.Remove(el)
				delete(c.entries, key)
				break
			}
			c.order.MoveToFront(el)
			c.mu.Unlock()
			return e.d
		default:
			c.mu.Unlock()
			return c.wait(ctx, e)
		}
	}
	e := &cacheEntry{key: key, done: make(chan struct{})}
	c.entries[key] = c.order.PushFront(e)
	// Evict the least recently used finished entries; one still being
	// drawn stays (its waiters hold it), so the cache may run over max
	// while renderings are in flight.
	for el := c.order.Back(); el != nil && c.order.Len() > c.max; {
		prev := el.Prev()
		old := el.Value.(*cacheEntry)
		select {
		case <-old.done:
			c.order.Remove(el)
			delete(c.entries, old.key)
		default:
		}
		el = prev
	}
	c.mu.Unlock()
	go c.render(e, build)
	return c.wait(ctx, e)
}

func (c *diagramCache) wait(ctx context.Context, e *cacheEntry) diagram {
	select {
	case <-e.done:
		return e.d
	case <-ctx.Done():
		return diagram{Note: "The diagram is still being drawn; reload the page in a moment."}
	}
}

// render draws e's diagram, detached from any one request.
func (c *diagramCache) render(e *cacheEntry, build func(context.Context) (*viz.Diagram, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	d, err := c.draw(ctx, build)
	c.mu.Lock()
	if err != nil {
		e.d = diagram{Note: "No diagram: " + err.Error()}
		e.until = time.Now().Add(failedFor)
	} else {
		e.d = d
	}
	close(e.done)
	c.mu.Unlock()
}

func (c *diagramCache) draw(ctx context.Context, build func(context.Context) (*viz.Diagram, error)) (diagram, error) {
	select {
	case c.sem <- struct{}{}:
		defer func() { <-c.sem }()
	case <-ctx.Done():
		return diagram{}, fmt.Errorf("waited too long for the renderer: %w", ctx.Err())
	}
	d, err := build(ctx)
	if err != nil {
		return diagram{}, err
	}
	svg, err := viz.Picture(ctx, c.r, d, "svg", viz.Options{NodeURL: nodeURL})
	if err != nil {
		return diagram{}, err
	}
	if len(svg) > maxSVG {
		return diagram{}, fmt.Errorf("the picture is %d bytes, over the %d the explorer shows", len(svg), maxSVG)
	}
	clean, err := sanitizeSVG(svg)
	if err != nil {
		return diagram{}, err
	}
	return diagram{SVG: clean}, nil
}
