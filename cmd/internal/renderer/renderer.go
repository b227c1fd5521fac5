// Package renderer finds and runs the programs that draw rustykg's
// diagrams, the implementations of graph/viz's Renderer interface:
//
//   - Helper runs rustykg-render, which embeds Graphviz compiled to
//     WebAssembly (go-graphviz): nothing to install beyond rustykg's own
//     programs. It draws PNG by rasterising its SVG.
//   - Native runs Graphviz's own dot (apt install graphviz).
//
// Find picks one: with Auto, the helper when it is found (at
// $RUSTYKG_RENDER, next to the running program, then on $PATH), else
// native dot when it is on $PATH, else ErrNoRenderer with a message that
// names the one command that fixes it. Both run through cmd/internal/proc:
// they die with rustykg, stop as a process group when ctx ends and have
// their output capped.
//
//	r, err := renderer.Find(renderer.Auto, os.Stderr)
//	if err != nil { ... }
//	svg, err := viz.Picture(ctx, r, diagram, "svg", viz.Options{})
package renderer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"rustykg/cmd/internal/proc"
	"rustykg/graph/viz"
)

// Sentinel errors.
var (
	// ErrNoRenderer: no program that can draw was found.
	ErrNoRenderer = errors.New("no renderer found")
	// ErrUnknownChoice: --renderer named no renderer.
	ErrUnknownChoice = errors.New("unknown renderer")
	// ErrRenderer: the renderer ran and failed.
	ErrRenderer = errors.New("renderer failed")
	// ErrCrashed: the renderer ended in a Go panic (wraps ErrRenderer).
	ErrCrashed = fmt.Errorf("%w: the program crashed", ErrRenderer)
)

// The choices of --renderer.
const (
	Auto   = "auto"   // the helper, else native dot
	Helper = "helper" // rustykg-render (go-graphviz)
	Native = "dot"    // native Graphviz
)

// Choices are the values --renderer takes.
var Choices = []string{Auto, Helper, Native}

// HelperName is the go-graphviz helper program; HelperEnv names the
// environment variable that points at it.
const (
	HelperName = "rustykg-render"
	HelperEnv  = "RUSTYKG_RENDER"
)

// maxPicture caps what a renderer may write: far above any picture of a
// real data set, well below what would hurt.
const maxPicture = 256 << 20

// Fix is the one command that makes rendering work from a clone.
const Fix = "go build -o bin/ ./cmd/... and run bin/rustykg (or install Graphviz: apt-get install graphviz)"

// Find returns the renderer choice asks for (Auto when empty). notes
// receives one-line notices a user should see (a cache that cannot be
// used); it may be nil.
func Find(choice string, notes io.Writer) (viz.Renderer, error) {
	if notes == nil {
		notes = io.Discard
	}
	switch choice {
	case "", Auto:
		if p, err := findHelper(); err == nil {
			return &GoGraphviz{Path: p, Notes: notes}, nil
		} else if os.Getenv(HelperEnv) != "" {
			return nil, err
		}
		if p, err := exec.LookPath("dot"); err == nil {
			return &Dot{Path: p}, nil
		}
		return nil, fmt.Errorf("%w: %s is not next to this program nor on $PATH, and Graphviz's dot is not on $PATH; fix: %s", ErrNoRenderer, HelperName, Fix)
	case Helper:
		p, err := findHelper()
		if err != nil {
			return nil, err
		}
		return &GoGraphviz{Path: p, Notes: notes}, nil
	case Native:
		p, err := exec.LookPath("dot")
		if err != nil {
			return nil, fmt.Errorf("%w: Graphviz's dot is not on $PATH; fix: apt-get install graphviz", ErrNoRenderer)
		}
		return &Dot{Path: p}, nil
	}
	return nil, fmt.Errorf("%w %q (want %s)", ErrUnknownChoice, choice, strings.Join(Choices, ", "))
}

// findHelper looks for rustykg-render at $RUSTYKG_RENDER, next to the
// running program (where "go build -o bin/ ./cmd/..." and "go install"
// put it), then on $PATH.
func findHelper() (string, error) {
	if p := os.Getenv(HelperEnv); p != "" {
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			return "", fmt.Errorf("%w: %s=%s is not a program", ErrNoRenderer, HelperEnv, p)
		}
		return p, nil
	}
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), HelperName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(HelperName); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%w: %s is not next to this program nor on $PATH; fix: %s", ErrNoRenderer, HelperName, Fix)
}

// Dot is native Graphviz: dot -K<layout> -T<format>, DOT on its stdin.
type Dot struct {
	Path string
}

// Name implements viz.Renderer.
func (d *Dot) Name() string { return "dot (native Graphviz)" }

// Render implements viz.Renderer.
func (d *Dot) Render(ctx context.Context, src []byte, format, layout string) ([]byte, error) {
	if err := checkArgs(format, layout); err != nil {
		return nil, err
	}
	return run(ctx, d.Name(), proc.Spec{
		Path:  d.Path,
		Args:  []string{"-K" + layout, "-T" + format},
		Stdin: bytes.NewReader(src),
	}, format)
}

func checkArgs(format, layout string) error {
	if format != "svg" && format != "png" {
		return fmt.Errorf("render: format %q is not a picture (want svg or png)", format)
	}
	if !viz.ValidLayout(layout) {
		return fmt.Errorf("render: unknown layout %q (want %s)", layout, strings.Join(viz.Layouts, ", "))
	}
	return nil
}

// run runs a renderer and returns its standard output. A failure names
// the renderer and its own message; a Go panic trace is never passed on.
func run(ctx context.Context, name string, spec proc.Spec, format string) ([]byte, error) {
	spec.MaxStdout = maxPicture
	res, err := proc.Run(ctx, spec)
	if err != nil {
		if errors.Is(err, proc.ErrKilled) || errors.Is(err, proc.ErrOutputLimit) {
			return nil, fmt.Errorf("render %s with %s: %w", format, name, err)
		}
		if msg, ok := panicMessage(res.Stderr); ok {
			return nil, fmt.Errorf("render %s with %s: %w: %s", format, name, ErrCrashed, msg)
		}
		if msg := proc.Message(res.Stderr); msg != "" {
			return nil, fmt.Errorf("render %s with %s: %w: %s", format, name, ErrRenderer, msg)
		}
		return nil, fmt.Errorf("render %s with %s: %w: %w", format, name, ErrRenderer, err)
	}
	if len(res.Stdout) == 0 {
		return nil, fmt.Errorf("render %s with %s: %w: no output", format, name, ErrRenderer)
	}
	return res.Stdout, nil
}

// panicMessage returns the message of a Go panic in a renderer's
// standard error ("panic: MESSAGE", the goroutine trace left out).
func panicMessage(stderr []byte) (string, bool) {
	for _, l := range strings.Split(string(stderr), "\n") {
		if rest, ok := strings.CutPrefix(l, "panic: "); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return "", false
}
