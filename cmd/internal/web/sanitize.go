package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"io"
	"strings"

	"rustykg/cmd/internal/textesc"
)

// svgElements are the SVG elements Graphviz draws with; every other
// element (script, foreignObject, image, style, use, ...) is dropped with
// its content.
var svgElements = map[string]bool{
	"svg": true, "g": true, "title": true, "a": true, "polygon": true, "polyline": true,
	"path": true, "ellipse": true, "circle": true, "rect": true, "line": true, "text": true,
	"tspan": true, "defs": true, "linearGradient": true, "radialGradient": true, "stop": true,
}

// svgAttrs are the presentation and geometry attributes kept; every
// other one (event handlers, style, href other than a node page) goes.
var svgAttrs = map[string]bool{
	"id": true, "class": true, "width": true, "height": true, "viewBox": true, "transform": true,
	"fill": true, "fill-opacity": true, "stroke": true, "stroke-width": true, "stroke-opacity": true,
	"stroke-dasharray": true, "stroke-linecap": true, "stroke-linejoin": true, "opacity": true,
	"points": true, "d": true, "cx": true, "cy": true, "r": true, "rx": true, "ry": true,
	"x": true, "y": true, "x1": true, "y1": true, "x2": true, "y2": true,
	"text-anchor": true, "font-family": true, "font-size": true, "font-weight": true, "font-style": true,
	"text-decoration": true, "offset": true, "stop-color": true, "stop-opacity": true,
	"gradientUnits": true, "gradientTransform": true,
}

const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
)

// sanitizeSVG re-writes Graphviz SVG for inlining into a page: the XML
// prolog, doctype and comments go; only svgElements with svgAttrs are
// kept, every value and text escaped again; a link is kept only when it
// points at a node page ("/node/..."); a link's tooltip (xlink:title)
// becomes a <title> child, which browsers show on hover. The result is
// the only template.HTML the explorer builds from data; the hostile-data
// tests check it. Text and values have their control and bidi characters
// made visible, as everywhere on the pages.
func sanitizeSVG(svg []byte) (template.HTML, error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	var b strings.Builder
	skip := 0  // depth inside a dropped element
	depth := 0 // depth of kept elements
	root, closed := false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("read svg: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !root && t.Name.Local != "svg" || closed {
				return "", errNotSVG // the document must be one <svg> element
			}
			if skip > 0 || !svgElements[t.Name.Local] || (t.Name.Space != "" && t.Name.Space != svgNS) {
				skip++
				continue
			}
			root = true
			depth++
			b.WriteString("<" + t.Name.Local)
			tooltip := ""
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == xlinkNS && a.Name.Local == "href", a.Name.Space == "" && a.Name.Local == "href":
					if t.Name.Local == "a" && strings.HasPrefix(a.Value, "/node/") {
						writeAttr(&b, "href", a.Value)
					}
				case a.Name.Space == xlinkNS && a.Name.Local == "title":
					tooltip = a.Value
				case a.Name.Space == "" && svgAttrs[a.Name.Local]:
					if v := strings.ToLower(a.Value); strings.Contains(v, "url(") && !strings.HasPrefix(strings.TrimSpace(v), "url(#") {
						continue
					}
					writeAttr(&b, a.Name.Local, a.Value)
				}
			}
			if t.Name.Local == "svg" {
				b.WriteString(` role="img"`)
			}
			b.WriteString(">")
			if tooltip != "" && t.Name.Local == "a" {
				b.WriteString("<title>" + template.HTMLEscapeString(textesc.VisibleText(tooltip)) + "</title>")
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			b.WriteString("</" + t.Name.Local + ">")
			if depth--; depth == 0 {
				closed = true
			}
		case xml.CharData:
			if skip == 0 && root {
				b.WriteString(template.HTMLEscapeString(textesc.VisibleText(string(t))))
			}
		}
	}
	if !root {
		return "", errNotSVG
	}
	return template.HTML(b.String()), nil
}

func writeAttr(b *strings.Builder, name, value string) {
	b.WriteString(" " + name + `="` + template.HTMLEscapeString(textesc.Visible(value)) + `"`)
}
