package graph

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A bbolt store keeps its read index in buckets of its own ("rkg.node",
// ...) in the same file as Cayley's, written into the new file before the
// rename that commits a load, so the quads and their index are replaced
// together. Cayley's kv layer reads only its own buckets.

const boltIndexPrefix = "rkg."

// boltIndexBatch is the number of entries written per bbolt transaction.
const boltIndexBatch = 50000

// writeBoltIndex writes the read index into db, in key order with full
// pages (keys arrive sorted, so pages need no room for later inserts).
func writeBoltIndex(ctx context.Context, db *bolt.DB, src *indexSource) error {
	for _, name := range indexBuckets {
		es := src.bucket(name)
		for start := 0; start == 0 || start < len(es); start += boltIndexBatch {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("write index: %w", err)
			}
			err := db.Update(func(tx *bolt.Tx) error {
				b, err := tx.CreateBucketIfNotExists([]byte(boltIndexPrefix + name))
				if err != nil {
					return err
				}
				b.FillPercent = 1
				for _, e := range es[start:min(start+boltIndexBatch, len(es))] {
					v := e.v
					if v == nil {
						v = []byte{}
					}
					if err := b.Put(e.k, v); err != nil {
						return fmt.Errorf("%s %q: %w", name, e.k, err)
					}
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("write index: %w", err)
			}
			trimMapped(db)
		}
	}
	return nil
}

// openIndex opens the index of the current file read-only (a handle of
// its own: Cayley's is opened only when the quads are asked for).
func (s *boltStore) openIndex(context.Context) (*Index, bool, error) {
	path := filepath.Join(s.dir, boltFile)
	if _, err := os.Stat(path); err != nil {
		return nil, false, nil
	}
	db, err := bolt.Open(path, 0o444, &bolt.Options{ReadOnly: true, Timeout: 10 * time.Second})
	if err != nil {
		return nil, false, fmt.Errorf("open bbolt store %s: %w", s.dir, err)
	}
	found := false
	db.View(func(tx *bolt.Tx) error {
		found = tx.Bucket([]byte(boltIndexPrefix+bucketMeta)) != nil
		return nil
	})
	if !found {
		db.Close()
		return nil, false, nil
	}
	return &Index{kv: boltKV{db}}, true, nil
}

// boltKV reads the index buckets of a bbolt file.
type boltKV struct{ db *bolt.DB }

func (b boltKV) get(_ context.Context, bucket string, keys []string) ([][]byte, error) {
	out := make([][]byte, len(keys))
	err := b.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(boltIndexPrefix + bucket))
		if bk == nil {
			return fmt.Errorf("bucket %s: %w", bucket, errBadRecord)
		}
		for i, k := range keys {
			if v := bk.Get([]byte(k)); v != nil {
				out[i] = bytes.Clone(v)
			}
		}
		return nil
	})
	return out, err
}

func (b boltKV) scan(ctx context.Context, bucket, prefix string, _ bool, fn func(k, v []byte) error) error {
	return b.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(boltIndexPrefix + bucket))
		if bk == nil {
			return fmt.Errorf("bucket %s: %w", bucket, errBadRecord)
		}
		p := []byte(prefix)
		c := bk.Cursor()
		n := 0
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := fn(k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

func (b boltKV) scanEach(ctx context.Context, bucket string, prefixes []string, fn func(i int, k, v []byte) error) error {
	return scanInTurn(ctx, b, bucket, prefixes, fn)
}

func (b boltKV) close() error { return b.db.Close() }
