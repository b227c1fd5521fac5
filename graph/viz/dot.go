package viz

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"rustykg/graph"
)

// Layouts are the Graphviz layout engines a diagram may name.
var Layouts = []string{"circo", "dot", "fdp", "neato", "sfdp", "twopi"}

// Options control the DOT a diagram is written as.
type Options struct {
	// Layout is the layout engine the DOT names (graph [layout=...]);
	// "dot" when empty. Native Graphviz and rustykg-render both honour it.
	Layout string
	// NoLegend leaves the legend out.
	NoLegend bool
	// NodeURL, when set, gives each node a link: the URL it returns for
	// the node's ID becomes the node's URL attribute (in SVG, an <a>
	// around the node). An empty URL leaves the node without one.
	NodeURL func(id string) string
}

// ValidLayout reports whether l is one of Layouts.
func ValidLayout(l string) bool {
	for _, x := range Layouts {
		if x == l {
			return true
		}
	}
	return false
}

// WriteDOT writes d as a Graphviz DOT digraph: graph, node and edge
// defaults, then the approach clusters (sorted by approach ID, members in
// graph.NodeLess order), the other nodes, the edges (sorted by their two
// ends) and the legend. Every statement is on its own line and every
// attribute list is sorted by key, so the same diagram always gives the
// same bytes. The diagram is written as a whole or not at all.
func WriteDOT(w io.Writer, d *Diagram, opts Options) error {
	out, err := DOT(d, opts)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// DOT returns d as DOT source (see WriteDOT).
func DOT(d *Diagram, opts Options) ([]byte, error) {
	if opts.Layout == "" {
		opts.Layout = "dot"
	}
	if !ValidLayout(opts.Layout) {
		return nil, fmt.Errorf("unknown layout %q (want %s)", opts.Layout, strings.Join(Layouts, ", "))
	}
	c := *d
	c.Nodes = append([]graph.Node(nil), d.Nodes...)
	c.Edges = append([]Edge(nil), d.Edges...)
	c.Clusters = append([]Cluster(nil), d.Clusters...)
	c.Marked = append([]string(nil), d.Marked...)
	c.Hidden = append([]graph.Kind(nil), d.Hidden...)
	c.normalize()
	d = &c

	var b bytes.Buffer
	b.WriteString("// Drawn by rustykg from its knowledge graph; regenerate it rather than edit it.\n")
	b.WriteString("digraph \"rustykg\" {\n")
	stmt(&b, "\t", "graph", attrs{
		"fontname":    quoteText(fontName),
		"label":       "<<B>" + htmlText(d.Title) + "</B>>",
		"labelloc":    `"t"`,
		"layout":      quoteText(opts.Layout),
		"nodesep":     `"0.3"`,
		"outputorder": `"edgesfirst"`,
		"overlap":     `"false"`,
		"rankdir":     `"LR"`,
		"ranksep":     `"0.6"`,
		"tooltip":     quoteText(d.Title),
	})
	stmt(&b, "\t", "node", attrs{"fontname": quoteText(fontName), "fontsize": `"11"`, "margin": `"0.12,0.06"`})
	stmt(&b, "\t", "edge", attrs{"arrowsize": `"0.7"`, "color": quoteText(edgeColour), "fontcolor": quoteText(edgeColour), "fontname": quoteText(fontName), "fontsize": `"9"`})

	marked := map[string]bool{}
	for _, id := range d.Marked {
		marked[id] = true
	}
	inCluster := map[string]bool{}
	for _, cl := range d.Clusters {
		b.WriteString("\n\tsubgraph " + quoteID("cluster_"+cl.ID) + " {\n")
		stmt(&b, "\t\t", "graph", attrs{
			"color":     quoteText(clusterLine),
			"fillcolor": quoteText(clusterFill),
			"fontsize":  `"12"`,
			"label":     "<<I>" + htmlText(cl.Label) + "</I>>",
			"style":     `"rounded,filled"`,
			"tooltip":   quoteText("approach: " + cl.Label + " (" + cl.ID + ")"),
		})
		for _, id := range cl.Members {
			n, _ := d.node(id)
			stmt(&b, "\t\t", quoteID(id), nodeAttrs(n, marked[id], opts))
			inCluster[id] = true
		}
		b.WriteString("\t}\n")
	}
	if len(d.Nodes) > len(inCluster) {
		b.WriteString("\n")
	}
	for _, n := range d.Nodes {
		if !inCluster[n.ID] {
			stmt(&b, "\t", quoteID(n.ID), nodeAttrs(n, marked[n.ID], opts))
		}
	}
	if len(d.Edges) > 0 {
		b.WriteString("\n")
	}
	for _, e := range d.Edges {
		stmt(&b, "\t", quoteID(e.From)+" -> "+quoteID(e.To), edgeAttrs(d, e))
	}
	if !opts.NoLegend {
		writeLegend(&b, d)
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// attrs is an attribute list; values are already quoted or HTML (<...>).
type attrs map[string]string

// stmt writes one statement "head [k=v, ...];" with sorted keys.
func stmt(b *bytes.Buffer, indent, head string, a attrs) {
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b.WriteString(indent + head)
	if len(keys) > 0 {
		b.WriteString(" [")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k + "=" + a[k])
		}
		b.WriteString("]")
	}
	b.WriteString(";\n")
}

// nodeAttrs styles a node by its kind: shape and colours from Styles, a
// dashed outline when it lies outside the review, a double outline when
// marked.
func nodeAttrs(n graph.Node, marked bool, opts Options) attrs {
	st := styleOf(n.Kind)
	style := []string{"filled"}
	if st.Extra != "" {
		style = append(style, st.Extra)
	}
	if !n.InReview {
		style = append(style, "dashed")
	}
	a := attrs{
		"color":     quoteText(st.Line),
		"fillcolor": quoteText(st.Fill),
		"label":     "<" + nodeLabel(n) + ">",
		"shape":     quoteText(st.Shape),
		"style":     quoteText(strings.Join(style, ",")),
		"tooltip":   quoteText(nodeTooltip(n)),
	}
	if opts.NodeURL != nil {
		if u := opts.NodeURL(n.ID); u != "" {
			a["URL"] = quoteText(u)
		}
	}
	if marked {
		a["peripheries"] = `"2"`
		a["penwidth"] = `"2"`
	}
	return a
}

// nodeLabel is the HTML label of a node: its short name (wrapped) over its
// ID in small grey type.
func nodeLabel(n graph.Node) string {
	return htmlText(wrap(shortName(n), 24)) + `<BR/><FONT POINT-SIZE="8" COLOR="#666666">` + htmlText(n.ID) + "</FONT>"
}

// shortName is what a node is called in a picture. Studies, whose names
// are their titles, are called "Surname et al. Year [ref]" (the review's
// reference number, when it cites them).
func shortName(n graph.Node) string {
	if n.Kind == graph.KindStudy || n.Kind == graph.KindReview {
		if authors := n.Attr("authors"); authors != "" {
			list := strings.Split(authors, "; ")
			s := list[0] // one author may be an organisation: keep it whole
			switch {
			case len(list) == 2:
				s = lastWord(list[0]) + " and " + lastWord(list[1])
			case len(list) > 2:
				s = lastWord(list[0]) + " et al."
			}
			if y := n.Attr("year"); y != "" {
				s += " " + y
			}
			if r := n.Attr("ref"); r != "" {
				s += " [" + r + "]"
			}
			return s
		}
	}
	if n.Name != "" {
		return n.Name
	}
	return graph.Slug(n.ID)
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return s
	}
	return f[len(f)-1]
}

