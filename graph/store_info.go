package graph

import (
	"context"
	"fmt"
	"strconv"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/quad"
)

// StoreInfo is the record a store keeps of what it holds, written in the
// same transaction as the data set (as quads of its own, labelled
// <rkg:store>, so every backend keeps it without a side table):
//
//	<rkg:store> <rkg:schemaVersion> "1"^^<xsd:integer> <rkg:store>
//	<rkg:store> <rkg:contentHash>   "sha256:…"         <rkg:store>
//	<rkg:store> <rkg:review>        <review:…>         <rkg:store>
//	<rkg:store> <rkg:quadCount>     "2030"^^<…>        <rkg:store>
//
// Raw queries see these four quads; the named queries never do.
type StoreInfo struct {
	Schema      int    `json:"schema"`
	ContentHash string `json:"content_hash"`
	Review      string `json:"review"`
	Quads       int    `json:"quads"` // the data set's quads, the record not counted
}

// The store record's vocabulary.
const (
	storeNode        = quad.IRI("rkg:store")
	predSchema       = quad.IRI("rkg:schemaVersion")
	predContentHash  = quad.IRI("rkg:contentHash")
	predStoreReview  = quad.IRI("rkg:review")
	predStoreQuadNum = quad.IRI("rkg:quadCount")
)

// quads is the record as quads.
func (i StoreInfo) quads() []quad.Quad {
	q := func(p quad.IRI, o quad.Value) quad.Quad {
		return quad.Quad{Subject: storeNode, Predicate: p, Object: o, Label: storeNode}
	}
	out := []quad.Quad{
		q(predSchema, quad.Int(i.Schema)),
		q(predContentHash, quad.String(i.ContentHash)),
		q(predStoreQuadNum, quad.Int(i.Quads)),
	}
	if i.Review != "" {
		out = append(out, q(predStoreReview, quad.IRI(i.Review)))
	}
	return out
}

// IsRecord reports whether q belongs to the store record rather than to
// the data set.
func IsRecord(q quad.Quad) bool { return q.Label == storeNode }

// readInfo reads the store record of qs.
func readInfo(ctx context.Context, qs cgraph.QuadStore) (StoreInfo, error) {
	var info StoreInfo
	ref, err := cgraph.RefsOf(ctx, qs, []quad.Value{storeNode})
	if err != nil || len(ref) == 0 || ref[0] == nil {
		return info, ErrEmptyStore
	}
	found := false
	err = iterator.Iterate(ctx, qs.QuadIterator(quad.Subject, ref[0])).Each(func(r cgraph.Ref) error {
		q, err := qs.Quad(r)
		if err != nil {
			return err
		}
		switch q.Predicate {
		case predSchema:
			found = true
			info.Schema = intValue(q.Object)
		case predContentHash:
			info.ContentHash = literal(q.Object)
		case predStoreReview:
			info.Review = literal(q.Object)
		case predStoreQuadNum:
			info.Quads = intValue(q.Object)
		}
		return nil
	})
	if err != nil {
		return info, fmt.Errorf("read store record: %w", err)
	}
	if !found {
		return info, ErrEmptyStore
	}
	return info, nil
}

func intValue(v quad.Value) int {
	switch x := v.(type) {
	case quad.Int:
		return int(x)
	case quad.String:
		n, _ := strconv.Atoi(string(x))
		return n
	}
	return 0
}

// Attach opens the graph a persistent store already holds (written by
// import). It fails with ErrEmptyStore when nothing was imported, with
// ErrNewerSchema when a newer rustykg wrote the store and with
// ErrOldSchema when an older one did (its stores have no read index). On
// error st is closed.
func Attach(ctx context.Context, st Store) (*Graph, error) {
	fail := func(err error) (*Graph, error) {
		st.Close()
		return nil, err
	}
	if is, ok := indexedOf(st); ok {
		x, found, err := is.openIndex(ctx)
		if err != nil {
			return fail(err)
		}
		if found {
			info, ok, err := x.info(ctx)
			if err == nil && !ok {
				err = ErrEmptyStore
			}
			if err == nil && info.Schema > SchemaVersion {
				err = fmt.Errorf("%w: the store has schema version %d, this rustykg reads up to %d; upgrade rustykg or re-import with --replace",
					ErrNewerSchema, info.Schema, SchemaVersion)
			}
			if err == nil && info.Schema < SchemaVersion {
				err = oldSchema(st.URI(), info.Schema)
			}
			if err != nil {
				x.close()
				return fail(fmt.Errorf("%s: %w", st.URI(), err))
			}
			return &Graph{store: st, review: info.Review, info: info, ix: x}, nil
		}
	}
	// No index: nothing imported, or an older rustykg's store.
	qs := st.QuadStore()
	if qs == nil {
		return fail(fmt.Errorf("%s: %w (run rustykg import --store %s first)", st.URI(), ErrEmptyStore, st.URI()))
	}
	info, err := readInfo(ctx, qs)
	if err != nil {
		return fail(fmt.Errorf("%s: %w (run rustykg import --store %s first)", st.URI(), err, st.URI()))
	}
	if info.Schema > SchemaVersion {
		return fail(fmt.Errorf("%s: %w: the store has schema version %d, this rustykg reads up to %d; upgrade rustykg or re-import with --replace",
			st.URI(), ErrNewerSchema, info.Schema, SchemaVersion))
	}
	return fail(fmt.Errorf("%s: %w", st.URI(), oldSchema(st.URI(), info.Schema)))
}

// oldSchema is the error for a store an older rustykg wrote, naming the
// way out.
func oldSchema(uri string, schema int) error {
	return fmt.Errorf("%w: the store has schema version %d, this rustykg reads version %d (quads with a read index beside them); import the data set again: rustykg import --replace --data DIR --store %s",
		ErrOldSchema, schema, SchemaVersion, uri)
}
