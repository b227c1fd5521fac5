package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"rustykg/cmd/internal/outfile"
	"rustykg/cmd/internal/renderer"
	"rustykg/graph"
	"rustykg/graph/viz"
	"rustykg/queries"
)

// renderOpts are the flags every render command shares.
type renderOpts struct {
	layout   string
	output   string
	noLegend bool
	renderer string
}

func renderCmd(e *env) *cobra.Command {
	var o renderOpts
	var focus string
	var depth int
	var kinds string
	c := &cobra.Command{
		Use:         "render [--focus ID [--depth N] | --kinds K1,K2] [-o FILE] [-f svg|png|dot]",
		Annotations: map[string]string{formatsKey: formatsOwn},
		Short:       "Draw the graph, a neighbourhood, a kinds filter, shared challenges or a path",
		Long: `render draws part of the knowledge graph with Graphviz:

  render                          the whole graph
  render --focus ID --depth N     the nodes at most N statements from ID (default 1)
  render --kinds kernel,challenge only those kinds; links through hidden nodes
                                  become dashed edges ("via study")
  render shared K1 K2 ...         the kernels and their challenges, shared ones marked
  render path A B                 a shortest chain of statements from A to B

Nodes are styled by kind, kernels boxed by approach; edge labels are the
relations, edge widths the number of supporting studies, and tooltips (in
SVG) name the studies. The format comes from -f, else from the -o file's
extension (.svg, .png, .dot), else SVG. Text formats (svg, dot) go to
stdout when -o is not given; -f and the extension must agree.

SVG and PNG are drawn by rustykg-render (go-graphviz, built next to rustykg
by "go build -o bin/ ./cmd/..."), else by Graphviz's dot when it is on
$PATH; --renderer helper|dot picks one. DOT needs neither.

-o writes a regular file atomically (the old one stays if anything fails)
and keeps its permissions; a symlink is followed; a device or FIFO is
written to directly.`,
		Example: `  rustykg render -o review.svg
  rustykg render --focus tock --depth 2 -o tock.svg
  rustykg render --kinds kernel,challenge --layout fdp -o kc.png
  rustykg render shared redox theseus tock -o shared.svg
  rustykg render path lesson:no-pure-rust kernel:linux -f dot`,
		Args: args(0, 0),
		RunE: func(c *cobra.Command, _ []string) error {
			format, err := e.renderFormat(c, o)
			if err != nil {
				return err
			}
			focusSet := c.Flags().Changed("focus")
			if focusSet && kinds != "" {
				return usagef("render takes --focus or --kinds, not both")
			}
			if c.Flags().Changed("depth") && !focusSet {
				return usagef("--depth needs --focus")
			}
			var ks []graph.Kind
			if kinds != "" {
				if ks, err = parseKinds(kinds); err != nil {
					return err
				}
			}
			if focusSet && depth < 1 {
				return usagef("--depth must be at least 1, got %d", depth)
			}
			ctx := c.Context()
			cat, err := e.catalog(ctx)
			if err != nil {
				return err
			}
			var d *viz.Diagram
			switch {
			case focusSet:
				id, err := cat.Resolve(focus)
				if err != nil {
					return err
				}
				d, err = viz.Neighbourhood(ctx, cat, id, depth)
			case len(ks) > 0:
				d, err = viz.OfKinds(ctx, cat, ks)
			default:
				d, err = viz.Whole(ctx, cat)
			}
			if err != nil {
				return err
			}
			return e.draw(ctx, d, format, o)
		},
	}
	f := c.Flags()
	f.StringVar(&focus, "focus", "", "draw the neighbourhood of node `ID`")
	f.IntVar(&depth, "depth", 1, "with --focus: how many statements away to go")
	f.StringVar(&kinds, "kinds", "", "draw only these `KINDS` (comma-separated: "+kindList()+")")
	pf := c.PersistentFlags()
	pf.StringVar(&o.layout, "layout", "dot", "Graphviz `LAYOUT`: "+strings.Join(viz.Layouts, ", "))
	pf.StringVarP(&o.output, "output", "o", "", "write to `FILE` (atomically); the format follows its extension unless -f is given")
	pf.BoolVar(&o.noLegend, "no-legend", false, "leave the legend out")
	pf.StringVar(&o.renderer, "renderer", renderer.Auto, "who draws SVG and PNG: `R` = "+strings.Join(renderer.Choices, ", ")+" (auto: rustykg-render when found, else native dot)")
	c.AddCommand(renderSharedCmd(e, &o), renderPathCmd(e, &o))
	return c
}

