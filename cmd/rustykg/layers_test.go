package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"rustykg/cmd/internal/proc"
)

// The layering rules, checked on what `go list` says every package of the
// module imports:
//
//   - graph is the only door to Cayley: no package outside rustykg/graph
//     (and its subpackages) imports github.com/cayleygraph/..., except
//     rustykg/queries/rawquery, the raw-query engine, which runs Cayley's
//     own query languages. Test files count: a test that reaches into the
//     store goes around the door too. One narrow exception: the N-Quads
//     reader in rustykg/loaders (and its tests) may import
//     github.com/cayleygraph/quad, the module of RDF term types (IRI,
//     literal, quad; no store, no query engine), because what it parses
//     is RDF terms; the quads it returns reach the store only through
//     graph (graph.RDF, graph.NewFromQuads).
//   - nothing under rustykg/graph runs programs: no package there imports
//     os/exec. Running a child (the renderer, the query worker) is the
//     business of the side that starts programs (cmd). Only the code a
//     package links counts here: a test may run a native tool (dot,
//     xmllint) to cross-check what the package writes.
//   - the module's top level is cmd, graph, loaders, queries and data (with
//     go.mod, go.sum, the README, docs and CI): every package lives under one
//     of those five folders.

// listedPackage is what `go list -json` says about one package.
type listedPackage struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// topLevel are the module's top-level folders that hold packages.
var topLevel = map[string]bool{"cmd": true, "graph": true, "loaders": true, "queries": true, "data": true}

// layerViolations returns one line per broken rule, sorted by package.
func layerViolations(pkgs []listedPackage) []string {
	var out []string
	for _, p := range pkgs {
		if rest, ok := strings.CutPrefix(p.ImportPath, "rustykg/"); !ok || !topLevel[strings.SplitN(rest, "/", 2)[0]] {
			out = append(out, p.ImportPath+": packages live under cmd, graph, loaders, queries or data")
		}
		inGraph := p.ImportPath == "rustykg/graph" || strings.HasPrefix(p.ImportPath, "rustykg/graph/")
		if !inGraph && p.ImportPath != "rustykg/queries/rawquery" {
			for _, imp := range concat(p.Imports, p.TestImports, p.XTestImports) {
				if p.ImportPath == "rustykg/loaders" && imp == "github.com/cayleygraph/quad" {
					continue // the RDF term types, for the N-Quads reader
				}
				if strings.HasPrefix(imp, "github.com/cayleygraph/") {
					out = append(out, p.ImportPath+" imports "+imp+": only graph talks to Cayley")
					break
				}
			}
		}
		if inGraph {
			for _, imp := range p.Imports {
				if imp == "os/exec" {
					out = append(out, p.ImportPath+" imports os/exec: graph runs no programs")
				}
			}
		}
	}
	return out
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func TestLayerRules(t *testing.T) {
	for _, c := range []struct {
		name string
		pkg  listedPackage
		want string // "" when the package keeps the rules
	}{
		{"graph imports Cayley", listedPackage{ImportPath: "rustykg/graph", Imports: []string{"github.com/cayleygraph/quad"}}, ""},
		{"graph subpackage imports Cayley", listedPackage{ImportPath: "rustykg/graph/graphtest", Imports: []string{"github.com/cayleygraph/cayley/graph"}}, ""},
		{"raw-query engine imports Cayley", listedPackage{ImportPath: "rustykg/queries/rawquery", Imports: []string{"github.com/cayleygraph/cayley/query/gizmo"}}, ""},
		{"queries imports Cayley", listedPackage{ImportPath: "rustykg/queries", Imports: []string{"github.com/cayleygraph/cayley/graph/iterator"}}, "rustykg/queries imports github.com/cayleygraph/cayley/graph/iterator"},
		{"a test imports Cayley", listedPackage{ImportPath: "rustykg/queries", XTestImports: []string{"github.com/cayleygraph/quad"}}, "rustykg/queries imports github.com/cayleygraph/quad"},
		{"the N-Quads reader uses the RDF term types", listedPackage{ImportPath: "rustykg/loaders", Imports: []string{"github.com/cayleygraph/quad"}}, ""},
		{"loaders reaches the store", listedPackage{ImportPath: "rustykg/loaders", Imports: []string{"github.com/cayleygraph/quad", "github.com/cayleygraph/cayley/graph"}}, "rustykg/loaders imports github.com/cayleygraph/cayley/graph"},
		{"cmd uses the RDF term types", listedPackage{ImportPath: "rustykg/cmd/rustykg", Imports: []string{"github.com/cayleygraph/quad"}}, "rustykg/cmd/rustykg imports github.com/cayleygraph/quad"},
		{"a package named like graph", listedPackage{ImportPath: "rustykg/graphx", Imports: []string{"github.com/cayleygraph/quad"}}, "rustykg/graphx imports"},
		{"graph/viz runs programs", listedPackage{ImportPath: "rustykg/graph/viz", Imports: []string{"os", "os/exec"}}, "rustykg/graph/viz imports os/exec"},
		{"a graph test runs dot", listedPackage{ImportPath: "rustykg/graph/viz", TestImports: []string{"os/exec"}}, ""},
		{"cmd runs programs", listedPackage{ImportPath: "rustykg/cmd/rustykg", Imports: []string{"os/exec"}}, ""},
		{"a package at the top level", listedPackage{ImportPath: "rustykg/report"}, "rustykg/report: packages live under"},
		{"the module's root package", listedPackage{ImportPath: "rustykg"}, "rustykg: packages live under"},
		{"a package in data", listedPackage{ImportPath: "rustykg/data"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := strings.Join(layerViolations([]listedPackage{c.pkg}), "\n")
			if c.want == "" && got != "" || !strings.Contains(got, c.want) {
				t.Errorf("violations = %q, want %q", got, c.want)
			}
		})
	}
}

// TestLayers checks the module's packages against the rules above.
func TestLayers(t *testing.T) {
	// No skip without go: the rules would go unchecked, and whoever runs
	// the tests has the go tool.
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the layering check needs the go tool on PATH: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := proc.Run(ctx, proc.Spec{
		Path:      goTool,
		Args:      []string{"list", "-json=ImportPath,Imports,TestImports,XTestImports", "rustykg/..."},
		MaxStdout: 16 << 20,
	})
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, res.Stderr)
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(strings.NewReader(string(res.Stdout)))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 5 {
		t.Fatalf("go list named %d packages; is this the rustykg module?", len(pkgs))
	}
	for _, v := range layerViolations(pkgs) {
		t.Error(v)
	}
}
