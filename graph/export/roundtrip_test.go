package export_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"testing"

	"github.com/cayleygraph/quad"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/graph/export"
	"rustykg/loaders"
)

// generated is a synthetic data set: n studies, kernels, challenges and
// claims whose names, notes and locators hold what escaping must survive
// (quotes, backslashes, line breaks, tabs, control characters, non-ASCII).
func generated(n int) *graph.Dataset {
	rng := rand.New(rand.NewSource(int64(n)))
	texts := []string{"plain", `a "quoted" \ word`, "two\nlines\r\nand\ttab", "bell \x07 and \x7f", "Größe – 漢字 😀", "<b>tags</b> & amp", "ends with backslash \\"}
	pick := func() string { return texts[rng.Intn(len(texts))] }
	ds := &graph.Dataset{Review: "review:synthetic"}
	ds.Nodes = append(ds.Nodes, graph.Node{ID: "review:synthetic", Kind: graph.KindReview, Name: "Synthetic review", InReview: true})
	for i := 0; i < n; i++ {
		ds.Nodes = append(ds.Nodes,
			graph.Node{ID: fmt.Sprintf("study:s%d", i), Kind: graph.KindStudy, Name: pick(), InReview: i%2 == 0,
				Attrs:   []graph.Attr{{Key: "title", Value: pick()}, {Key: "year", Value: fmt.Sprint(2000 + i%25)}, {Key: "doi", Value: fmt.Sprintf("10.1/%d", i)}, {Key: "custom", Value: pick()}},
				Sources: []string{fmt.Sprintf("https://example.org/s/%d?q=a%%20b", i)}},
			graph.Node{ID: fmt.Sprintf("kernel:k%d", i), Kind: graph.KindKernel, Name: pick(), Aliases: []string{pick(), fmt.Sprint("alias ", i)}, Description: pick(), Flags: []string{graph.FlagAsPrinted}},
			graph.Node{ID: fmt.Sprintf("challenge:c%d", i), Kind: graph.KindChallenge, Name: pick(), InReview: true})
	}
	for i := 0; i < 3*n; i++ {
		k, c, s := rng.Intn(n), rng.Intn(n), rng.Intn(n)
		cl := graph.Claim{Subject: fmt.Sprintf("kernel:k%d", k), Relation: graph.RelFaces, Object: fmt.Sprintf("challenge:c%d", c),
			Study: fmt.Sprintf("study:s%d", s), Locator: pick(), Note: pick(), Table: rng.Intn(5)}
		if rng.Intn(3) == 0 {
			cl.Flags = []string{graph.FlagInferred, graph.FlagOutsideReview}
		}
		cl.ID = graph.ClaimID(cl.Subject, cl.Relation, cl.Object, cl.Study)
		ds.Claims = append(ds.Claims, cl)
	}
	ds.Sort()
	return ds
}

// TestRoundTrip: data set -> export N-Quads -> strict reader -> data set
// -> export N-Quads gives the same bytes (so the same set of quads), and
// the same content hash, on the embedded data and on a generated one.
func TestRoundTrip(t *testing.T) {
	emb, err := loaders.Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	for name, ds := range map[string]*graph.Dataset{"embedded": emb, "generated": generated(100)} {
		t.Run(name, func(t *testing.T) {
			var first bytes.Buffer
			if err := export.WriteNQuads(&first, ds); err != nil {
				t.Fatal(err)
			}
			var qs []quad.Quad
			n, err := loaders.ReadNQuads(bytes.NewReader(first.Bytes()), name+".nq", loaders.NQuadsOptions{Batch: 500}, func(b []quad.Quad) error {
				qs = append(qs, b...)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if want := len(graph.Quads(ds)); n != want || bytes.Count(first.Bytes(), []byte("\n")) != want {
				t.Fatalf("read %d quads, the data set has %d", n, want)
			}
			back, err := export.Dataset(qs)
			if err != nil {
				t.Fatal(err)
			}
			var second bytes.Buffer
			if err := export.WriteNQuads(&second, back); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.Bytes(), second.Bytes()) {
				t.Fatalf("second export differs from the first:\n%s", firstDiff(first.String(), second.String()))
			}
			if graph.ContentHash(ds) != graph.ContentHash(back) {
				t.Fatal("content hash changed in the round trip")
			}
		})
	}
}

func firstDiff(a, b string) string {
	la, lb := bytes.Split([]byte(a), []byte("\n")), bytes.Split([]byte(b), []byte("\n"))
	for i := 0; i < len(la) && i < len(lb); i++ {
		if !bytes.Equal(la[i], lb[i]) {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines, then %d", len(la), len(lb))
}

// TestExpandCompact: every IRI the export writes compacts back.
func TestExpandCompact(t *testing.T) {
	for _, in := range []quad.IRI{"kernel:redox", "claim:0a1b", "rkg:faces", "rkg:Kernel", "schema:name", "rkg:alias", "prov:wasDerivedFrom", "bibo:doi"} {
		abs, err := export.ExpandIRI(in)
		if err != nil {
			t.Fatal(err)
		}
		back, ok := export.CompactIRI(abs)
		if !ok || back != in {
			t.Errorf("%s -> %s -> %s (%v)", in, abs, back, ok)
		}
	}
	if _, err := export.ExpandIRI("nosuchprefix:x"); err == nil {
		t.Error("an unknown prefix was expanded")
	}
	if got, _ := export.ExpandIRI("https://e.org/a b\"c"); got != "https://e.org/a%20b%22c" {
		t.Errorf("escaped IRI %q", got)
	}
}

// FuzzNQuadsLiteral: any string, written as a literal (and as an IRI,
// escaped) by the exporter, reads back through the strict reader: the
// literal unchanged (each byte of invalid UTF-8 as U+FFFD), the IRI valid.
func FuzzNQuadsLiteral(f *testing.F) {
	for _, s := range []string{"", "plain", `"q" \ b`, "a\nb\r\tc\x00\x07\x7f", "Größe 😀", "\xff\xfe", "<>{}|^`", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := quad.Quad{Subject: quad.IRI("https://e.org/" + s), Predicate: quad.IRI("https://e.org/p"), Object: quad.String(s)}
		line, err := export.Line(q)
		if err != nil {
			t.Fatal(err)
		}
		var got []quad.Quad
		_, err = loaders.ReadNQuads(bytes.NewReader([]byte(line+"\n")), "fuzz.nq", loaders.NQuadsOptions{}, func(b []quad.Quad) error {
			got = append(got, b...)
			return nil
		})
		if err != nil {
			t.Fatalf("%q written as %s: %v", s, line, err)
		}
		want := quad.String(string([]rune(s))) // each invalid byte becomes U+FFFD
		if len(got) != 1 || got[0].Object != want {
			t.Fatalf("%q read back as %v", s, got)
		}
	})
}

// TestCSVCell: the cell function sees every data cell, not the headers.
func TestCSVCell(t *testing.T) {
	ds := &graph.Dataset{Nodes: []graph.Node{{ID: "kernel:x", Kind: graph.KindKernel, Name: "=HYPERLINK(1)"}}}
	nodes, _, err := export.CSVFiles(ds, func(s string) string { return "<" + s + ">" })
	if err != nil {
		t.Fatal(err)
	}
	want := "Id,Label,kind,in_review,year,aliases,n_studies,studies,flags\n<kernel:x>,<=HYPERLINK(1)>,<kernel>,<false>,<>,<>,<0>,<>,<>\n"
	if string(nodes) != want {
		t.Fatalf("got\n%s", nodes)
	}
}
