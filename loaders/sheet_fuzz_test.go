package loaders

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"rustykg/data"
	"rustykg/graph"
)

// FuzzSheet reads arbitrary bytes as an extraction sheet and resolves its
// rows against the embedded data set's names: no panic, every problem has
// a position in the file, and a row that reads cleanly writes back
// (WriteSheet) to a sheet that reads to the same cells.
func FuzzSheet(f *testing.F) {
	files, _ := filepath.Glob("testdata/sheet/*.csv")
	for _, file := range append(files, "../data/examples/findings.csv") {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	ds, err := Load(data.FS, "")
	if err != nil {
		f.Fatal(err)
	}
	// The kernels and the taxonomy, without the studies' long titles: a
	// miss compares the cell with every name for suggestions, and the
	// fuzzer's minimiser runs each input many times.
	var nodes []graph.Node
	for _, n := range ds.Nodes {
		if n.Kind != graph.KindStudy || n.ID == "study:ayers2022tighten" {
			nodes = append(nodes, n)
		}
	}
	ix := graph.NewNameIndex(nodes)
	f.Fuzz(func(t *testing.T, src []byte) {
		var probs Problems
		rows := readSheet("f.csv", src, &probs)
		for _, p := range probs {
			if p.Pos.File != "f.csv" {
				t.Fatalf("problem without the file: %s", p)
			}
		}
		l := &loader{byID: map[string]*def{}}
		var claims []graph.Claim
		for i, row := range rows {
			if len(row.probs) == 0 && i < 16 {
				l.resolveSheet(ix, row)
			}
			for _, p := range row.probs {
				if p.Pos.File != "f.csv" || p.Pos.Line < 1 {
					t.Fatalf("row problem without a position: %s", p)
				}
			}
			if len(row.probs) > 0 {
				continue
			}
			r := row.rec
			table, _ := r.integer("table")
			claims = append(claims, graph.Claim{Study: r.str("study"), Subject: r.str("subject"), Relation: graph.Relation(r.str("relation")), Object: r.str("object"), Locator: r.str("locator"), Note: r.str("note"), Table: table, Flags: r.strs("flags")})
		}
		var buf bytes.Buffer
		if err := WriteSheet(&buf, claims); err != nil {
			t.Fatal(err)
		}
		var again Problems
		back := readSheet("g.csv", buf.Bytes(), &again)
		if len(again) > 0 || len(back) != len(claims) {
			t.Fatalf("written sheet reads back with %v, %d of %d rows:\n%s", again, len(back), len(claims), buf.String())
		}
		// WriteSheet sorts its rows: compare the cells as sorted lists.
		var want, got []string
		for _, c := range claims {
			want = append(want, strings.Join([]string{c.Study, c.Subject, string(c.Relation), c.Object, c.Locator, c.Note, strconv.Itoa(c.Table), strings.Join(c.Flags, ";")}, "\x00"))
		}
		for _, row := range back {
			r := row.rec
			table, _ := r.integer("table")
			if len(row.probs) > 0 {
				t.Fatalf("written row reads with %v", row.probs)
			}
			got = append(got, strings.Join([]string{r.str("study"), r.str("subject"), r.str("relation"), r.str("object"), r.str("locator"), r.str("note"), strconv.Itoa(table), strings.Join(r.strs("flags"), ";")}, "\x00"))
		}
		sort.Strings(want)
		sort.Strings(got)
		if !slices.Equal(got, want) {
			t.Fatalf("written sheet reads back to other cells:\n%q\n%q", got, want)
		}
	})
}
