package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
)

// This file reads the "faces" projection of the read index (the faces
// bucket, index_build.go): the kernel x challenge pairs with the studies
// behind each, and from a challenge the kernels that face it. It holds
// exactly what the "faces" statements say (Statements(ctx, RelFaces)),
// grouped by pair, so similar, shared and the matrix read one row per pair
// they need instead of every statement.

// Faced is one "subject faces object" pair and the studies that support
// it (sorted, distinct).
type Faced struct {
	Subject string
	Object  string
	Studies []string
}

// Facing is a subject that faces a given object, with the number of
// objects it faces in all.
type Facing struct {
	Subject string
	Objects int
}

// FacedBy returns the pairs whose subject is subject, sorted by object
// (bytewise, which is ID order within a kind).
func (g *Graph) FacedBy(ctx context.Context, subject string) ([]Faced, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	return x.faced(ctx, "k\x00"+subject+"\x00")
}

// AllFaced returns every pair, sorted by subject, then object.
func (g *Graph) AllFaced(ctx context.Context) ([]Faced, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	return x.faced(ctx, "k\x00")
}

// FacingOfEach returns, for each of objects, the subjects that face it,
// sorted, each with the number of objects it faces: one read of the index
// for them all (one statement on PostgreSQL).
func (g *Graph) FacingOfEach(ctx context.Context, objects []string) ([][]Facing, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	prefixes := facesPrefixes("c", objects)
	out := make([][]Facing, len(objects))
	err = x.kv.scanEach(ctx, bucketFaces, prefixes, func(i int, k, v []byte) error {
		n, w := binary.Uvarint(v)
		if w <= 0 || w != len(v) {
			return fmt.Errorf("faces %q: %w", k, errBadRecord)
		}
		out[i] = append(out[i], Facing{Subject: string(k[len(prefixes[i]):]), Objects: int(n)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the kernels facing %d challenges: %w", len(objects), err)
	}
	return out, nil
}

// FacedByEach is FacedBy for each of subjects, in one read of the index
// (one statement on PostgreSQL).
func (g *Graph) FacedByEach(ctx context.Context, subjects []string) ([][]Faced, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	prefixes := facesPrefixes("k", subjects)
	out := make([][]Faced, len(subjects))
	read := facedReader()
	err = x.kv.scanEach(ctx, bucketFaces, prefixes, func(i int, k, v []byte) error {
		f, err := read(k, v)
		out[i] = append(out[i], f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read faces of %d kernels: %w", len(subjects), err)
	}
	return out, nil
}

// facesPrefixes are the prefixes of the faces bucket's entries under
// each of ids in the part tag ("k": by subject, "c": by object).
func facesPrefixes(tag string, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = tag + "\x00" + id + "\x00"
	}
	return out
}

// faced reads the pairs under a "k" prefix of the faces bucket.
func (x *Index) faced(ctx context.Context, prefix string) ([]Faced, error) {
	var out []Faced
	read := facedReader()
	err := x.kv.scan(ctx, bucketFaces, prefix, false, func(k, v []byte) error {
		f, err := read(k, v)
		out = append(out, f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read faces: %w", err)
	}
	return out, nil
}

// FacedCount is one "subject faces object" pair and the number of
// studies that support it.
type FacedCount struct {
	Subject string
	Object  string
	Studies int
}

// EachFacedCount calls fn with every pair, sorted by subject, then
// object, and the number of its studies, which it does not read: what a
// matrix of counts needs of the 10^5-study literature's 135,384 pairs,
// without a string per study.
func (g *Graph) EachFacedCount(ctx context.Context, fn func(FacedCount) error) error {
	x, err := g.index()
	if err != nil {
		return err
	}
	pair := facesPairReader()
	err = x.kv.scan(ctx, bucketFaces, "k\x00", false, func(k, v []byte) error {
		subject, object, err := pair(k)
		if err != nil {
			return err
		}
		n, err := countStrings(v)
		if err != nil {
			return fmt.Errorf("faces %q: %w", k, err)
		}
		return fn(FacedCount{Subject: subject, Object: object, Studies: n})
	})
	if err != nil {
		return fmt.Errorf("read faces: %w", err)
	}
	return nil
}

// facedReader returns a decoder of "k" entries of the faces bucket.
func facedReader() func(k, v []byte) (Faced, error) {
	pair := facesPairReader()
	return func(k, v []byte) (Faced, error) {
		subject, object, err := pair(k)
		if err != nil {
			return Faced{}, err
		}
		sts, err := decodeStrings(v)
		if err != nil {
			return Faced{}, fmt.Errorf("faces %q: %w", k, err)
		}
		return Faced{Subject: subject, Object: object, Studies: sts}, nil
	}
}

// facesPairReader returns a decoder of the subject and object of "k"
// keys of the faces bucket. Keys come sorted by subject, and objects
// (challenges) are few: each subject and object string is made once, not
// once per pair.
func facesPairReader() func(k []byte) (subject, object string, err error) {
	var subject string
	objects := map[string]string{}
	return func(k []byte) (string, string, error) {
		rest, ok := bytes.CutPrefix(k, []byte("k\x00"))
		i := bytes.IndexByte(rest, 0)
		if !ok || i < 0 || bytes.IndexByte(rest[i+1:], 0) >= 0 {
			return "", "", fmt.Errorf("faces %q: %w", k, errBadRecord)
		}
		if string(rest[:i]) != subject {
			subject = string(rest[:i])
		}
		object, ok := objects[string(rest[i+1:])]
		if !ok {
			object = string(rest[i+1:])
			objects[object] = object
		}
		return subject, object, nil
	}
}

// StatementsFrom returns the statements of rel whose subject is of kind
// k, as Statements gives them (in key order), reading only those.
func (g *Graph) StatementsFrom(ctx context.Context, rel Relation, k Kind) ([]Statement, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	return x.statementsWith(ctx, rel, string(k)+":")
}
