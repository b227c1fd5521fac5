package main

import (
	"strings"

	"github.com/spf13/cobra"

	"rustykg/graph"
	"rustykg/queries"
)

func neighborsCmd(e *env) *cobra.Command {
	var depth int
	var kinds []string
	c := &cobra.Command{
		Use:   "neighbors ID [--depth N] [--kinds KIND,...]",
		Short: "The nodes within N statements of a node",
		Long: `neighbors lists the nodes within --depth statements of ID (either direction),
nearest first, each with the node it is reached through and the statements
between them. --kinds lists only nodes of those kinds; the walk still passes
through the others (kernels two steps from a kernel go through challenges).`,
		Example: `  rustykg neighbors tock
  rustykg neighbors redox --depth 2 --kinds kernel`,
		Args: args(1, 1),
		RunE: func(c *cobra.Command, a []string) error {
			if depth < 1 {
				return usagef("--depth must be at least 1, got %d", depth)
			}
			var ks []graph.Kind
			for _, k := range kinds {
				k = strings.TrimSpace(k)
				if !graph.ValidKind(graph.Kind(k)) {
					return usagef("unknown kind %q in --kinds (want %s)", k, kindNames())
				}
				ks = append(ks, graph.Kind(k))
			}
			ctx := c.Context()
			cat, err := e.catalog(ctx)
			if err != nil {
				return err
			}
			id, err := cat.Resolve(a[0])
			if err != nil {
				return err
			}
			res, err := queries.Neighbors(ctx, cat, id, queries.NeighborsOptions{Depth: depth, Kinds: ks})
			if err != nil {
				return err
			}
			return e.print(cat, res)
		},
	}
	c.Flags().IntVar(&depth, "depth", 1, "list nodes up to `N` statements away")
	c.Flags().StringSliceVar(&kinds, "kinds", nil, "list only nodes of these `KINDS` (comma-separated)")
	return c
}

func kindNames() string {
	names := make([]string, len(graph.Kinds))
	for i, k := range graph.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}
