package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	newBib    = "../../loaders/testdata/zotero/new.bib"
	reviewBib = "../../loaders/testdata/zotero/review.bib"
)

// showStudy runs show ID --format json with args before it and returns the
// node's attributes (with name and in_review).
func showStudy(t *testing.T, id string, args ...string) map[string]string {
	t.Helper()
	out, errs, code := run(t, append(args, "show", id, "--format", "json")...)
	if code != 0 {
		t.Fatalf("%v show %s: exit %d, %s", args, id, code, errs)
	}
	var v struct {
		Node struct {
			ID       string `json:"id"`
			Name     string `json:"name"`
			InReview bool   `json:"in_review"`
			Attrs    []struct{ Key, Value string }
		}
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	m := map[string]string{"id": v.Node.ID, "name": v.Node.Name}
	if v.Node.InReview {
		m["in_review"] = "yes"
	}
	for _, a := range v.Node.Attrs {
		m[a.Key] = a.Value
	}
	return m
}

// TestBibData: --data FILE.bib (any case) adds a Zotero export's entries to
// the built-in data as studies outside the review, their LaTeX decoded.
func TestBibData(t *testing.T) {
	upper := filepath.Join(t.TempDir(), "NEW.BIB")
	src, err := os.ReadFile(newBib)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(upper, src, 0o644)
	for _, file := range []string{newBib, upper} {
		got := showStudy(t, "study:mullerFixtureKernelRust2031", "--data", file)
		want := map[string]string{
			"id":      "study:mullerfixturekernelrust2031",
			"name":    "Fixture Kernel: A Made-Up Rust Kernel for Import Tests",
			"title":   "Fixture Kernel: A Made-Up Rust Kernel for Import Tests",
			"authors": "Jörg Müller; Ana Østergaard; Test Fixture",
			"year":    "2031",
			"venue":   "Proceedings of the Imaginary Workshop on Test Data (FIXTURE '31)",
			"doi":     "10.0000/rustykg.fixture.2031.1",
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("--data %s: %s is %q, want %q", file, k, got[k], v)
			}
		}
		if got["in_review"] != "" || !strings.HasPrefix(got["bibtex"], "@inproceedings{mullerFixtureKernelRust2031,") {
			t.Errorf("--data %s: %v", file, got)
		}
	}
	got := showStudy(t, "study:garciapretenddriversno2032", "--data", newBib)
	if got["url"] != "https://example.org/rustykg-fixture/pretend-drivers" || got["title"] != "Pretend Drivers – No Unsafe Left Behind" ||
		got["authors"] != "Luís García; Test Fixture" || got["venue"] != "Journal of Made-Up Results" || got["year"] != "2032" {
		t.Errorf("study:garciapretenddriversno2032: %v", got)
	}
	if _, errs, code := run(t, "--data", newBib, "kernels"); code != 0 || errs != "" {
		t.Errorf("--data %s: exit %d, %s", newBib, code, errs)
	}
}

// TestBibDataDuplicates: a Zotero export of the review's own cited works
// loads with a warning for each entry, naming the built-in one; nothing is
// merged: the export's entry is a study of its own and the built-in one is
// unchanged.
func TestBibDataDuplicates(t *testing.T) {
	_, errs, code := run(t, "--data", reviewBib, "kernels")
	if code != 0 || !strings.Contains(errs, "rustykg: warning: "+reviewBib+":7:1: ayersTightenRustS2022.doi: same DOI 10.1145/3519941.3535075 as ayers2022tighten (studies.bib:32:1): a duplicate?") {
		t.Fatalf("exit %d, %s", code, errs)
	}
	keys := map[string]bool{}
	for _, line := range strings.Split(errs, "\n") {
		if rest, ok := strings.CutPrefix(line, "rustykg: warning: "+reviewBib+":"); ok && strings.HasSuffix(line, "a duplicate?") {
			keys[strings.SplitN(strings.SplitN(rest, ": ", 3)[1], ".", 2)[0]] = true
		}
	}
	if len(keys) != 24 {
		t.Errorf("%d of the 24 entries reported as duplicates:\n%s", len(keys), errs)
	}
	theirs := showStudy(t, "study:ayerstightenrusts2022", "--data", reviewBib)
	ours := showStudy(t, "study:ayers2022tighten", "--data", reviewBib)
	builtin := showStudy(t, "study:ayers2022tighten")
	if theirs["doi"] != ours["doi"] || theirs["in_review"] != "" || ours["in_review"] != "yes" || len(ours) != len(builtin) || ours["bibtex"] != builtin["bibtex"] {
		t.Errorf("merged or changed:\n%v\n%v", theirs, ours)
	}
}

