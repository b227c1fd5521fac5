// Package svgclean re-writes a renderer's SVG (Graphviz's) so that it can
// be inlined into an HTML page or a report: only the elements and
// attributes Graphviz draws with are kept, every text and value is escaped
// anew, and nothing that runs, loads or links elsewhere survives unless
// the caller's link policy lets it.
//
// What goes, always: the XML declaration, the DOCTYPE, comments,
// processing instructions; every element that is not a drawing element
// (script, style, foreignObject, image, use, ...) with everything inside
// it; every attribute that is not a presentation or geometry attribute
// (event handlers, style, target, ...); any value that refers to
// something outside the picture (url(...) other than url(#id), or a CSS
// escape, which could spell one); a nested <svg>. What the caller decides
// (Options): a prefix for ids, which links stay, where a link's tooltip
// goes, the namespace declarations and role of the root, and how text is
// shown before it is escaped.
//
// The same input and options give the same bytes, and cleaning a cleaned
// picture again (with no ID prefix) changes nothing.
//
//	// a figure of a report, a valid SVG file on its own:
//	out, err := svgclean.Clean(svg, svgclean.Options{IDPrefix: "fig1-", Standalone: true})
//	// a diagram of a web page, its nodes linked to their pages:
//	out, err := svgclean.Clean(svg, svgclean.Options{
//		Link:     func(href string) bool { return strings.HasPrefix(href, "/node/") },
//		Tooltips: svgclean.TooltipTitle,
//		Role:     "img",
//	})
package svgclean

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Sentinel errors of the package.
var (
	// ErrNotSVG: the input is not one well-formed SVG document.
	ErrNotSVG = errors.New("not an SVG picture")
)

const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
)

// elements are the elements Graphviz's SVG draws with (gradients
// included, for gradient fills); anything else is dropped with its
// content.
var elements = map[string]bool{
	"svg": true, "g": true, "title": true, "desc": true, "a": true, "path": true, "polygon": true,
	"polyline": true, "ellipse": true, "circle": true, "rect": true, "line": true, "text": true,
	"tspan": true, "defs": true, "linearGradient": true, "radialGradient": true, "stop": true,
}

// attrs are the presentation and geometry attributes kept (without a
// namespace); hrefs are the link policy's, xlink:title the tooltip's.
var attrs = map[string]bool{
	"id": true, "class": true, "width": true, "height": true, "viewBox": true, "transform": true,
	"preserveAspectRatio": true, "points": true, "d": true, "cx": true, "cy": true, "r": true,
	"rx": true, "ry": true, "x": true, "y": true, "x1": true, "y1": true, "x2": true, "y2": true,
	"fill": true, "fill-opacity": true, "stroke": true, "stroke-width": true, "stroke-opacity": true,
	"stroke-dasharray": true, "stroke-linecap": true, "stroke-linejoin": true, "opacity": true,
	"font-family": true, "font-size": true, "font-weight": true, "font-style": true,
	"text-anchor": true, "text-decoration": true, "baseline-shift": true,
	"offset": true, "stop-color": true, "stop-opacity": true, "gradientUnits": true, "gradientTransform": true,
}

// Element reports whether Clean keeps elements of this (local) name,
// other than as the root.
func Element(name string) bool { return elements[name] && name != "svg" }

// Attr reports whether Clean keeps attributes of this name (without a
// namespace) when their value is inert; links and tooltips aside.
func Attr(name string) bool { return attrs[name] }

// Tooltips says what becomes of an xlink:title (Graphviz's tooltip).
type Tooltips int

const (
	// TooltipAttr keeps xlink:title as it is, on any kept element.
	TooltipAttr Tooltips = iota
	// TooltipTitle turns a link's xlink:title into a <title>, the link's
	// first child, which browsers show on hover; on other elements it goes.
	TooltipTitle
)

// Options are what a caller decides; the zero value keeps no link, keeps
// tooltips as xlink:title and writes a bare <svg> root.
type Options struct {
	// IDPrefix is put before every id and every url(#id) reference, so
	// that several pictures in one page never share an id.
	IDPrefix string
	// Link says whether an <a>'s href (or xlink:href) stays; it is
	// written as href. Nil keeps no link.
	Link func(href string) bool
	// Tooltips: see TooltipAttr and TooltipTitle.
	Tooltips Tooltips
	// Standalone declares the SVG and xlink namespaces on the root, so
	// the result is also a valid SVG file.
	Standalone bool
	// Role, when set, is the root's role attribute ("img").
	Role string
	// ShowText and ShowValue rewrite text (and tooltips) and attribute
	// values before they are escaped, e.g. to show control characters as
	// escapes; nil leaves them as they are.
	ShowText, ShowValue func(string) string
}

