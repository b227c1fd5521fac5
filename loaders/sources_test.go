package loaders

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"rustykg/data"
)

// TestSourceProxyCases runs the cases in testdata/sources/cases.txt.
func TestSourceProxyCases(t *testing.T) {
	f, err := os.Open("testdata/sources/cases.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		u, want, ok := strings.Cut(text, "\t")
		if !ok {
			t.Fatalf("cases.txt:%d: no tab", line)
		}
		n++
		got := SourceProxy(u)
		switch {
		case want == "-" && got != "":
			t.Errorf("cases.txt:%d: %s: flagged (%s), want primary", line, u, got)
		case want != "-" && !strings.Contains(got, want):
			t.Errorf("cases.txt:%d: %s: reason %q, want one containing %q", line, u, got, want)
		}
	}
	if n < 30 {
		t.Errorf("only %d cases read", n)
	}
}

// TestShippedSourcesArePrimary: the embedded data set has no source that
// is a proxy, mirror or catalogue.
func TestShippedSourcesArePrimary(t *testing.T) {
	ds, err := Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ds.Warnings {
		t.Error(w)
	}
}

// TestProxySourceWarns: a proxy source is a warning with file, line,
// column and field; the data set still loads.
func TestProxySourceWarns(t *testing.T) {
	kernels := `kernels:
  - id: kernel:k
    name: K
    sources:
      - https://github.com/k/k
      - http://proxy.example/get?url=https%3A%2F%2Fgithub.com%2Fk%2Fk
`
	fsys := fstest.MapFS{
		"review.yaml":  {Data: []byte(goodReview)},
		"studies.bib":  {Data: []byte(goodBib + "@misc{b2023, title = {B}, year = 2023,\n  url = {https://scour.ing/p/https://lwn.net/Articles/1/}}\n")},
		"studies.yaml": {Data: []byte("studies:\n  - id: study:a2022\n    in_review: false\n    sources: [https://proxy25.life/abs/1]\n  - id: study:b2023\n    in_review: false\n")},
		"kernels.yaml": {Data: []byte(kernels)},
	}
	ds, err := Load(fsys, "d")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`d/kernels.yaml:6:9: kernels[0].sources[1]: source "http://proxy.example/get?url=https%3A%2F%2Fgithub.com%2Fk%2Fk" is not a primary source: it carries another address (https://github.com/k/k) in its query string; cite the DOI, the publisher's or venue's page, the project's repository or docs, LKML or LWN instead`,
		`d/studies.bib:3:1: b2023.url: url "https://scour.ing/p/https://lwn.net/Articles/1/" is not a primary source: it carries another address (https://lwn.net/Articles/1/) in its path; cite the DOI, the publisher's or venue's page, the project's repository or docs, LKML or LWN instead`,
		`d/studies.yaml:4:15: studies[0].sources[0]: source "https://proxy25.life/abs/1" is not a primary source: it is an arXiv mirror; cite the DOI, the publisher's or venue's page, the project's repository or docs, LKML or LWN instead`,
	}
	if strings.Join(ds.Warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(ds.Warnings, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzSourceProxy: any string is judged without panicking, the same way
// twice, and a flagged URL always gets a reason.
func FuzzSourceProxy(f *testing.F) {
	for _, s := range []string{"https://doi.org/10.1/x", "http://a.b/?u=https://c.d/", "https://scour.ing/p/https://x.y/", "https://github.x.y/z", "%", "http://[::1]/", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, b := SourceProxy(s), SourceProxy(s)
		if a != b {
			t.Fatalf("%q: %q then %q", s, a, b)
		}
	})
}
