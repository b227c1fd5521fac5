package viz

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"rustykg/graph"
)

var update = flag.Bool("update", false, "rewrite the golden DOT files in testdata/golden")

// nasty is the label of the acceptance test: quotes, markup, an ampersand
// and backslashes must render and read back as they are.
const nasty = `"quoted" <b>tags</b> & \\backslash`

// fixture is a small data set with every kind of edge the builder draws:
// parallel claims (two studies), a chain that one study supports end to
// end (contracted), a chain no single study supports (not contracted),
// a kernel following an approach (clusters) and the nasty label.
func fixture() *graph.Dataset {
	node := func(id, name string, inReview bool, attrs ...graph.Attr) graph.Node {
		return graph.Node{ID: id, Kind: graph.KindOf(id), Name: name, InReview: inReview, Attrs: attrs}
	}
	claim := func(s string, r graph.Relation, o, study string) graph.Claim {
		return graph.Claim{ID: graph.ClaimID(s, r, o, study), Subject: s, Relation: r, Object: o, Study: study, Locator: "Table 1", Note: "a note"}
	}
	ds := &graph.Dataset{
		Review: "review:r",
		Nodes: []graph.Node{
			node("review:r", "The review", true, graph.Attr{Key: "authors", Value: "Ann Author; Bo Writer"}, graph.Attr{Key: "year", Value: "2024"}),
			node("study:s1", "A long study title that the picture shortens", true,
				graph.Attr{Key: "authors", Value: "Ann Alpha; Bob Beta; Cy Gamma"}, graph.Attr{Key: "ref", Value: "1"}, graph.Attr{Key: "year", Value: "2022"}),
			node("study:s2", "An outside study", false, graph.Attr{Key: "authors", Value: "The Kernel Team"}, graph.Attr{Key: "year", Value: "2023"}),
			node("kernel:k1", nasty, true),
			node("kernel:k2", "Kernel Two", true),
			node("kernel:k3", "Loner", false),
			node("approach:a1", "Micro & kernel", true),
			node("challenge:c1", "Panics", true),
			node("challenge:c2", "FFI", true),
			node("implication:i1", "Latency", true),
			node("lesson:l1", "Keep unsafe small", true),
		},
		Claims: []graph.Claim{
			claim("kernel:k1", graph.RelFollows, "approach:a1", "study:s1"),
			claim("kernel:k2", graph.RelFollows, "approach:a1", "study:s1"),
			claim("study:s1", graph.RelExamines, "kernel:k1", "study:s1"),
			claim("study:s1", graph.RelExamines, "kernel:k2", "study:s1"),
			claim("study:s2", graph.RelExamines, "kernel:k2", "study:s2"),
			claim("kernel:k1", graph.RelFaces, "challenge:c1", "study:s1"),
			claim("kernel:k1", graph.RelFaces, "challenge:c1", "study:s2"),
			claim("study:s1", graph.RelReports, "challenge:c2", "study:s1"),
			claim("kernel:k2", graph.RelShows, "implication:i1", "study:s2"),
			claim("implication:i1", graph.RelCausedBy, "challenge:c1", "study:s1"),
			claim("study:s1", graph.RelTeaches, "lesson:l1", "study:s1"),
			claim("lesson:l1", graph.RelAddresses, "challenge:c2", "review:r"),
		},
	}
	ds.Sort()
	return ds
}

