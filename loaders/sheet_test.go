package loaders

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"rustykg/data"
	"rustykg/graph"
)

// TestSheetCases loads each testdata/sheet/NAME.csv with the embedded data
// set, strictly and with SkipInvalid, and compares what happens (the
// problems, or the claims the sheet adds; what was skipped) with
// NAME.golden (go test ./loaders -run SheetCases -update rewrites them).
func TestSheetCases(t *testing.T) {
	extraCases(t, "testdata/sheet/*.csv", Sheets, func(t *testing.T, b *strings.Builder, base, ds *graph.Dataset) {
		before := map[string]bool{}
		for _, c := range base.Claims {
			before[c.ID] = true
		}
		n := 0
		for _, c := range ds.Claims {
			if !before[c.ID] {
				n++
				fmt.Fprintf(b, "  %s %s %s by %s at %q: %q table=%d flags=%v\n", c.Subject, c.Relation, c.Object, c.Study, c.Locator, c.Note, c.Table, c.Flags)
			}
		}
		if len(ds.Claims) != len(base.Claims)+n {
			t.Errorf("%d claims, want the %d of the data set and the %d added", len(ds.Claims), len(base.Claims), n)
		}
	})
}

// extraCases loads each file of glob with the embedded data set (base)
// through opt, strictly and with SkipInvalid, and compares what happens
// (the problems, or what added writes of the data set; what was skipped)
// with the file's .golden (go test ./loaders -update rewrites them).
func extraCases(t *testing.T, glob string, opt func(...string) Option, added func(t *testing.T, b *strings.Builder, base, ds *graph.Dataset)) {
	base, err := Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(glob)
	if len(files) < 3 {
		t.Fatalf("only %d cases in %s", len(files), glob)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			var b strings.Builder
			result := func(ds *graph.Dataset, err error) {
				var probs Problems
				switch {
				case err == nil:
					added(t, &b, base, ds)
				case errors.As(err, &probs):
					if ds != nil {
						t.Error("a data set came back with the problems")
					}
					for _, p := range probs {
						fmt.Fprintf(&b, "  error %s\n", p)
					}
				default:
					t.Fatal(err)
				}
			}
			b.WriteString("strict:\n")
			result(Load(data.FS, "", opt(file)))
			b.WriteString("skip-invalid:\n")
			result(Load(data.FS, "", opt(file), SkipInvalid(func(s Skipped) {
				if len(s.Problems) == 0 || s.Pos.File != file {
					t.Errorf("skipped %+v", s)
				}
				fmt.Fprintf(&b, "  skipped %s at %s:\n", s.Kind, s.Pos)
				for _, p := range s.Problems {
					fmt.Fprintf(&b, "    %s\n", p)
				}
			})))
			golden := strings.TrimSuffix(file, filepath.Ext(file)) + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if b.String() != string(want) {
				t.Errorf("got:\n%s\nwant (%s):\n%s", b.String(), golden, want)
			}
		})
	}
}

// withoutClaims is the embedded data set's files without claims.yaml,
// plus extra files.
func withoutClaims(t testing.TB, extra map[string][]byte) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(data.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "claims.yaml" {
			return err
		}
		src, err := fs.ReadFile(data.FS, p)
		m[p] = &fstest.MapFile{Data: src}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range extra {
		m[name] = &fstest.MapFile{Data: src}
	}
	return m
}

// TestSheetRoundTrip: the claims of the embedded data, written as a sheet
// and loaded in place of claims.yaml, are the same claims.
func TestSheetRoundTrip(t *testing.T) {
	want, err := Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteSheet(&buf, want.Claims); err != nil {
		t.Fatal(err)
	}
	got, err := Load(withoutClaims(t, map[string][]byte{"claims.csv": buf.Bytes()}), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Claims) < 100 || !reflect.DeepEqual(sortedClaims(got.Claims), sortedClaims(want.Claims)) {
		t.Errorf("round trip changed the claims: %d in, %d out", len(want.Claims), len(got.Claims))
	}
	if !reflect.DeepEqual(got.Nodes, want.Nodes) {
		t.Error("round trip changed the nodes")
	}
	// Cells that look like formulas come back as written.
	tricky := []graph.Claim{want.Claims[0], want.Claims[1]}
	tricky[0].Note, tricky[1].Note = "=1+1 is no formula", "'@not either"
	tricky[0].Locator = "-3 dB, \"quoted\"\nsecond line"
	buf.Reset()
	if err := WriteSheet(&buf, tricky); err != nil {
		t.Fatal(err)
	}
	got, err = Load(withoutClaims(t, map[string][]byte{"claims.csv": buf.Bytes()}), "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sortedClaims(got.Claims), sortedClaims(tricky)) {
		t.Errorf("guarded cells changed:\n%s\ngot  %+v\nwant %+v", buf.String(), sortedClaims(got.Claims), sortedClaims(tricky))
	}
}

