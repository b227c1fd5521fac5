package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
)

// Sentinel errors of the graph package.
var (
	// ErrNotFound: no node has the given ID.
	ErrNotFound = errors.New("not found")
	// ErrUnknownBackend: the store URI names a backend rustykg does not have.
	ErrUnknownBackend = errors.New("unknown store backend")
	// ErrClosed: the graph or store was used after Close.
	ErrClosed = errors.New("store closed")
)

// Store keeps the quads of one graph. It is deliberately small: the graph
// writes a whole data set at once and reads through Cayley's QuadStore
// (paths, Gizmo), so a backend only has to load atomically and expose its
// quad store.
//
// Error contract: Load either stores every quad or returns an error and
// leaves the store as it was (never half-loaded); errors wrap the backend's
// cause with a short context. QuadStore is valid between a successful Load
// and Close. Methods called after Close return ErrClosed (QuadStore
// returns nil).
type Store interface {
	// Load replaces the store's contents with quads, atomically.
	Load(ctx context.Context, quads []quad.Quad) error
	// QuadStore is the Cayley quad store to query.
	QuadStore() cgraph.QuadStore
	// Close releases the store. It is safe to call more than once.
	Close() error
}

// OpenStore opens the store a URI names. "memory" (or "") is Cayley's
// in-memory store, the default; other backends are not built in yet.
func OpenStore(ctx context.Context, uri string) (Store, error) {
	switch {
	case uri == "" || uri == "memory":
		return &memStore{}, nil
	}
	name, _, _ := strings.Cut(uri, ":")
	return nil, fmt.Errorf("%w %q (available: memory)", ErrUnknownBackend, name)
}

// memStore is the Cayley memstore backend.
type memStore struct {
	qs     *memstore.QuadStore
	closed bool
}

func (m *memStore) Load(ctx context.Context, quads []quad.Quad) error {
	if m.closed {
		return ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("load quads: %w", err)
	}
	// Build a new store and swap it in only when complete, so a failure
	// (or cancellation) leaves the old contents.
	m.qs = memstore.New(quads...)
	return nil
}

func (m *memStore) QuadStore() cgraph.QuadStore {
	if m.closed || m.qs == nil {
		return nil
	}
	return m.qs
}

func (m *memStore) Close() error {
	if m.closed {
		return nil
	}
	m.closed = true
	if m.qs != nil {
		return m.qs.Close()
	}
	return nil
}

// Graph is a loaded knowledge graph: a Store plus the ID of the review whose
// tables it reproduces.
type Graph struct {
	store  Store
	review string
}

// Open builds a graph of ds in Cayley's in-memory store.
func Open(ctx context.Context, ds *Dataset) (*Graph, error) {
	st, err := OpenStore(ctx, "memory")
	if err != nil {
		return nil, err
	}
	return New(ctx, st, ds)
}

// New loads ds into st and returns the graph. On error st is closed.
func New(ctx context.Context, st Store, ds *Dataset) (*Graph, error) {
	if err := st.Load(ctx, Quads(ds)); err != nil {
		st.Close()
		return nil, fmt.Errorf("load graph: %w", err)
	}
	return &Graph{store: st, review: ds.Review}, nil
}

// QuadStore is the Cayley quad store, for path and Gizmo queries.
func (g *Graph) QuadStore() cgraph.QuadStore { return g.store.QuadStore() }

// Review is the ID of the data set's review.
func (g *Graph) Review() string { return g.review }

// Close releases the store.
func (g *Graph) Close() error { return g.store.Close() }

// Quads converts a data set into quads, in a deterministic order: node
// facts (no label), then "review includes study" (labelled with the
// review), then one statement per claim labelled with its study, and the
// claim's reified node.
func Quads(ds *Dataset) []quad.Quad {
	var qs []quad.Quad
	add := func(s quad.IRI, p quad.IRI, o quad.Value, label quad.Value) {
		qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: label})
	}
	for _, n := range ds.Nodes {
		s := quad.IRI(n.ID)
		add(s, PredType, n.Kind.Class(), nil)
		if n.Name != "" {
			add(s, PredName, quad.String(n.Name), nil)
		}
		for _, a := range n.Aliases {
			add(s, PredAlias, quad.String(a), nil)
		}
		if n.Description != "" {
			add(s, PredDesc, quad.String(n.Description), nil)
		}
		add(s, PredInReview, quad.Bool(n.InReview), nil)
		for _, a := range n.Attrs {
			add(s, AttrIRI(a.Key), quad.String(a.Value), nil)
		}
		for _, src := range n.Sources {
			add(s, PredSource, quad.IRI(src), nil)
		}
		for _, f := range n.Flags {
			add(s, PredFlag, quad.String(f), nil)
		}
	}
	if ds.Review != "" {
		for _, n := range ds.Nodes {
			if n.Kind == KindStudy && n.InReview {
				add(quad.IRI(ds.Review), RelIncludes.IRI(), quad.IRI(n.ID), quad.IRI(ds.Review))
			}
		}
	}
	for _, c := range ds.Claims {
		label := quad.IRI(c.Study)
		add(quad.IRI(c.Subject), c.Relation.IRI(), quad.IRI(c.Object), label)
		id := quad.IRI(c.ID)
		add(id, PredType, KindClaim.Class(), label)
		add(id, PredClaimSubject, quad.IRI(c.Subject), label)
		add(id, PredClaimPredicate, c.Relation.IRI(), label)
		add(id, PredClaimObject, quad.IRI(c.Object), label)
		add(id, PredClaimStudy, label, label)
		add(id, PredClaimLocator, quad.String(c.Locator), label)
		add(id, PredClaimNote, quad.String(c.Note), label)
		if c.Table != 0 {
			add(id, PredClaimTable, quad.Int(c.Table), label)
		}
		for _, f := range c.Flags {
			add(id, PredFlag, quad.String(f), label)
		}
	}
	return qs
}

// NewFromQuads loads quads as they are into st: any RDF, not only a
// rustykg data set (Cayley's 30kmoviedata, an N-Quads file from elsewhere),
// for raw queries. The graph has no review. On error st is closed.
func NewFromQuads(ctx context.Context, st Store, quads []quad.Quad) (*Graph, error) {
	if err := st.Load(ctx, quads); err != nil {
		st.Close()
		return nil, fmt.Errorf("load quads: %w", err)
	}
	return &Graph{store: st}, nil
}
