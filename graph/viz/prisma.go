package viz

import (
	"bytes"
	"context"
	"fmt"
	"strconv"

	"rustykg/queries"
)

// PRISMA writes the PRISMA 2020 flow diagram of a review's selection as
// DOT: records identified per database, duplicates removed, records
// screened and excluded, papers kept after screening, studies added by
// snowballing (the "other methods" column) and studies included. Every
// number is m's (review.yaml's counts and hits); the records screened and
// excluded are derived from them (hits less duplicates; screened less
// kept) and the boxes say so. Names are escaped like every other label.
func PRISMA(m queries.Method) ([]byte, error) {
	if !m.Raw.Known || !m.Screened.Known || !m.Selected.Known {
		return nil, fmt.Errorf("prisma: %s reports no raw, screened or selected count", m.Review)
	}
	n := func(c queries.Count) string { return "(n = " + strconv.Itoa(c.Value) + ")" }
	var b bytes.Buffer
	b.WriteString("// PRISMA 2020 flow diagram drawn by rustykg from the review's counts; regenerate it rather than edit it.\n")
	b.WriteString("digraph \"prisma\" {\n")
	stmt(&b, "\t", "graph", attrs{
		"fontname": quoteText(fontName),
		"label":    "<<B>" + htmlText("PRISMA 2020 flow diagram: "+m.Name) + "</B>>",
		"labelloc": `"t"`,
		"layout":   `"dot"`,
		"nodesep":  `"0.5"`,
		"rankdir":  `"TB"`,
		"ranksep":  `"0.45"`,
		"tooltip":  quoteText("PRISMA 2020 flow diagram of " + m.Review),
	})
	stmt(&b, "\t", "node", attrs{"fillcolor": `"#ffffff"`, "fontname": quoteText(fontName), "fontsize": `"11"`, "margin": `"0.15,0.08"`, "shape": `"box"`, "style": `"filled"`})
	stmt(&b, "\t", "edge", attrs{"arrowsize": `"0.7"`, "color": quoteText(edgeColour)})
	box := func(id, title string, c queries.Count, lines []string) {
		label := "<" + htmlText(title) + "<BR/><B>" + htmlText(n(c)) + "</B>"
		for _, l := range lines {
			label += "<BR/>" + htmlText(l)
		}
		label += ">"
		stmt(&b, "\t", quoteID(id), attrs{"label": label, "tooltip": quoteText(title + " " + n(c))})
	}
	phase := func(id, label string) {
		stmt(&b, "\t", quoteID(id), attrs{"fillcolor": `"#dde8f3"`, "fontsize": `"12"`, "label": "<<B>" + htmlText(label) + "</B>>", "shape": `"box"`, "style": `"rounded,filled"`, "tooltip": quoteText(label)})
	}
	b.WriteString("\n")
	phase("phase_identification", "Identification")
	phase("phase_screening", "Screening")
	phase("phase_included", "Included")
	b.WriteString("\n")
	var dbs []string
	for _, d := range m.Databases {
		dbs = append(dbs, d.Name+" (n = "+strconv.Itoa(d.Hits)+")")
	}
	box("identified", "Records identified from databases", m.Raw, dbs)
	if m.Duplicates.Known {
		box("duplicates", "Duplicates removed", m.Duplicates, nil)
	}
	screened := "Records screened (identified less duplicates)"
	if !m.Duplicates.Known {
		screened = "Records screened (all identified; no duplicates reported)"
	}
	box("screened", screened, m.Records(), nil)
	box("excluded", "Records excluded (screened less kept)", m.Excluded(), nil)
	box("kept", "Papers kept after screening", m.Screened, nil)
	if m.Snowballed.Known {
		box("snowballed", "Studies found by snowballing", m.Snowballed, nil)
	}
	box("included", "Studies included in the review", m.Selected, nil)
	b.WriteString("\n")
	same := func(ids ...string) {
		b.WriteString("\t{rank=same;")
		for _, id := range ids {
			b.WriteString(" " + quoteID(id) + ";")
		}
		b.WriteString("}\n")
	}
	row1 := []string{"phase_identification", "identified"}
	if m.Duplicates.Known {
		row1 = append(row1, "duplicates")
	}
	same(row1...)
	same("phase_screening", "screened", "excluded")
	row3 := []string{"kept"}
	if m.Snowballed.Known {
		row3 = append(row3, "snowballed")
	}
	same(row3...)
	same("phase_included", "included")
	b.WriteString("\n")
	edge := func(from, to string, extra attrs) {
		a := attrs{}
		for k, v := range extra {
			a[k] = v
		}
		stmt(&b, "\t", quoteID(from)+" -> "+quoteID(to), a)
	}
	hidden := attrs{"style": `"invis"`}
	edge("phase_identification", "phase_screening", hidden)
	edge("phase_screening", "phase_included", hidden)
	if m.Duplicates.Known {
		edge("identified", "duplicates", nil)
	}
	edge("identified", "screened", nil)
	edge("screened", "excluded", nil)
	edge("screened", "kept", nil)
	edge("kept", "included", nil)
	if m.Snowballed.Known {
		edge("snowballed", "included", nil)
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// DrawDOT lays out DOT source with r (the "dot" layout unless the source
// names another) and checks the picture as Picture does: well-formed SVG
// with an <svg> root, or PNG with its signature. It is how pictures that
// are no Diagram (the PRISMA flow) are drawn.
func DrawDOT(ctx context.Context, r Renderer, src []byte, format string) ([]byte, error) {
	if r == nil {
		return nil, fmt.Errorf("draw %s: no renderer", format)
	}
	out, err := r.Render(ctx, src, format, "dot")
	if err != nil {
		return nil, err
	}
	if err := CheckPicture(out, format); err != nil {
		return nil, fmt.Errorf("render %s with %s: %w", format, r.Name(), err)
	}
	return out, nil
}
