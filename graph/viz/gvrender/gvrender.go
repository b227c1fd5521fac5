// Package gvrender lays out and renders DOT in-process with
// github.com/goccy/go-graphviz (Graphviz compiled to WebAssembly, run by
// wazero): no Graphviz install is needed.
//
// Importing this package has a cost: go-graphviz compiles its WASM module
// in a package init(), about 1 s with a cold cache and about 0.05 s warm,
// paid by every process that links it. That is why only cmd/rustykg-render
// imports it; the rustykg CLI emits DOT with graph/viz and pipes it to that
// program. The cache is $TMPDIR/go-graphviz, read before main runs: a
// program that imports this package must be started with TMPDIR pointing
// at a folder only its user can write (rustykg does that for
// rustykg-render; see cmd/internal/renderer).
//
// PNG is the SVG rasterised by graph/viz/raster: go-graphviz's own PNG
// output draws edges as filled black wedges or leaves them out.
//
//	svg, err := gvrender.Render(ctx, dotSource, "svg", "dot")
package gvrender

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	graphviz "github.com/goccy/go-graphviz"

	"rustykg/graph/viz"
	"rustykg/graph/viz/raster"
)

// ErrEmpty is returned when Graphviz produced no output.
var ErrEmpty = errors.New("graphviz produced no output")

// mu serialises rendering: go-graphviz shares one WASM module (and its
// memory) between all Graphviz contexts in the process.
var mu sync.Mutex

// Formats are the output formats Render accepts: the picture formats, and
// "dot" for the DOT source with the layout's coordinates added.
var Formats = []string{"dot", "png", "svg"}

// Render lays out the DOT source src with the layout engine and returns
// it in format. The output is rendered into a buffer (never to a file:
// go-graphviz's RenderFilename leaves empty files on failure); an empty
// result is an error.
func Render(ctx context.Context, src []byte, format, layout string) ([]byte, error) {
	if !contains(Formats, format) {
		return nil, fmt.Errorf("render: unknown format %q", format)
	}
	if !viz.ValidLayout(layout) {
		return nil, fmt.Errorf("render: unknown layout %q", layout)
	}
	mu.Lock()
	defer mu.Unlock()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("start graphviz: %w", err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(src)
	if err != nil {
		return nil, fmt.Errorf("parse dot: %w", err)
	}
	defer g.Close()
	gv.SetLayout(graphviz.Layout(layout))
	gvFormat := format
	if format == "png" {
		gvFormat = "svg"
	}
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.Format(gvFormat), &buf); err != nil {
		return nil, fmt.Errorf("render %s with %s: %w", format, layout, err)
	}
	if buf.Len() == 0 {
		return nil, fmt.Errorf("render %s with %s: %w", format, layout, ErrEmpty)
	}
	if format == "png" {
		out, err := raster.PNG(buf.Bytes(), raster.Options{})
		if err != nil {
			return nil, fmt.Errorf("render png with %s: %w", layout, err)
		}
		return out, nil
	}
	return buf.Bytes(), nil
}

// Copy renders src and writes the result to w (all or nothing).
func Copy(ctx context.Context, w io.Writer, src []byte, format, layout string) error {
	out, err := Render(ctx, src, format, layout)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
