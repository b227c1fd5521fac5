// Command rustykg-render lays out a Graphviz DOT graph and draws it, in
// process, with go-graphviz (Graphviz compiled to WebAssembly): no Graphviz
// install is needed. It reads DOT on stdin and writes the picture to
// stdout; errors go to stderr with exit code 1 (2 for bad flags).
//
//	rustykg render --kinds kernel,challenge -f dot | rustykg-render --format svg --layout fdp > kc.svg
//
// rustykg runs it for every SVG or PNG it draws when it is found next to
// rustykg (go build -o bin/ ./cmd/... puts it there), on $PATH or at
// $RUSTYKG_RENDER. It is a program of its own because go-graphviz compiles
// its WASM module in a package init() (about 1 s with a cold cache, 0.05 s
// warm): linked into rustykg, every command would pay that, drawing or not.
//
// go-graphviz keeps that compiled code in $TMPDIR/go-graphviz. rustykg
// starts this program with TMPDIR set to a private per-user folder; run by
// hand, set TMPDIR to a folder only you can write to.
//
// PNG is drawn from the SVG (package graph/viz/raster): go-graphviz's own
// PNG output draws edges as filled black shapes or not at all.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/pflag"

	"rustykg/graph/viz"
	"rustykg/graph/viz/gvrender"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage: rustykg-render [--format svg|png|dot] [--layout dot|neato|fdp|sfdp|circo|twopi] < graph.dot > picture

Lays out the DOT graph read from stdin with go-graphviz and writes the
picture to stdout (dot: the DOT with the layout's coordinates added).
rustykg render runs this program; see "rustykg render --help".

go-graphviz caches compiled code in $TMPDIR/go-graphviz and reads it
before this program's own code runs. rustykg points TMPDIR at a private
folder (~/.cache/rustykg/gv); run by hand, do the same, e.g.
  TMPDIR=~/.cache/rustykg/gv rustykg-render --format svg < g.dot > g.svg

Flags:
`

// run renders the DOT read from stdin to stdout and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("rustykg-render", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "svg", "output `format`: "+strings.Join(gvrender.Formats, ", "))
	layout := fs.String("layout", "dot", "layout `engine`: "+strings.Join(viz.Layouts, ", "))
	help := fs.BoolP("help", "h", false, "print this help and exit")
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "rustykg-render: %v (see rustykg-render --help)\n", err)
		return 2
	}
	if *help {
		fmt.Fprint(stdout, usage+fs.FlagUsages())
		return 0
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "rustykg-render: unexpected argument %q (DOT is read from stdin)\n", fs.Arg(0))
		return 2
	}
	src, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "rustykg-render: read dot: %v\n", err)
		return 1
	}
	out, err := gvrender.Render(ctx, src, *format, *layout)
	if err != nil {
		fmt.Fprintf(stderr, "rustykg-render: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "rustykg-render: write: %v\n", err)
		return 1
	}
	return 0
}
