package main

import (
	"github.com/spf13/cobra"

	"rustykg/queries/rawquery"
)

// queryWorkerName is the hidden command that rustykg query runs in a child
// process (a re-exec of this same binary): it loads the data set the
// global flags name and answers one raw query, speaking
// queries.RawRequest / queries.RawResponse on stdin and stdout.
const queryWorkerName = "__query-worker"

func queryWorkerCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:    queryWorkerName,
		Short:  "Answer one raw query for rustykg query (internal)",
		Hidden: true,
		Args:   args(0, 0),
		RunE: func(c *cobra.Command, _ []string) error {
			return rawquery.Serve(c.Context(), c.InOrStdin(), e.stdout, e.stderr, e.openGraph)
		},
	}
}
