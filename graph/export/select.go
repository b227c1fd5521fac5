package export

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"rustykg/graph"
)

// Formats are the export formats, in help order.
var Formats = []string{"nquads", "jsonld", "graphml", "csv"}

// Binary reports whether the format's output is binary (the CSV zip).
func Binary(format string) bool { return format == "csv" }

// FormatOf is the format a file name's extension implies, or "".
func FormatOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".nq", ".nquads":
		return "nquads"
	case ".jsonld", ".json":
		return "jsonld"
	case ".graphml":
		return "graphml"
	case ".zip":
		return "csv"
	}
	return ""
}

// Options tune Write.
type Options struct {
	// CSVCell, when not nil, rewrites every data cell of the CSV files
	// (e.g. to guard cells a spreadsheet would run as formulas).
	CSVCell func(string) string
}

// Write writes ds in format (one of Formats).
func Write(w io.Writer, format string, ds *graph.Dataset, opts Options) error {
	switch format {
	case "nquads":
		return WriteNQuads(w, ds)
	case "jsonld":
		return WriteJSONLD(w, ds)
	case "graphml":
		return WriteGraphML(w, ds)
	case "csv":
		return WriteCSV(w, ds, opts.CSVCell)
	}
	return fmt.Errorf("%w %q (want %s)", ErrFormat, format, strings.Join(Formats, ", "))
}

// FromGraph reads a data set back out of g: every node for which keep
// returns true (all when keep is nil) and the claims whose subject and
// object are both kept. The review stays the data set's review only when
// it is kept, so its "includes" statements are exported only then.
func FromGraph(ctx context.Context, g *graph.Graph, keep func(id string) bool) (*graph.Dataset, error) {
	nodes, err := g.AllNodes(ctx)
	if err != nil {
		return nil, err
	}
	claims, err := g.Claims(ctx, graph.ClaimFilter{})
	if err != nil {
		return nil, err
	}
	ds := &graph.Dataset{}
	for _, n := range nodes {
		if keep == nil || keep(n.ID) {
			ds.Nodes = append(ds.Nodes, n)
		}
	}
	for _, c := range claims {
		if keep == nil || (keep(c.Subject) && keep(c.Object)) {
			ds.Claims = append(ds.Claims, c)
		}
	}
	if r := g.Review(); r != "" && (keep == nil || keep(r)) {
		ds.Review = r
	}
	ds.Sort()
	return ds, nil
}
