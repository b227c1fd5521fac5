package main

import (
	"bytes"
	"context"
	"strings"

	"github.com/spf13/cobra"

	"rustykg/cmd/internal/outfile"
	"rustykg/graph"
	"rustykg/graph/export"
	"rustykg/graph/viz"
	"rustykg/loaders"
	"rustykg/queries"
)

func exportCmd(e *env) *cobra.Command {
	var o exportOpts
	var focus, kinds string
	var depth int
	c := &cobra.Command{
		Use:         "export [--focus ID [--depth N] | --kinds K1,K2 | shared ... | path A B] [-f nquads|jsonld|graphml|csv|sheet] [-o FILE]",
		Annotations: map[string]string{formatsKey: formatsOwn},
		Short:       "Write the graph as N-Quads, JSON-LD, GraphML, CSV or an extraction sheet for other tools",
		Long: `export writes the knowledge graph, or a part of it, for other tools:

  nquads   RDF N-Quads: absolute IRIs under ` + export.Base + `,
           the supporting study as each statement's graph name (SPARQL, rapper, rdflib)
  jsonld   the same quads as JSON-LD, with an inline @context
  graphml  nodes and merged edges with typed attributes (NetworkX, Gephi)
  csv      a zip of nodes.csv and edges.csv with header rows (spreadsheets, Gephi);
           cells a spreadsheet would run as formulas are guarded as in --format csv
  sheet    the claims as a data-extraction sheet (one finding a row: study, subject,
           relation, object, locator, note, table, flags), the layout --data FILE.csv
           and a data folder's .csv files read back; a leading ' guards formulas

The format comes from -f, else from the -o file's extension (.nq, .jsonld,
.graphml, .zip, .csv for a sheet), else N-Quads. Text formats go to stdout when -o is not
given; the CSV zip needs -o. Files are written atomically.

  export                         the whole graph
  export --focus ID --depth N    the nodes at most N statements from ID (default 1)
  export --kinds kernel,challenge  only those kinds
  export shared K1 K2 ...        the kernels and their challenges (also --challenge C)
  export path A B                a shortest chain of statements from A to B

A selection keeps the nodes render draws for it and the statements between
them (render's dashed "via" edges are a drawing device, not statements).

Output is deterministic (sorted), so it diffs cleanly.`,
		Example: `  rustykg export -o rustykg.nq
  rustykg export -f jsonld > rustykg.jsonld
  rustykg export --kinds kernel,challenge -o kc.graphml
  rustykg export -f csv -o rustykg.zip
  rustykg export -o findings.csv                  the claims as an extraction sheet
  rustykg export --focus redox --depth 2 -f nquads | rapper -i nquads -c -`,
		Args: args(0, 0),
		RunE: func(c *cobra.Command, _ []string) error {
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
			return e.export(c, o, func(ctx context.Context, cat *queries.Catalog) (*viz.Diagram, error) {
				switch {
				case focusSet:
					id, err := cat.Resolve(focus)
					if err != nil {
						return nil, err
					}
					return viz.Neighbourhood(ctx, cat, id, depth)
				case len(ks) > 0:
					return viz.OfKinds(ctx, cat, ks)
				}
				return nil, nil
			})
		},
	}
	f := c.Flags()
	c.PersistentFlags().StringVarP(&o.output, "output", "o", "", "write to `FILE` (atomically); the format follows its extension unless -f is given")
	f.StringVar(&focus, "focus", "", "export the neighbourhood of node `ID`")
	f.IntVar(&depth, "depth", 1, "with --focus: how many statements away to go")
	f.StringVar(&kinds, "kinds", "", "export only these `KINDS` (comma-separated: "+kindList()+")")
	c.AddCommand(exportSharedCmd(e, &o), exportPathCmd(e, &o))
	return c
}

// exportOpts are the flags every export command shares.
type exportOpts struct {
	output string
}

