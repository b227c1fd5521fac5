// Command rustykg-render lays out a Graphviz DOT graph and renders it, in
// process, with go-graphviz (Graphviz compiled to WebAssembly): no Graphviz
// install is needed. It reads DOT on stdin and writes the picture to
// stdout; errors go to stderr with exit code 1 (2 for bad flags).
//
//	rustykg render --kinds kernel,challenge -f dot | rustykg-render -format svg -layout fdp > kc.svg
//
// rustykg runs it for every SVG or PNG it draws. It is a separate program
// because go-graphviz compiles its WASM module in a package init() (about
// 1.3 s with a cold cache, 0.08 s warm): linked into rustykg, every query
// command would pay that, drawing or not. Install both with
// "go install rustykg/cmd/..." so rustykg finds this one next to itself.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"rustykg/graph/viz"
	"rustykg/graph/viz/gvrender"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run renders the DOT read from stdin to stdout and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rustykg-render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "svg", "output `format`: "+strings.Join(gvrender.Formats, ", "))
	layout := fs.String("layout", "dot", "layout `engine`: "+strings.Join(viz.Layouts, ", "))
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rustykg-render [-format svg|png|dot] [-layout dot|neato|fdp|sfdp|circo|twopi] < graph.dot > picture")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
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
