package graph

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"time"

	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/encoding/protowire"
)

// The bulk writer fills a new Cayley kv file on bbolt with the keys and
// values Cayley's own writer (kv.QuadStore.ApplyDeltas, one call per batch
// of quads) would leave in it, without reading any of them back.
//
// Cayley's writer looks up every value of a batch by its hash and every
// index key it extends, in a file whose keys are hashes: at 10^5 studies
// each batch of 10,000 quads read pages all over a 2 GB file, and its
// lists of quad IDs per index key were rewritten whole on every batch.
// Here the values' IDs and the index lists are kept in memory while the
// quads stream, the log (primitives keyed by ID, which only grows) is
// appended batch by batch, and the value and index buckets are written
// once at the end in key order, so bbolt only ever appends.
//
// The result is Cayley's, key for key and byte for byte, but for the
// primitives' write times (TestBulkEqualsCayley): IDs are handed out as
// Cayley does (per batch, first the batch's new values in the order of
// their hashes, then its quads in order), a quad already written (in this
// batch or an earlier one) is skipped but still counts as a reference to
// its values, the meta bucket holds the same size and horizon.
//
// Memory: per value its hash, ID and reference count; per quad one entry
// per index and one in the set of quads seen (about 80 bytes a quad with
// Cayley's two default indexes, against the 300 MB of bloom filters its
// writer holds whatever the size).

// errBulkIDs: the literature has more values and quads than the bulk
// writer's 32-bit IDs hold.
var errBulkIDs = errors.New("more than 4,294,967,295 values and quads for one bbolt file")

// bulkNode is what the writer keeps of a value: its ID and how many quad
// directions refer to it (Cayley's refs bucket).
type bulkNode struct {
	id   uint32
	refs uint32
}

// bulkEntry is a quad's key in one index (the IDs of the index's
// directions, in its order) and the quad's ID.
type bulkEntry struct {
	key  [4]uint32
	quad uint32
}

// bulkNew is a value first met in the current batch.
type bulkNew struct {
	hash refs.ValueHash
	val  quad.Value
	refs uint32
}

// boltBulk writes one new file; see above.
type boltBulk struct {
	db      *bolt.DB
	indexes []ckv.QuadIndex
	nodes   map[refs.ValueHash]bulkNode
	quads   map[[4]uint32]struct{}
	entries [][]bulkEntry // per index
	horizon uint64
	size    uint64

	// per batch, reused
	fresh  map[refs.ValueHash]int // index into batchNew
	added  []bulkNew
	hashes [][4]refs.ValueHash
}

// bulkTxPuts is about how many keys one transaction of the final phase
// writes (the batches of the streaming phase follow opts.BatchSize).
const bulkTxPuts = 100_000

// writeBulk writes quads into db, which ckv.Init has just set up (meta,
// log and index buckets, nothing else), in batches of opts.BatchSize
// quads; n is how many quads to expect (a size hint).
func writeBulk(ctx context.Context, db *bolt.DB, quads iter.Seq[quad.Quad], n int, opts LoadOptions) error {
	b := &boltBulk{db: db, nodes: map[refs.ValueHash]bulkNode{}, quads: make(map[[4]uint32]struct{}, n)}
	if err := b.readIndexes(); err != nil {
		return err
	}
	b.entries = make([][]bulkEntry, len(b.indexes))
	for i := range b.entries {
		b.entries[i] = make([]bulkEntry, 0, n)
	}
	err := eachBatch(ctx, quads, opts, func(batch []quad.Quad) error {
		if err := b.db.Update(func(tx *bolt.Tx) error { return b.writeBatch(tx, batch) }); err != nil {
			return err
		}
		trimMapped(b.db)
		return nil
	})
	if err != nil {
		return err
	}
	b.quads = nil // the duplicates check is over
	return b.finish(ctx)
}

// readIndexes reads the quad indexes ckv.Init recorded in the meta bucket.
func (b *boltBulk) readIndexes() error {
	return b.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte("meta"))
		if meta == nil {
			return errors.New("new bbolt file has no meta bucket")
		}
		if err := json.Unmarshal(meta.Get([]byte("indexes")), &b.indexes); err != nil {
			return fmt.Errorf("new bbolt file: read its quad indexes: %w", err)
		}
		if len(b.indexes) == 0 {
			return errors.New("new bbolt file records no quad indexes")
		}
		for _, ind := range b.indexes {
			if len(ind.Dirs) == 0 || len(ind.Dirs) > 4 {
				return fmt.Errorf("new bbolt file: quad index over %d directions", len(ind.Dirs))
			}
		}
		return nil
	})
}

