package queries

import (
	"context"

	"rustykg/graph"
)

// SharedBy lists every challenge that two or more kernels face, each with
// those kernels and their evidence, as KernelsFacing gives them one
// challenge at a time; challenges in ID order. It reads the "faces"
// claims once, so it costs one query, not one per challenge (the report's
// shared-challenges section).
func SharedBy(ctx context.Context, c *Catalog) ([]ChallengeKernels, error) {
	idx, err := facesIndex(ctx, c)
	if err != nil {
		return nil, err
	}
	kernels := c.IDs(graph.KindKernel)
	out := []ChallengeKernels{}
	for _, ch := range c.IDs(graph.KindChallenge) {
		res := ChallengeKernels{Challenge: ch, Kernels: []ChallengeKernel{}}
		for _, k := range kernels {
			if ev := idx[k][ch]; len(ev) > 0 {
				res.Kernels = append(res.Kernels, ChallengeKernel{Kernel: k, Name: c.Name(k), Evidence: ev})
			}
		}
		if len(res.Kernels) >= 2 {
			out = append(out, res)
		}
	}
	return out, nil
}
