package graph_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/encoding/protowire"

	"rustykg/graph"
	"rustykg/graph/synth"
)

// cayleyBolt writes quads into a new bbolt file with Cayley's own writer,
// one ApplyDeltas per batch of size quads (duplicates ignored), as
// rustykg's bbolt loads did before the bulk writer.
func cayleyBolt(t testing.TB, path string, quads []quad.Quad, size int) {
	t.Helper()
	kv, err := hbolt.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer kv.Close()
	if err := ckv.Init(kv, nil); err != nil {
		t.Fatal(err)
	}
	qs, err := ckv.New(kv, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(quads); i += size {
		var ds []cgraph.Delta
		for _, q := range quads[i:min(i+size, len(quads))] {
			ds = append(ds, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
		if err := qs.ApplyDeltas(ds, cgraph.IgnoreOpts{IgnoreDup: true}); err != nil {
			t.Fatal(err)
		}
	}
}

// boltDump lists every key of a bbolt file's buckets but rustykg's read
// index ("rkg."), nested buckets included, as "bucket/key = value" in
// hex, with the write time of Cayley's log entries (protobuf field 7)
// set to 0: the one thing two writes of the same quads may differ in.
func boltDump(t testing.TB, path string) []string {
	t.Helper()
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	var walk func(prefix string, b *bolt.Bucket) error
	walk = func(prefix string, b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			name := fmt.Sprintf("%s/%x", prefix, k)
			if v == nil {
				return walk(name, b.Bucket(k))
			}
			if strings.HasPrefix(prefix, "/"+fmt.Sprintf("%x", "log")) {
				v = zeroTimestamp(t, v)
			}
			out = append(out, fmt.Sprintf("%s = %x", name, v))
			return nil
		})
	}
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if bytes.HasPrefix(name, []byte("rkg.")) {
				return nil
			}
			out = append(out, fmt.Sprintf("bucket %x", name))
			return walk(fmt.Sprintf("/%x", name), b)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// zeroTimestamp re-encodes a protobuf message field by field, in its
// order, with field 7 (a primitive's timestamp) set to 0.
func zeroTimestamp(t testing.TB, m []byte) []byte {
	var out []byte
	for len(m) > 0 {
		num, typ, n := protowire.ConsumeTag(m)
		if n < 0 {
			t.Fatalf("log entry %x: bad tag", m)
		}
		out = protowire.AppendTag(out, num, typ)
		m = m[n:]
		switch typ {
		case protowire.VarintType:
			v, n := protowire.ConsumeVarint(m)
			if n < 0 {
				t.Fatalf("log entry: bad varint")
			}
			if num == 7 {
				v = 0
			}
			out = protowire.AppendVarint(out, v)
			m = m[n:]
		case protowire.BytesType:
			v, n := protowire.ConsumeBytes(m)
			if n < 0 {
				t.Fatalf("log entry: bad bytes")
			}
			out = protowire.AppendBytes(out, v)
			m = m[n:]
		default:
			t.Fatalf("log entry: wire type %d", typ)
		}
	}
	return out
}

// bulkCases are quad lists for the bulk writer: the conformance data
// set's with a value of every kind and duplicates (copyTestQuads), and a
// synthetic literature's.
func bulkCases() map[string][]quad.Quad {
	return map[string][]quad.Quad{
		"kinds":     copyTestQuads(),
		"synthetic": graph.Quads(synth.Dataset(60, 3)),
	}
}

// TestBulkEqualsCayley: a bbolt store written by the bulk writer holds
// what Cayley's own writer leaves in the file, key for key and byte for
// byte (but for write times), whatever the batch size: IDs, reference
// counts, index lists, counters. Then Cayley reads every quad back, once.
func TestBulkEqualsCayley(t *testing.T) {
	ctx := context.Background()
	for name, quads := range bulkCases() {
		for _, size := range []int{1, 7, 1000} {
			t.Run(fmt.Sprintf("%s/batch%d", name, size), func(t *testing.T) {
				dir := t.TempDir()
				ref := filepath.Join(dir, "cayley.bolt")
				cayleyBolt(t, ref, quads, size)
				st, err := graph.OpenStore(ctx, "bbolt:"+filepath.Join(dir, "bulk"))
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				if err := st.Load(ctx, quads, graph.LoadOptions{BatchSize: size}); err != nil {
					t.Fatal(err)
				}
				want := boltDump(t, ref)
				got := boltDump(t, filepath.Join(dir, "bulk", "indexes.bolt"))
				if len(want) < len(quads) {
					t.Fatalf("Cayley's file has only %d keys for %d quads", len(want), len(quads))
				}
				if !slices.Equal(got, want) {
					for i := range max(len(got), len(want)) {
						var g, w string
						if i < len(got) {
							g = got[i]
						}
						if i < len(want) {
							w = want[i]
						}
						if g != w {
							t.Fatalf("%d keys against Cayley's %d; first difference at %d:\n bulk:   %s\n cayley: %s", len(got), len(want), i, g, w)
						}
					}
				}
				readBack(t, st.QuadStore(), quads)
			})
		}
	}
}

// readBack checks that qs holds each of quads exactly once, and nothing
// else.
func readBack(t testing.TB, qs cgraph.QuadStore, quads []quad.Quad) {
	t.Helper()
	want := map[string]bool{}
	for _, q := range quads {
		want[q.NQuad()] = true
	}
	got := map[string]int{}
	err := iterator.Iterate(context.Background(), qs.QuadsAllIterator()).Each(func(r cgraph.Ref) error {
		q, err := qs.Quad(r)
		got[q.NQuad()]++
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for q := range want {
		if got[q] != 1 {
			t.Errorf("quad %s read back %d times, want once", q, got[q])
		}
	}
	if len(got) != len(want) {
		t.Errorf("read back %d distinct quads, want %d", len(got), len(want))
	}
}

// FuzzBulkEqualsCayley: quads made from the input over a small alphabet
// (so values and quads repeat, within and across batches, labelled or
// not), written by both writers in batches the input picks, give the same
// file.
func FuzzBulkEqualsCayley(f *testing.F) {
	f.Add([]byte{3, 0, 1, 2, 0, 0, 1, 2, 0, 3, 1, 2, 4})
	f.Add([]byte{1, 5, 5, 5, 5, 1, 2, 3, 4, 5, 5, 5, 5})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 5 || len(data) > 400 {
			return
		}
		size := int(data[0]%9) + 1
		vals := []quad.Value{
			quad.IRI("x:a"), quad.IRI("x:b"), quad.String("a"), quad.Int(1),
			quad.LangString{Value: "a", Lang: "en"}, quad.BNode("n"), quad.Bool(true),
		}
		var quads []quad.Quad
		for d := data[1:]; len(d) >= 4; d = d[4:] {
			q := quad.Quad{
				Subject:   vals[int(d[0])%2],
				Predicate: vals[int(d[1])%2],
				Object:    vals[int(d[2])%len(vals)],
			}
			if l := int(d[3]) % (len(vals) + 1); l < len(vals) {
				q.Label = vals[l]
			}
			quads = append(quads, q)
		}
		dir := t.TempDir()
		ref := filepath.Join(dir, "cayley.bolt")
		cayleyBolt(t, ref, quads, size)
		st, err := graph.OpenStore(context.Background(), "bbolt:"+filepath.Join(dir, "bulk"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if err := st.Load(context.Background(), quads, graph.LoadOptions{BatchSize: size}); err != nil {
			t.Fatal(err)
		}
		if got, want := boltDump(t, filepath.Join(dir, "bulk", "indexes.bolt")), boltDump(t, ref); !slices.Equal(got, want) {
			t.Fatalf("batch %d, quads %v:\n bulk:   %q\n cayley: %q", size, quads, got, want)
		}
	})
}
