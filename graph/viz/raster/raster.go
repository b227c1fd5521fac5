// Package raster turns the SVG that Graphviz writes into a PNG, in pure
// Go: rustykg's PNG output is the same picture as its SVG, drawn by the
// same layout, whichever renderer laid it out.
//
// It exists because go-graphviz's own PNG output is broken (edges drawn as
// filled black wedges, or missing). It is not a general SVG renderer: it
// draws what Graphviz's SVG writer emits (svg with viewBox, g with
// transform, polygon, polyline, ellipse, path with M/L/C/Z, text with
// anchor, size, weight and style; fill, stroke, stroke-width,
// stroke-dasharray and their opacities; hex and SVG colour names) and
// reports anything else it meets in a drawing element as an error rather
// than drawing a wrong picture. Shapes are filled and stroked by
// github.com/fogleman/gg; text is set in the Go fonts
// (golang.org/x/image/font/gofont), so it needs no fonts on the machine,
// and its widths differ slightly from Helvetica's: labels keep their
// anchor (centred labels stay centred).
//
//	png, err := raster.PNG(svg, raster.Options{})
package raster

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/colornames"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// Sentinel errors.
var (
	// ErrUnsupported: the SVG uses something this package does not draw.
	ErrUnsupported = errors.New("svg feature not supported")
	// ErrBadSVG: the SVG is malformed (bad XML, numbers, sizes).
	ErrBadSVG = errors.New("bad svg")
	// ErrMismatch: a PNG does not show what its SVG shows (Check).
	ErrMismatch = errors.New("png does not match the svg")
)

// Options tune the rasterisation.
type Options struct {
	// DPI is the resolution: SVG points (1/72 inch) become DPI/72 pixels.
	// 0 means 96, as Graphviz's own PNG output.
	DPI float64
	// MaxPixels caps the image's area; a larger picture is drawn at a
	// lower resolution. 0 means 64 million.
	MaxPixels float64
}

