package main

import (
	"github.com/spf13/cobra"

	"rustykg/graph"
	"rustykg/graph/viz"
	"rustykg/queries"
)

func sharedCmd(e *env) *cobra.Command {
	var challenge string
	c := &cobra.Command{
		Use:         "shared [K1 K2 ...] [--challenge C]",
		Annotations: map[string]string{formatsKey: formatsDrawable},
		Short:       "Which kernels share which challenges",
		Long: `shared K1 K2 ...     the challenges all the kernels face, each with its studies
shared --challenge C  the kernels that face challenge C
shared                kernel pairs ranked by the number of challenges they share`,
		Example: `  rustykg shared tock redleaf
  rustykg shared --challenge panics
  rustykg shared
  rustykg shared redox theseus tock --format dot | dot -Tsvg > shared.svg`,
		Args: args(0, -1),
		RunE: func(c *cobra.Command, a []string) error {
			ctx := c.Context()
			cat, err := e.catalog(ctx)
			if err != nil {
				return err
			}
			var res queries.Result
			switch {
			case challenge != "" && len(a) > 0:
				return usagef("shared takes kernels or --challenge, not both")
			case challenge != "":
				id, err := cat.Resolve(challenge, graph.KindChallenge)
				if err != nil {
					return err
				}
				res, err = queries.KernelsFacing(ctx, cat, id)
				if err != nil {
					return err
				}
			case len(a) > 0:
				ids, err := e.resolve(cat, a, graph.KindKernel)
				if err != nil {
					return err
				}
				res, err = queries.Shared(ctx, cat, ids)
				if err != nil {
					return err
				}
			default:
				res, err = queries.SharedPairs(ctx, cat)
				if err != nil {
					return err
				}
			}
			res, err = e.drawable(res, func() (*viz.Diagram, error) { return sharedDiagram(ctx, e, cat, a, challenge) })
			if err != nil {
				return err
			}
			return e.print(cat, res)
		},
	}
	c.Flags().StringVar(&challenge, "challenge", "", "list the kernels that face challenge `C`")
	return c
}
