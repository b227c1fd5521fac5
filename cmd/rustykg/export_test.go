package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"rustykg/cmd/internal/proc"
	"rustykg/data"
	"rustykg/graph"
	"rustykg/graph/export"
	"rustykg/loaders"
)

// exportFile runs "rustykg export ARGS -o FILE" and returns FILE.
func exportFile(t *testing.T, name string, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	_, errs, code := run(t, append(append([]string{"export"}, args...), "-o", path)...)
	if code != 0 {
		t.Fatalf("export %v: exit %d: %s", args, code, errs)
	}
	return path
}

// tool runs a native program under a deadline and returns its output.
func tool(t *testing.T, path string, args ...string) proc.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := proc.Run(ctx, proc.Spec{Path: path, Args: args, MaxStdout: 64 << 20})
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", filepath.Base(path), args, err, res.Stderr)
	}
	return res
}

// python runs a script of testdata/interop with Debian's /usr/bin/python3
// (Debian's python3-rdflib and python3-networkx import only there). A
// script exits 3 when its module is missing: skipped, except in CI.
func python(t *testing.T, pkg, script string, args ...string) []byte {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		missing(t, py, "python3")
	}
	res := tool(t, py, append([]string{filepath.Join("testdata", "interop", script)}, args...)...)
	switch res.ExitCode {
	case 0:
		return res.Stdout
	case 3:
		missing(t, pkg, pkg)
	}
	t.Fatalf("%s: exit %d\n%s", script, res.ExitCode, res.Stderr)
	return nil
}

// missing skips the test for a tool that is not installed, or fails it in
// CI (RUSTYKG_CI=1).
func missing(t *testing.T, name, pkg string) {
	t.Helper()
	if os.Getenv("RUSTYKG_CI") == "1" {
		t.Fatalf("%s is not installed (apt-get install %s); CI must run this test", name, pkg)
	}
	t.Skipf("%s is not installed (apt-get install %s): skipping", name, pkg)
}

func lines(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("\n"))
}

