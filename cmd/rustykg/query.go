package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"rustykg/loaders"
	"rustykg/queries"
)

// maxQuerySize bounds a query read from standard input.
const maxQuerySize = 1 << 20

func queryCmd(e *env) *cobra.Command {
	var lang string
	var timeout time.Duration
	var limit int
	c := &cobra.Command{
		Use:   "query [--lang gizmo|graphql|mql] QUERY|-",
		Short: "Run a raw Cayley query (Gizmo, GraphQL or MQL) against the graph",
		Long: `query runs QUERY (or standard input, with -) through Cayley's query engine on
the loaded graph. Node IDs are IRIs: g.V("<kernel:tock>"); relations are
<rkg:faces>, <rkg:follows>, <rkg:examines>, ...; names are <schema:name>; every
statement's label is the study that supports it. See the README for more.

Output: one JSON value per line, or a table when the query tags its values
(.Tag("x")); --format json always gives JSON lines, table/csv/markdown always a
table. Rows are sorted. Every query runs under --timeout and --limit: past
either it stops with an error and exit code 5, printing nothing.

The query runs in a separate program, rustykg-query, which "go install
rustykg/cmd/..." installs next to rustykg ($RUSTYKG_QUERY overrides).`,
		Example: `  rustykg query 'g.V("<kernel:tock>").Out("<rkg:faces>").All()'
  rustykg query 'g.V().Has("<rdf:type>", "<rkg:Kernel>").Tag("k").Out("<rkg:faces>").Tag("c").All()'
  echo '{nodes(first: 3){id}}' | rustykg query --lang graphql -`,
		Args: args(1, 1),
		RunE: func(c *cobra.Command, a []string) error {
			if err := checkFormat(e.format); err != nil {
				return err
			}
			if timeout <= 0 {
				return usagef("--timeout must be positive, got %s", timeout)
			}
			if limit <= 0 {
				return usagef("--limit must be positive, got %d", limit)
			}
			src := a[0]
			if src == "-" {
				b, err := io.ReadAll(io.LimitReader(c.InOrStdin(), maxQuerySize+1))
				if err != nil {
					return fmt.Errorf("read query: %w", err)
				}
				if len(b) > maxQuerySize {
					return usagef("query on standard input is over %d bytes", maxQuerySize)
				}
				src = string(b)
			}
			if strings.TrimSpace(src) == "" {
				return usagef("empty query")
			}
			ctx := c.Context()
			// The data set is loaded (and checked) here first, so a data
			// error is reported as such; the query runs in rustykg-query.
			// An N-Quads file (any RDF) is read and checked by
			// rustykg-query alone, unless --bibtex needs the catalog.
			var cat *queries.Catalog
			if !loaders.IsNQuadsPath(e.dataDir) || e.bibtex {
				var err error
				if cat, err = e.catalog(ctx); err != nil {
					return err
				}
			}
			res, err := e.rawQuery(ctx, queries.RawRequest{Query: src,
				RawOptions: queries.RawOptions{Lang: lang, Timeout: timeout, Limit: limit}})
			if err != nil {
				return err
			}
			if e.bibtex || e.format == "csv" || e.format == "markdown" ||
				e.format == "table" && (res.Tagged || c.Flags().Changed("format")) {
				return e.print(cat, res)
			}
			return writeJSONLines(e.stdout, res.Rows)
		},
	}
	c.Flags().StringVar(&lang, "lang", queries.LangGizmo, "query `LANGUAGE`: gizmo, graphql or mql")
	c.Flags().DurationVar(&timeout, "timeout", queries.DefaultRawTimeout, "stop the query after `DURATION`")
	c.Flags().IntVar(&limit, "limit", queries.DefaultRawLimit, "fail when the query returns more than `N` results")
	return c
}

// writeJSONLines writes one compact JSON value per line, all at once.
func writeJSONLines(w io.Writer, rows []any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}
