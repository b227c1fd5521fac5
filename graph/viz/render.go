package viz

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Formats are the output formats of a diagram: DOT text, or a picture
// that a Renderer lays out and draws.
var Formats = []string{"dot", "png", "svg"}

// ValidFormat reports whether f is one of Formats.
func ValidFormat(f string) bool {
	for _, x := range Formats {
		if x == f {
			return true
		}
	}
	return false
}

// FormatOf returns the format a file name's extension asks for (".svg",
// ".png", ".dot" or ".gv"), or "" when it names none.
func FormatOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".svg":
		return "svg"
	case ".png":
		return "png"
	case ".dot", ".gv":
		return "dot"
	}
	return ""
}

// ErrBadOutput is returned when a rendered picture is not well-formed.
var ErrBadOutput = errors.New("renderer output is not well-formed")

// Renderer lays out DOT and draws it as a picture. rustykg has two: the
// go-graphviz helper program, rustykg-render, and native Graphviz dot;
// both run as child processes, so their implementations live with the
// commands (cmd/internal/renderer), and this package never starts a
// program.
type Renderer interface {
	// Name says which renderer this is, for messages ("rustykg-render
	// (go-graphviz)", "dot (native Graphviz)").
	Name() string
	// Render lays out the DOT source src with layout (one of Layouts)
	// and returns the picture in format ("svg" or "png").
	Render(ctx context.Context, src []byte, format, layout string) ([]byte, error)
}

// Picture writes d as DOT and, for svg and png, draws it with r. The
// result is checked before it is returned: SVG must be well-formed XML
// that draws every node of d, PNG must carry the PNG signature. DOT needs
// no renderer (r may be nil).
func Picture(ctx context.Context, r Renderer, d *Diagram, format string, opts Options) ([]byte, error) {
	if !ValidFormat(format) {
		return nil, fmt.Errorf("draw: unknown format %q (want %s)", format, strings.Join(Formats, ", "))
	}
	src, err := DOT(d, opts)
	if err != nil {
		return nil, err
	}
	if format == "dot" {
		return src, nil
	}
	if r == nil {
		return nil, fmt.Errorf("draw %s: no renderer", format)
	}
	layout := opts.Layout
	if layout == "" {
		layout = "dot"
	}
	out, err := r.Render(ctx, src, format, layout)
	if err != nil {
		return nil, err
	}
	if err := CheckPicture(out, format); err != nil {
		return nil, fmt.Errorf("render %s with %s: %w", format, r.Name(), err)
	}
	if format == "svg" {
		if err := CheckNodes(out, d); err != nil {
			return nil, fmt.Errorf("render svg with %s: %w", r.Name(), err)
		}
	}
	return out, nil
}

// CheckPicture checks that out is a complete picture in format: SVG that
// is well-formed XML with an <svg> root, or PNG data with the PNG
// signature.
func CheckPicture(out []byte, format string) error {
	switch format {
	case "png":
		if !bytes.HasPrefix(out, []byte("\x89PNG\r\n\x1a\n")) {
			return fmt.Errorf("%w: no PNG signature", ErrBadOutput)
		}
	case "svg":
		dec := xml.NewDecoder(bytes.NewReader(out))
		dec.Strict = true
		root := ""
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				return fmt.Errorf("%w: %w", ErrBadOutput, err)
			}
			if se, ok := tok.(xml.StartElement); ok && root == "" {
				root = se.Name.Local
			}
		}
		if root != "svg" {
			return fmt.Errorf("%w: root element is %q, not svg", ErrBadOutput, root)
		}
	}
	return nil
}
