package viz

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Formats are the output formats of a diagram: DOT text, or a picture
// that rustykg-render lays out and draws.
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

// RendererName is the program that turns DOT into pictures.
const RendererName = "rustykg-render"

// RendererEnv names the environment variable that points at the
// renderer, overriding the search for it.
const RendererEnv = "RUSTYKG_RENDER"

// ErrBadOutput is returned when a rendered picture is not well-formed.
var ErrBadOutput = errors.New("renderer output is not well-formed")

// Renderer runs rustykg-render, the program at Path (rustykg looks for it
// at $RUSTYKG_RENDER, next to itself, then on $PATH): DOT on its stdin,
// the picture on its stdout. rustykg draws through a separate program
// because go-graphviz compiles its WASM module in a package init() (about
// 1.3 s on a cold cache, 0.08 s warm); linked into rustykg, every command
// would pay for it.
type Renderer struct {
	Path string
}

// Render lays out the DOT source src with layout and returns the picture
// in format (svg or png). The picture is checked before it is returned:
// SVG must be well-formed XML, PNG must start with the PNG signature.
func (r Renderer) Render(ctx context.Context, src []byte, format, layout string) ([]byte, error) {
	if format != "svg" && format != "png" {
		return nil, fmt.Errorf("render: format %q is not a picture (want svg or png)", format)
	}
	if !ValidLayout(layout) {
		return nil, fmt.Errorf("render: unknown layout %q (want %s)", layout, strings.Join(Layouts, ", "))
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, r.Path, "-format", format, "-layout", layout)
	cmd.Stdin = bytes.NewReader(src)
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg != "" {
			return nil, fmt.Errorf("render %s: %w: %s", format, err, msg)
		}
		return nil, fmt.Errorf("render %s: %w", format, err)
	}
	out := stdout.Bytes()
	if err := CheckPicture(out, format); err != nil {
		return nil, fmt.Errorf("render %s: %w", format, err)
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

// WriteFileAtomic writes data to path through a temporary file in the same
// folder and a rename, so path is either left as it was or holds all of
// data: a failed render never leaves a broken or empty file.
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
