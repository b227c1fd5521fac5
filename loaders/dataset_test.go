package loaders

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"testing/fstest"

	"rustykg/data"
	"rustykg/graph"
)

// TestLoadEmbedded: the shipped data set loads with no problem, and holds
// the review's 23 cited papers plus the kernel documentation page.
func TestLoadEmbedded(t *testing.T) {
	ds, err := Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	if ds.Review != "review:panter2024rusty" {
		t.Errorf("review = %q", ds.Review)
	}
	cited := 0
	for _, n := range ds.Nodes {
		if n.Kind == graph.KindStudy && n.Attr("ref") != "" {
			cited++
		}
	}
	if cited != 24 {
		t.Errorf("%d studies carry a reference number of the review, want 24 (23 papers and the documentation page)", cited)
	}
	for _, c := range ds.Claims {
		if c.Study == "" || c.Locator == "" || c.Note == "" {
			t.Errorf("claim %s lacks study, locator or note", c.ID)
		}
	}
	if !sort.SliceIsSorted(ds.Nodes, func(i, j int) bool { return ds.Nodes[i].ID < ds.Nodes[j].ID }) {
		t.Error("nodes are not sorted")
	}
}

const goodReview = `review:
  id: review:r2024
  name: R
  window: {from: 2019-01-01, to: 2024-04-01}
  databases: [{name: ACM, hits: 1, query: q}]
  counts: {raw: 1, screened: 1, snowballed: 0, selected: 1}
  research_questions: [{id: RQ1, text: t}]
`

const goodBib = `@misc{r2024, title = {R}, year = 2024}
@article{a2022, author = {Doe, Jane}, title = {A}, journal = {J}, year = 2022}
`

// TestLoadNothingOnError: one bad claim among good data means no data set
// at all, and the error lists every problem.
func TestLoadNothingOnError(t *testing.T) {
	fsys := fstest.MapFS{
		"review.yaml":  {Data: []byte(goodReview)},
		"studies.bib":  {Data: []byte(goodBib)},
		"studies.yaml": {Data: []byte("studies:\n  - id: study:a2022\n    in_review: true\n")},
		"claims.yaml": {Data: []byte(`kernels:
  - {id: kernel:k, name: K, sources: ["https://example.org"]}
claims:
  - {subject: kernel:k, relation: faces, object: challenge:nope, study: study:a2022, locator: x, note: y}
  - {subject: kernel:k, relation: teleports, object: kernel:k, study: study:zzz, locator: x, note: y}
`)},
	}
	ds, err := Load(fsys, "d")
	if ds != nil {
		t.Fatal("a data set was returned along with problems")
	}
	var probs Problems
	if !errors.As(err, &probs) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want Problems wrapping ErrInvalid", err)
	}
	// The bad value first, then the references (each group by position).
	want := []string{
		`d/claims.yaml:5:35: claims[1].relation: unknown relation "teleports" (known: addresses, causedBy, cites, examines, faces, follows, reports, shows, teaches)`,
		`d/claims.yaml:4:50: claims[0].object: unknown id "challenge:nope"`,
		`d/claims.yaml:5:71: claims[1].study: unknown study "study:zzz"`,
	}
	if len(probs) != len(want) {
		t.Fatalf("got %d problems:\n%v", len(probs), probs)
	}
	for i, p := range probs {
		if p.String() != want[i] {
			t.Errorf("problem %d:\n got %s\nwant %s", i, p, want[i])
		}
	}
}