// PNG draws svg (as Graphviz writes it) and returns it encoded as PNG.
func PNG(svg []byte, opts Options) ([]byte, error) {
	if opts.DPI <= 0 {
		opts.DPI = 96
	}
	if opts.MaxPixels <= 0 {
		opts.MaxPixels = 64e6
	}
	p := &painter{}
	if err := p.run(svg, opts); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	// BestSpeed: about a third faster than the default level on the review
	// graph, for 4% more bytes.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, p.dc.Image()); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// maxSide caps the width and the height of the image in pixels.
const maxSide = 32768

// matrix is an affine transform: x' = a*x + c*y + e, y' = b*x + d*y + f.
type matrix struct{ a, b, c, d, e, f float64 }

var identity = matrix{a: 1, d: 1}

func (m matrix) mul(n matrix) matrix {
	return matrix{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m.a*x + m.c*y + m.e, m.b*x + m.d*y + m.f
}

// scale is the factor by which m stretches lengths (for line widths,
// dashes and font sizes).
func (m matrix) scale() float64 { return math.Sqrt(math.Abs(m.a*m.d - m.b*m.c)) }

// style is the inherited presentation state of an element.
type style struct {
	fill, stroke     color.Color // nil: none
	width            float64
	dash             []float64
	fontSize         float64
	bold, italic     bool
	anchor           float64 // 0 start, 0.5 middle, 1 end
	fillOp, strokeOp float64
}

// frame is one open element: its transform and style.
type frame struct {
	m     matrix
	st    style
	name  string
	text  *strings.Builder // the characters of an open <text>
	tx    float64
	ty    float64
	skip  bool // inside <title>, <desc>, <defs>, ...: not drawn
	isSVG bool
}

type painter struct {
	dc    *gg.Context
	stack []frame
	faces map[faceKey]font.Face
	// drawn is the length, in pixels, of every outline drawn so far (for
	// curves, of their control polygons, which gg flattens into one point
	// per pixel): bounded by maxDrawn, so no input can make it run long.
	drawn float64
	err   error
}

// Limits on what a picture may ask of the painter. Graphviz's pictures
// lie within their canvas; these leave a wide margin.
const (
	maxCoord    = 2 * maxSide // pixels, either way from the origin
	maxDrawn    = 4e6         // pixels of outline, all shapes together (the review graph: 1e5)
	maxFontSize = 2048        // pixels
)

// at transforms (x, y) to pixels, noting an error for a point far off
// the canvas.
func (p *painter) at(m matrix, x, y float64) (float64, float64) {
	x, y = m.apply(x, y)
	if !(math.Abs(x) <= maxCoord && math.Abs(y) <= maxCoord) && p.err == nil {
		p.err = fmt.Errorf("%w: a point at (%g, %g) pixels, far outside the picture", ErrBadSVG, x, y)
	}
	return x, y
}

// budget adds the length from (x0, y0) through pts to p.drawn.
func (p *painter) budget(x0, y0 float64, pts ...float64) {
	for i := 0; i+1 < len(pts); i += 2 {
		p.drawn += math.Hypot(pts[i]-x0, pts[i+1]-y0)
		x0, y0 = pts[i], pts[i+1]
	}
	if p.drawn > maxDrawn && p.err == nil {
		p.err = fmt.Errorf("%w: more than %g pixels of outlines", ErrBadSVG, float64(maxDrawn))
	}
}

type faceKey struct {
	size         float64
	bold, italic bool
}

// fonts are parsed once per process.
var (
	fontsOnce sync.Once
	fonts     map[[2]bool]*truetype.Font
	fontsErr  error
)

func loadFonts() (map[[2]bool]*truetype.Font, error) {
	fontsOnce.Do(func() {
		fonts = map[[2]bool]*truetype.Font{}
		for k, ttf := range map[[2]bool][]byte{
			{false, false}: goregular.TTF, {true, false}: gobold.TTF,
			{false, true}: goitalic.TTF, {true, true}: gobolditalic.TTF,
		} {
			f, err := truetype.Parse(ttf)
			if err != nil {
				fontsErr = err
				return
			}
			fonts[k] = f
		}
	})
	return fonts, fontsErr
}

// drawn elements and the ones that only group, describe or link.
var (
	shapes   = map[string]bool{"polygon": true, "polyline": true, "ellipse": true, "path": true, "text": true}
	groups   = map[string]bool{"svg": true, "g": true, "a": true}
	ignored  = map[string]bool{"title": true, "desc": true, "metadata": true, "defs": true, "style": true}
	presAttr = map[string]bool{
		"fill": true, "stroke": true, "stroke-width": true, "stroke-dasharray": true,
		"font-size": true, "font-weight": true, "font-style": true, "text-anchor": true,
		"fill-opacity": true, "stroke-opacity": true,
	}
)

func (p *painter) run(svg []byte, opts Options) error {
	if _, err := loadFonts(); err != nil {
		return fmt.Errorf("load fonts: %w", err)
	}
	p.faces = map[faceKey]font.Face{}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	base := frame{m: identity, st: style{fill: color.Black, width: 1, fontSize: 14, fillOp: 1, strokeOp: 1}}
	p.stack = []frame{base}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%w: %w", ErrBadSVG, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.start(t, opts); err != nil {
				return err
			}
		case xml.EndElement:
			top := p.stack[len(p.stack)-1]
			p.stack = p.stack[:len(p.stack)-1]
			if top.text != nil && !top.skip {
				p.drawText(top)
			}
		case xml.CharData:
			if top := &p.stack[len(p.stack)-1]; top.text != nil {
				top.text.Write(t)
			}
		}
	}
	if p.dc == nil {
		return fmt.Errorf("%w: no <svg> element", ErrBadSVG)
	}
	return nil
}

func (p *painter) start(t xml.StartElement, opts Options) error {
	parent := p.stack[len(p.stack)-1]
	f := frame{m: parent.m, st: parent.st, name: t.Name.Local, skip: parent.skip}
	attrs := map[string]string{}
	for _, a := range t.Attr {
		attrs[a.Name.Local] = a.Value
	}
	name := t.Name.Local
	switch {
	case f.skip || ignored[name]:
		f.skip = true
		p.stack = append(p.stack, f)
		return nil
	case name == "svg" && p.dc == nil:
		m, err := p.canvas(attrs, opts)
		if err != nil {
			return err
		}
		f.m, f.isSVG = m, true
	case !groups[name] && !shapes[name]:
		return fmt.Errorf("%w: element <%s>", ErrUnsupported, name)
	case p.dc == nil:
		return fmt.Errorf("%w: <%s> outside <svg>", ErrBadSVG, name)
	}
	if tr, ok := attrs["transform"]; ok {
		m, err := parseTransform(tr)
		if err != nil {
			return err
		}
		f.m = f.m.mul(m)
	}
	for k, v := range attrs {
		if presAttr[k] {
			if err := f.st.set(k, v); err != nil {
				return err
			}
		}
	}
	var err error
	switch name {
	case "polygon", "polyline":
		err = p.poly(f, attrs["points"], name == "polygon")
	case "ellipse":
		err = p.ellipse(f, attrs)
	case "path":
		err = p.path(f, attrs["d"])
	case "text":
		f.text = &strings.Builder{}
		f.tx, err = num(attrs["x"])
		if err == nil {
			f.ty, err = num(attrs["y"])
		}
	}
	if err != nil {
		return fmt.Errorf("<%s>: %w", name, err)
	}
	p.stack = append(p.stack, f)
	return nil
}

