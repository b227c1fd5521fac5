package rawquery

import (
	"context"
	"errors"
	"os"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/loaders"
	"rustykg/queries"
)

var embedded struct {
	once sync.Once
	g    *graph.Graph
	err  error
}

// embeddedDS is the embedded data set, loaded once.
var embeddedDS struct {
	once sync.Once
	ds   *graph.Dataset
	err  error
}

var dataFS = data.FS

// embeddedGraph opens the built-in data set once for all tests.
func embeddedGraph(tb testing.TB) *graph.Graph {
	tb.Helper()
	embedded.once.Do(func() {
		embeddedDS.once.Do(func() {
			embeddedDS.ds, embeddedDS.err = loaders.Load(dataFS, "")
		})
		if embeddedDS.err != nil {
			embedded.err = embeddedDS.err
			return
		}
		embedded.g, embedded.err = graph.Open(context.Background(), embeddedDS.ds)
	})
	if embedded.err != nil {
		tb.Fatal(embedded.err)
	}
	return embedded.g
}

// renderTables lays out tables as queries' case files write them.
func renderTables(ts []queries.Table) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(strings.Join(t.Columns, " | ") + "\n")
		for _, r := range t.Rows {
			b.WriteString(strings.TrimRight(strings.Join(r, " | "), " ") + "\n")
		}
	}
	return b.String()
}

