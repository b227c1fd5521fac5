package graph

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"
)

// A bbolt store is a folder holding Cayley's bbolt file, indexes.bolt
// (Cayley's graph/kv/bbolt layout, so `cayley` can open it too). Load
// writes a complete new file in a temporary folder beside it and renames
// it over indexes.bolt: the rename is the commit, so a load that fails or
// is killed leaves the old file untouched (the temporary folder is removed
// by the next load). Readers open the file read-only (a shared lock, so
// any number of processes read at once) and without Cayley's bloom filter
// (no_bloom), which otherwise scans the whole quad log on every open.
const (
	boltFile      = "indexes.bolt"
	boltTmpPrefix = ".import-"
	boltLockFile  = "import.lock"
	// boltReadOnly is a flavour of Cayley's bbolt backend that opens the
	// file read-only; registered in Cayley's registry on first use.
	boltReadOnly = "rustykg-bbolt-ro"
)

// boltBulkOptions open the new file of a load. Nobody else sees that file
// until the rename commits it, so a crash half-way only leaves a temporary
// folder the next load removes: no commit needs an fsync of its own
// (NoSync, NoGrowSync), nor the list of free pages written with it
// (NoFreelistSync; each commit rewrote that list in full). build makes
// the file durable, and a standard bbolt file, once at the end.
var boltBulkOptions = bolt.Options{NoSync: true, NoGrowSync: true, NoFreelistSync: true, Timeout: 10 * time.Second}

var registerFlavours sync.Once

// registerBoltFlavours adds the read-only bbolt flavour to Cayley's kv
// registry (once, on first use rather than in init).
func registerBoltFlavours() {
	registerFlavours.Do(func() {
		ckv.Register(boltReadOnly, ckv.Registration{
			NewFunc: func(dir string, _ cgraph.Options) (hkv.KV, error) {
				return hbolt.Open(filepath.Join(dir, boltFile), &bolt.Options{ReadOnly: true, Timeout: 10 * time.Second})
			},
			InitFunc: func(string, cgraph.Options) (hkv.KV, error) {
				return nil, errors.New("read-only bbolt store")
			},
			IsPersistent: true,
		})
	})
}

type boltStore struct {
	dir    string
	qs     cgraph.QuadStore
	closed bool
}

func openBolt(_ context.Context, dir string) (Store, error) {
	if dir == "" {
		return nil, fmt.Errorf("%w: bbolt: needs a folder, as in bbolt:./kg.db", ErrStoreURI)
	}
	s := &boltStore{dir: dir}
	if err := s.reopen(); err != nil {
		return nil, err
	}
	return s, nil
}

// reopen forgets the Cayley store of the previous file; QuadStore opens
// the current one on first use (named queries read the index and never
// need it).
func (s *boltStore) reopen() error {
	if s.qs != nil {
		s.qs.Close()
		s.qs = nil
	}
	return nil
}

// open opens Cayley's store on the current file read-only, if there is
// one.
func (s *boltStore) open() (cgraph.QuadStore, error) {
	if _, err := os.Stat(filepath.Join(s.dir, boltFile)); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	registerBoltFlavours()
	qs, err := cgraph.NewQuadStore(boltReadOnly, s.dir, cgraph.Options{ckv.OptNoBloom: true})
	if err != nil {
		return nil, fmt.Errorf("open bbolt store %s: %w", s.dir, err)
	}
	return qs, nil
}

func (s *boltStore) Load(ctx context.Context, quads []quad.Quad, opts LoadOptions) error {
	return s.loadSeq(ctx, slices.Values(quads), len(quads), opts)
}

func (s *boltStore) loadSeq(ctx context.Context, quads iter.Seq[quad.Quad], n int, opts LoadOptions) error {
	if s.closed {
		return ErrClosed
	}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return fmt.Errorf("create store folder: %w", err)
	}
	unlock, err := lockFile(filepath.Join(s.dir, boltLockFile))
	if err != nil {
		return fmt.Errorf("bbolt store %s: %w", s.dir, err)
	}
	defer unlock()
	// Holding the lock, every temporary folder is a killed load's leftover.
	if old, _ := filepath.Glob(filepath.Join(s.dir, boltTmpPrefix+"*")); len(old) > 0 {
		for _, o := range old {
			os.RemoveAll(o)
		}
	}
	tmp, err := os.MkdirTemp(s.dir, boltTmpPrefix)
	if err != nil {
		return fmt.Errorf("bbolt store %s: %w", s.dir, err)
	}
	defer os.RemoveAll(tmp)
	if err := s.build(ctx, tmp, quads, n, opts); err != nil {
		return fmt.Errorf("bbolt store %s: %w", s.dir, err)
	}
	if err := os.Rename(filepath.Join(tmp, boltFile), filepath.Join(s.dir, boltFile)); err != nil {
		return fmt.Errorf("bbolt store %s: commit: %w", s.dir, err)
	}
	syncDir(s.dir)
	return s.reopen()
}

// build writes quads and the read index into a new bbolt file in tmp,
// makes it durable and closes it. One handle writes it all: the file is
// opened with boltBulkOptions (no fsync per commit, no list of free pages
// written), ckv.Init lays out Cayley's buckets, the bulk writer
// (store_bbolt_bulk.go) writes what Cayley's writer would, the read index
// follows, and a last commit writes the list of free pages and syncs the
// file, which makes every earlier unsynced write durable too (they went
// through write(2)). n is the number of quads expected (a size hint).
func (s *boltStore) build(ctx context.Context, tmp string, quads iter.Seq[quad.Quad], n int, opts LoadOptions) (err error) {
	bopts := boltBulkOptions
	db, err := bolt.Open(filepath.Join(tmp, boltFile), 0o644, &bopts)
	if err != nil {
		return fmt.Errorf("create bbolt file: %w", err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close new bbolt file: %w", cerr)
		}
	}()
	if err := ckv.Init(hbolt.New(db), nil); err != nil {
		return fmt.Errorf("create bbolt file: %w", err)
	}
	if err := writeBulk(ctx, db, quads, n, opts); err != nil {
		return fmt.Errorf("load quads: %w", err)
	}
	if opts.index != nil { // the read index, in the same file (index_bolt.go)
		if err := writeBoltIndex(ctx, db, opts.index); err != nil {
			return err
		}
	}
	db.NoSync, db.NoFreelistSync = false, false
	if err := db.Update(func(*bolt.Tx) error { return nil }); err != nil {
		return fmt.Errorf("sync new bbolt file: %w", err)
	}
	return nil
}

func (s *boltStore) QuadStore() cgraph.QuadStore {
	if s.closed {
		return nil
	}
	if s.qs == nil {
		s.qs, _ = s.open() // an unreadable file reads as empty; Attach reports it
	}
	return s.qs
}

func (s *boltStore) URI() string { return "bbolt:" + s.dir }

func (s *boltStore) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	if s.qs != nil {
		return s.qs.Close()
	}
	return nil
}

// syncDir makes a rename in dir durable (best effort: not every system
// can fsync a folder).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
