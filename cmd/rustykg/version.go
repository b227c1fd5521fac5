package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"rustykg/graph"
	"rustykg/queries"
)

// versionInfo is what "rustykg --version" prints: the program's version
// and the data set it would answer from.
type versionInfo struct {
	Version     string `json:"version"` // the module version, or "(devel)"
	Revision    string `json:"revision,omitempty"`
	Go          string `json:"go"`
	Data        string `json:"data"` // "built-in" or the --data folder
	ContentHash string `json:"content_hash,omitempty"`
	Nodes       int    `json:"nodes"`
	Claims      int    `json:"claims"`
}

// programVersion reads the version Go stamped into the binary: the module
// version when built by "go install rustykg/cmd/rustykg@v1.2.3" (or from a
// tagged checkout), else "(devel)"; and the VCS revision, "+dirty" when
// the work tree had changes.
func programVersion() (version, revision string) {
	version = "(devel)"
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return version, ""
	}
	if v := bi.Main.Version; v != "" {
		version = v
	}
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
			if len(revision) > 12 {
				revision = revision[:12]
			}
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if revision != "" && dirty {
		revision += "+dirty"
	}
	return version, revision
}

// Tables implements queries.Result: one row per fact.
func (v versionInfo) Tables() []queries.Table {
	t := queries.Table{Columns: []string{"field", "value"}}
	add := func(k, val string) {
		if val != "" {
			t.Rows = append(t.Rows, []string{k, val})
		}
	}
	add("version", v.Version)
	add("revision", v.Revision)
	add("go", v.Go)
	add("data", v.Data)
	add("content hash", v.ContentHash)
	add("nodes", fmt.Sprint(v.Nodes))
	add("claims", fmt.Sprint(v.Claims))
	return []queries.Table{t}
}

// printVersion prints the version and the data set's content hash and
// size: two lines, or with --format json|csv|markdown the same facts as a
// table or object. A data set that does not load is reported after the
// version line, with exit code 3.
func (e *env) printVersion(ctx context.Context) error {
	v := versionInfo{Go: runtime.Version(), Data: e.source()}
	v.Version, v.Revision = programVersion()
	head := "rustykg " + v.Version
	if v.Revision != "" {
		head += " (" + v.Revision + ")"
	}
	e.keepDS = true
	cat, err := e.catalog(ctx)
	if err != nil {
		if e.format == "table" {
			fmt.Fprintln(e.stdout, head)
		}
		return err
	}
	v.Nodes = len(cat.IDs(""))
	if e.ds != nil {
		v.ContentHash = graph.ContentHash(e.ds)
		v.Claims = len(e.ds.Claims)
	} else {
		v.ContentHash = cat.G.Info().ContentHash // recorded by the store
		claims, err := cat.G.Claims(ctx, graph.ClaimFilter{})
		if err != nil {
			return err
		}
		v.Claims = len(claims)
	}
	if e.format != "table" {
		return writeResult(e.stdout, e.format, v)
	}
	_, err = fmt.Fprintf(e.stdout, "%s, %s\ndata: %s, %s, %d nodes, %d claims\n", head, v.Go, v.Data, v.ContentHash, v.Nodes, v.Claims)
	return err
}
