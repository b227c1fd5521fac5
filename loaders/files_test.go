package loaders

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rustykg/data"
	"rustykg/graph"
)

// splitData writes the embedded data set's files into two folders, a and
// b, and returns the paths of its files.
func splitData(t *testing.T) (a, b string, files []string) {
	t.Helper()
	root := t.TempDir()
	a, b = filepath.Join(root, "a"), filepath.Join(root, "b")
	os.Mkdir(a, 0o755)
	os.Mkdir(b, 0o755)
	names, _ := fs.Glob(data.FS, "*")
	for i, name := range names {
		if !IsDataFile(name) {
			continue
		}
		src, err := fs.ReadFile(data.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		dir := a
		if i%2 == 1 {
			dir = b
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	return a, b, files
}

// TestLoadFiles: the files of a data set, from two folders, load as the
// folder would (the same content hash); a sheet given with them resolves
// against them; a problem names the file as given, its line, column and
// field; a file that is no data file is refused by name.
func TestLoadFiles(t *testing.T) {
	want, err := Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	_, b, files := splitData(t)
	ds, err := LoadFiles(Files(files...))
	if err != nil {
		t.Fatal(err)
	}
	if graph.ContentHash(ds) != graph.ContentHash(want) {
		t.Errorf("the files from two folders are not the data set")
	}
	ds, err = LoadFiles(Files(append(files, "testdata/sheet/minimal.csv")...))
	if err != nil || len(ds.Claims) != len(want.Claims)+1 {
		t.Errorf("with a sheet: %v", err)
	}
	// A broken file in the second folder: file:line:col and the field.
	bad := filepath.Join(b, "more.yaml")
	os.WriteFile(bad, []byte("kernels:\n  - id: kernel:redox\n    name: Redox again\n"), 0o644)
	_, err = LoadFiles(Files(append(files, bad)...))
	if err == nil || !strings.Contains(err.Error(), bad+":2:9: kernels[0].id: duplicate id kernel:redox (first defined at ") {
		t.Errorf("a duplicate in %s: %v", bad, err)
	}
	_, err = LoadFiles(Files(append(files, "notes.txt")...))
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "notes.txt: not a data file: want .yaml, .yml, .bib or .csv") {
		t.Errorf("notes.txt: %v", err)
	}
	if _, err := LoadFiles(); err == nil || !strings.Contains(err.Error(), "no .yaml data files found") {
		t.Errorf("no files: %v", err)
	}
}
