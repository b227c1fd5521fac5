package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rustykg/data"
)

// dataWithoutClaims copies the embedded data set's files, all but
// claims.yaml, into a new folder and returns it.
func dataWithoutClaims(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(data.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "claims.yaml" {
			return err
		}
		src, err := fs.ReadFile(data.FS, p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), src, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestSheetRoundTripCLI: export -o FILE.csv writes the claims as a sheet;
// a data folder with that sheet in place of claims.yaml gives the same
// sheet, the same N-Quads and the same review tables.
func TestSheetRoundTripCLI(t *testing.T) {
	sheet := exportFile(t, "claims.csv")
	src, err := os.ReadFile(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(src), "study,subject,relation,object,locator,note,table,flags\n") || strings.Count(string(src), "\n") < 100 {
		t.Fatalf("not a sheet of the claims:\n%.300s", src)
	}
	dir := dataWithoutClaims(t)
	if err := os.WriteFile(filepath.Join(dir, "claims.csv"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"export", "-f", "sheet"}, {"export"}, {"tables"}} {
		want, _, _ := run(t, args...)
		got, errs, code := run(t, append([]string{"--data", dir}, args...)...)
		if code != 0 || got != want {
			t.Errorf("%v from the sheet: exit %d, %s; output differs: %v", args, code, errs, got != want)
		}
	}
}

// TestSheetData: --data FILE.csv adds a sheet's findings to the built-in
// data; a bad row refuses the whole sheet (exit 3, file:line:col, the
// column), unless --skip-invalid, which loads the rest and says what it
// skipped.
func TestSheetData(t *testing.T) {
	const good = "../../loaders/testdata/sheet/minimal.csv"
	out, errs, code := run(t, "--data", good, "show", "hubris", "-f", "csv")
	if code != 0 || !strings.Contains(out, "Fixture: restates nothing.") {
		t.Errorf("--data %s: exit %d, %s\n%s", good, code, errs, out)
	}
	const bad = "../../loaders/testdata/sheet/bad.csv"
	out, errs, code = run(t, "--data", bad, "show", "moss")
	if code != 3 || out != "" || !strings.Contains(errs, "bad.csv:2:18: subject: no kernel matches \"Redoxx\"; did you mean kernel:redox?") {
		t.Errorf("--data %s: exit %d, stdout %q, stderr %s", bad, code, out, errs)
	}
	out, errs, code = run(t, "--skip-invalid", "--data", bad, "show", "moss", "-f", "csv")
	if code != 0 || !strings.Contains(out, "Fixture: this row is fine.") || strings.Contains(out, "Fixture: a name") ||
		strings.Count(errs, "rustykg: skipped testdata") != 0 || strings.Count(errs, "rustykg: skipped ") != 9 ||
		!strings.Contains(errs, "skipped 8 invalid sheet rows; the rest is loaded") {
		t.Errorf("--skip-invalid --data %s: exit %d\n%s\nstderr:\n%s", bad, code, out, errs)
	}
	// A sheet in a data folder is read with the YAML; --skip-invalid too.
	dir := t.TempDir()
	for _, f := range []string{"claims.yaml", "kernels.yaml", "review.yaml", "studies.bib", "studies.yaml", "taxonomy.yaml"} {
		src, err := fs.ReadFile(data.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), src, 0o644)
	}
	src, _ := os.ReadFile(bad)
	os.WriteFile(filepath.Join(dir, "findings.csv"), src, 0o644)
	if _, errs, code := run(t, "--data", dir, "kernels"); code != 3 || !strings.Contains(errs, "findings.csv:10:1: study: no study or review matches \"nobody2020\"") {
		t.Errorf("--data DIR with a bad sheet: exit %d, %s", code, errs)
	}
	if out, errs, code := run(t, "--skip-invalid", "--data", dir, "show", "moss", "-f", "csv"); code != 0 || !strings.Contains(out, "Fixture: this row is fine.") {
		t.Errorf("--skip-invalid --data DIR: exit %d, %s", code, errs)
	}
}

// TestImportSheet: rustykg import takes an extraction sheet, given alone
// (added to the built-in data, as --data FILE.csv), with --data FILE.csv,
// or among a folder's data files; a bad row refuses the import and writes
// nothing unless --skip-invalid; the store then answers with the sheet's
// findings.
func TestImportSheet(t *testing.T) {
	const good = "../../loaders/testdata/sheet/minimal.csv"
	const bad = "../../loaders/testdata/sheet/bad.csv"
	want, _, _ := run(t, "--data", good, "show", "hubris", "-f", "csv")
	for _, args := range [][]string{{good}, {"--data", good}} {
		uri := "bbolt:" + filepath.Join(t.TempDir(), "kg")
		if _, errs, code := run(t, append([]string{"import", "--store", uri}, args...)...); code != 0 {
			t.Fatalf("import %v: exit %d, %s", args, code, errs)
		}
		got, errs, code := run(t, "--store", uri, "show", "hubris", "-f", "csv")
		if code != 0 || got != want || !strings.Contains(got, "Fixture: restates nothing.") {
			t.Errorf("import %v, then show: exit %d, %s\n%s", args, code, errs, got)
		}
	}
	dir := filepath.Join(t.TempDir(), "kg")
	if _, errs, code := run(t, "import", "--store", "bbolt:"+dir, bad); code != exitData || !strings.Contains(errs, "bad.csv:2:18: subject:") {
		t.Errorf("import of a bad sheet: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("store folder created by a refused import: %v", err)
	}
	_, errs, code := run(t, "import", "--store", "bbolt:"+dir, "--skip-invalid", bad)
	if code != 0 || !strings.Contains(errs, "skipped 8 invalid sheet rows; the rest is loaded") {
		t.Errorf("import --skip-invalid: exit %d, %s", code, errs)
	}
	if got, _, _ := run(t, "--store", "bbolt:"+dir, "show", "moss", "-f", "csv"); !strings.Contains(got, "Fixture: this row is fine.") {
		t.Errorf("the store lacks the good row:\n%s", got)
	}
	// Files of one folder: the sheet is read with the YAML and BibTeX.
	folder := dataWithoutClaims(t)
	sheet := exportFile(t, "claims.csv")
	src, _ := os.ReadFile(sheet)
	os.WriteFile(filepath.Join(folder, "claims.csv"), src, 0o644)
	files, _ := filepath.Glob(filepath.Join(folder, "*"))
	uri := "bbolt:" + filepath.Join(t.TempDir(), "kg")
	if _, errs, code := run(t, append([]string{"import", "--store", uri}, files...)...); code != 0 {
		t.Fatalf("import FILE...: exit %d, %s", code, errs)
	}
	wantT, _, _ := run(t, "tables")
	if gotT, errs, _ := run(t, "--store", uri, "tables"); gotT != wantT {
		t.Errorf("tables from the imported sheet differ: %s", errs)
	}
}