// wrap breaks s into lines of about width runes at spaces.
func wrap(s string, width int) string {
	var lines []string
	var cur []string
	n := 0
	for _, w := range strings.Fields(s) {
		l := len([]rune(w))
		if n > 0 && n+1+l > width {
			lines = append(lines, strings.Join(cur, " "))
			cur, n = nil, 0
		}
		if n > 0 {
			n++
		}
		cur = append(cur, w)
		n += l
	}
	if len(cur) > 0 {
		lines = append(lines, strings.Join(cur, " "))
	}
	return strings.Join(lines, "\n")
}

// nodeTooltip names the node, says whether the review covers it, and
// gives its description.
func nodeTooltip(n graph.Node) string {
	where := "in the review"
	if !n.InReview {
		where = "outside the review"
	}
	s := n.Name + " (" + n.ID + "), " + where
	if n.Description != "" {
		s += "\n" + n.Description
	}
	if len(n.Flags) > 0 {
		s += "\nflags: " + strings.Join(n.Flags, ", ")
	}
	return s
}

// edgeAttrs: the label is the relation (or "via ..." for a contracted
// edge), the pen width and layout weight the number of supporting
// studies, and the tooltip names them.
func edgeAttrs(d *Diagram, e Edge) attrs {
	n := len(e.Studies)
	a := attrs{
		"label":    "<" + htmlText(edgeLabel(e)) + ">",
		"penwidth": strconv.Quote(strconv.Itoa(penWidth(n))),
		"tooltip":  quoteText(edgeTooltip(d, e)),
		"weight":   strconv.Quote(strconv.Itoa(max(n, 1))),
	}
	if e.Contracted() {
		a["style"] = `"dashed"`
	}
	return a
}