func sortedClaims(cs []graph.Claim) []graph.Claim {
	out := append([]graph.Claim(nil), cs...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// TestExampleSheet: every row of data/examples/findings.csv, the sheet
// the README shows, is a claim of the embedded data set, word for word
// once its names are resolved; loaded in place of claims.yaml, the
// example is a valid data set.
func TestExampleSheet(t *testing.T) {
	const example = "../data/examples/findings.csv"
	src, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	all, err := Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]graph.Claim{}
	for _, c := range all.Claims {
		byID[c.ID] = c
	}
	ds, err := Load(withoutClaims(t, map[string][]byte{"findings.csv": src}), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Claims) < 5 {
		t.Fatalf("the example holds %d findings", len(ds.Claims))
	}
	for _, c := range ds.Claims {
		if w, ok := byID[c.ID]; !ok || !reflect.DeepEqual(w, c) {
			t.Errorf("example row %s %s %s by %s is not claims.yaml's claim (%+v)", c.Subject, c.Relation, c.Object, c.Study, w)
		}
	}
}

// TestBibDuplicatesWarn: two BibTeX entries sharing a DOI in a data
// folder load as two studies, with a warning naming both.
func TestBibDuplicatesWarn(t *testing.T) {
	bib, err := fs.ReadFile(data.FS, "studies.bib")
	if err != nil {
		t.Fatal(err)
	}
	studies, err := fs.ReadFile(data.FS, "studies.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := withoutClaims(t, nil)
	m["studies.bib"] = &fstest.MapFile{Data: append(bib, []byte("\n@article{copy2022,\n  title = {Shrinking embedded {Rust} binaries (preprint)},\n  author = {Ayers, Hudson},\n  year = {2022},\n  doi = {10.1145/3519941.3535075}\n}\n")...)}
	m["studies.yaml"] = &fstest.MapFile{Data: append(studies, []byte("  - id: study:copy2022\n    in_review: false\n")...)}
	ds, err := Load(m, "")
	if err != nil {
		t.Fatal(err)
	}
	var warns []string
	for _, w := range ds.Warnings {
		if strings.Contains(w, "copy2022") {
			warns = append(warns, w)
		}
	}
	if len(warns) == 0 {
		t.Fatalf("no duplicate warning; warnings: %q", ds.Warnings)
	}
	for _, w := range warns {
		if !strings.Contains(w, "ayers2022tighten") || !strings.Contains(w, "a duplicate?") {
			t.Errorf("warning %q does not name the first entry", w)
		}
	}
	n := 0
	for _, nd := range ds.Nodes {
		if nd.ID == "study:copy2022" || nd.ID == "study:ayers2022tighten" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d of the two studies loaded: duplicates must not be merged", n)
	}
}

// TestSheetAmbiguous: a name two nodes share once compacted is refused at
// its cell, naming both.
func TestSheetAmbiguous(t *testing.T) {
	extra := []byte(`kernels:
  - id: kernel:foo-os
    name: Foo OS
    sources: [https://example.org/foo]
  - id: kernel:fooos
    name: FooOS
    sources: [https://example.org/fooos]
`)
	sheet := []byte("study,subject,relation,object,locator,note\nayers2022tighten,F-O-O-O-S,faces,Panics,Sec. 1,Fixture.\nayers2022tighten,Foo OS,faces,Panics,Sec. 1,Fixture.\n")
	_, err := Load(withoutClaims(t, map[string][]byte{"extra.yaml": extra, "f.csv": sheet}), "")
	var probs Problems
	if !errors.As(err, &probs) || len(probs) != 1 {
		t.Fatalf("got %v, want one problem", err)
	}
	if want := `f.csv:2:18: subject: ambiguous name: "F-O-O-O-S" could be kernel:foo-os, kernel:fooos; write the ID`; probs[0].String() != want {
		t.Errorf("got  %s\nwant %s", probs[0], want)
	}
}

// BenchmarkLoadClaims loads the embedded data set with its claims as
// claims.yaml and, side by side, as an extraction sheet whose names are
// resolved (IDs in one, names and aliases in the other):
//
//	go test ./loaders -run '^$' -bench LoadClaims -benchtime 20x
func BenchmarkLoadClaims(b *testing.B) {
	ds, err := Load(data.FS, "")
	if err != nil {
		b.Fatal(err)
	}
	byID := map[string]graph.Node{}
	for _, n := range ds.Nodes {
		byID[n.ID] = n
	}
	var ids, names bytes.Buffer
	if err := WriteSheet(&ids, ds.Claims); err != nil {
		b.Fatal(err)
	}
	named := append([]graph.Claim(nil), ds.Claims...)
	for i := range named { // kernels, approaches, ... by name
		for _, f := range []*string{&named[i].Subject, &named[i].Object} {
			if n := byID[*f]; n.Name != "" && n.Kind != graph.KindStudy {
				*f = n.Name
			}
		}
	}
	if err := WriteSheet(&names, named); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		fsys fs.FS
	}{
		{"yaml", data.FS},
		{"sheet-ids", withoutClaims(b, map[string][]byte{"claims.csv": ids.Bytes()})},
		{"sheet-names", withoutClaims(b, map[string][]byte{"claims.csv": names.Bytes()})},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				got, err := Load(c.fsys, "")
				if err != nil {
					b.Fatal(err)
				}
				if len(got.Claims) != len(ds.Claims) {
					b.Fatalf("%d claims, want %d", len(got.Claims), len(ds.Claims))
				}
			}
		})
	}
}

