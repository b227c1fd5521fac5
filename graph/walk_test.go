package graph_test

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	dg "github.com/dominikbraun/graph"

	"rustykg/graph"
)

// projectEdges builds a projection from "a-b c-d" (IDs without a kind
// prefix sort as one kind, by ID): every listed node, one statement per
// pair, supported by study:s.
func projectEdges(t *testing.T, edges string, directed bool, lone ...string) *graph.Projection {
	t.Helper()
	var nodes []graph.Node
	var sts []graph.Statement
	add := func(id string) { nodes = append(nodes, graph.Node{ID: id}) }
	for _, id := range lone {
		add(id)
	}
	for _, e := range strings.Fields(edges) {
		a, b, _ := strings.Cut(e, "-")
		add(a)
		add(b)
		sts = append(sts, graph.Statement{Subject: a, Relation: graph.RelCites, Object: b, Study: "study:s"})
	}
	p, err := graph.Project(nodes, sts, directed)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Upstream: BFSWithDepth (v0.23.0) counts dequeued vertices, so the two
// direct neighbours of the start of a star get "depths" 2 and 3, not 1.
// When this test fails, upstream has fixed it and Levels could use it.
func TestUpstreamBFSWithDepthCountsVisits(t *testing.T) {
	p := projectEdges(t, "a-b a-c", false)
	got := map[string]int{}
	err := dg.BFSWithDepth(p.G, "a", func(v string, depth int) bool {
		got[v] = depth
		return false
	})
	if err != nil {
		t.Fatal(err)
	}
	if got["b"] == got["c"] {
		t.Errorf("upstream BFSWithDepth gave b and c the same depth (%v): it counts levels now; use it in Levels", got)
	}
	level, err := p.Levels("a", nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"a": 0, "b": 1, "c": 1}; !reflect.DeepEqual(level, want) {
		t.Errorf("Levels = %v, want %v", level, want)
	}
}

// Upstream: ShortestPath returns whichever of several equally short paths
// its map iteration meets first. Six two-step paths join a and z; over 200
// runs it returns more than one of them. Ours always returns the one
// through the smallest middle node.
func TestUpstreamShortestPathVaries(t *testing.T) {
	p := projectEdges(t, "a-m1 a-m2 a-m3 a-m4 a-m5 a-m6 m1-z m2-z m3-z m4-z m5-z m6-z", false)
	seen := map[string]bool{}
	for range 200 {
		path, err := dg.ShortestPath(p.G, "a", "z")
		if err != nil {
			t.Fatal(err)
		}
		seen[strings.Join(path, " ")] = true
	}
	if len(seen) < 2 {
		t.Errorf("upstream ShortestPath returned one path in 200 runs (%v): it may be deterministic now", seen)
	}
	for range 20 {
		path, ok, err := p.ShortestPath("a", "z")
		if err != nil || !ok {
			t.Fatalf("ShortestPath: %v, %v", ok, err)
		}
		if got := strings.Join(path, " "); got != "a m1 z" {
			t.Fatalf("ShortestPath = %q, want %q", got, "a m1 z")
		}
	}
}

// Upstream: StronglyConnectedComponents refuses undirected graphs, and on
// a directed one finds strong components (a->b<-c is three), not the
// weak ones a question like "what is cut off from the review" needs.
func TestUpstreamComponents(t *testing.T) {
	und := projectEdges(t, "a-b c-d", false, "e")
	if _, err := dg.StronglyConnectedComponents(und.G); err == nil {
		t.Error("upstream StronglyConnectedComponents accepts undirected graphs now")
	}
	if got, want := und.Components(), [][]string{{"a", "b"}, {"c", "d"}, {"e"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Components = %v, want %v", got, want)
	}
	dir := projectEdges(t, "a-b c-b", true)
	scc, err := dg.StronglyConnectedComponents(dir.G)
	if err != nil {
		t.Fatal(err)
	}
	if len(scc) != 3 {
		t.Errorf("upstream found %d strong components in a->b<-c, want 3", len(scc))
	}
	if got, want := dir.Components(), [][]string{{"a", "b", "c"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Components = %v, want %v", got, want)
	}
}

func TestLevels(t *testing.T) {
	for _, c := range []struct {
		name     string
		edges    string
		directed bool
		start    string
		want     map[string]int
	}{
		{"chain", "a-b b-c c-d", false, "a", map[string]int{"a": 0, "b": 1, "c": 2, "d": 3}},
		{"undirected goes back", "b-a c-b", false, "a", map[string]int{"a": 0, "b": 1, "c": 2}},
		{"directed goes forward only", "b-a a-c c-d", true, "a", map[string]int{"a": 0, "c": 1, "d": 2}},
		{"shortcut", "a-b b-c c-d a-d", false, "a", map[string]int{"a": 0, "b": 1, "d": 1, "c": 2}},
		{"unreachable", "a-b c-d", false, "a", map[string]int{"a": 0, "b": 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := projectEdges(t, c.edges, c.directed)
			got, err := p.Levels(c.start, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Levels = %v, want %v", got, c.want)
			}
		})
	}
	p := projectEdges(t, "a-b b-c c-d", false)
	got, err := p.Levels("a", func(_ string, l int) bool { return l >= 1 })
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got["c"]; ok {
		t.Errorf("Levels went on past stop: %v", got)
	}
	if _, err := p.Levels("x", nil); err == nil {
		t.Error("Levels from a missing vertex: no error")
	}
}

func TestShortestPath(t *testing.T) {
	for _, c := range []struct {
		name, edges string
		directed    bool
		from, to    string
		want        string // "" when no path
	}{
		{"itself", "a-b", false, "a", "a", "a"},
		{"smallest middle", "a-y b-z a-x x-z y-z", false, "a", "z", "a x z"},
		{"fewest steps wins", "a-b b-c c-z a-y y-z", false, "a", "z", "a y z"},
		{"against direction", "z-a", false, "a", "z", "a z"},
		{"directed: not against", "z-a", true, "a", "z", ""},
		{"apart", "a-b c-z", false, "a", "z", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := projectEdges(t, c.edges, c.directed)
			path, ok, err := p.ShortestPath(c.from, c.to)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(path, " "); got != c.want || ok != (c.want != "") {
				t.Errorf("ShortestPath = %q, %v; want %q", got, ok, c.want)
			}
		})
	}
	p := projectEdges(t, "a-b", false)
	if _, _, err := p.ShortestPath("a", "nosuch"); err == nil {
		t.Error("path to a missing vertex: no error")
	}
}

func TestProjectMergesStatements(t *testing.T) {
	nodes := []graph.Node{{ID: "kernel:k"}, {ID: "challenge:c"}, {ID: "study:s1"}, {ID: "study:s2"}}
	sts := []graph.Statement{
		{Subject: "kernel:k", Relation: graph.RelFaces, Object: "challenge:c", Study: "study:s2"},
		{Subject: "kernel:k", Relation: graph.RelFaces, Object: "challenge:c", Study: "study:s1"},
		{Subject: "study:s1", Relation: graph.RelReports, Object: "challenge:c", Study: "study:s1"},
		{Subject: "kernel:k", Relation: graph.RelFaces, Object: "challenge:gone", Study: "study:s1"}, // not a node
	}
	for _, directed := range []bool{true, false} {
		p, err := graph.Project(nodes, sts, directed)
		if err != nil {
			t.Fatal(err)
		}
		info, ok := p.Edge("kernel:k", "challenge:c")
		if !ok {
			t.Fatal("no edge kernel:k -> challenge:c")
		}
		want := graph.EdgeInfo{
			Relations: []graph.Relation{graph.RelFaces},
			Studies:   []string{"study:s1", "study:s2"},
		}
		if !reflect.DeepEqual(info, want) {
			t.Errorf("directed=%v: edge = %+v, want %+v", directed, info, want)
		}
		_, back := p.Edge("challenge:c", "kernel:k")
		if back == directed {
			t.Errorf("directed=%v: edge challenge:c -> kernel:k exists: %v", directed, back)
		}
		e, err := p.G.Edge("kernel:k", "challenge:c")
		if err != nil {
			t.Fatal(err)
		}
		if e.Properties.Weight != 0 {
			t.Errorf("edge weight %d: projections store none", e.Properties.Weight)
		}
		if got, want := p.Neighbours("challenge:c"), []string{"study:s1", "kernel:k"}; !reflect.DeepEqual(got, want) {
			t.Errorf("directed=%v: Neighbours(challenge:c) = %v, want %v", directed, got, want)
		}
		if got := len(p.Edges()); got != 2 {
			t.Errorf("directed=%v: %d edges, want 2", directed, got)
		}
	}
}

// benchProjection is a ladder of n rungs (2n vertices, 3n-2 edges).
func benchProjection(b *testing.B, n int) *graph.Projection {
	b.Helper()
	var nodes []graph.Node
	var sts []graph.Statement
	id := func(side string, i int) string { return "kernel:" + side + strconv.Itoa(i) }
	for i := range n {
		nodes = append(nodes, graph.Node{ID: id("l", i)}, graph.Node{ID: id("r", i)})
		sts = append(sts, graph.Statement{Subject: id("l", i), Relation: graph.RelCites, Object: id("r", i), Study: "study:s"})
		if i > 0 {
			sts = append(sts,
				graph.Statement{Subject: id("l", i-1), Relation: graph.RelCites, Object: id("l", i), Study: "study:s"},
				graph.Statement{Subject: id("r", i-1), Relation: graph.RelCites, Object: id("r", i), Study: "study:s"})
		}
	}
	p, err := graph.Project(nodes, sts, false)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkLevels compares a walk one step deep (a "neighbors" query) by
// Levels and by upstream BFS, which rebuilds the adjacency map of the
// whole graph on every call.
func BenchmarkLevels(b *testing.B) {
	p := benchProjection(b, 50_000)
	b.Run("Levels", func(b *testing.B) {
		for b.Loop() {
			if _, err := p.Levels("kernel:l0", func(_ string, l int) bool { return l > 1 }); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("upstreamBFS", func(b *testing.B) {
		for b.Loop() {
			seen := 0
			if err := dg.BFS(p.G, "kernel:l0", func(string) bool { seen++; return seen > 3 }); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// Components over statements is Components over their projection.
func TestComponentsOfStatements(t *testing.T) {
	ids := []string{"kernel:a", "kernel:b", "kernel:c", "kernel:d", "challenge:x", "challenge:y", "kernel:a"}
	sts := []graph.Statement{
		{Subject: "kernel:a", Relation: graph.RelFaces, Object: "challenge:x", Study: "study:s"},
		{Subject: "kernel:b", Relation: graph.RelFaces, Object: "challenge:x", Study: "study:s"},
		{Subject: "kernel:c", Relation: graph.RelFaces, Object: "challenge:y", Study: "study:s"},
		{Subject: "kernel:d", Relation: graph.RelFaces, Object: "challenge:gone", Study: "study:s"}, // not a node
	}
	want := [][]string{{"kernel:a", "kernel:b", "challenge:x"}, {"kernel:c", "challenge:y"}, {"kernel:d"}}
	if got := graph.Components(ids, sts); !reflect.DeepEqual(got, want) {
		t.Errorf("Components = %v, want %v", got, want)
	}
	var nodes []graph.Node
	for _, id := range ids {
		nodes = append(nodes, graph.Node{ID: id})
	}
	for _, directed := range []bool{false, true} {
		p, err := graph.Project(nodes, sts, directed)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Components(); !reflect.DeepEqual(got, want) {
			t.Errorf("directed=%v: Projection.Components = %v, want %v", directed, got, want)
		}
	}
}

// ProjectClaims lists the claim IDs an edge merges; Project has none.
func TestProjectClaims(t *testing.T) {
	nodes := []graph.Node{{ID: "kernel:k"}, {ID: "challenge:c"}}
	claims := []graph.Claim{
		{ID: "claim:2", Subject: "kernel:k", Relation: graph.RelFaces, Object: "challenge:c", Study: "study:s2"},
		{ID: "claim:1", Subject: "kernel:k", Relation: graph.RelFaces, Object: "challenge:c", Study: "study:s1"},
		{Subject: "challenge:c", Relation: graph.RelCites, Object: "kernel:k", Study: "study:s1"}, // no ID
	}
	p, err := graph.ProjectClaims(nodes, claims, false)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := p.Edge("challenge:c", "kernel:k")
	want := graph.EdgeInfo{
		Relations: []graph.Relation{graph.RelCites, graph.RelFaces},
		Studies:   []string{"study:s1", "study:s2"},
		Claims:    []string{"claim:1", "claim:2"},
	}
	if !reflect.DeepEqual(info, want) {
		t.Errorf("edge = %+v, want %+v", info, want)
	}
}
