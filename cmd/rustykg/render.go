package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"rustykg/graph"
	"rustykg/graph/viz"
	"rustykg/queries"
)

// renderOpts are the flags every render command shares.
type renderOpts struct {
	layout   string
	output   string
	noLegend bool
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
stdout when -o is not given. SVG and PNG are drawn by rustykg-render (go
install rustykg/cmd/...); DOT needs nothing else.`,
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
			ctx := c.Context()
			cat, err := e.catalog(ctx)
			if err != nil {
				return err
			}
			b, err := viz.NewBuilder(ctx, cat.G)
			if err != nil {
				return err
			}
			var d *viz.Diagram
			switch {
			case focusSet:
				if depth < 1 {
					return usagef("--depth must be at least 1, got %d", depth)
				}
				id, err := cat.Resolve(focus)
				if err != nil {
					return err
				}
				if d, err = focusDiagram(ctx, cat, b, id, depth); err != nil {
					return err
				}
			case len(ks) > 0:
				if d, err = b.Kinds(ks); err != nil {
					return err
				}
			default:
				if d, err = b.Whole(); err != nil {
					return err
				}
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
			d, err := pathDiagram(ctx, cat, ids[0], ids[1])
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
	format := "svg"
	if fl := c.Flag("format"); fl != nil && fl.Changed {
		format = e.format
		if !viz.ValidFormat(format) {
			return "", usagef("render writes %s, not %q", strings.Join(viz.Formats, ", "), format)
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

// draw writes d in format: DOT as it is, SVG and PNG through
// rustykg-render. Everything is rendered into memory first; a file is
// written atomically, so a failure leaves no partial output anywhere.
func (e *env) draw(ctx context.Context, d *viz.Diagram, format string, o renderOpts) error {
	out, err := viz.DOT(d, viz.Options{Layout: o.layout, NoLegend: o.noLegend})
	if err != nil {
		return err
	}
	if format != "dot" {
		p, err := findTool(viz.RendererName, viz.RendererEnv)
		if err != nil {
			return fmt.Errorf("render %s: %w", format, err)
		}
		if out, err = (viz.Renderer{Path: p}).Render(ctx, out, format, o.layout); err != nil {
			return err
		}
		if format == "svg" {
			if err := viz.CheckNodes(out, d); err != nil {
				return fmt.Errorf("render svg: %w", err)
			}
		}
	}
	if o.output != "" {
		return viz.WriteFileAtomic(o.output, out)
	}
	_, err = e.stdout.Write(out)
	return err
}

// sharedDiagram draws the answer of "shared": with kernels, those kernels
// and every challenge they face, marking the ones all of them face; with a
// challenge, it and the kernels that face it; with neither, every kernel
// that shares a challenge with another, and those challenges.
func sharedDiagram(ctx context.Context, e *env, cat *queries.Catalog, kernels []string, challenge string) (*viz.Diagram, error) {
	b, err := viz.NewBuilder(ctx, cat.G)
	if err != nil {
		return nil, err
	}
	var ids, marked []string
	var title, note string
	switch {
	case challenge != "" && len(kernels) > 0:
		return nil, usagef("shared takes kernels or --challenge, not both")
	case challenge != "":
		id, err := cat.Resolve(challenge, graph.KindChallenge)
		if err != nil {
			return nil, err
		}
		res, err := queries.KernelsFacing(ctx, cat, id)
		if err != nil {
			return nil, err
		}
		ids, marked = []string{id}, []string{id}
		for _, k := range res.Kernels {
			ids = append(ids, k.Kernel)
		}
		title = fmt.Sprintf("Kernels that face %s: %d", cat.Name(id), len(res.Kernels))
		note = "the challenge"
	case len(kernels) > 0:
		ks, err := e.resolve(cat, kernels, graph.KindKernel)
		if err != nil {
			return nil, err
		}
		res, err := queries.Shared(ctx, cat, ks)
		if err != nil {
			return nil, err
		}
		ids = append(ids, ks...)
		for _, k := range ks {
			cls, err := cat.G.Claims(ctx, graph.ClaimFilter{Subject: k, Relation: graph.RelFaces})
			if err != nil {
				return nil, err
			}
			for _, cl := range cls {
				ids = append(ids, cl.Object)
			}
		}
		names := make([]string, len(ks))
		for i, k := range ks {
			names[i] = cat.Name(k)
		}
		for _, ch := range res.Challenges {
			marked = append(marked, ch.Challenge)
		}
		title = fmt.Sprintf("Challenges of %s: %d shared by all", joinAnd(names), len(res.Challenges))
		note = "faced by every kernel named"
	default:
		res, err := queries.SharedPairs(ctx, cat)
		if err != nil {
			return nil, err
		}
		for _, p := range res.Pairs {
			ids = append(ids, p.A, p.B)
			ids = append(ids, p.Challenges...)
		}
		title = fmt.Sprintf("Kernels that share challenges: %d pairs", len(res.Pairs))
	}
	return b.Subgraph(title, dedup(ids), marked, note)
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
	b, err := viz.NewBuilder(ctx, cat.G)
	if err != nil {
		return nil, err
	}
	return focusDiagram(ctx, cat, b, id, 1)
}

// focusDiagram draws the neighbourhood that "rustykg neighbors ID --depth
// N" lists: the nodes at most depth statements from id, either way, and
// the statements between them.
func focusDiagram(ctx context.Context, cat *queries.Catalog, b *viz.Builder, id string, depth int) (*viz.Diagram, error) {
	res, err := queries.Neighbors(ctx, cat, id, queries.NeighborsOptions{Depth: depth})
	if err != nil {
		return nil, err
	}
	ids := []string{id}
	for _, n := range res.Neighbors {
		ids = append(ids, n.ID)
	}
	title := fmt.Sprintf("Neighbourhood of %s: %d %s within %d %s", cat.Name(id), len(res.Neighbors), plural(len(res.Neighbors), "node", "nodes"), depth, plural(depth, "step", "steps"))
	return b.Subgraph(title, ids, []string{id}, "the focus")
}

// pathDiagram draws the chain of statements that "rustykg path A B"
// prints (queries.Path), or the two nodes apart when there is none.
func pathDiagram(ctx context.Context, cat *queries.Catalog, from, to string) (*viz.Diagram, error) {
	res, err := queries.Path(ctx, cat, from, to)
	if err != nil {
		return nil, err
	}
	b, err := viz.NewBuilder(ctx, cat.G)
	if err != nil {
		return nil, err
	}
	title := fmt.Sprintf("No chain of statements links %s and %s", cat.Name(from), cat.Name(to))
	ids := []string{from, to}
	if res.Found {
		steps := len(res.Nodes) - 1
		title = fmt.Sprintf("Path from %s to %s: %d %s", cat.Name(from), cat.Name(to), steps, plural(steps, "step", "steps"))
		ids = res.Nodes
	}
	return b.Subgraph(title, ids, []string{from, to}, "the ends of the path")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
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

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func dedup(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
