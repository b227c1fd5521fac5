package graph

import (
	"context"
	"fmt"
	"sort"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
)

// Mismatch is how a store's contents differ from a data set: the quads
// (as N-Quads lines, sorted) only the data set has, and only the store has.
type Mismatch struct {
	Missing, Extra []string
	// Record is set when the recorded content hash is not the data set's.
	Record string
}

// OK reports whether the store holds exactly the data set.
func (m Mismatch) OK() bool { return len(m.Missing) == 0 && len(m.Extra) == 0 && m.Record == "" }

// Verify compares what g's store holds, quad by quad, with ds, and its
// record with ds's content hash.
func (g *Graph) Verify(ctx context.Context, ds *Dataset) (Mismatch, error) {
	var m Mismatch
	qs, err := g.qs()
	if err != nil {
		return m, err
	}
	want := map[string]bool{}
	for _, q := range Quads(ds) {
		want[q.NQuad()] = true
	}
	seen := make(map[string]bool, len(want))
	err = iterator.Iterate(ctx, allQuads(qs)).Each(func(r cgraph.Ref) error {
		q, err := qs.Quad(r)
		if err != nil {
			return err
		}
		if IsRecord(q) {
			return nil
		}
		l := q.NQuad()
		if want[l] {
			seen[l] = true
		} else {
			m.Extra = append(m.Extra, l)
		}
		return nil
	})
	if err != nil {
		return m, fmt.Errorf("verify store: %w", err)
	}
	for l := range want {
		if !seen[l] {
			m.Missing = append(m.Missing, l)
		}
	}
	sort.Strings(m.Missing)
	sort.Strings(m.Extra)
	if h := ContentHash(ds); g.Info().ContentHash != h {
		m.Record = fmt.Sprintf("the store records content hash %s, the data set's is %s", g.Info().ContentHash, h)
	}
	return m, nil
}
