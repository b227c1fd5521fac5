package loaders

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// baseFS is the small valid data set of testdata/base, plus files.
func baseFS(t testing.TB, files map[string]string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	ents, err := os.ReadDir(filepath.Join("testdata", "base"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join("testdata", "base", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fsys[e.Name()] = &fstest.MapFile{Data: b}
	}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

// checkGolden compares got with testdata/<name>, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden file (run go test ./loaders -update): %v", err)
	}
	if got != string(want) {
		t.Errorf("problems differ from %s (run with -update if intended)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// problemsText is what a load returns, as the golden files hold it.
func problemsText(t *testing.T, fsys fs.FS, prefix string) string {
	t.Helper()
	ds, err := Load(fsys, prefix)
	if err == nil {
		return "loaded\n"
	}
	if ds != nil {
		t.Error("a data set was returned along with an error")
	}
	var probs Problems
	if !errors.As(err, &probs) {
		return "error: " + err.Error() + "\n"
	}
	return err.Error() + "\n"
}

// TestBrokenDataSets loads the base data set with the files of each folder
// of testdata/broken laid over it, and compares the problems with
// testdata/broken/<folder>.golden. The golden files state, by hand and
// checked here too, the line each case exists for.
func TestBrokenDataSets(t *testing.T) {
	wantLine := map[string]string{
		"second-document":  "broken/second-document/nodes.yaml:13: a second YAML document starts here",
		"follow-on-syntax": "and 8 reference(s) to ids or BibTeX keys of a file or record that did not load",
		"follow-on-bad-id": "and 1 reference(s) to ids",
		"invalid-dates":    `window.from: "2019-02-30" is not a date`,
		"bad-year":         `alpha2022size.year: year "20x2" is not a year`,
		"self-citation":    "a claim links study:alpha2022size to itself",
		"upper-case-ext":   `broken/upper-case-ext/MORE.YAML:6:56: claims[0].object: unknown id "challenge:panic"`,
		"criteria-fields":  "broken/criteria-fields/review.yaml:14:59: review.inclusion_criteria[2].page: unknown key (allowed: id, locator, text)",
		"criteria-ids":     "broken/criteria-ids/review.yaml:23:12: review.exclusion_criteria[1].id: criterion IC1 repeated (first at broken/criteria-ids/review.yaml:12:12)",
		"rq-ids":           `broken/rq-ids/review.yaml:14:12: review.research_questions[4].id: research question ID "RQ4\"><b>" is not upper-case letters and a number without a leading zero (RQ1)`,
	}
	dirs, err := filepath.Glob(filepath.Join("testdata", "broken", "*"))
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		name := filepath.Base(dir)
		seen++
		t.Run(name, func(t *testing.T) {
			files := map[string]string{}
			ents, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range ents {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				files[e.Name()] = string(b)
			}
			got := problemsText(t, baseFS(t, files), "broken/"+name)
			checkGolden(t, filepath.Join("broken", name+".golden"), got)
			if w, ok := wantLine[name]; !ok {
				t.Errorf("no hand-stated expectation for %s in wantLine", name)
			} else if !strings.Contains(got, w) {
				t.Errorf("problems lack %q:\n%s", w, got)
			}
		})
	}
	if seen != len(wantLine) {
		t.Errorf("%d broken data sets, %d expectations", seen, len(wantLine))
	}
}

// TestCauseFirst: a syntax error in the file that defines the kernels comes
// first, and the references to its kernels are one summary line, last.
func TestCauseFirst(t *testing.T) {
	fsys := baseFS(t, map[string]string{"nodes.yaml": "kernels:\n  - id: kernel:tock\n   name: Tock\n"})
	_, err := Load(fsys, "")
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("err = %v", err)
	}
	if len(probs) != 2 {
		t.Fatalf("want the syntax error and one summary line, got:\n%v", probs)
	}
	if !strings.HasPrefix(probs[0].String(), "nodes.yaml:3:4: YAML syntax error") {
		t.Errorf("first problem = %s", probs[0])
	}
	if !strings.Contains(probs[1].Msg, "and 8 reference(s)") {
		t.Errorf("last problem = %s", probs[1])
	}
}
