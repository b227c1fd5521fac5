package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestProxySourceWarning: a source URL that is a proxy is reported on
// stderr as a warning naming file, line and field; the command still
// succeeds and its output is unchanged.
func TestProxySourceWarning(t *testing.T) {
	dir := copyData(t)
	clean, _, code := run(t, "--data", dir, "check")
	if code != 0 {
		t.Fatalf("check: exit %d", code)
	}
	p := filepath.Join(dir, "kernels.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	const from = "      - https://github.com/redox-os/redox\n"
	if !strings.Contains(string(b), from) {
		t.Fatal("kernels.yaml no longer has the Redox source this test edits")
	}
	line := strings.Count(string(b[:strings.Index(string(b), from)]), "\n") + 1
	b = []byte(strings.Replace(string(b), from, "      - https://proxy.example/fetch?u=https://github.com/redox-os/redox\n", 1))
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := run(t, "--data", dir, "check")
	if code != 0 || out != clean {
		t.Fatalf("exit %d, stdout changed:\n%s", code, out)
	}
	want := "rustykg: warning: " + p + ":" + itoaTest(line) + ":9: kernels[2].sources[0]: source \"https://proxy.example/fetch?u=https://github.com/redox-os/redox\" is not a primary source: it carries another address (https://github.com/redox-os/redox) in its query string"
	if !strings.HasPrefix(errs, want) || strings.Count(errs, "\n") != 1 {
		t.Errorf("stderr = %q\nwant one line starting %q", errs, want)
	}
}

func itoaTest(n int) string { return strconv.Itoa(n) }

// TestBibDuplicateWarning: a data folder whose .bib holds the same work
// under two keys (here the same DOI, written as a URL) loads both studies
// and warns on stderr, naming both entries.
func TestBibDuplicateWarning(t *testing.T) {
	dir := copyData(t)
	appendFile(t, dir, "studies.bib", "\n@misc{copy2022,\n  title = {Shrinking embedded binaries, a preprint},\n  author = {Ayers, Hudson},\n  year = {2022},\n  doi = {https://doi.org/10.1145/3519941.3535075}\n}\n")
	appendFile(t, dir, "studies.yaml", "  - id: study:copy2022\n    in_review: false\n")
	out, errs, code := run(t, "--data", dir, "studies", "-f", "csv")
	if code != 0 || !strings.Contains(out, "study:copy2022") || !strings.Contains(out, "study:ayers2022tighten") {
		t.Fatalf("exit %d, %s\n%s", code, errs, out)
	}
	if !strings.Contains(errs, "rustykg: warning: "+filepath.Join(dir, "studies.bib")) || !strings.Contains(errs, "copy2022.doi: same DOI 10.1145/3519941.3535075 as ayers2022tighten") {
		t.Errorf("stderr = %q, want the duplicate DOI warning", errs)
	}
}

// appendFile appends text to the file name in dir (a copy of a data set).
func appendFile(t *testing.T, dir, name, text string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