func renderSharedCmd(e *env, o *renderOpts) *cobra.Command {
	var challenge string
	c := &cobra.Command{
		Use:   "shared [K1 K2 ...] [--challenge C]",
		Short: "Draw which kernels share which challenges",
		Long: `render shared K1 K2 ...     the kernels, every challenge they face, and (double
                            outline) the challenges all of them face
render shared --challenge C  challenge C and the kernels that face it
render shared                every kernel that shares a challenge with another`,
		Example: `  rustykg render shared redox theseus tock -o shared.svg`,
		Args:    args(0, -1),
		RunE: func(c *cobra.Command, a []string) error {
			format, err := e.renderFormat(c, *o)
			if err != nil {
				return err
			}
			ctx := c.Context()
			cat, err := e.catalog(ctx)
			if err != nil {
				return err
			}
			d, err := sharedDiagram(ctx, e, cat, a, challenge)
			if err != nil {
				return err
			}
			return e.draw(ctx, d, format, *o)
		},
	}
	c.Flags().StringVar(&challenge, "challenge", "", "draw the kernels that face challenge `C`")
	return c
}

func renderPathCmd(e *env, o *renderOpts) *cobra.Command {
	return &cobra.Command{
		Use:   "path A B",
		Short: "Draw a shortest chain of statements between two nodes",
		Long: `render path A B draws the chain of statements that "rustykg path A B" prints:
a shortest one, following statements in either direction, the same on every
run. With no chain, the picture shows the two nodes apart and says so.`,
		Example: `  rustykg render path lesson:no-pure-rust kernel:linux -o path.svg`,
		Args:    args(2, 2),
		RunE: func(c *cobra.Command, a []string) error {
			format, err := e.renderFormat(c, *o)
			if err != nil {
				return err
			}
			ctx := c.Context()
			cat, err := e.catalog(ctx)
			if err != nil {
				return err
			}
			ids, err := e.resolve(cat, a)
			if err != nil {
				return err
			}
			d, err := viz.Path(ctx, cat, ids[0], ids[1])
			if err != nil {
				return err
			}
			return e.draw(ctx, d, format, *o)
		},
	}
}

// renderFormat decides the output format: -f/--format when given (svg,
// png or dot), else the -o file's extension, else SVG. PNG needs -o.
func (e *env) renderFormat(c *cobra.Command, o renderOpts) (string, error) {
	if !viz.ValidLayout(o.layout) {
		return "", usagef("unknown layout %q (want %s)", o.layout, strings.Join(viz.Layouts, ", "))
	}
	if !slices.Contains(renderer.Choices, o.renderer) {
		return "", usagef("unknown renderer %q (want %s)", o.renderer, strings.Join(renderer.Choices, ", "))
	}
	format := "svg"
	if fl := c.Flag("format"); fl != nil && fl.Changed {
		format = e.format
		if !viz.ValidFormat(format) {
			return "", usagef("render writes %s, not %q", strings.Join(viz.Formats, ", "), format)
		}
		if ext := viz.FormatOf(o.output); o.output != "" && ext != "" && ext != format {
			return "", usagef("-f %s disagrees with the extension of %q (%s): change one", format, o.output, ext)
		}
	} else if o.output != "" {
		if format = viz.FormatOf(o.output); format == "" {
			return "", usagef("cannot tell the format of %q from its extension (.svg, .png, .dot); give -f", o.output)
		}
	}
	if e.bibtex {
		return "", usagef("render draws pictures; --bibtex has nothing to print")
	}
	if format == "png" && o.output == "" {
		return "", usagef("PNG is binary: give -o FILE, or use -f svg or -f dot for stdout")
	}
	return format, nil
}

