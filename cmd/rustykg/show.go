package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"rustykg/graph"
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
  rustykg show tock --format dot
  rustykg show claim:7938a392ab06`,
		Args: args(1, 1),
		RunE: func(c *cobra.Command, a []string) error {
			cat, err := e.catalog(c.Context())
			if err != nil {
				return err
			}
			if k := strings.ToLower(string(graph.KindOf(strings.TrimSpace(a[0])))); k == string(graph.KindClaim) {
				return e.showClaim(c.Context(), cat, strings.TrimSpace(a[0]))
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

// showClaim shows one claim: claims are nodes too (the statement, its
// study, locator, note and flags), though not drawn.
func (e *env) showClaim(ctx context.Context, cat *queries.Catalog, id string) error {
	if e.format == "dot" {
		return usagef("a claim is one statement, not drawn: show its subject with --format dot")
	}
	id = string(graph.KindClaim) + ":" + strings.ToLower(graph.Slug(id))
	res, err := queries.ShowClaim(ctx, cat, id)
	if err != nil {
		return err
	}
	return e.print(cat, res)
}
