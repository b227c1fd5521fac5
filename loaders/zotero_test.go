package loaders

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"rustykg/data"
	"rustykg/graph"
)

// TestZoteroExport: a Zotero-style export of the works the review cites
// (testdata/zotero/review.bib: other keys, {{Title}}, {\"o}, --, urldate,
// file, month macros) reads with no problem, and every entry's title,
// authors, year, venue, pages, publisher, DOI and URL equal those of
// data/studies.bib, matched by DOI or, without one, by title.
func TestZoteroExport(t *testing.T) {
	read := func(path string) []BibEntry {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		es, probs := ParseBibTeX(path, src)
		if len(probs) > 0 {
			t.Fatalf("%s: %v", path, probs)
		}
		return es
	}
	zotero := read(filepath.Join("testdata", "zotero", "review.bib"))
	ours := read(filepath.Join("..", "data", "studies.bib"))
	if len(zotero) != 24 {
		t.Fatalf("%d entries, want the 23 studies and the documentation page", len(zotero))
	}
	if probs := BibDuplicates(zotero); len(probs) > 0 {
		t.Fatalf("duplicates reported in a file without any: %v", probs)
	}
	for _, z := range zotero {
		var match *BibEntry
		for i, o := range ours {
			zd, _ := z.Field("doi")
			od, _ := o.Field("doi")
			zt, _ := z.Field("title")
			ot, _ := o.Field("title")
			if (zd != "" && normDOI(zd) == normDOI(od)) || (zd == "" && normTitle(zt) == normTitle(ot)) {
				match = &ours[i]
			}
		}
		if match == nil {
			t.Errorf("%s: no entry of data/studies.bib has its DOI or title", z.Key)
			continue
		}
		for _, f := range []string{"title", "author", "year", "booktitle", "journal", "pages", "publisher", "doi", "url", "howpublished"} {
			zv, zok := z.Field(f)
			ov, ook := match.Field(f)
			if zv != ov || zok != ook {
				t.Errorf("%s (%s): %s is %q, want %q", z.Key, match.Key, f, zv, ov)
			}
		}
		if strings.ContainsAny(mustField(z, "title"), "{}") || strings.Contains(mustField(z, "author"), `\"`) {
			t.Errorf("%s: LaTeX left in %q / %q", z.Key, mustField(z, "title"), mustField(z, "author"))
		}
	}
}

func mustField(e BibEntry, name string) string {
	v, _ := e.Field(name)
	return v
}

// TestBibDuplicates: the same DOI (written differently) and the same
// title (other case and punctuation) under other keys are reported at the
// later entry, naming the earlier; nothing else is.
func TestBibDuplicates(t *testing.T) {
	src := `@article{a2020, title = {Safe Kernels in Rust}, doi = {10.1/ABC}, year = 2020}
@misc{b2020, title = {Another Work}, doi = {https://doi.org/10.1/abc}}
@article{c2021, title = {SAFE kernels, in Rust!}, year = 2021}
@article{d2022, title = {Unrelated}, doi = {10.1/xyz}}
`
	es, probs := ParseBibTeX("dup.bib", []byte(src))
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	got := BibDuplicates(es)
	want := []string{
		"dup.bib:2:1: b2020.doi: same DOI 10.1/abc as a2020 (dup.bib:1:1): a duplicate?",
		"dup.bib:3:1: c2021.title: same title as a2020 (dup.bib:1:1): a duplicate?",
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("got %q\nwant %q", got[i], want[i])
		}
	}
}