// writeBatch is one ApplyDeltas of Cayley's writer: the batch's new values
// get IDs in the order of their hashes, then its new quads in order.
func (b *boltBulk) writeBatch(tx *bolt.Tx, batch []quad.Quad) error {
	ts := time.Now().UnixNano()
	log := tx.Bucket([]byte("log"))
	if log == nil {
		return errors.New("new bbolt file has no log bucket")
	}
	log.FillPercent = 1 // keys only grow
	if b.fresh == nil {
		b.fresh = map[refs.ValueHash]int{}
	}
	clear(b.fresh)
	b.added = b.added[:0]
	b.hashes = slices.Grow(b.hashes[:0], len(batch))[:len(batch)]
	for i, q := range batch {
		for d, dir := range quad.Directions {
			v := q.Get(dir)
			if v == nil {
				b.hashes[i][d] = refs.ValueHash{}
				continue
			}
			h := refs.HashOf(v)
			b.hashes[i][d] = h
			if n, ok := b.nodes[h]; ok {
				if n.refs == math.MaxUint32 {
					return errBulkIDs
				}
				n.refs++
				b.nodes[h] = n
			} else if j, ok := b.fresh[h]; ok {
				b.added[j].refs++
			} else {
				b.fresh[h] = len(b.added)
				b.added = append(b.added, bulkNew{hash: h, val: v, refs: 1})
			}
		}
	}
	slices.SortFunc(b.added, func(x, y bulkNew) int { return bytes.Compare(x.hash[:], y.hash[:]) })
	for _, a := range b.added {
		id, err := b.nextID()
		if err != nil {
			return err
		}
		val, err := pquads.MarshalValue(a.val)
		if err != nil {
			return fmt.Errorf("value %v: %w", a.val, err)
		}
		b.nodes[a.hash] = bulkNode{id: id, refs: a.refs}
		if err := b.putLog(log, primitive{id: uint64(id), ts: ts, value: val}); err != nil {
			return err
		}
	}
	for i := range batch {
		var key [4]uint32
		for d := range quad.Directions {
			if h := b.hashes[i][d]; h.Valid() {
				key[d] = b.nodes[h].id
			}
		}
		if _, dup := b.quads[key]; dup {
			continue // Cayley skips it (IgnoreDup), its values' refs counted
		}
		b.quads[key] = struct{}{}
		id, err := b.nextID()
		if err != nil {
			return err
		}
		b.size++
		p := primitive{id: uint64(id), ts: ts, dirs: [4]uint64{uint64(key[0]), uint64(key[1]), uint64(key[2]), uint64(key[3])}}
		if err := b.putLog(log, p); err != nil {
			return err
		}
		for x, ind := range b.indexes {
			var e bulkEntry
			for k, dir := range ind.Dirs {
				e.key[k] = key[dirIndex(dir)]
			}
			e.quad = id
			b.entries[x] = append(b.entries[x], e)
		}
	}
	return nil
}

// nextID hands out the next ID (Cayley's "horizon").
func (b *boltBulk) nextID() (uint32, error) {
	if b.horizon >= math.MaxUint32 {
		return 0, errBulkIDs
	}
	b.horizon++
	return uint32(b.horizon), nil
}

// dirIndex is a direction's place in quad.Directions.
func dirIndex(d quad.Direction) int {
	return int(d) - int(quad.Subject)
}

// putLog appends a primitive to the log bucket under its ID.
func (b *boltBulk) putLog(log *bolt.Bucket, p primitive) error {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], p.id)
	// bbolt keeps the slices until the commit: each value its own.
	return log.Put(k[:], p.appendTo(nil))
}

// primitive is Cayley's proto.Primitive as its writer fills it: a value
// (ID, time, value) or a quad (ID, the IDs of its directions, time).
type primitive struct {
	id    uint64
	dirs  [4]uint64 // subject, predicate, object, label
	ts    int64
	value []byte
}

