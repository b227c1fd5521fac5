package main

import (
	"github.com/spf13/cobra"

	"rustykg/graph"
	"rustykg/queries"
)

func studiesCmd(e *env) *cobra.Command {
	var kernel, challenge string
	c := &cobra.Command{
		Use:   "studies [--kernel K] [--challenge C]",
		Short: "List studies, by kernel and challenge",
		Example: `  rustykg studies
  rustykg studies --kernel linux --challenge ffi
  rustykg studies --challenge panics --bibtex`,
		Args: args(0, 0),
		RunE: func(c *cobra.Command, _ []string) error {
			cat, err := e.catalog(c.Context())
			if err != nil {
				return err
			}
			if kernel, err = resolveFlag(cat, kernel, graph.KindKernel); err != nil {
				return err
			}
			if challenge, err = resolveFlag(cat, challenge, graph.KindChallenge); err != nil {
				return err
			}
			res, err := queries.Studies(c.Context(), cat, kernel, challenge)
			if err != nil {
				return err
			}
			return e.print(cat, res)
		},
	}
	c.Flags().StringVar(&kernel, "kernel", "", "only studies behind claims about kernel `K`")
	c.Flags().StringVar(&challenge, "challenge", "", "only studies behind claims about challenge `C`")
	return c
}