// TestBibDataRefused: an entry whose key cannot be a study ID, or is the
// key of a built-in study, refuses the file (exit 3, file:line, the key).
func TestBibDataRefused(t *testing.T) {
	file := filepath.Join(t.TempDir(), "refs.bib")
	os.WriteFile(file, []byte("@misc{ok2031, title = {Fine}, year = 2031}\n@misc{bad:key, title = {Bad}, year = 2031}\n@misc{ayers2022tighten, title = {Same Key}, year = 2031}\n"), 0o644)
	out, errs, code := run(t, "--data", file, "kernels")
	if code != exitData || out != "" || !strings.Contains(errs, file+`:2:1: bad:key: BibTeX key "bad:key" cannot name a study`) ||
		!strings.Contains(errs, file+":3:1: ayers2022tighten: duplicate BibTeX key (first at studies.bib:32:1)") {
		t.Errorf("exit %d, %s", code, errs)
	}
	dir := filepath.Join(t.TempDir(), "kg")
	if _, errs, code := run(t, "import", "--store", "bbolt:"+dir, file); code != exitData || !strings.Contains(errs, file+":2:1: bad:key:") {
		t.Errorf("import: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("store folder created by a refused import: %v", err)
	}
}

// TestImportBib: rustykg import FILE.bib, alone or with a sheet, and
// --data FILE.bib import the built-in data with the export's studies.
func TestImportBib(t *testing.T) {
	const sheet = "../../loaders/testdata/sheet/minimal.csv"
	for _, args := range [][]string{{newBib}, {"--data", newBib}, {newBib, sheet}} {
		uri := "bbolt:" + filepath.Join(t.TempDir(), "kg")
		if _, errs, code := run(t, append([]string{"import", "--store", uri}, args...)...); code != 0 {
			t.Fatalf("import %v: exit %d, %s", args, code, errs)
		}
		got := showStudy(t, "study:fixturetestonlypage2033", "--store", uri)
		if got["title"] != "Test-Only Page of a Kernel That Does Not Exist" || got["year"] != "2033" {
			t.Errorf("import %v: %v", args, got)
		}
		out, _, _ := run(t, "--store", uri, "show", "hubris", "-f", "csv")
		if strings.Contains(out, "Fixture: restates nothing.") != (len(args) == 2 && args[1] == sheet) {
			t.Errorf("import %v: sheet's findings wrong:\n%s", args, out)
		}
	}
}

// TestBibSkipInvalid: a bad BibTeX entry refuses the whole file (exit 3,
// file:line, the key and field; an import writes nothing) unless
// --skip-invalid, which loads the good entries and reports each skipped
// one on stderr, then counts them, as for sheet rows. A file whose reading
// stopped early is refused either way. In a data folder the folder's .bib
// files are skipped through the same way.
func TestBibSkipInvalid(t *testing.T) {
	const bad = "../../loaders/testdata/bibskip/bad.bib"
	const noTitle = bad + ":13:1: noTitleFixture2031.title: BibTeX entry has no title"
	out, errs, code := run(t, "--data", bad, "kernels")
	if code != exitData || out != "" || !strings.Contains(errs, noTitle) {
		t.Errorf("--data %s: exit %d, stdout %q, stderr %s", bad, code, out, errs)
	}
	_, errs, code = run(t, "--skip-invalid", "--data", bad, "kernels")
	if code != 0 || !strings.Contains(errs, "rustykg: skipped "+noTitle+"\n") ||
		!strings.Contains(errs, "rustykg: skipped "+bad+":34:12: macroFixture2031.journal: undefined macro nosuchjournal\n") ||
		!strings.HasSuffix(errs, "rustykg: skipped 9 invalid BibTeX entries; the rest is loaded\n") {
		t.Errorf("--skip-invalid --data %s: exit %d, stderr:\n%s", bad, code, errs)
	}
	if got := showStudy(t, "study:goodLastFixture2032", "--skip-invalid", "--data", bad); got["title"] != "A Good Entry After the Bad Ones" {
		t.Errorf("the good entry after the bad ones: %v", got)
	}
	dir := filepath.Join(t.TempDir(), "kg")
	if _, errs, code := run(t, "import", "--store", "bbolt:"+dir, bad); code != exitData || !strings.Contains(errs, noTitle) {
		t.Errorf("import: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("store folder created by a refused import: %v", err)
	}
	if _, errs, code := run(t, "import", "--skip-invalid", "--store", "bbolt:"+dir, bad); code != 0 || !strings.Contains(errs, "rustykg: skipped "+noTitle) {
		t.Errorf("import --skip-invalid: exit %d, %s", code, errs)
	}
	if got := showStudy(t, "study:goodfirstfixture2031", "--store", "bbolt:"+dir); got["year"] != "2031" {
		t.Errorf("the store lacks the good entry: %v", got)
	}
	const comment = "../../loaders/testdata/bibskip/comment.bib"
	if _, errs, code := run(t, "--skip-invalid", "--data", comment, "kernels"); code != exitData || !strings.Contains(errs, comment+":10:1: unterminated @comment entry") {
		t.Errorf("--skip-invalid --data %s: exit %d, %s", comment, code, errs)
	}
	// A data folder: an entry no study names, and a broken one.
	folder := dataWithoutClaims(t)
	appendFile(t, folder, "studies.bib", "\n@misc{orphan2031, title = {No Study Names Me}, year = 2031}\n")
	claims, _ := os.ReadFile("../../data/claims.yaml")
	os.WriteFile(filepath.Join(folder, "claims.yaml"), claims, 0o644)
	if _, errs, code := run(t, "--data", folder, "kernels"); code != exitData || !strings.Contains(errs, "orphan2031: BibTeX entry has no study") {
		t.Errorf("--data DIR with an orphan entry: exit %d, %s", code, errs)
	}
	if _, errs, code := run(t, "--skip-invalid", "--data", folder, "kernels"); code != 0 || !strings.Contains(errs, "orphan2031: BibTeX entry has no study") ||
		!strings.HasSuffix(errs, "rustykg: skipped 1 invalid BibTeX entry; the rest is loaded\n") {
		t.Errorf("--skip-invalid --data DIR: exit %d, %s", code, errs)
	}
}
