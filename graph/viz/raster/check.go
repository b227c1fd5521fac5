package raster

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"strings"
)

// Check compares a PNG with the SVG it is meant to show, as Graphviz wrote
// it (tests use it on every renderer's PNG): the picture has the SVG's
// proportions, a line is drawn where the SVG draws each edge (the middle
// of each of its curves), and no large area is solid black (the mark of
// go-graphviz's broken PNG, which fills edges as wedges).
func Check(svg, pngData []byte) error {
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		return fmt.Errorf("%w: decode: %w", ErrMismatch, err)
	}
	geo, err := readGeometry(svg)
	if err != nil {
		return err
	}
	b := img.Bounds()
	pw, ph := float64(b.Dx()), float64(b.Dy())
	if r1, r2 := pw/ph, geo.vw/geo.vh; math.Abs(r1-r2)/r2 > 0.03 {
		return fmt.Errorf("%w: proportions %.3f, the svg's %.3f", ErrMismatch, r1, r2)
	}
	sx, sy := pw/geo.vw, ph/geo.vh
	toPx := func(x, y float64) (int, int) {
		x, y = geo.m.apply(x, y)
		return b.Min.X + int((x-geo.vx)*sx), b.Min.Y + int((y-geo.vy)*sy)
	}
	var missing []string
	for _, e := range geo.edges {
		for _, curve := range e.curves {
			// Several points about the middle of the curve, so that a gap
			// of a dashed edge cannot hide it.
			drawn := false
			for _, pt := range curve {
				if x, y := toPx(pt[0], pt[1]); inkNear(img, x, y, 2) {
					drawn = true
					break
				}
			}
			if !drawn {
				x, y := toPx(curve[len(curve)/2][0], curve[len(curve)/2][1])
				missing = append(missing, fmt.Sprintf("%s at (%d,%d)", e.title, x, y))
				break
			}
		}
	}
	if len(geo.edges) == 0 {
		return fmt.Errorf("%w: the svg draws no edge to compare", ErrMismatch)
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %d of %d edges not drawn, e.g. %s", ErrMismatch, len(missing), len(geo.edges), missing[0])
	}
	if x, y, ok := blackBlock(img, 16); ok {
		return fmt.Errorf("%w: a solid black area at (%d,%d)", ErrMismatch, x, y)
	}
	return nil
}

type edgeGeo struct {
	title  string
	curves [][][2]float64 // per cubic, points about its middle
}

type geometry struct {
	vx, vy, vw, vh float64
	m              matrix // the transform of the graph's top group
	edges          []edgeGeo
}

// readGeometry reads the viewBox, the top group's transform and the
// midpoints of every edge's curves from a Graphviz SVG.
func readGeometry(svg []byte) (geometry, error) {
	var g geometry
	g.m = identity
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var cur *edgeGeo
	depth, edgeDepth := 0, -1
	inTitle := false
	var title strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return g, fmt.Errorf("%w: %w", ErrBadSVG, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			attrs := map[string]string{}
			for _, a := range t.Attr {
				attrs[a.Name.Local] = a.Value
			}
			switch {
			case t.Name.Local == "svg":
				vb, err := numbers(attrs["viewBox"])
				if err != nil || len(vb) != 4 {
					return g, fmt.Errorf("%w: viewBox %q", ErrBadSVG, attrs["viewBox"])
				}
				g.vx, g.vy, g.vw, g.vh = vb[0], vb[1], vb[2], vb[3]
			case t.Name.Local == "g" && attrs["class"] == "graph":
				if g.m, err = parseTransform(attrs["transform"]); err != nil {
					return g, err
				}
			case t.Name.Local == "g" && attrs["class"] == "edge":
				g.edges = append(g.edges, edgeGeo{})
				cur, edgeDepth = &g.edges[len(g.edges)-1], depth
			case t.Name.Local == "title" && cur != nil:
				inTitle = true
				title.Reset()
			case t.Name.Local == "path" && cur != nil:
				cur.curves = append(cur.curves, curveMids(attrs["d"])...)
			}
		case xml.CharData:
			if inTitle {
				title.Write(t)
			}
		case xml.EndElement:
			if inTitle && t.Name.Local == "title" {
				inTitle = false
				if cur != nil && cur.title == "" {
					cur.title = title.String()
				}
			}
			if depth == edgeDepth {
				cur, edgeDepth = nil, -1
			}
			depth--
		}
	}
	return g, nil
}

// curveMids returns, for each cubic of a Graphviz edge path ("M x,y C
// x1,y1 x2,y2 x3,y3 ..."), its points at t = 0.3, 0.35, ... 0.7.
func curveMids(d string) [][][2]float64 {
	d = strings.NewReplacer("M", " ", "C", " ").Replace(d)
	xs, err := numbers(d)
	if err != nil || len(xs) < 8 || (len(xs)-2)%6 != 0 {
		return nil
	}
	var out [][][2]float64
	for i := 0; i+7 < len(xs); i += 6 {
		p := xs[i : i+8]
		var pts [][2]float64
		for k := 6; k <= 14; k++ {
			t := float64(k) / 20
			at := func(a, b, c, d float64) float64 {
				u := 1 - t
				return u*u*u*a + 3*u*u*t*b + 3*u*t*t*c + t*t*t*d
			}
			pts = append(pts, [2]float64{at(p[0], p[2], p[4], p[6]), at(p[1], p[3], p[5], p[7])})
		}
		out = append(out, pts)
	}
	return out
}

func luminance(img image.Image, x, y int) (float64, bool) {
	if !(image.Point{x, y}.In(img.Bounds())) {
		return 0, false
	}
	r, g, b, a := img.At(x, y).RGBA()
	if a < 0x8000 {
		return 255, true // mostly transparent: no ink
	}
	return (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 257, true
}

// inkNear reports whether a pixel within r of (x, y) is darker than any
// fill rustykg's styles use.
func inkNear(img image.Image, x, y, r int) bool {
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			if l, ok := luminance(img, x+dx, y+dy); ok && l < 200 {
				return true
			}
		}
	}
	return false
}

// blackBlock finds a size x size square whose pixels are all near black;
// no line or letter is that thick.
func blackBlock(img image.Image, size int) (int, int, bool) {
	b := img.Bounds()
	for y := b.Min.Y; y+size <= b.Max.Y; y += size / 2 {
		for x := b.Min.X; x+size <= b.Max.X; x += size / 2 {
			if allBlack(img, x, y, size) {
				return x, y, true
			}
		}
	}
	return 0, 0, false
}

func allBlack(img image.Image, x0, y0, size int) bool {
	for y := y0; y < y0+size; y++ {
		for x := x0; x < x0+size; x++ {
			if l, _ := luminance(img, x, y); l > 40 {
				return false
			}
		}
	}
	return true
}
