// Package viz draws rustykg's knowledge graph: it selects a subgraph of a
// projection (graph.Projection, a dominikbraun/graph graph whose edges
// merge parallel statements and list their studies), lays it out as a
// Diagram and writes it as deterministic, escaped Graphviz DOT. It never
// uses dominikbraun/graph's draw.DOT, which neither escapes nor orders.
//
// In the DOT, each kind has its own shape and colours (Styles), kernels are
// boxed in clusters by approach, edge labels are the relations, pen width
// and layout weight the number of supporting studies, tooltips name the
// studies, and a generated legend explains it all. Statements and
// attributes are sorted, so the same graph gives the same bytes.
//
// The diagrams of rustykg's questions are built here too, from the rows of
// the named queries, so a picture shows what the matching command lists:
// Whole, OfKinds, Neighbourhood, SharedChallenges, ChallengeKernels,
// SharedPairs and Path.
//
// Pictures (SVG, PNG) are drawn by a Renderer. This package never starts a
// program (and never imports go-graphviz, whose init compiles WASM): the
// implementations that run rustykg-render or native dot live with the
// commands, in cmd/internal/renderer; graph/viz/gvrender draws in process
// with go-graphviz, graph/viz/raster turns Graphviz's SVG into PNG and
// graph/viz/svgclean makes it safe to inline into a page.
//
//	d, err := viz.SharedChallenges(ctx, cat, []string{"kernel:redox", "kernel:tock"})
//	if err != nil { … }
//	src, err := viz.Picture(ctx, nil, d, "dot", viz.Options{Layout: "fdp"})
//	if err != nil { … }
//	r, err := renderer.Find(renderer.Auto, os.Stderr) // in cmd: rustykg-render, else native dot
//	if err != nil { … }
//	svg, err := viz.Picture(ctx, r, d, "svg", viz.Options{})
package viz
