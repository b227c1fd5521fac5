package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
)

// svgElements are the elements Graphviz's SVG uses; anything else (a
// script, a foreignObject, an image that loads a resource) is dropped
// with everything inside it.
var svgElements = map[string]bool{
	"svg": true, "g": true, "title": true, "desc": true, "a": true, "path": true, "polygon": true,
	"polyline": true, "ellipse": true, "circle": true, "rect": true, "line": true, "text": true, "tspan": true,
}

// svgAttrs are the presentation attributes kept; event handlers, styles
// (which may load resources), hrefs and everything else are dropped.
var svgAttrs = map[string]bool{
	"id": true, "class": true, "width": true, "height": true, "viewBox": true, "transform": true,
	"points": true, "d": true, "cx": true, "cy": true, "r": true, "rx": true, "ry": true, "x": true, "y": true,
	"x1": true, "y1": true, "x2": true, "y2": true, "fill": true, "stroke": true, "stroke-width": true,
	"stroke-dasharray": true, "stroke-opacity": true, "fill-opacity": true, "font-family": true,
	"font-size": true, "font-weight": true, "font-style": true, "text-anchor": true,
	"text-decoration": true, "baseline-shift": true, "preserveAspectRatio": true,
}

// SanitizeSVG re-writes a renderer's SVG as a fragment that is safe to
// inline in HTML and still a valid SVG file on its own: the XML
// declaration, DOCTYPE, comments and processing instructions go; only
// svgElements and svgAttrs stay, and of the xlink attributes only
// xlink:title (Graphviz's tooltips; never a link); every id gets prefix so that several figures in
// one page never share an id; text and attribute values are escaped
// anew. The root is <svg> with the SVG namespace. The same input gives
// the same bytes.
func SanitizeSVG(in []byte, prefix string) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(in))
	dec.Strict = true
	var out bytes.Buffer
	depth, skip := 0, 0 // skip: depth of a dropped element, 0 when none
	root := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrBadSVG, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if skip > 0 {
				continue
			}
			name := t.Name.Local
			if (t.Name.Space != svgNS && t.Name.Space != "") || !svgElements[name] || (depth == 1) != (name == "svg") {
				if depth == 1 {
					return nil, fmt.Errorf("%w: root element is %q, not svg", ErrBadSVG, name)
				}
				skip = depth
				continue
			}
			out.WriteString("<" + name)
			if depth == 1 {
				root = true
				out.WriteString(` xmlns="` + svgNS + `" xmlns:xlink="` + xlinkNS + `"`)
			}
			for _, a := range t.Attr {
				if a.Name.Space == xlinkNS && a.Name.Local == "title" {
					out.WriteString(` xlink:title="` + escapeXML(a.Value, true) + `"`)
					continue
				}
				if a.Name.Space != "" || !svgAttrs[a.Name.Local] {
					continue
				}
				v := a.Value
				if a.Name.Local == "id" {
					v = prefix + v
				}
				out.WriteString(" " + a.Name.Local + `="` + escapeXML(v, true) + `"`)
			}
			out.WriteString(">")
		case xml.EndElement:
			if skip == 0 {
				out.WriteString("</" + t.Name.Local + ">")
			} else if skip == depth {
				skip = 0
			}
			depth--
		case xml.CharData:
			if skip == 0 && depth > 0 {
				out.WriteString(escapeXML(string(t), false))
			}
		}
	}
	if !root {
		return nil, fmt.Errorf("%w: no <svg> element", ErrBadSVG)
	}
	out.WriteString("\n")
	return out.Bytes(), nil
}

var (
	xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	xmlAttr = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#10;", "\r", "&#13;", "\t", "&#9;")
)

func escapeXML(s string, attr bool) string {
	if attr {
		return xmlAttr.Replace(s)
	}
	return xmlText.Replace(s)
}
