package graph

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
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
	// ErrEmptyStore: a persistent store holds no data set yet (nothing was
	// imported into it).
	ErrEmptyStore = errors.New("store holds no data set")
	// ErrNewerSchema: the store was written by a newer rustykg, whose
	// layout this one cannot read.
	ErrNewerSchema = errors.New("store written by a newer schema")
	// ErrStoreBusy: another import into the same store is running.
	ErrStoreBusy = errors.New("store busy")
	// ErrStoreURI: the store URI is malformed.
	ErrStoreURI = errors.New("bad store URI")
	// ErrOldSchema: the store was written by an older rustykg, whose
	// layout this one no longer reads; import it again.
	ErrOldSchema = errors.New("store written by an older schema")
	// ErrNoIndex: the graph has no read index (raw RDF loaded with
	// NewFromQuads): only its quads can be queried.
	ErrNoIndex = errors.New("graph has no read index")
	// ErrInvalidQuad: a quad to store lacks its subject, predicate or
	// object.
	ErrInvalidQuad = errors.New("quad lacks subject, predicate or object")
)

// SchemaVersion is the layout of what rustykg writes into a store: the
// quads (vocabulary, reified claims, the store record) and, from version 2
// on, the read index beside them (index_build.go; version 3 added its
// faces bucket, version 4 the claims in the role entries and the ref
// bucket). A store records the version that wrote it; a newer one is
// refused, an older one too (it has no index, or an index without what
// this version reads): both name the way out (upgrade, or import again).
const SchemaVersion = 4

// Store keeps the quads of one graph. It is deliberately small: the graph
// writes a whole data set at once and reads through Cayley's QuadStore
// (paths, Gizmo), so a backend only has to load atomically and expose its
// quad store.
//
// Error contract: Load either stores every quad or returns an error and
// leaves the store as it was (never half-loaded, also when the process is
// killed during it); errors wrap the backend's cause with a short context.
// QuadStore is nil until the store holds contents (a persistent store
// opened after an import holds them at once) and after Close. Methods
// called after Close return ErrClosed.
type Store interface {
	// Load replaces the store's contents with quads, atomically.
	Load(ctx context.Context, quads []quad.Quad, opts LoadOptions) error
	// QuadStore is the Cayley quad store to query, or nil when empty.
	QuadStore() cgraph.QuadStore
	// URI is the store's address as OpenStore took it (without secrets).
	URI() string
	// Close releases the store. It is safe to call more than once.
	Close() error
}

// LoadOptions tune Load. The zero value is fine.
type LoadOptions struct {
	// BatchSize is the number of quads written per transaction
	// (DefaultBatchSize when 0). Persistent stores only; PostgreSQL
	// writes with one COPY per table and reports progress every
	// BatchSize quads.
	BatchSize int
	// Progress, when set, is called after each batch with the number of
	// quads written so far.
	Progress func(written int)

	// ContentHash and Quads, when ContentHash is set, are what
	// ContentHashCount returns for the data set NewWith loads, which then
	// does not hash it again.
	ContentHash string
	Quads       int

	// index is the read index to write in the same atomic load (a
	// persistent store; NewWith sets it).
	index *indexSource
}

// DefaultBatchSize is the number of quads a persistent store writes per
// transaction (see docs/benchmarks.md for the measurements behind it).
const DefaultBatchSize = 10000

// Backends lists the store URIs OpenStore takes, for help and errors.
const Backends = "memory, bbolt:PATH, postgres://..., cockroach://..."

// OpenStore opens the store a URI names, through Cayley's backend
// registry:
//
//	memory                     Cayley's in-memory store (the default, "")
//	bbolt:PATH                 a bbolt file in the folder PATH (Cayley's graph/kv/bbolt)
//	postgres://USER@HOST/DB    PostgreSQL (Cayley's graph/sql/postgres)
//	cockroach://USER@HOST/DB   CockroachDB (Cayley's graph/sql/cockroach)
//
// Opening does not load anything: a persistent store opens with the
// contents a previous Load left (check with QuadStore() != nil), memory
// opens empty.
func OpenStore(ctx context.Context, uri string) (Store, error) {
	switch {
	case uri == "" || uri == "memory":
		return &memStore{}, nil
	case strings.HasPrefix(uri, "bbolt:"):
		return openBolt(ctx, strings.TrimPrefix(uri, "bbolt:"))
	case strings.HasPrefix(uri, "postgres://"), strings.HasPrefix(uri, "postgresql://"):
		return openSQL(ctx, sqlPostgres, uri)
	case strings.HasPrefix(uri, "cockroach://"):
		return openSQL(ctx, sqlCockroach, uri)
	}
	name, _, _ := strings.Cut(uri, ":")
	return nil, fmt.Errorf("%w %q (available: %s)", ErrUnknownBackend, name, Backends)
}