// embedded is the embedded data set, as the export reads it.
func embedded(t *testing.T) *graph.Dataset {
	t.Helper()
	ds, err := loaders.Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestExportFromGraphIsTheDataSet: reading the whole graph back out of
// the store gives the data set that was loaded (same content hash), so
// the export loses nothing the store holds.
func TestExportFromGraphIsTheDataSet(t *testing.T) {
	ds := embedded(t)
	ctx := context.Background()
	g, err := graph.Open(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	back, err := export.FromGraph(ctx, g, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := graph.ContentHash(ds), graph.ContentHash(back); a != b {
		t.Fatalf("content hash of the store's data set %s, of the loaded one %s", b, a)
	}
	qs, err := export.Quads(ds)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != len(graph.Quads(ds)) {
		t.Fatalf("export has %d quads, the store %d", len(qs), len(graph.Quads(ds)))
	}
}

// TestExportRapper: rapper (raptor2-utils) parses our N-Quads, whole and
// a selection, and counts one statement per line.
func TestExportRapper(t *testing.T) {
	rapper := needTool(t, "rapper", "raptor2-utils")
	re := regexp.MustCompile(`returned (\d+) (triples|statements)`)
	for _, args := range [][]string{{}, {"--focus", "redox", "--depth", "2"}, {"--kinds", "kernel,challenge,study"}} {
		t.Run(strings.Join(append([]string{"export"}, args...), " "), func(t *testing.T) {
			f := exportFile(t, "g.nq", args...)
			want := lines(t, f)
			if want == 0 {
				t.Fatal("empty export")
			}
			res := tool(t, rapper, "-i", "nquads", "-c", f)
			m := re.FindSubmatch(res.Stderr)
			if res.ExitCode != 0 || m == nil {
				t.Fatalf("rapper: exit %d\n%s", res.ExitCode, res.Stderr)
			}
			if got, _ := strconv.Atoi(string(m[1])); got != want {
				t.Fatalf("rapper counts %d statements, the export has %d lines", got, want)
			}
		})
	}
}

// TestExportRoqetShared: roqet (rasqal-utils) answers "the kernels that
// share a challenge with K0, with the challenge" on the N-Quads export,
// for every kernel K0 (Redox included), and the answer equals rustykg's
// own: "shared K0" lists K0's challenges, "shared --challenge C" the
// kernels facing C.
func TestExportRoqetShared(t *testing.T) {
	roqet := needTool(t, "roqet", "rasqal-utils")
	f := exportFile(t, "g.nq")
	res := tool(t, roqet, "-q", "-r", "csv", "-D", f, filepath.Join("testdata", "interop", "shared.rq"))
	if res.ExitCode != 0 {
		t.Fatalf("roqet: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	got := map[string]bool{}
	for i, l := range strings.Split(strings.TrimSpace(strings.ReplaceAll(string(res.Stdout), "\r\n", "\n")), "\n") {
		if i == 0 {
			continue // header
		}
		var ids []string
		for _, iri := range strings.Split(l, ",") {
			c, ok := export.CompactIRI(iri)
			if !ok {
				t.Fatalf("roqet row %q: %q is not one of ours", l, iri)
			}
			ids = append(ids, string(c))
		}
		got[strings.Join(ids, " ")] = true
	}

	// rustykg's answer: "shared" lists every pair of kernels with the
	// challenges they share; "shared redox" Redox's own challenges.
	want := map[string]bool{}
	var pairs struct {
		Pairs []struct {
			A, B       string
			Challenges []string
		} `json:"pairs"`
	}
	runJSON(t, &pairs, "shared", "-f", "json")
	for _, p := range pairs.Pairs {
		for _, c := range p.Challenges {
			want[p.A+" "+p.B+" "+c] = true
			want[p.B+" "+p.A+" "+c] = true
		}
	}
	// And Redox's rows, from "shared redox" (its challenges) and "shared
	// --challenge C" (the kernels facing C).
	var redox struct {
		Challenges []struct{ Challenge string } `json:"challenges"`
	}
	runJSON(t, &redox, "shared", "redox", "-f", "json")
	wantRedox, gotRedox := map[string]bool{}, map[string]bool{}
	for _, c := range redox.Challenges {
		var facing struct {
			Kernels []struct{ Kernel string } `json:"kernels"`
		}
		runJSON(t, &facing, "shared", "--challenge", c.Challenge, "-f", "json")
		for _, k := range facing.Kernels {
			if k.Kernel != "kernel:redox" {
				wantRedox["kernel:redox "+k.Kernel+" "+c.Challenge] = true
			}
		}
	}
	for k := range got {
		if strings.HasPrefix(k, "kernel:redox ") {
			gotRedox[k] = true
		}
	}
	if d := diffSets(gotRedox, wantRedox); d != "" {
		t.Errorf("Redox: roqet and rustykg shared differ:\n%s", d)
	}
	if len(want) == 0 {
		t.Fatal("rustykg shared lists no pair: nothing to compare")
	}
	if d := diffSets(got, want); d != "" {
		t.Fatalf("roqet and rustykg shared differ (%d and %d rows):\n%s", len(got), len(want), d)
	}
}

func runJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	out, errs, code := run(t, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
}

func diffSets(got, want map[string]bool) string {
	var d []string
	for k := range got {
		if !want[k] {
			d = append(d, "only in roqet: "+k)
		}
	}
	for k := range want {
		if !got[k] {
			d = append(d, "only in rustykg: "+k)
		}
	}
	sort.Strings(d)
	return strings.Join(d, "\n")
}

// TestExportNetworkX: NetworkX reads our GraphML as a directed simple
// graph with our node and edge counts, every node's in- and out-degree,
// and typed attributes (in_review a bool, year an int).
func TestExportNetworkX(t *testing.T) {
	for _, args := range [][]string{{}, {"--kinds", "kernel,challenge"}} {
		t.Run(strings.Join(append([]string{"export"}, args...), " "), func(t *testing.T) {
			f := exportFile(t, "g.graphml", args...)
			out := python(t, "python3-networkx", "networkx_graphml.py", f)
			var nx struct {
				Directed, Multigraph bool
				Nodes, Edges         int
				Degrees              map[string][2]int
				NodeAttrs            map[string]map[string]any `json:"node_attrs"`
			}
			if err := json.Unmarshal(out, &nx); err != nil {
				t.Fatal(err)
			}
			ds := embedded(t)
			if len(args) > 0 {
				ds = selectKinds(ds, graph.KindKernel, graph.KindChallenge)
			}
			net, err := export.NewNetwork(ds)
			if err != nil {
				t.Fatal(err)
			}
			if !nx.Directed || nx.Multigraph {
				t.Errorf("networkx: directed %v, multigraph %v; want a directed simple graph", nx.Directed, nx.Multigraph)
			}
			if nx.Nodes != len(net.Nodes) || nx.Edges != len(net.Edges) || len(net.Edges) == 0 {
				t.Fatalf("networkx: %d nodes, %d edges; ours %d, %d", nx.Nodes, nx.Edges, len(net.Nodes), len(net.Edges))
			}
			deg := map[string][2]int{}
			for _, e := range net.Edges {
				d := deg[e.Target]
				d[0]++
				deg[e.Target] = d
				d = deg[e.Source]
				d[1]++
				deg[e.Source] = d
			}
			for _, n := range net.Nodes {
				if nx.Degrees[n.ID] != deg[n.ID] {
					t.Errorf("%s: networkx in/out degree %v, ours %v", n.ID, nx.Degrees[n.ID], deg[n.ID])
				}
			}
			for _, n := range net.Nodes {
				a := nx.NodeAttrs[n.ID]
				if a["in_review"] != n.InReview || a["kind"] != string(n.Kind) || a["name"] != n.Name {
					t.Errorf("%s: networkx attributes %v", n.ID, a)
				}
				if y, err := strconv.Atoi(n.Attr("year")); err == nil && a["year"] != float64(y) {
					t.Errorf("%s: networkx year %v (%T), want the int %d", n.ID, a["year"], a["year"], y)
				}
			}
		})
	}
}

func selectKinds(ds *graph.Dataset, kinds ...graph.Kind) *graph.Dataset {
	keep := map[string]bool{}
	out := &graph.Dataset{}
	for _, n := range ds.Nodes {
		for _, k := range kinds {
			if n.Kind == k {
				keep[n.ID] = true
				out.Nodes = append(out.Nodes, n)
			}
		}
	}
	for _, c := range ds.Claims {
		if keep[c.Subject] && keep[c.Object] {
			out.Claims = append(out.Claims, c)
		}
	}
	return out
}

// TestExportRDFLibJSONLD: rdflib reads our JSON-LD (inline context, no
// network) to exactly the quads of our N-Quads export, graph names
// included.
func TestExportRDFLibJSONLD(t *testing.T) {
	for _, args := range [][]string{{}, {"--focus", "tock"}} {
		t.Run(strings.Join(append([]string{"export"}, args...), " "), func(t *testing.T) {
			jl := exportFile(t, "g.jsonld", args...)
			nq := exportFile(t, "g.nq", args...)
			out := python(t, "python3-rdflib", "rdflib_same_quads.py", jl, nq)
			var r struct {
				JSONLD     int      `json:"jsonld"`
				NQuads     int      `json:"nquads"`
				OnlyJSONLD []string `json:"only_jsonld"`
				OnlyNQuads []string `json:"only_nquads"`
			}
			if err := json.Unmarshal(out, &r); err != nil {
				t.Fatal(err)
			}
			if n := lines(t, nq); r.NQuads != n || r.JSONLD != n || len(r.OnlyJSONLD)+len(r.OnlyNQuads) > 0 {
				t.Fatalf("rdflib: %d quads from JSON-LD, %d from N-Quads, %d lines; only in JSON-LD %v; only in N-Quads %v",
					r.JSONLD, r.NQuads, n, r.OnlyJSONLD, r.OnlyNQuads)
			}
		})
	}
}

// TestExportCSVZip: the CSV export is a zip of nodes.csv and edges.csv,
// byte-identical on two runs, equal to their golden files.
func TestExportCSVZip(t *testing.T) {
	a, err := os.ReadFile(exportFile(t, "a.zip", "--kinds", "kernel,approach"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(exportFile(t, "b.zip", "--kinds", "kernel,approach"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two CSV exports differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "export_kinds-kernel-approach_"+f.Name, string(body))
	}
	if fmt.Sprint(names) != "[nodes.csv edges.csv]" {
		t.Fatalf("zip holds %v", names)
	}
}

// TestExportReimport: an N-Quads export, gzipped or not, given back as
// --data, answers as the data set it came from and exports the same bytes.
func TestExportReimport(t *testing.T) {
	nq := exportFile(t, "g.nq")
	src, err := os.ReadFile(nq)
	if err != nil {
		t.Fatal(err)
	}
	gz := filepath.Join(t.TempDir(), "g.nq.gz")
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(src)
	zw.Close()
	if err := os.WriteFile(gz, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	want, _, _ := run(t, "shared", "atmosphere", "theseus")
	for _, f := range []string{nq, gz} {
		got, errs, code := run(t, "--data", f, "shared", "atmosphere", "theseus")
		if code != 0 || got != want {
			t.Errorf("--data %s: exit %d, %s\n%s", f, code, errs, got)
		}
		again, _, _ := run(t, "--data", f, "export")
		if again != string(src) {
			t.Errorf("--data %s: export differs from the export it was read from", f)
		}
	}
}

// TestQueryRDF: rustykg query runs Gizmo on any N-Quads file (here one
// that is not a rustykg export, with a relative IRI resolved by --base),
// and on a rustykg export with the usual compact IDs.
func TestQueryRDF(t *testing.T) {
	out, errs, code := run(t, "--data", "testdata/rdf/relative.nt", "--base", "http://example.org/", "query", `g.V("<http://example.org/film/x>").Out("<http://example.org/p>").All()`)
	if code != 0 || out != "{\"id\":\"x\"}\n" {
		t.Errorf("foreign RDF: exit %d, %q, stderr %s", code, out, errs)
	}
	if _, errs, code := run(t, "--data", "testdata/rdf/relative.nt", "query", `g.V().All()`); code != exitData || !strings.Contains(errs, "--base") {
		t.Errorf("without --base: exit %d, stderr %s", code, errs)
	}
	nq := exportFile(t, "g.nq")
	q := `g.V("<kernel:tock>").Out("<rkg:faces>").All()`
	want, _, _ := run(t, "query", q)
	if got, errs, code := run(t, "--data", nq, "query", q); code != 0 || got != want || want == "" {
		t.Errorf("export: exit %d, %q, want %q, stderr %s", code, got, want, errs)
	}
}

// TestQueryMoviesLong (RUSTYKG_LONG=1): Gizmo on Cayley's
// 30kmoviedata.nq.gz read with --base gives the answers the cayley CLI
// gives on the same file (checked side by side when this was written:
// cayley query --load 30kmoviedata.nq.gz --lang gizmo -n 100000):
// the films Keanu Reeves and Laurence Fishburne both star in, and the
// 18 actors of The Matrix Reloaded.
func TestQueryMoviesLong(t *testing.T) {
	skipUnlessLong(t)
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/cayleygraph/cayley").Output()
	if err != nil {
		t.Skip(err)
	}
	movies := filepath.Join(strings.TrimSpace(string(out)), "data", "30kmoviedata.nq.gz")
	const b = "http://example.org/"
	both := `g.V("<` + b + `en/keanu_reeves>").In("<` + b + `film/performance/actor>").In("<` + b + `film/film/starring>").Intersect(g.V("<` + b + `en/laurence_fishburne>").In("<` + b + `film/performance/actor>").In("<` + b + `film/film/starring>")).Out("<` + b + `name>").All()`
	got, errs, code := run(t, "--data", movies, "--base", b, "query", "--timeout", "300s", "--max-memory", "4GiB", both)
	if code != 0 || got != "{\"id\":\"The Matrix Reloaded\"}\n" {
		t.Fatalf("films of both: exit %d, %q, stderr %s", code, got, errs)
	}
	actors := `g.V().Has("<` + b + `name>", "The Matrix Reloaded").Out("<` + b + `film/film/starring>").Out("<` + b + `film/performance/actor>").Out("<` + b + `name>").All()`
	got, errs, code = run(t, "--data", movies, "--base", b, "query", "--timeout", "300s", "--max-memory", "4GiB", actors)
	if code != 0 || strings.Count(got, "\n") != 18 || !strings.Contains(got, `"Keanu Reeves"`) {
		t.Fatalf("actors: exit %d, stderr %s\n%s", code, errs, got)
	}
}

// TestExportCSVFormulaGuard: a name a spreadsheet would run as a formula
// is written to nodes.csv with the guard of --format csv.
func TestExportCSVFormulaGuard(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"claims.yaml", "kernels.yaml", "review.yaml", "studies.bib", "studies.yaml", "taxonomy.yaml"} {
		b, err := data.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if name == "kernels.yaml" {
			b = bytes.Replace(b, []byte("name: Aero\n"), []byte("name: \"=HYPERLINK(1)\"\n"), 1)
			if !bytes.Contains(b, []byte("HYPERLINK")) {
				t.Fatal("kernels.yaml has no Aero to rename")
			}
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "g.zip")
	if _, errs, code := run(t, "--data", dir, "export", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	rc, err := zr.Open("nodes.csv")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Contains(body, []byte("kernel:aero,'=HYPERLINK(1),")) {
		t.Fatalf("the formula is not guarded:\n%s", body)
	}
}
