package main

import (
	"github.com/spf13/cobra"

	"rustykg/queries"
)

func tablesCmd(e *env) *cobra.Command {
	var only int
	var beyond bool
	c := &cobra.Command{
		Use:   "tables [--table N] [--beyond]",
		Short: "The review's Tables 2, 3 and 4, computed from the claims",
		Long: `tables recomputes the review's mapping tables from the graph: Table 2 (papers and
OS names per architectural approach), Table 3 (studies per performance implication)
and Table 4 (studies per challenge). Nothing is typed in: a claim added to the data
set changes the counts.

With --beyond the same three tables are computed over all studies: each row keeps
the review's count and references unchanged and adds the studies outside the review
(in_review: false) whose claims bear on it, with the OS names they add; rows the
review does not have (a new approach or challenge) appear too. The review's own
studies count only where its tables count them.`,
		Example: `  rustykg tables
  rustykg tables --table 2 --format markdown
  rustykg tables --beyond --table 4`,
		Args: args(0, 0),
		RunE: func(c *cobra.Command, _ []string) error {
			if only != 0 && (only < 2 || only > 4) {
				return usagef("--table must be 2, 3 or 4, not %d", only)
			}
			cat, err := e.catalog(c.Context())
			if err != nil {
				return err
			}
			res, err := queries.Tables(c.Context(), cat)
			if err != nil {
				return err
			}
			if beyond {
				all, err := queries.Beyond(c.Context(), cat)
				if err != nil {
					return err
				}
				all.Only = only
				return e.print(cat, all)
			}
			if only != 0 {
				return e.print(cat, res.Only(only))
			}
			return e.print(cat, res)
		},
	}
	c.Flags().IntVar(&only, "table", 0, "print only table `N` (2, 3 or 4)")
	c.Flags().BoolVar(&beyond, "beyond", false, "count the studies beyond the review as well (the review's counts stay as printed)")
	return c
}