// appendTo appends p's protobuf encoding, as proto.Marshal writes it:
// fields in number order, zero values left out.
func (p primitive) appendTo(buf []byte) []byte {
	varint := func(num protowire.Number, v uint64) {
		if v != 0 {
			buf = protowire.AppendTag(buf, num, protowire.VarintType)
			buf = protowire.AppendVarint(buf, v)
		}
	}
	varint(1, p.id)
	for i, v := range p.dirs {
		varint(protowire.Number(2+i), v)
	}
	varint(7, uint64(p.ts))
	if len(p.value) > 0 {
		buf = protowire.AppendTag(buf, 8, protowire.BytesType)
		buf = protowire.AppendBytes(buf, p.value)
	}
	return buf
}

// finish writes what Cayley's writer keeps up to date on every batch: the
// values' IDs and reference counts (buckets v.. and n.., keyed by hash),
// the index lists and the size and horizon counters.
func (b *boltBulk) finish(ctx context.Context) error {
	hashes := make([]refs.ValueHash, 0, len(b.nodes))
	for h := range b.nodes {
		hashes = append(hashes, h)
	}
	slices.SortFunc(hashes, func(x, y refs.ValueHash) int { return bytes.Compare(x[:], y[:]) })
	for _, prefix := range []byte{'n', 'v'} { // bucket order
		err := b.putSorted(ctx, len(hashes), func(i int) ([]byte, []byte, []byte) {
			h := hashes[i]
			n := b.nodes[h]
			v := uint64(n.refs)
			if prefix == 'v' {
				v = uint64(n.id)
			}
			return []byte{prefix, h[0], h[1]}, h[:], binary.AppendUvarint(nil, v)
		})
		if err != nil {
			return err
		}
	}
	b.nodes = nil
	for x, ind := range b.indexes {
		es := b.entries[x]
		slices.SortFunc(es, func(p, q bulkEntry) int {
			if c := slices.Compare(p.key[:], q.key[:]); c != 0 {
				return c
			}
			return cmp.Compare(p.quad, q.quad)
		})
		bucket := make([]byte, len(ind.Dirs))
		for i, d := range ind.Dirs {
			bucket[i] = d.Prefix()
		}
		// Group the entries by key: one list per key.
		var starts []int
		for i := range es {
			if i == 0 || es[i].key != es[i-1].key {
				starts = append(starts, i)
			}
		}
		nd := len(ind.Dirs)
		err := b.putSorted(ctx, len(starts), func(i int) ([]byte, []byte, []byte) {
			end := len(es)
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			key := make([]byte, 8*nd)
			for k := range nd {
				binary.BigEndian.PutUint64(key[8*k:], uint64(es[starts[i]].key[k]))
			}
			val := make([]byte, 0, 5*(end-starts[i]))
			for _, e := range es[starts[i]:end] {
				val = binary.AppendUvarint(val, uint64(e.quad))
			}
			return bucket, key, val
		})
		if err != nil {
			return err
		}
		b.entries[x] = nil
	}
	return b.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte("meta"))
		for _, c := range []struct {
			key string
			n   uint64
		}{{"size", b.size}, {"horizon", b.horizon}} {
			if c.n == 0 {
				continue // Cayley writes a counter on its first increment
			}
			if err := meta.Put([]byte(c.key), binary.LittleEndian.AppendUint64(nil, c.n)); err != nil {
				return err
			}
		}
		return nil
	})
}

// putSorted writes n keys, given in bucket and key order by kv(i), in
// transactions of about bulkTxPuts keys, creating the buckets as it goes.
func (b *boltBulk) putSorted(ctx context.Context, n int, kv func(i int) (bucket, key, val []byte)) error {
	for start := 0; start < n; start += bulkTxPuts {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := min(start+bulkTxPuts, n)
		err := b.db.Update(func(tx *bolt.Tx) error {
			var name []byte
			var bk *bolt.Bucket
			for i := start; i < end; i++ {
				bn, k, v := kv(i)
				if bk == nil || !bytes.Equal(bn, name) {
					var err error
					if bk, err = tx.CreateBucketIfNotExists(bn); err != nil {
						return fmt.Errorf("bucket %q: %w", bn, err)
					}
					bk.FillPercent = 1
					name = bn
				}
				if err := bk.Put(k, v); err != nil {
					return fmt.Errorf("bucket %q: %w", bn, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		trimMapped(b.db)
	}
	return nil
}