// canvas creates the image from the <svg> element's size and viewBox and
// returns the transform from user units to pixels.
func (p *painter) canvas(attrs map[string]string, opts Options) (matrix, error) {
	w, err := length(attrs["width"])
	if err != nil {
		return matrix{}, err
	}
	h, err := length(attrs["height"])
	if err != nil {
		return matrix{}, err
	}
	vx, vy, vw, vh := 0.0, 0.0, w, h
	if vb := strings.Fields(strings.ReplaceAll(attrs["viewBox"], ",", " ")); len(vb) == 4 {
		var n [4]float64
		for i, s := range vb {
			if n[i], err = num(s); err != nil {
				return matrix{}, err
			}
		}
		vx, vy, vw, vh = n[0], n[1], n[2], n[3]
	}
	if w <= 0 || h <= 0 || vw <= 0 || vh <= 0 {
		return matrix{}, fmt.Errorf("%w: empty picture (%gx%g)", ErrBadSVG, w, h)
	}
	k := opts.DPI / 72 // points to pixels
	if area := w * h * k * k; area > opts.MaxPixels {
		k *= math.Sqrt(opts.MaxPixels / area)
	}
	if side := math.Max(w, h) * k; side > maxSide {
		k *= maxSide / side // a long thin picture: no side past maxSide
	}
	if math.IsNaN(k) || math.IsInf(w*k, 0) || math.IsInf(h*k, 0) || k <= 0 {
		return matrix{}, fmt.Errorf("%w: picture size %gx%g", ErrBadSVG, w, h)
	}
	pw, ph := min(int(math.Ceil(w*k)), maxSide), min(int(math.Ceil(h*k)), maxSide)
	p.dc = gg.NewContext(pw, ph)
	p.dc.SetLineJoinRound()
	p.dc.SetLineCapButt()
	sx, sy := float64(pw)/vw, float64(ph)/vh
	return matrix{a: sx, d: sy, e: -vx * sx, f: -vy * sy}, nil
}

// length parses an SVG length in pt, px or user units, in points.
func length(s string) (float64, error) {
	s = strings.TrimSpace(s)
	unit := 1.0
	switch {
	case strings.HasSuffix(s, "pt"):
		s = strings.TrimSuffix(s, "pt")
	case strings.HasSuffix(s, "px"):
		s, unit = strings.TrimSuffix(s, "px"), 0.75
	case strings.HasSuffix(s, "in"):
		s, unit = strings.TrimSuffix(s, "in"), 72
	}
	v, err := num(s)
	return v * unit, err
}

func num(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%w: number %q", ErrBadSVG, s)
	}
	return v, nil
}