// TestBibliographiesNew: the entries of a Zotero-style export given by
// Bibliographies that no YAML study names become studies outside the
// review, study:KEY with KEY in lower case, with title, authors, year,
// venue, DOI and URL decoded from the LaTeX, and the entry (its key as
// written) kept; the built-in studies are untouched.
func TestBibliographiesNew(t *testing.T) {
	base, err := Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join("testdata", "zotero", "new.bib")
	ds, err := Load(data.FS, "", Bibliographies(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Warnings) != len(base.Warnings) {
		t.Errorf("warnings added by new works: %v", ds.Warnings[len(base.Warnings):])
	}
	if len(ds.Nodes) != len(base.Nodes)+3 || len(ds.Claims) != len(base.Claims) {
		t.Fatalf("%d nodes, %d claims; want %d and %d", len(ds.Nodes), len(ds.Claims), len(base.Nodes)+3, len(base.Claims))
	}
	want := map[string]map[string]string{
		"study:mullerfixturekernelrust2031": {
			"title":   "Fixture Kernel: A Made-Up Rust Kernel for Import Tests",
			"authors": "Jörg Müller; Ana Østergaard; Test Fixture",
			"year":    "2031",
			"venue":   "Proceedings of the Imaginary Workshop on Test Data (FIXTURE '31)",
			"doi":     "10.0000/rustykg.fixture.2031.1",
			"url":     "",
			"bibtype": "inproceedings",
		},
		"study:garciapretenddriversno2032": {
			"title":   "Pretend Drivers – No Unsafe Left Behind",
			"authors": "Luís García; Test Fixture",
			"year":    "2032",
			"venue":   "Journal of Made-Up Results",
			"doi":     "",
			"url":     "https://example.org/rustykg-fixture/pretend-drivers",
			"bibtype": "article",
		},
		"study:fixturetestonlypage2033": {
			"title":   "Test-Only Page of a Kernel That Does Not Exist",
			"authors": "",
			"year":    "2033",
			"venue":   "https://example.org/rustykg-fixture/page",
			"bibtype": "misc",
		},
	}
	keys := map[string]string{
		"study:mullerfixturekernelrust2031": "@inproceedings{mullerFixtureKernelRust2031,",
		"study:garciapretenddriversno2032":  "@article{garciaPretendDriversNo2032,",
		"study:fixturetestonlypage2033":     "@misc{fixtureTestOnlyPage2033,",
	}
	for id, attrs := range want {
		n, ok := nodeByID(ds, id)
		if !ok {
			t.Errorf("%s: not loaded", id)
			continue
		}
		if n.InReview || n.Name != attrs["title"] {
			t.Errorf("%s: in review %v, name %q", id, n.InReview, n.Name)
		}
		for k, v := range attrs {
			if got := n.Attr(k); got != v {
				t.Errorf("%s: %s is %q, want %q", id, k, got, v)
			}
		}
		if !strings.HasPrefix(n.Attr("bibtex"), keys[id]) || strings.Contains(n.Attr("title")+n.Attr("authors"), `\`) {
			t.Errorf("%s: bibtex %q", id, n.Attr("bibtex"))
		}
	}
}

// TestBibliographiesDuplicates: a Zotero export of the review's own cited
// works loads; each entry is a warning naming the built-in entry with its
// DOI or title, and stays a study of its own (never merged).
func TestBibliographiesDuplicates(t *testing.T) {
	base, err := Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join("testdata", "zotero", "review.bib")
	ds, err := Load(data.FS, "", Bibliographies(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Nodes) != len(base.Nodes)+24 {
		t.Errorf("%d nodes, want the %d built-in ones and 24 more", len(ds.Nodes), len(base.Nodes))
	}
	n, ok := nodeByID(ds, "study:ayerstightenrusts2022")
	if !ok || n.InReview || n.Attr("doi") != "10.1145/3519941.3535075" {
		t.Errorf("the Zotero entry is not a study of its own: %v %+v", ok, n)
	}
	if b, _ := nodeByID(ds, "study:ayers2022tighten"); !b.InReview {
		t.Errorf("the built-in study changed: %+v", b)
	}
	dups := map[string]bool{}
	for _, w := range ds.Warnings {
		if strings.HasPrefix(w, file+":") && strings.Contains(w, "(studies.bib:") && strings.HasSuffix(w, "a duplicate?") {
			dups[strings.SplitN(w, ": ", 3)[1]] = true
		}
	}
	for _, w := range []string{
		file + ":7:1: ayersTightenRustS2022.doi: same DOI 10.1145/3519941.3535075 as ayers2022tighten (studies.bib:32:1): a duplicate?",
		file + ":378:1: communityRustLinuxKernel2024.title: same title as kerneldocs2024rust (studies.bib:298:1): a duplicate?",
	} {
		if !slices.Contains(ds.Warnings, w) {
			t.Errorf("no warning %q in %v", w, ds.Warnings)
		}
	}
	seen := map[string]bool{}
	for k := range dups {
		seen[strings.SplitN(k, ".", 2)[0]] = true
	}
	if len(seen) != 24 {
		t.Errorf("%d of the 24 entries reported as duplicates: %v", len(seen), seen)
	}
}

func nodeByID(ds *graph.Dataset, id string) (graph.Node, bool) {
	for _, n := range ds.Nodes {
		if n.ID == id {
			return n, true
		}
	}
	return graph.Node{}, false
}

// TestBibliographiesRefused: a key that cannot be a study ID, a key the
// built-in data set already has (exactly, or but for case), and two keys
// one but for case are refused at the entry, with the key as the field.
func TestBibliographiesRefused(t *testing.T) {
	file := filepath.Join(t.TempDir(), "refs.bib")
	src := `@misc{ok2031, title = {Fine}, year = 2031}
@misc{bad:key/2031, title = {Bad Key}, year = 2031}
@misc{ayers2022tighten, title = {Same Key}, year = 2031}
@misc{Ayers2022Tighten, title = {Same Key but for Case}, year = 2031}
@misc{Twice2031, title = {First}, year = 2031}
@misc{twice2031, title = {Second}, year = 2031}
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(data.FS, "", Bibliographies(file))
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("not refused: %v", err)
	}
	got := probs.Error()
	for _, want := range []string{
		file + `:2:1: bad:key/2031: BibTeX key "bad:key/2031" cannot name a study`,
		file + ":3:1: ayers2022tighten: duplicate BibTeX key (first at studies.bib:32:1)",
		file + `:4:1: Ayers2022Tighten: BibTeX key "Ayers2022Tighten" is the study study:ayers2022tighten, already defined at studies.yaml:`,
		file + ":6:7: key twice2031 differs only in case from key Twice2031 (line 5)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "ok2031") || strings.Count(got, "\n") != 5 {
		t.Errorf("other problems:\n%s", got)
	}
}
