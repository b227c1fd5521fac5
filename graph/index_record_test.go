package graph

import (
	"encoding/binary"
	"reflect"
	"testing"
)

// FuzzRecordDecoder: the decoder's varints read exactly what
// encoding/binary reads (value, length, refusal), and a decoded record
// survives the bytes it came from being overwritten (its strings are a
// copy).
func FuzzRecordDecoder(f *testing.F) {
	for _, s := range [][]byte{
		{}, {0}, {0x7f}, {0x80, 0x01}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}, {0x80}, {0x03, 'a', 'b', 'c'},
		encodeClaim(nil, Claim{ID: "claim:1", Subject: "kernel:k", Relation: RelFaces, Object: "challenge:c", Study: "study:s", Note: "ü", Table: -3, Flags: []string{"x"}}),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d := newDecoder(b)
		v, n := binary.Uvarint(b)
		got := d.uint()
		if (n <= 0) != (d.err != nil) || n > 0 && (got != v || len(d.b) != len(b)-n) {
			t.Fatalf("uint of %x = %d (rest %d, err %v), binary.Uvarint %d, %d", b, got, len(d.b), d.err, v, n)
		}
		d = newDecoder(b)
		iv, n := binary.Varint(b)
		igot := d.int()
		if (n <= 0) != (d.err != nil) || n > 0 && (igot != iv || len(d.b) != len(b)-n) {
			t.Fatalf("int of %x = %d (rest %d, err %v), binary.Varint %d, %d", b, igot, len(d.b), d.err, iv, n)
		}
		c, err := decodeClaim(b)
		if err != nil {
			return
		}
		if again := encodeClaim(nil, c); !reflect.DeepEqual(again, b) {
			// Not every decodable record is canonical (a varint may be
			// padded); decoding its encoding must give the same claim.
			c2, err := decodeClaim(again)
			if err != nil || !reflect.DeepEqual(c, c2) {
				t.Fatalf("claim %+v does not survive a round trip: %+v, %v", c, c2, err)
			}
		}
		fields := func() string { // a fresh string: not aliasing b
			return c.ID + "|" + c.Subject + "|" + string(c.Relation) + "|" + c.Object + "|" + c.Study + "|" + c.Locator + "|" + c.Note
		}
		before := fields()
		for i := range b {
			b[i] = 0
		}
		if fields() != before {
			t.Fatal("decoded claim changed with its bytes")
		}
	})
}

// FuzzRecordHeads: the readers of a record's head agree with the full
// decoders wherever those succeed (countStrings with decodeStrings,
// decodeNodeName with decodeNode), and the name is a copy.
func FuzzRecordHeads(f *testing.F) {
	for _, s := range [][]byte{
		{}, {0}, {0x01}, {0x02, 0x00, 0x00}, {0x80},
		encodeStrings(nil, []string{"study:a", "study:b"}),
		encodeNode(nil, Node{ID: "kernel:k", Kind: KindKernel, Name: "K ü", Aliases: []string{"Kay"}, Attrs: []Attr{{Key: "a", Value: "b"}}}),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if ss, err := decodeStrings(b); err == nil {
			if n, err := countStrings(b); err != nil || n != len(ss) {
				t.Fatalf("countStrings(%x) = %d, %v; decodeStrings gives %d strings", b, n, err, len(ss))
			}
		}
		n, err := decodeNode(b)
		if err != nil {
			return
		}
		name, err := decodeNodeName(b)
		if err != nil || name != n.Name {
			t.Fatalf("decodeNodeName(%x) = %q, %v; decodeNode gives %q", b, name, err, n.Name)
		}
		for i := range b {
			b[i] = 0
		}
		if name != n.Name {
			t.Fatal("decoded name changed with its bytes")
		}
	})
}