// numbers splits a list of numbers separated by spaces and commas.
func numbers(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' }) {
		v, err := num(f)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func parseTransform(s string) (matrix, error) {
	m := identity
	rest := strings.TrimSpace(s)
	for rest != "" {
		open := strings.IndexByte(rest, '(')
		end := strings.IndexByte(rest, ')')
		if open < 0 || end < open {
			return m, fmt.Errorf("%w: transform %q", ErrBadSVG, s)
		}
		fn := strings.TrimSpace(strings.Trim(rest[:open], ", "))
		args, err := numbers(rest[open+1 : end])
		if err != nil {
			return m, err
		}
		rest = strings.TrimSpace(rest[end+1:])
		var t matrix
		switch {
		case fn == "translate" && (len(args) == 1 || len(args) == 2):
			args = append(args, 0)
			t = matrix{a: 1, d: 1, e: args[0], f: args[1]}
		case fn == "scale" && (len(args) == 1 || len(args) == 2):
			if len(args) == 1 {
				args = append(args, args[0])
			}
			t = matrix{a: args[0], d: args[1]}
		case fn == "rotate" && len(args) == 1:
			r := args[0] * math.Pi / 180
			t = matrix{a: math.Cos(r), b: math.Sin(r), c: -math.Sin(r), d: math.Cos(r)}
		case fn == "matrix" && len(args) == 6:
			t = matrix{args[0], args[1], args[2], args[3], args[4], args[5]}
		default:
			return m, fmt.Errorf("%w: transform %s with %d numbers", ErrUnsupported, fn, len(args))
		}
		m = m.mul(t)
	}
	return m, nil
}

func (st *style) set(k, v string) error {
	v = strings.TrimSpace(v)
	var err error
	switch k {
	case "fill":
		st.fill, err = parseColor(v)
	case "stroke":
		st.stroke, err = parseColor(v)
	case "stroke-width":
		st.width, err = num(v)
	case "stroke-dasharray":
		st.dash = nil
		if v != "none" {
			st.dash, err = numbers(v)
		}
	case "font-size":
		st.fontSize, err = length(v)
	case "font-weight":
		st.bold = v == "bold" || v == "bolder" || v >= "600" && v <= "900"
	case "font-style":
		st.italic = v == "italic" || v == "oblique"
	case "text-anchor":
		st.anchor = map[string]float64{"middle": 0.5, "end": 1}[v]
	case "fill-opacity":
		st.fillOp, err = num(v)
	case "stroke-opacity":
		st.strokeOp, err = num(v)
	}
	return err
}

// parseColor reads none/transparent (nil), #rgb, #rrggbb, #rrggbbaa and
// the SVG colour names.
func parseColor(s string) (color.Color, error) {
	s = strings.ToLower(s)
	if s == "none" || s == "transparent" {
		return nil, nil
	}
	if c, ok := colornames.Map[s]; ok {
		return c, nil
	}
	if h, ok := strings.CutPrefix(s, "#"); ok {
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		if len(h) == 6 {
			h += "ff"
		}
		if v, err := strconv.ParseUint(h, 16, 32); err == nil && len(h) == 8 {
			return color.NRGBA{uint8(v >> 24), uint8(v >> 16), uint8(v >> 8), uint8(v)}, nil
		}
	}
	return nil, fmt.Errorf("%w: colour %q", ErrUnsupported, s)
}

func withOpacity(c color.Color, op float64) color.Color {
	if op >= 1 {
		return c
	}
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = uint8(float64(n.A) * math.Max(0, op))
	return n
}

// paint fills and strokes the path built in p.dc, as f's style says, or
// drops it when building it went wrong.
func (p *painter) paint(f frame) error {
	dc, st, k := p.dc, f.st, f.m.scale()
	if p.err != nil {
		dc.ClearPath()
		return p.err
	}
	if st.fill != nil {
		dc.SetColor(withOpacity(st.fill, st.fillOp))
		dc.FillPreserve()
	}
	if st.stroke != nil && st.width > 0 {
		dc.SetColor(withOpacity(st.stroke, st.strokeOp))
		dc.SetLineWidth(min(max(st.width*k, 0.5), maxCoord))
		dash := make([]float64, len(st.dash))
		sum := 0.0
		for i, d := range st.dash {
			dash[i] = math.Abs(d) * k
			sum += dash[i]
		}
		if sum < 1 {
			dash = nil // a pattern finer than a pixel looks solid
		}
		dc.SetDash(dash...)
		dc.StrokePreserve()
	}
	dc.ClearPath()
	return nil
}

func (p *painter) poly(f frame, points string, closed bool) error {
	xs, err := numbers(points)
	if err != nil {
		return err
	}
	if len(xs)%2 != 0 || len(xs) < 4 {
		return fmt.Errorf("%w: points %q", ErrBadSVG, points)
	}
	var px, py float64
	for i := 0; i < len(xs); i += 2 {
		x, y := p.at(f.m, xs[i], xs[i+1])
		if i == 0 {
			p.dc.MoveTo(x, y)
		} else {
			p.budget(px, py, x, y)
			p.dc.LineTo(x, y)
		}
		px, py = x, y
	}
	if closed {
		p.dc.ClosePath()
	}
	return p.paint(f)
}

// ellipse draws an ellipse as a fine polygon through the transform, so
// any transform (rotation included) is honoured.
func (p *painter) ellipse(f frame, attrs map[string]string) error {
	var v [4]float64
	for i, k := range []string{"cx", "cy", "rx", "ry"} {
		var err error
		if v[i], err = num(attrs[k]); err != nil {
			return err
		}
	}
	const n = 72
	var px, py float64
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / n
		x, y := p.at(f.m, v[0]+v[2]*math.Cos(a), v[1]+v[3]*math.Sin(a))
		if i == 0 {
			p.dc.MoveTo(x, y)
		} else {
			p.budget(px, py, x, y)
			p.dc.LineTo(x, y)
		}
		px, py = x, y
	}
	p.dc.ClosePath()
	return p.paint(f)
}