// FuzzLoadYAML: any claims file either loads or yields sorted, positioned
// problems and no data set; it never panics.
func FuzzLoadYAML(f *testing.F) {
	for _, seed := range []string{
		"claims: []\n",
		"claims:\n  - {subject: kernel:k, relation: faces, object: challenge:c, study: study:a2022, locator: x, note: y}\n",
		"kernels:\n  - id: kernel:k\n    name: K\n    sources: [https://x.org]\n",
		"claims: {a: b}\n",
		"a: &x [*x]\n",
		"- just\n- a list\n",
		"claims:\n  - subject: [1, 2]\n    table: 99999999999999999999\n",
		"review:\n  id: review:r2025\n  name: S\n  window: {from: 2019-01-01, to: 2024-04-01}\n  databases: [{name: ACM, hits: 1, query: q}]\n  counts: {raw: 1, screened: 1, snowballed: 0, selected: 1}\n  research_questions: [{id: RQ1, text: t}]\n  inclusion_criteria: [{id: IC1, text: t, locator: l}, {id: IC01, text: t, locator: l}]\n  exclusion_criteria: [{id: IC1, text: t, locator: l}, {id: EC2, text: '', locator: l, x: 1}]\n",
	} {
		f.Add(seed)
	}
	hostile, _ := filepath.Glob("testdata/hostile/*.yaml")
	broken, _ := filepath.Glob("testdata/broken/criteria-*/*.yaml")
	for _, file := range append(hostile, broken...) {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
	f.Fuzz(func(t *testing.T, extra string) {
		fsys := fstest.MapFS{
			"review.yaml":  {Data: []byte(goodReview)},
			"studies.bib":  {Data: []byte(goodBib)},
			"studies.yaml": {Data: []byte("studies:\n  - id: study:a2022\n    in_review: true\n")},
			"nodes.yaml":   {Data: []byte("challenges:\n  - {id: challenge:c, name: C}\n")},
			"extra.yaml":   {Data: []byte(extra)},
		}
		checkLoadResult(t, fsys)
	})
}

// FuzzLoadBib: any extra .bib file beside a valid data set either loads or
// yields sorted, positioned problems and no data set; it never panics. It
// reaches what ParseBibTeX alone does not: keys shared across files, the
// studies' bibliographic checks (title, author, year, date).
func FuzzLoadBib(f *testing.F) {
	files, _ := filepath.Glob("testdata/bibtex/good/*.bib")
	hostile, _ := filepath.Glob("testdata/hostile/*.bib")
	for _, file := range append(files, hostile...) {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if len(src) > 16<<10 {
			continue // big seeds slow every run; FuzzParseBibTeX has them
		}
		f.Add(string(src))
	}
	f.Add("@misc{a2022, title = {Again}, year = 2022}\n")
	f.Add("@misc{zz2024, title = {T}, year = {20x4}, date = {2024-02-30}}\n")
	f.Fuzz(func(t *testing.T, extra string) {
		fsys := fstest.MapFS{
			"review.yaml":  {Data: []byte(goodReview)},
			"studies.bib":  {Data: []byte(goodBib)},
			"studies.yaml": {Data: []byte("studies:\n  - id: study:a2022\n    in_review: true\n  - id: study:zz2024\n    in_review: false\n")},
			"extra.bib":    {Data: []byte(extra)},
		}
		checkLoadResult(t, fsys)
		checkSkipResult(t, fsys)
	})
}

// checkSkipResult loads fsys strictly and with SkipInvalid: a skipped
// record has problems, each with a position in the record's file; a load
// that succeeds strictly skips nothing and gives the same data set; one
// that skips records loads or fails with problems, never both ways.
func checkSkipResult(t *testing.T, fsys fstest.MapFS) {
	t.Helper()
	strict, strictErr := Load(fsys, "")
	var skipped []Skipped
	ds, err := Load(fsys, "", SkipInvalid(func(s Skipped) { skipped = append(skipped, s) }))
	if (ds == nil) == (err == nil) {
		t.Fatalf("data set %v with error %v", ds != nil, err)
	}
	for _, s := range skipped {
		if len(s.Problems) == 0 || s.Pos.File == "" || s.Pos.Line == 0 {
			t.Fatalf("skipped %+v", s)
		}
		for _, p := range s.Problems {
			if p.Pos.File != s.Pos.File || p.Pos.Line == 0 {
				t.Fatalf("skipped %s at %s: %v", s.Kind, s.Pos, p)
			}
		}
	}
	if strictErr == nil && (err != nil || len(skipped) > 0 || graph.ContentHash(ds) != graph.ContentHash(strict)) {
		t.Fatalf("loads strictly, but with SkipInvalid: %v, %d skipped", err, len(skipped))
	}
}

// checkLoadResult loads fsys and checks the contract of Load: a data set
// and no error, or sorted, deduplicated, positioned Problems and no data
// set.
func checkLoadResult(t *testing.T, fsys fstest.MapFS) {
	t.Helper()
	ds, err := Load(fsys, "")
	if err == nil {
		if ds == nil {
			t.Fatal("no error and no data set")
		}
		return
	}
	if ds != nil {
		t.Fatal("data set returned with an error")
	}
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("error is not Problems: %v", err)
	}
	if len(probs) == 0 {
		t.Fatal("empty Problems")
	}
	for _, p := range probs {
		if p.Pos.File == "" {
			t.Fatalf("problem without a file: %v", p)
		}
		if len(p.Field) > maxFieldText+3 || len(p.Msg) > maxMsgText+3 {
			t.Fatalf("problem text not clipped: %.200s", p)
		}
	}
}
