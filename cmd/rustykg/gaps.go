package main

import (
	"github.com/spf13/cobra"

	"rustykg/queries"
)

func gapsCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "gaps",
		Short: "What the evidence does not cover",
		Long: `gaps lists kernels that no study examines or supports, studies that support no
statement, statements only the review's own tables assert with no cited study
(e.g. an OS name printed under an approach), challenges reported for only
one kernel, and islands: groups of nodes that the review's evidence does not
reach (no chain of statements joins them to the review, a study it includes,
or a statement such a study supports).`,
		Example: `  rustykg gaps
  rustykg gaps --format json`,
		Args: args(0, 0),
		RunE: func(c *cobra.Command, a []string) error {
			ctx := c.Context()
			cat, err := e.catalog(ctx)
			if err != nil {
				return err
			}
			res, err := queries.Gaps(ctx, cat)
			if err != nil {
				return err
			}
			return e.print(cat, res)
		},
	}
}