func edgeLabel(e Edge) string {
	if !e.Contracted() {
		rs := make([]string, len(e.Relations))
		for i, r := range e.Relations {
			rs[i] = string(r)
		}
		return strings.Join(rs, ", ")
	}
	count := map[graph.Kind]int{}
	var kinds []graph.Kind
	for _, v := range e.Via {
		k := graph.KindOf(v)
		if count[k] == 0 {
			kinds = append(kinds, k)
		}
		count[k]++
	}
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		if c := count[k]; c > 1 {
			parts[i] = strconv.Itoa(c) + " " + pluralKind(k)
		} else {
			parts[i] = string(k)
		}
	}
	return "via " + strings.Join(parts, ", ")
}

func pluralKind(k graph.Kind) string {
	s := string(k)
	if strings.HasSuffix(s, "y") {
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}

func edgeTooltip(d *Diagram, e Edge) string {
	s := d.name(e.From) + " " + edgeLabel(e) + " " + d.name(e.To)
	if e.Contracted() {
		s = d.name(e.From) + " and " + d.name(e.To) + ", linked " + edgeLabel(e) + ": " + strings.Join(e.Via, ", ")
	}
	if len(e.Studies) > 0 {
		s += "\n" + plural(len(e.Studies), "study", "studies") + ": " + strings.Join(e.Studies, ", ")
	}
	return s
}

// writeLegend adds a legend cluster: one sample node per kind in the
// diagram, styled as that kind, and a note on what widths, dashes and
// outlines mean. The samples have no edges, so dot stacks them in one
// column, in Kinds order.
func writeLegend(b *bytes.Buffer, d *Diagram) {
	present := map[graph.Kind]bool{}
	outside := false
	for _, n := range d.Nodes {
		present[n.Kind] = true
		outside = outside || !n.InReview
	}
	if len(present) == 0 {
		return
	}
	b.WriteString("\n\tsubgraph " + quoteID("cluster_legend") + " {\n")
	stmt(b, "\t\t", "graph", attrs{"color": `"#cccccc"`, "fontsize": `"11"`, "label": "<<B>Legend</B>>", "style": `"rounded"`, "tooltip": `"Legend"`})
	for _, k := range append(append([]graph.Kind(nil), graph.Kinds...), extraKinds(present)...) {
		if !present[k] {
			continue
		}
		st := styleOf(k)
		style := "filled"
		if st.Extra != "" {
			style += "," + st.Extra
		}
		id := legendPrefix + string(k)
		stmt(b, "\t\t", quoteID(id), attrs{
			"color":     quoteText(st.Line),
			"fillcolor": quoteText(st.Fill),
			"fontsize":  `"10"`,
			"label":     "<" + htmlText(string(k)) + ">",
			"shape":     quoteText(st.Shape),
			"style":     quoteText(style),
			"tooltip":   quoteText(article(string(k)) + " " + string(k)),
		})
	}
	var notes []string
	notes = append(notes, "edge: the relation; width: supporting studies (1 to "+strconv.Itoa(maxPenWidth)+"+)", "hover over a node or an edge for its studies")
	for _, e := range d.Edges {
		if e.Contracted() {
			var hidden []string
			for _, k := range d.Hidden {
				hidden = append(hidden, string(k))
			}
			notes = append(notes, "dashed edge: a link through hidden nodes ("+strings.Join(hidden, ", ")+")")
			break
		}
	}
	if outside {
		notes = append(notes, "dashed outline: outside the review")
	}
	if len(d.Marked) > 0 && d.MarkNote != "" {
		notes = append(notes, "double outline: "+d.MarkNote)
	}
	if len(d.Clusters) > 0 {
		notes = append(notes, "boxes: kernels grouped by approach")
	}
	var rows strings.Builder
	for _, n := range notes {
		rows.WriteString(`<TR><TD ALIGN="LEFT">` + htmlText(n) + "</TD></TR>")
	}
	stmt(b, "\t\t", quoteID(legendPrefix+"notes"), attrs{
		"fontsize": `"9"`,
		"label":    `<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">` + rows.String() + "</TABLE>>",
		"shape":    `"plaintext"`,
		"tooltip":  `"Legend"`,
	})
	b.WriteString("\t}\n")
}

// extraKinds are the kinds present in a diagram that graph.Kinds does not
// list, sorted.
func extraKinds(present map[graph.Kind]bool) []graph.Kind {
	var out []graph.Kind
	for k := range present {
		if !graph.ValidKind(k) {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// article is the indefinite article before a kind's name in the legend:
// "an approach", "a kernel".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}
