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
// Pictures (SVG, PNG) are made by a separate program, rustykg-render, which
// links go-graphviz (Graphviz compiled to WebAssembly; see package
// graph/viz/gvrender). Renderer runs it; this package itself never imports
// go-graphviz, so programs that only emit DOT do not pay the WASM compile
// in go-graphviz's init().
//
//	b, err := viz.NewBuilder(ctx, g) // g is a *graph.Graph
//	if err != nil { … }
//	d, err := b.Kinds([]graph.Kind{graph.KindKernel, graph.KindChallenge})
//	if err != nil { … }
//	src, err := viz.DOT(d, viz.Options{Layout: "fdp"})
//	if err != nil { … }
//	r := viz.Renderer{Path: "/usr/local/bin/rustykg-render"} // rustykg finds it via $RUSTYKG_RENDER, next to itself, $PATH
//	svg, err := r.Render(ctx, src, "svg", "fdp")
//	if err != nil { … }
//	err = viz.WriteFileAtomic("kernels.svg", svg)
package viz
