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
	var deltas []cgraph.Delta
	return eachBatch(ctx, quads, opts, func(batch []quad.Quad) error {
		deltas = deltas[:0]
		for _, q := range batch {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
		return qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true})
	})
}

// eachBatch calls write with consecutive batches of opts.BatchSize quads
// (DefaultBatchSize when 0), checking ctx before each and reporting
// progress (opts.Progress) after each. write must not keep the slice.
func eachBatch(ctx context.Context, quads iter.Seq[quad.Quad], opts LoadOptions, write func([]quad.Quad) error) error {
	n := opts.BatchSize
	if n <= 0 {
		n = DefaultBatchSize
	}
	batch := make([]quad.Quad, 0, n)
	written := 0
	flush := func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := write(batch); err != nil {
			return fmt.Errorf("write quads %d-%d: %w", written+1, written+len(batch), err)
		}
		written += len(batch)
		batch = batch[:0]
		if opts.Progress != nil {
			opts.Progress(written)
		}
		return nil
	}
	for q := range quads {
		batch = append(batch, q)
		if len(batch) == n {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if len(batch) > 0 {
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
