package graph_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/quad"

	"rustykg/graph"
	"rustykg/graph/graphtest"
)

// copyTestQuads are the conformance data set's quads plus a value of
// every kind Cayley's nodes table has a column for, awkward strings, and
// duplicates (within one batch and across batches, labelled and not),
// which Cayley's writer skips while still counting their values' refs.
func copyTestQuads() []quad.Quad {
	qs := graph.Quads(graphtest.Dataset())
	s := quad.IRI("x:s")
	p := func(n string) quad.IRI { return quad.IRI("x:" + n) }
	extra := []quad.Quad{
		{Subject: s, Predicate: p("typed"), Object: quad.TypedString{Value: "2024-01-02", Type: "xsd:date"}},
		{Subject: s, Predicate: p("lang"), Object: quad.LangString{Value: "Kernel", Lang: "de"}},
		{Subject: quad.BNode("b1"), Predicate: p("bnode"), Object: quad.BNode("b2"), Label: quad.BNode("g")},
		{Subject: s, Predicate: p("float"), Object: quad.Float(2.5)},
		{Subject: s, Predicate: p("int"), Object: quad.Int(-7)},
		{Subject: s, Predicate: p("bool"), Object: quad.Bool(false)},
		{Subject: s, Predicate: p("time"), Object: quad.Time(time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC))},
		{Subject: s, Predicate: p("nul"), Object: quad.String("a\x00b ' \" \t\n\\N \\.")},
		{Subject: s, Predicate: p("empty"), Object: quad.String("")},
		{Subject: s, Predicate: p("dup"), Object: quad.String("once"), Label: quad.IRI("x:g")},
		{Subject: s, Predicate: p("dup"), Object: quad.String("once"), Label: quad.IRI("x:g")},
		{Subject: s, Predicate: p("dup"), Object: quad.String("once")},
	}
	out := append(extra, qs...)
	// The same quads again at the end: duplicates in a later batch.
	out = append(out, extra[len(extra)-1], qs[0], qs[len(qs)-1])
	return out
}

// TestCopyEqualsRowWrites: a PostgreSQL store written with COPY holds the
// same rows, indexes and constraints as one written by Cayley's own
// writer, but for the serial horizon and the time of writing.
func TestCopyEqualsRowWrites(t *testing.T) {
	ctx := context.Background()
	quads := copyTestQuads()
	uris := map[string]string{}
	for _, mode := range []string{"copy", "rows"} {
		uri := graphtest.Backends()[2].URI(t)
		st := graphtest.Open(t, uri)
		if mode == "rows" {
			graph.UseRowWrites(st)
		}
		// Small batches, so the row writer meets duplicates across
		// transactions too.
		if err := st.Load(ctx, quads, graph.LoadOptions{BatchSize: 7}); err != nil {
			t.Fatalf("%s load: %v", mode, err)
		}
		uris[mode] = uri
	}
	db, err := sql.Open("postgres", graphtest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dump := func(mode string) map[string][]string {
		u, _ := url.Parse(uris[mode])
		schema := u.Query().Get("schema")
		out := map[string][]string{}
		for name, q := range map[string]string{
			"nodes": `SELECT encode(hash, 'hex'), refs, value, value_string, datatype, language, iri, bnode,
				value_int, value_bool, value_float, value_time FROM ` + schema + `.nodes ORDER BY hash`,
			"quads": `SELECT encode(subject_hash, 'hex'), encode(predicate_hash, 'hex'), encode(object_hash, 'hex'),
				encode(label_hash, 'hex') FROM ` + schema + `.quads ORDER BY 1, 2, 3, 4`,
			"indexes": `SELECT replace(indexdef, '` + schema + `.', '') FROM pg_indexes WHERE schemaname = '` + schema + `' ORDER BY 1`,
			"constraints": `SELECT conname || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c
				JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = '` + schema + `' ORDER BY 1`,
			"columns": `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
				coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = '` + schema + `' ORDER BY 1`,
		} {
			rows, err := db.QueryContext(ctx, q)
			if err != nil {
				t.Fatalf("%s %s: %v", mode, name, err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				out[name] = append(out[name], strings.ReplaceAll(fmt.Sprintf("%q", vals), schema, "S"))
			}
			rows.Close()
		}
		return out
	}
	copied, rowed := dump("copy"), dump("rows")
	if len(rowed["quads"]) == 0 || len(rowed["nodes"]) == 0 || len(rowed["indexes"]) < 6 || len(rowed["constraints"]) < 6 {
		t.Fatalf("the row-written store is not what Cayley writes: %d quads, %d nodes, %d indexes, %d constraints",
			len(rowed["quads"]), len(rowed["nodes"]), len(rowed["indexes"]), len(rowed["constraints"]))
	}
	if want := len(quads) - 4; len(rowed["quads"]) != want {
		t.Errorf("row writer kept %d quads, want %d (duplicates skipped)", len(rowed["quads"]), want)
	}
	for _, table := range []string{"nodes", "quads", "indexes", "constraints", "columns"} {
		a, b := copied[table], rowed[table]
		if len(a) != len(b) {
			t.Errorf("%s: COPY wrote %d rows, Cayley's writer %d", table, len(a), len(b))
		}
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Errorf("%s row %d:\n COPY: %s\n rows: %s", table, i, a[i], b[i])
				break
			}
		}
	}
	// Cayley reads the COPY-written store: every quad comes back, once.
	st := graphtest.Open(t, uris["copy"])
	qs := st.QuadStore()
	got := map[string]int{}
	err = iterator.Iterate(ctx, qs.QuadsAllIterator()).Each(func(r cgraph.Ref) error {
		q, err := qs.Quad(r)
		got[q.NQuad()]++
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range quads {
		if got[q.NQuad()] != 1 {
			t.Errorf("quad %s read back %d times, want once", q, got[q.NQuad()])
		}
	}
	if len(got) != len(quads)-4 {
		t.Errorf("read back %d quads, want %d", len(got), len(quads)-4)
	}
}

// TestQuadSeqStops: a consumer may stop the stream anywhere (a cancelled
// import), and the stream and the slice agree.
func TestQuadSeqStops(t *testing.T) {
	ds := graphtest.Dataset()
	all := graph.Quads(ds)
	if graph.QuadCount(ds) != len(all) {
		t.Fatalf("QuadCount = %d, len(Quads) = %d", graph.QuadCount(ds), len(all))
	}
	for stop := range len(all) + 1 {
		var got []quad.Quad
		for q := range graph.QuadSeq(ds) {
			if len(got) == stop {
				break
			}
			got = append(got, q)
		}
		if len(got) != min(stop, len(all)) {
			t.Fatalf("stopped at %d: got %d quads", stop, len(got))
		}
		for i := range got {
			if got[i] != all[i] {
				t.Fatalf("quad %d: stream %v, slice %v", i, got[i], all[i])
			}
		}
	}
}
