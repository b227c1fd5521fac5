package main

import (
	"github.com/spf13/cobra"

	"rustykg/graph"
	"rustykg/queries"
)

func challengesCmd(e *env) *cobra.Command {
	var kernel string
	c := &cobra.Command{
		Use:   "challenges [--kernel K]",
		Short: "List challenges, with the kernels that face them and the studies",
		Example: `  rustykg challenges
  rustykg challenges --kernel tock`,
		Args: args(0, 0),
		RunE: func(c *cobra.Command, _ []string) error {
			cat, err := e.catalog(c.Context())
			if err != nil {
				return err
			}
			if kernel, err = resolveFlag(cat, kernel, graph.KindKernel); err != nil {
				return err
			}
			res, err := queries.Challenges(c.Context(), cat, kernel)
			if err != nil {
				return err
			}
			return e.print(cat, res)
		},
	}
	c.Flags().StringVar(&kernel, "kernel", "", "only the challenges kernel `K` faces")
	return c
}