// draw writes d in format: DOT as it is, SVG and PNG through a renderer
// (renderer.Find). Everything is rendered into memory first, then written
// by outfile.Write (atomic for a regular file), so a failure leaves no
// partial output anywhere.
func (e *env) draw(ctx context.Context, d *viz.Diagram, format string, o renderOpts) error {
	var r viz.Renderer
	if format != "dot" {
		var err error
		if r, err = renderer.Find(o.renderer, e.stderr); err != nil {
			return fmt.Errorf("render %s: %w", format, err)
		}
	}
	out, err := viz.Picture(ctx, r, d, format, viz.Options{Layout: o.layout, NoLegend: o.noLegend})
	if err != nil {
		return err
	}
	if o.output != "" {
		return outfile.Write(ctx, o.output, out)
	}
	_, err = e.stdout.Write(out)
	return err
}

// sharedDiagram resolves the arguments of "shared" and draws its answer:
// with kernels, those kernels and every challenge they face, marking the
// ones all of them face; with a challenge, it and the kernels that face
// it; with neither, every kernel that shares a challenge with another.
func sharedDiagram(ctx context.Context, e *env, cat *queries.Catalog, kernels []string, challenge string) (*viz.Diagram, error) {
	switch {
	case challenge != "" && len(kernels) > 0:
		return nil, usagef("shared takes kernels or --challenge, not both")
	case challenge != "":
		id, err := cat.Resolve(challenge, graph.KindChallenge)
		if err != nil {
			return nil, err
		}
		return viz.ChallengeKernels(ctx, cat, id)
	case len(kernels) > 0:
		ks, err := e.resolve(cat, kernels, graph.KindKernel)
		if err != nil {
			return nil, err
		}
		return viz.SharedChallenges(ctx, cat, ks)
	}
	return viz.SharedPairs(ctx, cat)
}

// picture is a query result that --format dot draws instead of printing.
type picture struct {
	queries.Result
	diagram *viz.Diagram
}

// WriteDOT implements dotter.
func (p picture) WriteDOT(w io.Writer) error {
	return viz.WriteDOT(w, p.diagram, viz.Options{})
}

// drawable pairs res with its picture when the format is dot; other
// formats get res as it is.
func (e *env) drawable(res queries.Result, draw func() (*viz.Diagram, error)) (queries.Result, error) {
	if e.format != "dot" || e.bibtex {
		return res, nil
	}
	d, err := draw()
	if err != nil {
		return nil, err
	}
	return picture{Result: res, diagram: d}, nil
}

// showDiagram draws "show ID": the node and its direct neighbours.
func showDiagram(ctx context.Context, cat *queries.Catalog, id string) (*viz.Diagram, error) {
	return viz.Neighbourhood(ctx, cat, id, 1)
}

func parseKinds(s string) ([]graph.Kind, error) {
	var out []graph.Kind
	for _, part := range strings.Split(s, ",") {
		k := graph.Kind(strings.TrimSpace(part))
		if k == "" {
			continue
		}
		if !graph.ValidKind(k) {
			return nil, usagef("unknown kind %q in --kinds (want %s)", k, kindList())
		}
		out = append(out, k)
	}
	if len(out) == 0 {
		return nil, usagef("--kinds names no kind (want %s)", kindList())
	}
	return out, nil
}

func kindList() string {
	names := make([]string, len(graph.Kinds))
	for i, k := range graph.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}