// Clean re-writes in as described in the package comment. The root must
// be <svg> (in the SVG namespace or none) and the only element at the top.
// Errors wrap ErrNotSVG.
func Clean(in []byte, o Options) ([]byte, error) {
	showText, showValue := o.ShowText, o.ShowValue
	if showText == nil {
		showText = same
	}
	if showValue == nil {
		showValue = same
	}
	dec := xml.NewDecoder(bytes.NewReader(in))
	dec.Strict = true
	var out bytes.Buffer
	depth, skip := 0, 0 // skip: depth of a dropped element, 0 when none
	roots := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNotSVG, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if skip > 0 {
				continue
			}
			name, svgSpace := t.Name.Local, t.Name.Space == svgNS || t.Name.Space == ""
			if depth == 1 {
				if roots++; roots > 1 || name != "svg" || !svgSpace {
					return nil, fmt.Errorf("%w: the document is not one <svg> element (<%s> at the top)", ErrNotSVG, name)
				}
			} else if !svgSpace || !Element(name) {
				skip = depth
				continue
			}
			out.WriteString("<" + name)
			if depth == 1 && o.Standalone {
				out.WriteString(` xmlns="` + svgNS + `" xmlns:xlink="` + xlinkNS + `"`)
			}
			tooltip := ""
			for _, a := range t.Attr {
				switch {
				case a.Name.Local == "href" && (a.Name.Space == "" || a.Name.Space == xlinkNS):
					if name == "a" && o.Link != nil && o.Link(a.Value) {
						writeAttr(&out, "href", showValue(a.Value))
					}
				case a.Name.Local == "title" && a.Name.Space == xlinkNS:
					if o.Tooltips == TooltipAttr {
						writeAttr(&out, "xlink:title", showText(a.Value))
					} else if name == "a" {
						tooltip = a.Value
					}
				case a.Name.Space == "" && attrs[a.Name.Local]:
					v := a.Value
					if a.Name.Local == "id" {
						v = o.IDPrefix + v
					} else if o.IDPrefix != "" {
						v = strings.ReplaceAll(v, "url(#", "url(#"+o.IDPrefix)
					}
					if v = showValue(v); inert(v) {
						writeAttr(&out, a.Name.Local, v)
					}
				}
			}
			if depth == 1 && o.Role != "" {
				writeAttr(&out, "role", o.Role)
			}
			out.WriteString(">")
			if tooltip != "" {
				out.WriteString("<title>" + xmlText.Replace(showText(tooltip)) + "</title>")
			}
		case xml.EndElement:
			if skip == 0 {
				out.WriteString("</" + t.Name.Local + ">")
			} else if skip == depth {
				skip = 0
			}
			depth--
		case xml.CharData:
			if skip == 0 && depth > 0 {
				out.WriteString(xmlText.Replace(showText(string(t))))
			}
		}
	}
	if roots == 0 {
		return nil, fmt.Errorf("%w: no <svg> element", ErrNotSVG)
	}
	out.WriteString("\n")
	return out.Bytes(), nil
}

// inert reports whether an attribute value refers to nothing outside the
// picture: each url( is a url(#fragment), and there is no backslash (a
// CSS escape could spell "url(" in a way the check would not see).
func inert(v string) bool {
	if strings.Contains(v, `\`) {
		return false
	}
	v = strings.ToLower(v)
	for i := strings.Index(v, "url("); i >= 0; i = strings.Index(v, "url(") {
		if !strings.HasPrefix(v[i+len("url("):], "#") {
			return false
		}
		v = v[i+len("url("):]
	}
	return true
}

func same(s string) string { return s }

var (
	xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	xmlAttr = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#10;", "\r", "&#13;", "\t", "&#9;")
)

func writeAttr(b *bytes.Buffer, name, value string) {
	b.WriteString(" " + name + `="` + xmlAttr.Replace(value) + `"`)
}
