package main

import (
	"bytes"
	"context"
	"strings"

	"github.com/spf13/cobra"

	"rustykg/cmd/internal/outfile"
	"rustykg/graph"
	"rustykg/graph/export"
	"rustykg/queries"
)

func exportCmd(e *env) *cobra.Command {
	var output, focus, kinds string
	var depth int
	c := &cobra.Command{
		Use:         "export [--focus ID [--depth N] | --kinds K1,K2] [-f nquads|jsonld|graphml|csv] [-o FILE]",
		Annotations: map[string]string{formatsKey: formatsOwn},
		Short:       "Write the graph as N-Quads, JSON-LD, GraphML or CSV for other tools",
		Long: `export writes the knowledge graph, or a part of it, for other tools:

  nquads   RDF N-Quads: absolute IRIs under ` + export.Base + `,
           the supporting study as each statement's graph name (SPARQL, rapper, rdflib)
  jsonld   the same quads as JSON-LD, with an inline @context
  graphml  nodes and merged edges with typed attributes (NetworkX, Gephi)
  csv      a zip of nodes.csv and edges.csv with header rows (spreadsheets, Gephi);
           cells a spreadsheet would run as formulas are guarded as in --format csv

The format comes from -f, else from the -o file's extension (.nq, .jsonld,
.graphml, .zip), else N-Quads. Text formats go to stdout when -o is not
given; the CSV zip needs -o. Files are written atomically.

  export                         the whole graph
  export --focus ID --depth N    the nodes at most N statements from ID (default 1)
                                 and the statements between them
  export --kinds kernel,challenge  only those kinds and the statements between them

Output is deterministic (sorted), so it diffs cleanly.`,
		Example: `  rustykg export -o rustykg.nq
  rustykg export -f jsonld > rustykg.jsonld
  rustykg export --kinds kernel,challenge -o kc.graphml
  rustykg export -f csv -o rustykg.zip
  rustykg export --focus redox --depth 2 -f nquads | rapper -i nquads -c -`,
		Args: args(0, 0),
		RunE: func(c *cobra.Command, _ []string) error {
			format := "nquads"
			if fl := c.Flag("format"); fl != nil && fl.Changed {
				format = e.format
				if !validExportFormat(format) {
					return usagef("export writes %s, not %q", strings.Join(export.Formats, ", "), format)
				}
			} else if output != "" {
				if format = export.FormatOf(output); format == "" {
					return usagef("cannot tell the format of %q from its extension (.nq, .jsonld, .graphml, .zip); give -f", output)
				}
			}
			if e.bibtex {
				return usagef("export writes graphs; --bibtex has nothing to print")
			}
			if export.Binary(format) && output == "" {
				return usagef("the %s export is a zip archive: give -o FILE.zip", format)
			}
			focusSet := c.Flags().Changed("focus")
			if focusSet && kinds != "" {
				return usagef("export takes --focus or --kinds, not both")
			}
			if c.Flags().Changed("depth") && !focusSet {
				return usagef("--depth needs --focus")
			}
			if focusSet && depth < 1 {
				return usagef("--depth must be at least 1, got %d", depth)
			}
			var ks []graph.Kind
			if kinds != "" {
				var err error
				if ks, err = parseKinds(kinds); err != nil {
					return err
				}
			}
			ctx := c.Context()
			cat, err := e.catalog(ctx)
			if err != nil {
				return err
			}
			keep, err := exportSelection(ctx, cat, focusSet, focus, depth, ks)
			if err != nil {
				return err
			}
			ds, err := export.FromGraph(ctx, cat.G, keep)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := export.Write(&buf, format, ds, export.Options{CSVCell: csvSafe}); err != nil {
				return err
			}
			if output != "" {
				return outfile.Write(ctx, output, buf.Bytes())
			}
			_, err = e.stdout.Write(buf.Bytes())
			return err
		},
	}
	f := c.Flags()
	f.StringVarP(&output, "output", "o", "", "write to `FILE` (atomically); the format follows its extension unless -f is given")
	f.StringVar(&focus, "focus", "", "export the neighbourhood of node `ID`")
	f.IntVar(&depth, "depth", 1, "with --focus: how many statements away to go")
	f.StringVar(&kinds, "kinds", "", "export only these `KINDS` (comma-separated: "+kindList()+")")
	return c
}

func validExportFormat(f string) bool {
	for _, x := range export.Formats {
		if x == f {
			return true
		}
	}
	return false
}

// exportSelection is the set of node IDs an export keeps (nil: all). With
// --focus: the node and what "rustykg neighbors ID --depth N" lists; with
// --kinds: the vertices of the projection of those kinds.
func exportSelection(ctx context.Context, cat *queries.Catalog, focusSet bool, focus string, depth int, kinds []graph.Kind) (func(string) bool, error) {
	ids := map[string]bool{}
	switch {
	case focusSet:
		id, err := cat.Resolve(focus)
		if err != nil {
			return nil, err
		}
		res, err := queries.Neighbors(ctx, cat, id, queries.NeighborsOptions{Depth: depth})
		if err != nil {
			return nil, err
		}
		ids[id] = true
		for _, n := range res.Neighbors {
			ids[n.ID] = true
		}
	case len(kinds) > 0:
		p, err := cat.G.Project(ctx, graph.ProjectOptions{Kinds: kinds})
		if err != nil {
			return nil, err
		}
		am, err := p.G.AdjacencyMap()
		if err != nil {
			return nil, err
		}
		for id := range am {
			ids[id] = true
		}
	default:
		return nil, nil
	}
	return func(id string) bool { return ids[id] }, nil
}
