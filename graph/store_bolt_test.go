package graph_test

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"rustykg/graph"
	"rustykg/graph/graphtest"
)

// TestBoltFileHasFreelist: the bbolt file an import leaves is an ordinary
// one, with its list of free pages written (the bulk write skips it while
// writing). Readers built on the older boltdb library, such as the cayley
// CLI's bolt backend, cannot open a file without one.
func TestBoltFileHasFreelist(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kg")
	st := graphtest.Open(t, "bbolt:"+dir)
	if err := st.Load(context.Background(), graph.Quads(graphtest.Dataset()), graph.LoadOptions{BatchSize: 5}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "indexes.bolt"))
	if err != nil {
		t.Fatal(err)
	}
	// The two meta pages (bbolt's layout: a 16-byte page header, then
	// magic, version, page size, flags, root bucket, freelist, high
	// water mark, transaction ID); the one with the higher ID is current.
	le := binary.LittleEndian
	pageSize := int(le.Uint32(b[24:]))
	var freelist, txid uint64
	for _, off := range []int{0, pageSize} {
		m := b[off:]
		if le.Uint32(m[16:]) != 0xED0CDAED {
			t.Fatalf("page at %d is not a bbolt meta page", off)
		}
		if id := le.Uint64(m[64:]); id >= txid {
			txid, freelist = id, le.Uint64(m[48:])
		}
	}
	if freelist == ^uint64(0) {
		t.Errorf("the current meta page (transaction %d) has no freelist", txid)
	}
}
