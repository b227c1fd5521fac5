package main

import (
	"github.com/spf13/cobra"

	"rustykg/graph"
	"rustykg/queries"
)

func matrixCmd(e *env) *cobra.Command {
	var rows, cols string
	var evidence bool
	c := &cobra.Command{
		Use:   "matrix [--rows kernel|approach|study] [--cols challenge|implication|lesson] [--evidence]",
		Short: "Compare kernels, approaches or studies across challenges, implications or lessons",
		Long: `matrix crosses rows with columns, as an SLR comparison table does. A cell is the
number of studies that support the pair ("x" for study rows), or with --evidence
their IDs; the last column counts a row's marks and the last row a column's.

kernel x challenge/implication: "kernel faces challenge" / "shows implication"
kernel x lesson:                studies that examine the kernel and teach the lesson
approach x ...:                 the union over the kernels that follow it
study x ...:                    what the study reports, teaches or supports

Only rows and columns with a mark are listed (see "rustykg gaps").`,
		Example: `  rustykg matrix
  rustykg matrix --rows approach --cols implication --format markdown
  rustykg matrix --rows study --cols lesson --evidence`,
		Args: args(0, 0),
		RunE: func(c *cobra.Command, a []string) error {
			if !validKind(queries.MatrixRowKinds, rows) {
				return usagef("--rows must be kernel, approach or study, not %q", rows)
			}
			if !validKind(queries.MatrixColKinds, cols) {
				return usagef("--cols must be challenge, implication or lesson, not %q", cols)
			}
			ctx := c.Context()
			cat, err := e.catalog(ctx)
			if err != nil {
				return err
			}
			// Counts are all a table, CSV or Markdown answer prints without
			// --evidence; JSON and --bibtex need the studies.
			matrix := queries.MatrixCounts
			if evidence || e.bibtex || e.format == "json" {
				matrix = queries.Matrix
			}
			res, err := matrix(ctx, cat, graph.Kind(rows), graph.Kind(cols))
			if err != nil {
				return err
			}
			res.Evidence = evidence
			return e.print(cat, res)
		},
	}
	c.Flags().StringVar(&rows, "rows", "kernel", "row `KIND`: kernel, approach or study")
	c.Flags().StringVar(&cols, "cols", "challenge", "column `KIND`: challenge, implication or lesson")
	c.Flags().BoolVar(&evidence, "evidence", false, "put the supporting study IDs in the cells instead of counts")
	return c
}

func validKind(ks []graph.Kind, s string) bool {
	for _, k := range ks {
		if string(k) == s {
			return true
		}
	}
	return false
}
