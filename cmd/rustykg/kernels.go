package main

import (
	"github.com/spf13/cobra"

	"rustykg/graph"
	"rustykg/queries"
)

func kernelsCmd(e *env) *cobra.Command {
	var approach, challenge string
	c := &cobra.Command{
		Use:   "kernels [--approach A] [--challenge C]",
		Short: "List kernels, by approach and challenge",
		Example: `  rustykg kernels
  rustykg kernels --approach microkernel
  rustykg kernels --challenge panics --format markdown`,
		Args: args(0, 0),
		RunE: func(c *cobra.Command, _ []string) error {
			cat, err := e.catalog(c.Context())
			if err != nil {
				return err
			}
			if approach, err = resolveFlag(cat, approach, graph.KindApproach); err != nil {
				return err
			}
			if challenge, err = resolveFlag(cat, challenge, graph.KindChallenge); err != nil {
				return err
			}
			res, err := queries.Kernels(c.Context(), cat, approach, challenge)
			if err != nil {
				return err
			}
			return e.print(cat, res)
		},
	}
	c.Flags().StringVar(&approach, "approach", "", "only kernels that follow approach `A`")
	c.Flags().StringVar(&challenge, "challenge", "", "only kernels that face challenge `C`")
	return c
}