func exportSharedCmd(e *env, o *exportOpts) *cobra.Command {
	var challenge string
	c := &cobra.Command{
		Use:   "shared [K1 K2 ...] [--challenge C]",
		Short: "Export the kernels and challenges of a \"shared\" answer",
		Long: `export shared K1 K2 ...     the kernels and every challenge they face
export shared --challenge C  challenge C and the kernels that face it
export shared                every kernel that shares a challenge with another, and those challenges

The same nodes as render shared draws, and the statements between them.`,
		Example: `  rustykg export shared redox theseus tock -o shared.nq`,
		Args:    args(0, -1),
		RunE: func(c *cobra.Command, a []string) error {
			return e.export(c, *o, func(ctx context.Context, cat *queries.Catalog) (*viz.Diagram, error) {
				return sharedDiagram(ctx, e, cat, a, challenge)
			})
		},
	}
	c.Flags().StringVar(&challenge, "challenge", "", "export the kernels that face challenge `C`")
	return c
}

func exportPathCmd(e *env, o *exportOpts) *cobra.Command {
	return &cobra.Command{
		Use:     "path A B",
		Short:   "Export the chain of statements \"rustykg path A B\" prints",
		Example: `  rustykg export path lesson:no-pure-rust kernel:linux -f jsonld`,
		Args:    args(2, 2),
		RunE: func(c *cobra.Command, a []string) error {
			return e.export(c, *o, func(ctx context.Context, cat *queries.Catalog) (*viz.Diagram, error) {
				ids, err := e.resolve(cat, a)
				if err != nil {
					return nil, err
				}
				return viz.Path(ctx, cat, ids[0], ids[1])
			})
		},
	}
}

// exportFormat decides the export format: -f when given, else the -o
// file's extension, else N-Quads.
func (e *env) exportFormat(c *cobra.Command, o exportOpts) (string, error) {
	format := "nquads"
	if fl := c.Flag("format"); fl != nil && fl.Changed {
		format = e.format
		if !validExportFormat(format) {
			return "", usagef("export writes %s or %s, not %q", strings.Join(export.Formats, ", "), formatSheet, format)
		}
	} else if o.output != "" {
		if loaders.IsSheetPath(o.output) {
			format = formatSheet
		} else if format = export.FormatOf(o.output); format == "" {
			return "", usagef("cannot tell the format of %q from its extension (.nq, .jsonld, .graphml, .zip, .csv); give -f", o.output)
		}
	}
	if e.bibtex {
		return "", usagef("export writes graphs; --bibtex has nothing to print")
	}
	if export.Binary(format) && o.output == "" {
		return "", usagef("the %s export is a zip archive: give -o FILE.zip", format)
	}
	return format, nil
}

// export writes the selection sel makes (the nodes of its diagram, as
// render would draw them, and the statements between them; nil: the
// whole graph) in the chosen format, to -o FILE atomically or to stdout.
func (e *env) export(c *cobra.Command, o exportOpts, sel func(context.Context, *queries.Catalog) (*viz.Diagram, error)) error {
	format, err := e.exportFormat(c, o)
	if err != nil {
		return err
	}
	ctx := c.Context()
	cat, err := e.catalog(ctx)
	if err != nil {
		return err
	}
	d, err := sel(ctx, cat)
	if err != nil {
		return err
	}
	var keep func(string) bool
	if d != nil {
		ids := map[string]bool{}
		for _, n := range d.Nodes {
			ids[n.ID] = true
		}
		keep = func(id string) bool { return ids[id] }
	}
	ds, err := export.FromGraph(ctx, cat.G, keep)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if format == formatSheet {
		err = loaders.WriteSheet(&buf, ds.Claims)
	} else {
		err = export.Write(&buf, format, ds, export.Options{CSVCell: csvSafe})
	}
	if err != nil {
		return err
	}
	if o.output != "" {
		return outfile.Write(ctx, o.output, buf.Bytes())
	}
	_, err = e.stdout.Write(buf.Bytes())
	return err
}

// formatSheet is export's extraction-sheet format: the claims, in the
// layout the loaders read (loaders.WriteSheet).
const formatSheet = "sheet"

func validExportFormat(f string) bool {
	if f == formatSheet {
		return true
	}
	for _, x := range export.Formats {
		if x == f {
			return true
		}
	}
	return false
}