func builder(t testing.TB) *Builder {
	t.Helper()
	ctx := context.Background()
	g, err := graph.Open(ctx, fixture())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	b, err := NewBuilder(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// nastyDiagram has IDs, a title and labels full of characters DOT, XML
// and Graphviz's escStrings treat specially.
func nastyDiagram() *Diagram {
	ids := []string{`kernel:a"b`, `kernel:back\slash`, `kernel:trail\`, "kernel:amp&amp;", "kernel:lt<gt>", "kernel:new\nline", "challenge:x"}
	d := &Diagram{Title: "Title " + nasty + "\nsecond line"}
	for _, id := range ids {
		d.Nodes = append(d.Nodes, graph.Node{ID: id, Kind: graph.KindOf(id), Name: nasty + " " + graph.Slug(id), InReview: true, Description: nasty})
	}
	for _, id := range ids[:len(ids)-1] {
		d.Edges = append(d.Edges, Edge{From: id, To: "challenge:x", Relations: []graph.Relation{graph.RelFaces}, Studies: []string{`study:"s"&\1`}})
	}
	d.Clusters = []Cluster{{ID: `approach:<&>"\`, Label: nasty, Members: []string{`kernel:a"b`, `kernel:trail\`}}}
	d.Marked = []string{"challenge:x"}
	d.MarkNote = nasty
	return d
}

// diagrams are the golden cases of this package.
func diagrams(t testing.TB) map[string]*Diagram {
	b := builder(t)
	out := map[string]*Diagram{"nasty": nastyDiagram()}
	var err error
	if out["whole"], err = b.Whole(); err != nil {
		t.Fatal(err)
	}
	if out["kinds-kernel-challenge"], err = b.Kinds([]graph.Kind{graph.KindKernel, graph.KindChallenge}); err != nil {
		t.Fatal(err)
	}
	if out["kinds-kernel"], err = b.Kinds([]graph.Kind{graph.KindKernel}); err != nil {
		t.Fatal(err)
	}
	if out["subgraph"], err = b.Subgraph("Two kernels", []string{"kernel:k1", "kernel:k2", "challenge:c1"}, []string{"challenge:c1"}, "shared"); err != nil {
		t.Fatal(err)
	}
	return out
}

func dotOf(t testing.TB, d *Diagram) []byte {
	t.Helper()
	out, err := DOT(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGoldenDOT compares the DOT of each case with testdata/golden/NAME.dot
// (go test ./graph/viz -update rewrites them), and checks that a second
// build from a fresh store gives the same bytes.
func TestGoldenDOT(t *testing.T) {
	first, second := diagrams(t), diagrams(t)
	for name, d := range first {
		t.Run(name, func(t *testing.T) {
			got := dotOf(t, d)
			if again := dotOf(t, second[name]); !bytes.Equal(got, again) {
				t.Fatalf("two builds differ:\n%s\n---\n%s", got, again)
			}
			path := filepath.Join("testdata", "golden", name+".dot")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("missing golden file (go test ./graph/viz -update): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("DOT differs from %s (go test ./graph/viz -update if intended)\n--- got ---\n%s", path, got)
			}
		})
	}
}

// TestDOTOrderIndependent shuffles a diagram's slices: the DOT must not
// change.
func TestDOTOrderIndependent(t *testing.T) {
	d := diagrams(t)["whole"]
	want := dotOf(t, d)
	r := *d
	r.Nodes = reversed(d.Nodes)
	r.Edges = reversed(d.Edges)
	r.Clusters = reversed(d.Clusters)
	if got := dotOf(t, &r); !bytes.Equal(got, want) {
		t.Fatalf("DOT depends on input order:\n%s", got)
	}
}

func reversed[T any](xs []T) []T {
	out := make([]T, len(xs))
	for i, x := range xs {
		out[len(xs)-1-i] = x
	}
	return out
}

func TestContraction(t *testing.T) {
	d := diagrams(t)["kinds-kernel-challenge"]
	edges := map[string]Edge{}
	for _, e := range d.Edges {
		edges[e.From+" -> "+e.To] = e
	}
	// study:s1 examines both kernels and reports c2: contracted, via s1.
	for _, k := range []string{"kernel:k1", "kernel:k2"} {
		e, ok := edges[k+" -> challenge:c2"]
		if !ok || !e.Contracted() || strings.Join(e.Via, ",") != "study:s1" || strings.Join(e.Studies, ",") != "study:s1" {
			t.Errorf("%s -> challenge:c2: got %+v (present %v), want contracted via study:s1", k, e, ok)
		}
	}
	// The direct statement wins: k1 faces c1, two studies, not contracted.
	if e := edges["kernel:k1 -> challenge:c1"]; e.Contracted() || len(e.Studies) != 2 {
		t.Errorf("kernel:k1 -> challenge:c1 = %+v, want the direct statement with two studies", e)
	}
	// k2 shows i1 (study s2), i1 causedBy c1 (study s1): no one study says
	// both, so no edge.
	if e, ok := edges["kernel:k2 -> challenge:c1"]; ok {
		t.Errorf("contracted a chain no single study supports: %+v", e)
	}
	// Same-kind pairs only when one kind is shown.
	if _, ok := edges["kernel:k1 -> kernel:k2"]; ok {
		t.Error("kernel -> kernel edge with two kinds shown")
	}
	one := diagrams(t)["kinds-kernel"]
	if len(one.Edges) != 1 || one.Edges[0].From != "kernel:k1" || one.Edges[0].To != "kernel:k2" || !one.Edges[0].Contracted() {
		t.Errorf("kinds kernel: edges %+v, want k1 -> k2 via study:s1", one.Edges)
	}
	if got := strings.Join(kindNames(d.Hidden), ","); got != "study" {
		t.Errorf("hidden kinds %q, want study", got)
	}
}

func kindNames(ks []graph.Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

func TestClustersAndStyles(t *testing.T) {
	d := diagrams(t)["whole"]
	if len(d.Clusters) != 1 || d.Clusters[0].ID != "approach:a1" || strings.Join(d.Clusters[0].Members, ",") != "kernel:k1,kernel:k2,approach:a1" {
		t.Fatalf("clusters = %+v", d.Clusters)
	}
	dot := string(dotOf(t, d))
	for _, want := range []string{
		`subgraph "cluster_approach:a1" {`,
		`label=<<I>Micro &amp; kernel</I>>`,
		`"study:s1" [color="#b8860b", fillcolor="#fff3c4", label=<Alpha et al. 2022 [1]<BR/>`,
		`label=<The Kernel Team 2023<BR/>`,
		`style="filled,dashed"`, // outside the review
		`"kernel:k1" -> "challenge:c1" [label=<faces>, penwidth="2", tooltip="\"quoted\" <b>tags</b> &amp; \\\\\\\\backslash faces Panics\nstudies: study:s1, study:s2", weight="2"];`,
		`"review:r" -> "study:s1" [label=<includes>`,
		`"_legend:kernel" [`,
		`dashed outline: outside the review`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %s\n%s", want, dot)
		}
	}
}

func TestSubgraphUnknownNode(t *testing.T) {
	if _, err := builder(t).Subgraph("x", []string{"kernel:nope"}, nil, ""); err == nil {
		t.Fatal("no error for an unknown node")
	}
}

func TestUnknownLayout(t *testing.T) {
	if _, err := DOT(&Diagram{}, Options{Layout: "spring"}); err == nil {
		t.Fatal("no error for an unknown layout")
	}
}

func TestFormatOf(t *testing.T) {
	for in, want := range map[string]string{"a.svg": "svg", "b/C.PNG": "png", "x.dot": "dot", "x.gv": "dot", "x.pdf": "", "noext": ""} {
		if got := FormatOf(in); got != want {
			t.Errorf("FormatOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// requireTool returns the path of a native tool, skipping the test when it
// is missing, except in CI (RUSTYKG_CI=1), where a missing tool fails it.
func requireTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("RUSTYKG_CI") == "1" {
			t.Fatalf("%s is not installed (apt-get install %s); CI must run this test", name, pkg)
		}
		t.Skipf("%s is not installed (apt-get install %s): skipping the native check", name, pkg)
	}
	return p
}

// TestNativeDotParses runs native Graphviz on every golden case: dot -Tsvg
// must exit 0, and the SVG must be well-formed, draw every node, and read
// back the nasty label exactly.
func TestNativeDotParses(t *testing.T) {
	dot := requireTool(t, "dot", "graphviz")
	for name, d := range diagrams(t) {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(dot, "-Tsvg")
			cmd.Stdin = bytes.NewReader(dotOf(t, d))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			svg, err := cmd.Output()
			if err != nil {
				t.Fatalf("dot -Tsvg: %v\n%s", err, stderr.String())
			}
			checkSVG(t, svg, d)
		})
	}
}

// checkSVG checks a picture of d: well-formed (encoding/xml, and xmllint
// when installed), every node drawn, the nasty label read back.
func checkSVG(t *testing.T, svg []byte, d *Diagram) {
	t.Helper()
	if err := CheckPicture(svg, "svg"); err != nil {
		t.Fatal(err)
	}
	if err := CheckNodes(svg, d); err != nil {
		t.Fatal(err)
	}
	for _, n := range d.Nodes {
		if strings.Contains(n.Name, nasty) && !strings.Contains(svgText(t, svg), nasty) {
			t.Fatalf("the label %s does not read back from the svg", nasty)
		}
	}
	// Last, so that without xmllint the checks above still ran: the test
	// then shows as skipped (failed in CI), never as a silent pass.
	xmllint := requireTool(t, "xmllint", "libxml2-utils")
	cmd := exec.Command(xmllint, "--noout", "-")
	cmd.Stdin = bytes.NewReader(svg)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

// svgText is the text of every <text> element, joined by spaces (labels
// are wrapped at spaces, one <text> per line).
func svgText(t *testing.T, svg []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var b strings.Builder
	in := false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch x := tok.(type) {
		case xml.StartElement:
			in = x.Name.Local == "text"
		case xml.EndElement:
			if in {
				b.WriteString(" ")
			}
			in = false
		case xml.CharData:
			if in {
				b.Write(x)
			}
		}
	}
	return b.String()
}

// TestNodeURL checks that Options.NodeURL gives each drawn node (not the
// legend's) a URL attribute, escaped like any text, and that an empty URL
// leaves a node without one.
func TestNodeURL(t *testing.T) {
	d := nastyDiagram()
	out, err := DOT(d, Options{NodeURL: func(id string) string {
		if id == "challenge:x" {
			return ""
		}
		return "/node/" + id
	}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if n := strings.Count(s, "URL="); n != len(d.Nodes)-1 {
		t.Errorf("%d URL attributes, want %d (every node but challenge:x)", n, len(d.Nodes)-1)
	}
	for _, want := range []string{`URL="/node/kernel:a\"b"`, `URL="/node/kernel:lt<gt>"`, `URL="/node/kernel:new\nline"`} {
		if !strings.Contains(s, want) {
			t.Errorf("no %s in\n%s", want, s)
		}
	}
	if plain := dotOf(t, d); strings.Contains(string(plain), "URL=") {
		t.Errorf("URL attributes without NodeURL")
	}
}
