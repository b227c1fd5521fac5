package main

import (
	"github.com/spf13/cobra"

	"rustykg/graph"
	"rustykg/queries"
)

func evidenceCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "evidence KERNEL CHALLENGE",
		Short: `The studies, locators and notes behind "kernel K faces challenge C"`,
		Example: `  rustykg evidence linux ffi
  rustykg evidence tock "binary size" --bibtex`,
		Args: args(2, 2),
		RunE: func(c *cobra.Command, a []string) error {
			cat, err := e.catalog(c.Context())
			if err != nil {
				return err
			}
			k, err := cat.Resolve(a[0], graph.KindKernel)
			if err != nil {
				return err
			}
			ch, err := cat.Resolve(a[1], graph.KindChallenge)
			if err != nil {
				return err
			}
			res, err := queries.EvidenceFor(c.Context(), cat, k, ch)
			if err != nil {
				return err
			}
			return e.print(cat, res)
		},
	}
}
