package graph

import (
	"context"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// writeBatches writes quads to qs in transactions of opts.BatchSize quads
// (one ApplyDeltas each; the whole slice in one when bulk), checking ctx
// between batches and reporting progress after each.
func writeBatches(ctx context.Context, qs cgraph.QuadStore, quads []quad.Quad, opts LoadOptions) error {
	n := opts.BatchSize
	if n <= 0 {
		n = DefaultBatchSize
	}
	deltas := make([]cgraph.Delta, 0, min(n, len(quads)))
	for i := 0; i < len(quads); i += n {
		if err := ctx.Err(); err != nil {
			return err
		}
		deltas = deltas[:0]
		for _, q := range quads[i:min(i+n, len(quads))] {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
		if err := qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true}); err != nil {
			return fmt.Errorf("write quads %d-%d: %w", i+1, i+len(deltas), err)
		}
		if opts.Progress != nil {
			opts.Progress(i + len(deltas))
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
		return writeBatches(ctx, qs, quads, opts)
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
