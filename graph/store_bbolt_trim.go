package graph

import (
	"context"

	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"
)

// trimKV is the key-value layer Cayley's writer gets for the new file of
// a load: bbolt's own, trimming the mapped file (trimMapped) every
// trimEvery reads and writes. Cayley's writes land on random keys (values
// are keyed by hash), so a batch of 10,000 quads reads a large part of the
// file (about 40% at 10^5 studies), and the pages read would otherwise
// stay resident until the file is closed.
type trimKV struct {
	db  *hbolt.DB
	ops int
}

// trimEvery is how many reads and writes pass between two looks at the
// resident file-backed memory (a read of /proc/self/statm).
const trimEvery = 4096

func newTrimKV(db *bolt.DB) *trimKV { return &trimKV{db: hbolt.New(db)} }

// Close leaves the file open: the load writes the read index into it and
// closes it (build).
func (t *trimKV) Close() error { return nil }

func (t *trimKV) Tx(ctx context.Context, rw bool) (hkv.Tx, error) {
	tx, err := t.db.Tx(ctx, rw)
	if err != nil {
		return nil, err
	}
	return &trimTx{Tx: tx, kv: t}, nil
}

func (t *trimKV) View(ctx context.Context, fn func(tx hkv.Tx) error) error {
	return hkv.View(ctx, t, fn)
}

func (t *trimKV) Update(ctx context.Context, fn func(tx hkv.Tx) error) error {
	return hkv.Update(ctx, t, fn)
}

// trimTx is a transaction of a trimKV.
type trimTx struct {
	hkv.Tx
	kv *trimKV
}

// count counts n reads or writes, trimming the mapped file after every
// trimEvery of them.
func (t *trimTx) count(n int) {
	t.kv.ops += n
	if t.kv.ops >= trimEvery {
		t.kv.ops = 0
		trimMapped(t.kv.db.DB())
	}
}

func (t *trimTx) Get(ctx context.Context, k hkv.Key) (hkv.Value, error) {
	t.count(1)
	return t.Tx.Get(ctx, k)
}

func (t *trimTx) GetBatch(ctx context.Context, keys []hkv.Key) ([]hkv.Value, error) {
	t.count(len(keys))
	return t.Tx.GetBatch(ctx, keys)
}

func (t *trimTx) Put(ctx context.Context, k hkv.Key, v hkv.Value) error {
	t.count(1)
	return t.Tx.Put(ctx, k, v)
}