// settle waits until the number of goroutines is back to at most n, and
// fails when it is not within a second: a stopped query must leave
// nothing running.
func settle(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines still running after the query ended, want at most %d", runtime.NumGoroutine(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRawBounds: a non-terminating query, a syntax error, a run-time
// error and queries producing a million rows each end within the deadline
// with the right error, and leave no goroutine behind.
func TestRawBounds(t *testing.T) {
	g := embeddedGraph(t)
	// A join over every claim node's type: claims^3 paths, far over a
	// million.
	const join = `g.V().Has("<rdf:type>", "<rkg:Claim>").Tag("a").Out("<rdf:type>").In("<rdf:type>").Tag("b").Out("<rdf:type>").In("<rdf:type>").Tag("c").All()`
	cases := []struct {
		name    string
		lang    string
		src     string
		timeout time.Duration
		limit   int
		want    error
		msg     string
	}{
		{"endless loop", queries.LangGizmo, `while (true) {}`, 300 * time.Millisecond, 0, queries.ErrQueryTimeout, "stopped after 300ms (raise --timeout)"},
		{"endless loop emitting nothing after a row", queries.LangGizmo, `g.Emit(1); for (;;) {}`, 300 * time.Millisecond, 0, queries.ErrQueryTimeout, "stopped after 300ms"},
		{"syntax error", queries.LangGizmo, `g.V(`, time.Second, 0, queries.ErrQuerySyntax, "SyntaxError"},
		{"unknown step", queries.LangGizmo, `g.V().Nope()`, time.Second, 0, queries.ErrQueryFailed, "Object has no member 'Nope'"},
		{"thrown error", queries.LangGizmo, `throw new Error("boom")`, time.Second, 0, queries.ErrQueryFailed, "boom"},
		{"million emitted rows", queries.LangGizmo, `for (var i = 0; i < 1000000; i++) g.Emit(i)`, 5 * time.Second, 0, queries.ErrQueryLimit, "more than 1000 results"},
		{"million emitted rows, high limit, short deadline", queries.LangGizmo, `for (var i = 0; i < 1000000; i++) g.Emit(i)`, 200 * time.Millisecond, 2_000_000, queries.ErrQueryTimeout, "stopped after 200ms"},
		{"exploding join", queries.LangGizmo, join, 5 * time.Second, 0, queries.ErrQueryLimit, "more than 1000 results"},
		{"exploding join, high limit, short deadline", queries.LangGizmo, join, 300 * time.Millisecond, 100_000_000, queries.ErrQueryTimeout, "stopped after 300ms"},
		{"exploding join in ToArray", queries.LangGizmo, `g.Emit(` + strings.TrimSuffix(join, ".All()") + `.ToArray().length)`, 300 * time.Millisecond, 0, queries.ErrQueryTimeout, "stopped after 300ms"},
		{"graphql syntax", queries.LangGraphQL, `{nodes(`, time.Second, 0, queries.ErrQuerySyntax, "Syntax Error GraphQL"},
		{"graphql limit", queries.LangGraphQL, `{k(<rdf:type>: <rkg:Kernel>){id}}`, time.Second, 3, queries.ErrQueryLimit, "more than 3 results"},
		{"answer over the byte cap", queries.LangGizmo, `var s = "x"; for (var i = 0; i < 20; i++) s += s; for (var j = 0; j < 900; j++) g.Emit(s + j)`, 5 * time.Second, 0, queries.ErrQueryOutput, "the answer is over 4MiB (raise --max-bytes)"},
		{"mql syntax", queries.LangMQL, `[{"id": `, time.Second, 0, queries.ErrQuerySyntax, "unexpected end of JSON input"},
		{"unknown language", "sparql", `SELECT * {}`, time.Second, 0, queries.ErrBadQuery, `unknown query language "sparql"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			start := time.Now()
			opts := queries.RawOptions{Lang: c.lang, Timeout: c.timeout, Limit: c.limit}
			if c.want == queries.ErrQueryTimeout {
				// A case about the deadline must meet the deadline
				// first: on a quiet machine the exploding join writes
				// the default 4 MiB in under 300 ms.
				opts.MaxBytes = 1 << 40
			}
			res, err := Run(context.Background(), g, c.src, opts)
			took := time.Since(start)
			if !errors.Is(err, c.want) {
				t.Fatalf("error = %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q does not say %q", err, c.msg)
			}
			if len(res.Rows) != 0 {
				t.Errorf("%d rows returned with the error, want none", len(res.Rows))
			}
			if took > c.timeout+time.Second {
				t.Errorf("took %s, deadline %s", took, c.timeout)
			}
			settle(t, before)
		})
	}
}

// TestRawMillionRows: with the limit raised, a million rows come back in
// order within the deadline.
func TestRawMillionRows(t *testing.T) {
	if os.Getenv("RUSTYKG_LONG") != "1" {
		t.Skip("a million rows, about 20 s; set RUSTYKG_LONG=1 to run it")
	}
	g := embeddedGraph(t)
	res, err := Run(context.Background(), g, `for (var i = 0; i < 1000000; i++) g.Emit({n: i, k: "x"})`,
		queries.RawOptions{Timeout: 60 * time.Second, Limit: 1_000_000, MaxBytes: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1_000_000 || !res.Tagged {
		t.Fatalf("%d rows (tagged %v), want 1000000 tagged", len(res.Rows), res.Tagged)
	}
}

func TestRawCancel(t *testing.T) {
	g := embeddedGraph(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := Run(ctx, g, `while (true) {}`, queries.RawOptions{})
	if !errors.Is(err, context.Canceled) || errors.Is(err, queries.ErrQueryTimeout) {
		t.Fatalf("error = %v, want a cancellation", err)
	}
}

func TestRawLayout(t *testing.T) {
	g := embeddedGraph(t)
	ctx := context.Background()
	// Tagged rows: a table, "id" first, sorted by cells.
	res, err := Run(ctx, g, `g.Emit({b: "2", id: "z"}); g.Emit({b: "1", id: "z"}); g.Emit({id: "a", c: 3})`, queries.RawOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Tagged || !reflect.DeepEqual(res.Columns, []string{"id", "b", "c"}) {
		t.Fatalf("tagged %v, columns %v", res.Tagged, res.Columns)
	}
	got := renderTables(res.Tables())
	want := "id | b | c\na |  | 3\nz | 1 |\nz | 2 |\n"
	if got != want {
		t.Errorf("table\n%s\nwant\n%s", got, want)
	}
	// Only "id": values, not a table. Nested values: not a table.
	for _, src := range []string{`g.V("<kernel:tock>").All()`, `g.Emit({a: [1, 2]})`, `g.Emit(1); g.Emit("x")`} {
		res, err := Run(ctx, g, src, queries.RawOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Tagged {
			t.Errorf("%s: tagged, want values", src)
		}
	}
	// Exactly the limit is fine.
	res, err = Run(ctx, g, `for (var i = 0; i < 5; i++) g.Emit(i)`, queries.RawOptions{Limit: 5})
	if err != nil || len(res.Rows) != 5 {
		t.Fatalf("limit 5, 5 rows: %v, %d rows", err, len(res.Rows))
	}
}

func TestRawStudyIDs(t *testing.T) {
	g := embeddedGraph(t)
	res, err := Run(context.Background(), g,
		`g.V("<kernel:tock>").In("<rkg:examines>").Tag("study").Out("<rkg:examines>").All()`, queries.RawOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ids := res.StudyIDs()
	if len(ids) == 0 {
		t.Fatal("no study IDs in an answer made of studies")
	}
	for _, id := range ids {
		if !strings.HasPrefix(id, "study:") {
			t.Errorf("StudyIDs has %q", id)
		}
	}
}
