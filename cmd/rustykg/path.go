package main

import (
	"github.com/spf13/cobra"

	"rustykg/queries"
)

func pathCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "path A B",
		Short: "The shortest chain of statements between two nodes",
		Long: `path finds the fewest statements that link A to B, in either direction, and
lists each with its evidence (one row per supporting claim, numbered by step).
Among equally short chains the answer is stable: walking back from B it always
steps to the smallest node ID. No chain is an empty answer, not an error.`,
		Example: `  rustykg path tock redox
  rustykg path study:ayers2022tighten challenge:panics --format json`,
		Args: args(2, 2),
		RunE: func(c *cobra.Command, a []string) error {
			ctx := c.Context()
			cat, err := e.catalog(ctx)
			if err != nil {
				return err
			}
			ids, err := e.resolve(cat, a)
			if err != nil {
				return err
			}
			res, err := queries.Path(ctx, cat, ids[0], ids[1])
			if err != nil {
				return err
			}
			return e.print(cat, res)
		},
	}
}
