package loaders

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