// memStore is Cayley's memstore, opened by name from its registry.
type memStore struct {
	qs     cgraph.QuadStore
	closed bool
}

func (m *memStore) Load(ctx context.Context, quads []quad.Quad, opts LoadOptions) error {
	if m.closed {
		return ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("load quads: %w", err)
	}
	// Build a new store and swap it in only when complete, so a failure
	// (or cancellation) leaves the old contents.
	qs, err := cgraph.NewQuadStore("memstore", "", nil)
	if err != nil {
		return fmt.Errorf("open memstore: %w", err)
	}
	if err := writeMemory(ctx, qs, quads, opts); err != nil {
		qs.Close()
		return fmt.Errorf("load quads: %w", err)
	}
	if m.qs != nil {
		m.qs.Close()
	}
	m.qs = qs
	return nil
}

func (m *memStore) QuadStore() cgraph.QuadStore {
	if m.closed || m.qs == nil {
		return nil
	}
	return m.qs
}

func (m *memStore) URI() string { return "memory" }

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

// Graph is a loaded knowledge graph: a Store plus the record of what it
// holds (the review whose tables it reproduces, the content hash) and its
// read index, which the named queries read (index.go). A graph on a memory
// store builds the index from the data set and loads the quads into
// Cayley's memstore only when something asks for them (QuadStore: raw
// queries, exports), so a named query never pays for the memstore.
type Graph struct {
	store  Store
	review string
	info   StoreInfo
	ix     *Index
	// ds is the data set of a memory store, whose record (the content
	// hash) is computed on first use: hashing costs as much as a third of
	// the load, and most commands never ask.
	ds       *Dataset
	infoOnce sync.Once
	// qsOnce loads ds into the memory store on first use.
	qsOnce sync.Once
	qsErr  error
	closed bool
}

// indexedStore is a persistent store that keeps a read index beside its
// quads (written by Load when LoadOptions carry one).
type indexedStore interface {
	// openIndex opens the index of the current contents, or returns
	// ok false when they have none.
	openIndex(ctx context.Context) (x *Index, ok bool, err error)
}

// Open builds a graph of ds in Cayley's in-memory store.
func Open(ctx context.Context, ds *Dataset) (*Graph, error) {
	st, err := OpenStore(ctx, "memory")
	if err != nil {
		return nil, err
	}
	return New(ctx, st, ds)
}

// New loads ds into st (replacing what it held) and returns the graph.
// On error st is closed.
func New(ctx context.Context, st Store, ds *Dataset) (*Graph, error) {
	return NewWith(ctx, st, ds, LoadOptions{})
}

// NewWith is New with load options (batch size, progress).
//
// A persistent store gets the record (schema version, content hash) and
// the read index in the same atomic load; a memory store, which nothing
// reopens, keeps the data set and builds its index in the process.
func NewWith(ctx context.Context, st Store, ds *Dataset, opts LoadOptions) (*Graph, error) {
	g := &Graph{store: st, review: ds.Review}
	if st.URI() == "memory" {
		if err := ctx.Err(); err != nil {
			st.Close()
			return nil, fmt.Errorf("load graph: %w", err)
		}
		g.ds = ds
		g.ix = &Index{kv: memKV{buildIndex(ds, nil)}}
		return g, nil
	}
	// A persistent store gets the quads one batch at a time: one pass for
	// the record (count, hash), one to write.
	hash, n := opts.ContentHash, opts.Quads
	if hash == "" {
		hash, n = hashSeq(QuadSeq(ds))
	}
	g.info = StoreInfo{Schema: SchemaVersion, Review: ds.Review, ContentHash: hash, Quads: n}
	rec := g.info.quads()
	opts.index = &indexSource{ds: ds, meta: storeMeta(g.info)}
	all := func(yield func(quad.Quad) bool) {
		for q := range QuadSeq(ds) {
			if !yield(q) {
				return
			}
		}
		for _, q := range rec {
			if !yield(q) {
				return
			}
		}
	}
	if err := loadSeq(ctx, st, all, n+len(rec), opts); err != nil {
		st.Close()
		return nil, fmt.Errorf("load graph: %w", err)
	}
	if err := g.attachIndex(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return g, nil
}

// attachIndex opens the index of g's persistent store.
func (g *Graph) attachIndex(ctx context.Context) error {
	is, ok := indexedOf(g.store)
	if !ok {
		return fmt.Errorf("%s: %w", g.store.URI(), ErrNoIndex)
	}
	x, found, err := is.openIndex(ctx)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("%s: %w", g.store.URI(), ErrNoIndex)
	}
	g.ix = x
	return nil
}