// TestSheetManyMisses: only the first maxProblems misses of a load get
// suggestions (each costs a scan of every name), so a sheet of 100,000
// misses is not a 100-second load; later misses are still refused.
func TestSheetManyMisses(t *testing.T) {
	var b strings.Builder
	b.WriteString("study,subject,relation,object,locator,note\n")
	for range maxProblems + 5 {
		b.WriteString("ayers2022tighten,Redoxx,faces,Panics,Sec. 1,Fixture.\n")
	}
	var skipped []Problem
	ds, err := Load(withoutClaims(t, map[string][]byte{"f.csv": []byte(b.String())}), "", SkipInvalid(func(s Skipped) { skipped = append(skipped, s.Problems...) }))
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Claims) != 0 || len(skipped) != maxProblems+5 {
		t.Fatalf("%d claims, %d skipped", len(ds.Claims), len(skipped))
	}
	first, last := skipped[0].Msg, skipped[len(skipped)-1].Msg
	if first != `no kernel matches "Redoxx"; did you mean kernel:redox?` || last != `no kernel matches "Redoxx"` {
		t.Errorf("first miss %q, last %q", first, last)
	}
}

// TestSheetRoundTripSynth: the round trip on a generated data set (300
// studies) whose claims' locators and notes hold what a CSV writer must
// quote or guard: commas, quotes, line breaks, formula starts, leading
// apostrophes, non-ASCII text. (A CR before a line break inside a cell is
// dropped by CSV's line-end rule, as data/README.md says.)
func TestSheetRoundTripSynth(t *testing.T) {
	fsys, _ := synthFS(300, 50)
	ds, err := Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{`a, b and "c"`, "two\nlines", "=SUM(A1:A2)", "+1", "-2 dB", "@cmd", "'=x", "''@y", "'plain", "naïve — 日本語", `""`, "tab\tin", "trailing '"}
	for i := range ds.Claims {
		ds.Claims[i].Note = texts[i%len(texts)]
		ds.Claims[i].Locator = texts[(i+5)%len(texts)]
	}
	var buf bytes.Buffer
	if err := WriteSheet(&buf, ds.Claims); err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{"claims.csv": &fstest.MapFile{Data: buf.Bytes()}}
	for name, f := range fsys {
		if name != "claims.yaml" {
			m[name] = f
		}
	}
	got, err := Load(m, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Claims) < 600 || !reflect.DeepEqual(sortedClaims(got.Claims), sortedClaims(ds.Claims)) {
		t.Errorf("round trip changed the claims: %d in, %d out", len(ds.Claims), len(got.Claims))
		for i, c := range sortedClaims(got.Claims) {
			if w := sortedClaims(ds.Claims)[i]; !reflect.DeepEqual(c, w) {
				t.Fatalf("first difference:\ngot  %+v\nwant %+v", c, w)
			}
		}
	}
}
