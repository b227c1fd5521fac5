package main

import (
	"github.com/spf13/cobra"

	"rustykg/graph"
	"rustykg/queries"
)

func similarCmd(e *env) *cobra.Command {
	var top int
	c := &cobra.Command{
		Use:   "similar KERNEL [--top N]",
		Short: "Kernels ranked by how alike their challenges are",
		Long: `similar ranks the kernels that share a challenge with KERNEL by the Jaccard
similarity of their challenge sets (shared / all of both), with the shared
challenges and those only one of the two faces.`,
		Example: `  rustykg similar tock
  rustykg similar "Rust for Linux" --top 3 --format markdown`,
		Args: args(1, 1),
		RunE: func(c *cobra.Command, a []string) error {
			if top < 0 {
				return usagef("--top must not be negative, got %d", top)
			}
			ctx := c.Context()
			cat, err := e.catalog(ctx)
			if err != nil {
				return err
			}
			id, err := cat.Resolve(a[0], graph.KindKernel)
			if err != nil {
				return err
			}
			res, err := queries.Similar(ctx, cat, id, top)
			if err != nil {
				return err
			}
			return e.print(cat, res)
		},
	}
	c.Flags().IntVar(&top, "top", 10, "list at most `N` kernels (0: all)")
	return c
}
