// Command rustykg-query runs one raw query (Gizmo, GraphQL or MQL, through
// Cayley's query engine) on rustykg's data set, for rustykg's query
// command. It reads a request, JSON, on stdin and writes the response,
// JSON, on stdout (queries.RawRequest, queries.RawResponse); a query error
// is part of the response, with exit code 0. Exit code 2 is a bad flag or
// request, 1 a response it could not write.
//
//	echo '{"query": "g.V(\"<kernel:tock>\").Out(\"<rkg:faces>\").All()"}' | rustykg-query
//	{"result":{"lang":"gizmo","tagged":false,"rows":[{"id":"<challenge:binary-size>"}]}}
//
// It is a separate program for two reasons. Start-up: the query languages
// link goja (a JavaScript VM), json-gold and more, which cost any program
// that links them about 10 ms before main; kept out of rustykg, only raw
// queries pay. Crash isolation: Cayley panics on some malformed Gizmo
// programs (g.V().Has("")) in a goroutine of its own, where no recover
// reaches; that ends this process, and rustykg reports a failed query.
// Install it with "go install rustykg/cmd/..." so rustykg finds it next
// to itself.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/graph/export"
	"rustykg/loaders"
	"rustykg/queries"
	"rustykg/queries/rawquery"
)

// maxRequest bounds the request read from stdin.
const maxRequest = 4 << 20

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run answers the request read from stdin on stdout and returns the exit
// code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rustykg-query", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: rustykg-query [-data DIR] < request.json > response.json`)
		fs.PrintDefaults()
	}
	dataDir := fs.String("data", "", "load the data set in `DIR` (or an N-Quads file, .nq/.nt, optionally .gz) instead of the built-in one")
	base := fs.String("base", "", "with -data FILE.nq: resolve relative IRIs against `IRI`")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "rustykg-query: unexpected argument %q (the request is read from stdin)\n", fs.Arg(0))
		return 2
	}
	var req queries.RawRequest
	dec := json.NewDecoder(io.LimitReader(stdin, maxRequest))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		fmt.Fprintf(stderr, "rustykg-query: read request: %v\n", err)
		return 2
	}
	res, err := answer(ctx, *dataDir, *base, req)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	err = enc.Encode(queries.NewRawResponse(res, err))
	if err == nil {
		_, err = stdout.Write(out.Bytes())
	}
	if err != nil {
		fmt.Fprintf(stderr, "rustykg-query: write response: %v\n", err)
		return 1
	}
	return 0
}

// answer loads the data set (the built-in one when dir is "") and runs
// the query on it.
func answer(ctx context.Context, dir, base string, req queries.RawRequest) (queries.RawResult, error) {
	var ds *graph.Dataset
	var err error
	if loaders.IsNQuadsPath(dir) {
		g, err := openRDF(ctx, dir, base)
		if err != nil {
			return queries.RawResult{}, fmt.Errorf("%w: %w", queries.ErrQueryData, err)
		}
		defer g.Close()
		return rawquery.Run(ctx, g, req.Query, req.RawOptions)
	}
	if dir != "" {
		ds, err = loaders.LoadDir(dir)
	} else {
		ds, err = loaders.Load(data.FS, "")
	}
	if err != nil {
		return queries.RawResult{}, err
	}
	g, err := graph.Open(ctx, ds)
	if err != nil {
		return queries.RawResult{}, err
	}
	defer g.Close()
	return rawquery.Run(ctx, g, req.Query, req.RawOptions)
}

// openRDF reads an N-Quads file strictly. A rustykg export becomes the
// graph of its data set (compact IRIs, <kernel:tock>, as with --data DIR);
// any other RDF is queried as it is, with its own absolute IRIs.
func openRDF(ctx context.Context, path, base string) (*graph.Graph, error) {
	qs, err := loaders.LoadNQuadsFile(path, loaders.NQuadsOptions{Base: base})
	if err != nil {
		return nil, err
	}
	if ds, err := export.Dataset(qs); err == nil {
		return graph.Open(ctx, ds)
	}
	st, err := graph.OpenStore(ctx, "memory")
	if err != nil {
		return nil, err
	}
	return graph.NewFromQuads(ctx, st, qs)
}
