package queries

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"rustykg/graph"
	"rustykg/graph/graphtest"
)

// A case file in testdata/cases is one small graph, one query and the rows
// it must give:
//
//	# what the case shows
//	nodes: |            # optional: names, "ID Name words"
//	  kernel:a Alpha OS
//	claims: |           # "subject relation object study [flag ...]"
//	  kernel:a faces challenge:x study:s1
//	query: matrix kernel challenge
//	want: |             # every table: "== title ==" when titled, then
//	  kernel | name | x | total     # the header and rows, cells joined " | "
//	  kernel:a | Alpha OS | 1 | 1
//	want_error: text    # instead of want: the error must contain text
//
// Every node a claim mentions exists with its slug as name; review:r is the
// review; studies are in it unless listed as outside. Queries: matrix
// ROWS COLS [evidence|counts] (counts: MatrixCounts), similar K [TOP], path A B, neighbors ID DEPTH
// [KIND,...], gaps, shared K ..., and gizmo (the rest of the text is the
// Gizmo source).
type caseFile struct {
	Nodes     string `yaml:"nodes"`
	Outside   string `yaml:"outside"`
	Claims    string `yaml:"claims"`
	Query     string `yaml:"query"`
	Want      string `yaml:"want"`
	WantError string `yaml:"want_error"`
}

const caseReview = "review:r"

// caseDataset builds the data set of a case file.
func caseDataset(t testing.TB, cf caseFile) *graph.Dataset {
	t.Helper()
	ds := &graph.Dataset{Review: caseReview}
	names := map[string]string{}
	var order []string
	addNode := func(id string) {
		if _, ok := names[id]; !ok {
			names[id] = graph.Slug(id)
			order = append(order, id)
		}
	}
	addNode(caseReview)
	for _, line := range lines(cf.Nodes) {
		id, name, _ := strings.Cut(line, " ")
		addNode(id)
		if name != "" {
			names[id] = name
		}
	}
	for i, line := range lines(cf.Claims) {
		f := strings.Fields(line)
		if len(f) < 4 {
			t.Fatalf("claims line %d: want subject relation object study [flags]: %q", i+1, line)
		}
		for _, id := range []string{f[0], f[2], f[3]} {
			addNode(id)
		}
		rel := graph.Relation(f[1])
		ds.Claims = append(ds.Claims, graph.Claim{
			ID: graph.ClaimID(f[0], rel, f[2], f[3]), Subject: f[0], Relation: rel, Object: f[2], Study: f[3],
			Locator: fmt.Sprintf("line %d", i+1), Note: "case", Flags: f[4:],
		})
	}
	outside := map[string]bool{}
	for _, id := range lines(cf.Outside) {
		addNode(id)
		outside[id] = true
	}
	for _, id := range order {
		k := graph.KindOf(id)
		if !graph.ValidKind(k) {
			t.Fatalf("node %q: unknown kind", id)
		}
		inReview := (k == graph.KindStudy || k == graph.KindReview) && !outside[id]
		ds.Nodes = append(ds.Nodes, graph.Node{ID: id, Kind: k, Name: names[id], InReview: inReview})
	}
	ds.Sort()
	return ds
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// runCase runs a case query.
func runCase(ctx context.Context, c *Catalog, q string) (Result, error) {
	f := strings.Fields(q)
	if len(f) == 0 {
		return nil, fmt.Errorf("empty query")
	}
	arg := func(i int) string {
		if i < len(f) {
			return f[i]
		}
		return ""
	}
	num := func(i, def int) int {
		if n, err := strconv.Atoi(arg(i)); err == nil {
			return n
		}
		return def
	}
	switch f[0] {
	case "matrix":
		matrix := Matrix
		if arg(3) == "counts" {
			matrix = MatrixCounts
		}
		res, err := matrix(ctx, c, graph.Kind(arg(1)), graph.Kind(arg(2)))
		res.Evidence = arg(3) == "evidence"
		return res, err
	case "similar":
		return Similar(ctx, c, arg(1), num(2, 0))
	case "path":
		return Path(ctx, c, arg(1), arg(2))
	case "neighbors":
		var kinds []graph.Kind
		if arg(3) != "" {
			for _, k := range strings.Split(arg(3), ",") {
				kinds = append(kinds, graph.Kind(k))
			}
		}
		return Neighbors(ctx, c, arg(1), NeighborsOptions{Depth: num(2, 1), Kinds: kinds})
	case "gaps":
		return Gaps(ctx, c)
	case "shared":
		return Shared(ctx, c, f[1:])
	case "gizmo":
		src := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(q), "gizmo"))
		return RunRaw(ctx, c.G, src, RawOptions{Timeout: 5 * time.Second})
	}
	return nil, fmt.Errorf("unknown case query %q", f[0])
}

// RunRaw runs the gizmo cases: rawquery.Run, which gizmo_test.go (package
// queries_test) sets, since package rawquery imports this one.
var RunRaw func(ctx context.Context, g *graph.Graph, src string, opts RawOptions) (RawResult, error)

// renderTables lays out tables as case files write them.
func renderTables(ts []Table) string {
	var b strings.Builder
	for _, t := range ts {
		if t.Title != "" {
			fmt.Fprintf(&b, "== %s ==\n", t.Title)
		}
		b.WriteString(strings.Join(t.Columns, " | ") + "\n")
		for _, r := range t.Rows {
			b.WriteString(strings.TrimRight(strings.Join(r, " | "), " ") + "\n")
		}
	}
	return b.String()
}

// openCase loads ds into the store at uri and returns its catalog. A
// persistent store is closed and opened again first, as a command opens it.
func openCase(t testing.TB, uri string, ds *graph.Dataset) *Catalog {
	t.Helper()
	ctx := context.Background()
	g, err := graph.New(ctx, graphtest.Open(t, uri), ds)
	if err != nil {
		t.Fatal(err)
	}
	if uri != "memory" {
		g.Close()
		if g, err = graph.Attach(ctx, graphtest.Open(t, uri)); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { g.Close() })
	cat, err := NewCatalog(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestCases runs every case file on every backend (memory, bbolt,
// PostgreSQL): queries must not know which one they run on.
func TestCases(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "cases", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	for _, b := range graphtest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			b.URI(t) // skips or fails here when the server is missing
			runCaseFiles(t, b, files)
		})
	}
}

func runCaseFiles(t *testing.T, b graphtest.Backend, files []string) {
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var cf caseFile
			dec := yaml.NewDecoder(strings.NewReader(string(src)))
			dec.KnownFields(true)
			if err := dec.Decode(&cf); err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			cat := openCase(t, b.URI(t), caseDataset(t, cf))
			res, err := runCase(context.Background(), cat, cf.Query)
			if cf.WantError != "" {
				if err == nil || !strings.Contains(err.Error(), cf.WantError) {
					t.Fatalf("error = %v, want one containing %q", err, cf.WantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := renderTables(res.Tables())
			if strings.TrimSpace(got) != strings.TrimSpace(cf.Want) {
				t.Errorf("%s: rows differ\n--- got ---\n%s--- want ---\n%s", file, got, cf.Want)
			}
			// Twice: the answer must not depend on map order.
			res2, err := runCase(context.Background(), cat, cf.Query)
			if err != nil || renderTables(res2.Tables()) != got {
				t.Errorf("second run differs (err %v)", err)
			}
		})
	}
}