// path draws the absolute M, L, C and Z commands Graphviz writes.
func (p *painter) path(f frame, d string) error {
	cmd := byte(0)
	var cx, cy float64 // the current point, in pixels
	var args []float64
	flush := func() error {
		need := map[byte]int{'M': 2, 'L': 2, 'C': 6}[cmd]
		if need == 0 || len(args)%need != 0 {
			return fmt.Errorf("%w: path command %c with %d numbers", ErrBadSVG, cmd, len(args))
		}
		for i := 0; i < len(args); i += need {
			pt := func(j int) (float64, float64) { return p.at(f.m, args[i+j], args[i+j+1]) }
			switch {
			case cmd == 'M' && i == 0:
				cx, cy = pt(0)
				p.dc.MoveTo(cx, cy)
			case cmd == 'M' || cmd == 'L':
				x, y := pt(0)
				p.budget(cx, cy, x, y)
				p.dc.LineTo(x, y)
				cx, cy = x, y
			case cmd == 'C':
				x1, y1 := pt(0)
				x2, y2 := pt(2)
				x3, y3 := pt(4)
				p.budget(cx, cy, x1, y1, x2, y2, x3, y3)
				if p.err != nil {
					return p.err // before gg flattens a curve too long
				}
				p.dc.CubicTo(x1, y1, x2, y2, x3, y3)
				cx, cy = x3, y3
			}
		}
		args = args[:0]
		return nil
	}
	var numBuf strings.Builder
	endNum := func() error {
		if numBuf.Len() == 0 {
			return nil
		}
		v, err := num(numBuf.String())
		numBuf.Reset()
		args = append(args, v)
		return err
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case c == 'M' || c == 'L' || c == 'C' || c == 'Z':
			if err := endNum(); err != nil {
				return err
			}
			if cmd != 0 && cmd != 'Z' {
				if err := flush(); err != nil {
					return err
				}
			}
			cmd = c
			if c == 'Z' {
				p.dc.ClosePath()
			}
		case c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if err := endNum(); err != nil {
				return err
			}
		case c == '-' && numBuf.Len() > 0 && d[i-1] != 'e' && d[i-1] != 'E':
			if err := endNum(); err != nil {
				return err
			}
			numBuf.WriteByte(c)
		case c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E':
			if cmd == 0 {
				return fmt.Errorf("%w: path %q starts with a number", ErrBadSVG, d)
			}
			numBuf.WriteByte(c)
		default:
			return fmt.Errorf("%w: path command %q", ErrUnsupported, c)
		}
	}
	if err := endNum(); err != nil {
		return err
	}
	if cmd != 0 && cmd != 'Z' {
		if err := flush(); err != nil {
			return err
		}
	}
	return p.paint(f)
}

func (p *painter) drawText(f frame) {
	s := f.text.String() // as written: spaces are part of the label
	if strings.TrimSpace(s) == "" || f.st.fill == nil {
		return
	}
	size := f.st.fontSize * f.m.scale()
	if size < 0.5 || size > maxFontSize || math.IsNaN(size) {
		return
	}
	key := faceKey{size: math.Round(size*4) / 4, bold: f.st.bold, italic: f.st.italic}
	face, ok := p.faces[key]
	if !ok {
		face = truetype.NewFace(fonts[[2]bool{key.bold, key.italic}], &truetype.Options{Size: key.size, DPI: 72, Hinting: font.HintingNone})
		p.faces[key] = face
	}
	x, y := f.m.apply(f.tx, f.ty)
	if !(math.Abs(x) <= maxCoord && math.Abs(y) <= maxCoord) {
		return
	}
	p.dc.SetFontFace(face)
	p.dc.SetColor(withOpacity(f.st.fill, f.st.fillOp))
	p.dc.DrawStringAnchored(s, x, y, f.st.anchor, 0)
}
