package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"rustykg/graph"
)

// CSV file names inside the zip WriteCSV writes.
const (
	NodesFile = "nodes.csv"
	EdgesFile = "edges.csv"
)

// NodeColumns and EdgeColumns are the header rows of the CSV files. Id,
// Label, Source, Target and Weight are the names Gephi's spreadsheet
// import recognises; lists inside a cell are separated by ";".
var (
	NodeColumns = []string{"Id", "Label", "kind", "in_review", "year", "aliases", "n_studies", "studies", "flags"}
	EdgeColumns = []string{"Source", "Target", "Type", "relation", "Weight", "studies", "claims"}
)

// zipTime is the modification time of the zip's entries: fixed, so the
// same data gives the same bytes.
var zipTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteCSV writes the network of ds as a zip archive of two CSV files
// with header rows: nodes.csv (NodeColumns) and edges.csv (EdgeColumns;
// Type is always "Directed", Weight the number of supporting studies).
// cell, when not nil, rewrites every data cell (rustykg passes its guard
// against spreadsheet formulas).
func WriteCSV(w io.Writer, ds *graph.Dataset, cell func(string) string) error {
	nodes, edges, err := CSVFiles(ds, cell)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, f := range []struct {
		name string
		data []byte
	}{{NodesFile, nodes}, {EdgesFile, edges}} {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return fmt.Errorf("write zip: %w", err)
		}
		if _, err := fw.Write(f.data); err != nil {
			return fmt.Errorf("write zip: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write zip: %w", err)
	}
	return nil
}

// CSVFiles returns the contents of nodes.csv and edges.csv, every data
// cell passed through cell when it is not nil.
func CSVFiles(ds *graph.Dataset, cell func(string) string) (nodes, edges []byte, err error) {
	net, err := NewNetwork(ds)
	if err != nil {
		return nil, nil, err
	}
	var nb, eb bytes.Buffer
	nw, ew := csv.NewWriter(&nb), csv.NewWriter(&eb)
	row := func(cells []string) []string {
		if cell != nil {
			for i := range cells {
				cells[i] = cell(cells[i])
			}
		}
		return cells
	}
	nw.Write(NodeColumns)
	for _, n := range net.Nodes {
		nw.Write(row([]string{n.ID, n.Name, string(n.Kind), strconv.FormatBool(n.InReview), n.Attr("year"),
			strings.Join(n.Aliases, ";"), strconv.Itoa(len(n.Studies)), strings.Join(n.Studies, ";"), strings.Join(n.Flags, ";")}))
	}
	ew.Write(EdgeColumns)
	for _, e := range net.Edges {
		ew.Write(row([]string{e.Source, e.Target, "Directed", joinRelations(e.Relations), strconv.Itoa(len(e.Studies)),
			strings.Join(e.Studies, ";"), strings.Join(e.Claims, ";")}))
	}
	nw.Flush()
	ew.Flush()
	if err := nw.Error(); err != nil {
		return nil, nil, fmt.Errorf("write %s: %w", NodesFile, err)
	}
	if err := ew.Error(); err != nil {
		return nil, nil, fmt.Errorf("write %s: %w", EdgesFile, err)
	}
	return nb.Bytes(), eb.Bytes(), nil
}
