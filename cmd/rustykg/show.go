package main

import (
	"github.com/spf13/cobra"

	"rustykg/graph/viz"
	"rustykg/queries"
)

func showCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:         "show ID",
		Annotations: map[string]string{formatsKey: formatsDrawable},
		Short:       "Show everything about one node, with the evidence for each statement",
		Example: `  rustykg show redox
  rustykg show study:ayers2022tighten
  rustykg show "Rust for Linux" --format json
  rustykg show tock --format dot`,
		Args: args(1, 1),
		RunE: func(c *cobra.Command, a []string) error {
			cat, err := e.catalog(c.Context())
			if err != nil {
				return err
			}
			id, err := cat.Resolve(a[0])
			if err != nil {
				return err
			}
			res, err := queries.Show(c.Context(), cat, id)
			if err != nil {
				return err
			}
			drawn, err := e.drawable(res, func() (*viz.Diagram, error) { return showDiagram(c.Context(), cat, id) })
			if err != nil {
				return err
			}
			return e.print(cat, drawn)
		},
	}
}
