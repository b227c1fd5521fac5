package graph

import (
	"context"
	"fmt"
	"iter"
	"slices"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// writeBatches writes quads to qs in transactions of opts.BatchSize quads
// (one ApplyDeltas each), checking ctx between batches and reporting
// progress after each. Only one batch is held at a time.
func writeBatches(ctx context.Context, qs cgraph.QuadStore, quads iter.Seq[quad.Quad], opts LoadOptions) error {
	n := opts.BatchSize
	if n <= 0 {
		n = DefaultBatchSize
	}
	deltas := make([]cgraph.Delta, 0, n)
	written := 0
	flush := func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true}); err != nil {
			return fmt.Errorf("write quads %d-%d: %w", written+1, written+len(deltas), err)
		}
		written += len(deltas)
		deltas = deltas[:0]
		if opts.Progress != nil {
			opts.Progress(written)
		}
		return nil
	}
	for q := range quads {
		deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
		if len(deltas) == n {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if len(deltas) > 0 {
		if err := flush(); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// writeMemory adds quads to a fresh in-memory store through its quad
// writer (the fast path: no transactions to keep), in batches only when
// asked for (a batch size or a progress report).
func writeMemory(ctx context.Context, qs cgraph.QuadStore, quads []quad.Quad, opts LoadOptions) error {
	w, ok := qs.(interface {
		NewQuadWriter() (quad.WriteCloser, error)
	})
	if !ok {
		return writeBatches(ctx, qs, slices.Values(quads), opts)
	}
	qw, err := w.NewQuadWriter()
	if err != nil {
		return err
	}
	defer qw.Close()
	n := opts.BatchSize
	if n <= 0 {
		n = len(quads)
		if opts.Progress != nil {
			n = DefaultBatchSize
		}
	}
	for i := 0; i < len(quads); i += n {
		if err := ctx.Err(); err != nil {
			return err
		}
		j := min(i+n, len(quads))
		if _, err := qw.WriteQuads(quads[i:j]); err != nil {
			return err
		}
		if opts.Progress != nil {
			opts.Progress(j)
		}
	}
	return ctx.Err()
}