// index is the graph's read index.
func (g *Graph) index() (*Index, error) {
	if g.closed {
		return nil, ErrClosed
	}
	if g.ix == nil {
		return nil, ErrNoIndex
	}
	return g.ix, nil
}

// QuadStore is the Cayley quad store, for raw queries and exports; on a
// memory graph the first call loads the quads (nil when that fails or the
// graph is closed).
func (g *Graph) QuadStore() cgraph.QuadStore {
	qs, _ := g.quadStore()
	return qs
}

// quadStore is QuadStore with the error of a failed load.
func (g *Graph) quadStore() (cgraph.QuadStore, error) {
	if g.closed {
		return nil, ErrClosed
	}
	if g.ds != nil {
		g.qsOnce.Do(func() {
			g.qsErr = g.store.Load(context.Background(), Quads(g.ds), LoadOptions{})
		})
		if g.qsErr != nil {
			return nil, g.qsErr
		}
	}
	qs := g.store.QuadStore()
	if qs == nil {
		return nil, ErrClosed
	}
	return qs, nil
}

// seqLoader is a store that takes its quads as a stream (bbolt and SQL:
// they write in batches anyway).
type seqLoader interface {
	loadSeq(ctx context.Context, quads iter.Seq[quad.Quad], n int, opts LoadOptions) error
}

// loadSeq streams n quads into st, or collects them for a store that
// needs a slice.
func loadSeq(ctx context.Context, st Store, quads iter.Seq[quad.Quad], n int, opts LoadOptions) error {
	if sl, ok := st.(seqLoader); ok {
		return sl.loadSeq(ctx, quads, n, opts)
	}
	return st.Load(ctx, slices.AppendSeq(make([]quad.Quad, 0, n), quads), opts)
}

// Review is the ID of the data set's review.
func (g *Graph) Review() string { return g.review }

// Info is the record of what the graph's store holds.
func (g *Graph) Info() StoreInfo {
	g.infoOnce.Do(func() {
		if g.ds != nil {
			hash, n := hashSeq(QuadSeq(g.ds))
			g.info = StoreInfo{Schema: SchemaVersion, Review: g.ds.Review, ContentHash: hash, Quads: n}
		}
	})
	return g.info
}

// Close releases the store and the index.
func (g *Graph) Close() error {
	if g.closed {
		return nil
	}
	g.closed = true
	err := g.store.Close()
	if g.ix != nil {
		err = errors.Join(err, g.ix.close())
	}
	return err
}

// URI is the address of the graph's store.
func (g *Graph) URI() string { return g.store.URI() }

// Quads converts a data set into quads, in a deterministic order: node
// facts (no label), then "review includes study" (labelled with the
// review), then one statement per claim labelled with its study, and the
// claim's reified node. QuadSeq yields the same quads one at a time.
func Quads(ds *Dataset) []quad.Quad {
	qs := make([]quad.Quad, 0, 8*len(ds.Nodes)+9*len(ds.Claims))
	for q := range QuadSeq(ds) {
		qs = append(qs, q)
	}
	return qs
}

// QuadSeq yields the quads of a data set in Quads' order without holding
// them: an import streams them to the store (a slice of a large data set
// costs about 110 bytes a quad).
func QuadSeq(ds *Dataset) iter.Seq[quad.Quad] {
	return func(yield func(quad.Quad) bool) {
		ok := true
		add := func(s quad.IRI, p quad.IRI, o quad.Value, label quad.Value) {
			ok = ok && yield(quad.Quad{Subject: s, Predicate: p, Object: o, Label: label})
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
			if !ok {
				return
			}
		}
		if ds.Review != "" {
			for _, n := range ds.Nodes {
				if n.Kind == KindStudy && n.InReview {
					add(quad.IRI(ds.Review), RelIncludes.IRI(), quad.IRI(n.ID), quad.IRI(ds.Review))
				}
				if !ok {
					return
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
			if !ok {
				return
			}
		}
	}
}

// NewFromQuads loads quads as they are into st: any RDF, not only a
// rustykg data set (Cayley's 30kmoviedata, an N-Quads file from elsewhere),
// for raw queries. The graph has no review. On error st is closed.
func NewFromQuads(ctx context.Context, st Store, quads []quad.Quad) (*Graph, error) {
	if err := st.Load(ctx, quads, LoadOptions{}); err != nil {
		st.Close()
		return nil, fmt.Errorf("load quads: %w", err)
	}
	return &Graph{store: st}, nil
}
