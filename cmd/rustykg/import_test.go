package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"rustykg/data"
	"rustykg/graph/graphtest"
	"rustykg/loaders"
)

const minimal = "testdata/minimal"

// persistentBackends are the backends import writes to.
func persistentBackends() []graphtest.Backend { return graphtest.Backends()[1:] }

// TestImportRoundTrip: after import, the golden commands give the same
// output from the store as from the data set parsed in memory: the first
// case of each command, or every case with RUSTYKG_LONG=1.
func TestImportRoundTrip(t *testing.T) {
	long := os.Getenv("RUSTYKG_LONG") == "1"
	for _, b := range persistentBackends() {
		t.Run(b.Name, func(t *testing.T) {
			uri := b.URI(t)
			out, errs, code := run(t, "import", "--store", uri)
			if code != 0 || !strings.HasPrefix(out, "imported ") || errs != "" {
				t.Fatalf("import: exit %d, out %q, err %q", code, out, errs)
			}
			seen := map[string]bool{}
			for _, args := range goldenCases(t) {
				if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "--data") }) || args[0] == "query" || args[0] == "render" || args[0] == "check" ||
					args[0] == "diff" { // diff reads its two sides from its arguments, never a store
					continue
				}
				if seen[args[0]] && !long {
					continue
				}
				seen[args[0]] = true
				want, wantErr, wantCode := run(t, args...)
				got, gotErr, gotCode := run(t, append(args, "--store", uri)...)
				if got != want || gotCode != wantCode || gotErr != wantErr {
					t.Errorf("%s: from the store: exit %d\n%s%s\nin memory: exit %d\n%s%s", strings.Join(args, " "), gotCode, got, gotErr, wantCode, want, wantErr)
				}
			}
			// The same data set again: nothing to do.
			out, _, code = run(t, "import", "--store", uri)
			if code != 0 || !strings.Contains(out, "already holds this data set") {
				t.Errorf("second import: exit %d, %q", code, out)
			}
			out, _, code = run(t, "check", "--store", uri)
			if code != 0 || !strings.HasSuffix(out, "ok\n") {
				t.Errorf("check --store: exit %d\n%s", code, out)
			}
		})
	}
}

// TestImportReplace: another data set replaces the store only with
// --replace; check then tells which one it holds.
func TestImportReplace(t *testing.T) {
	for _, b := range persistentBackends() {
		t.Run(b.Name, func(t *testing.T) {
			uri := b.URI(t)
			if _, errs, code := run(t, "import", "--store", uri); code != 0 {
				t.Fatalf("import: %s", errs)
			}
			_, errs, code := run(t, "import", "--data", minimal, "--store", uri)
			if code != exitData || !strings.Contains(errs, "--replace") {
				t.Errorf("import of another data set without --replace: exit %d, %q", code, errs)
			}
			if out, _, code := run(t, "check", "--store", uri); code != 0 {
				t.Errorf("store changed by a refused import: exit %d\n%s", code, out)
			}
			if _, errs, code := run(t, "import", "--data", minimal, "--store", uri, "--replace"); code != 0 {
				t.Fatalf("import --replace: exit %d, %s", code, errs)
			}
			out, _, code := run(t, "check", "--store", uri)
			if code != exitData || !strings.Contains(out, "missing from the store") {
				t.Errorf("check of the built-in data set against a replaced store: exit %d\n%s", code, out)
			}
			if out, _, code := run(t, "check", "--data", minimal, "--store", uri); code != 0 {
				t.Errorf("check --data minimal: exit %d\n%s", code, out)
			}
			want, _, _ := run(t, "kernels", "--data", minimal)
			if got, _, _ := run(t, "kernels", "--store", uri); got != want {
				t.Errorf("kernels after --replace:\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// TestImportInvalidWritesNothing: a data set with errors is refused before
// anything is written.
func TestImportInvalidWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kg")
	_, errs, code := run(t, "import", "--data", "testdata/broken/dangling-ref", "--store", "bbolt:"+dir)
	if code != exitData || !strings.Contains(errs, "claims.yaml:") {
		t.Errorf("exit %d, %q; want 3 naming the file", code, errs)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("store folder created by a refused import: %v", err)
	}
}

func TestImportFiles(t *testing.T) {
	uri := "bbolt:" + filepath.Join(t.TempDir(), "kg")
	files, _ := filepath.Glob(filepath.Join(minimal, "*"))
	if _, errs, code := run(t, append([]string{"import", "--store", uri}, files...)...); code != 0 {
		t.Fatalf("import FILE...: exit %d, %s", code, errs)
	}
	if out, _, code := run(t, "check", "--data", minimal, "--store", uri); code != 0 {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	// Without studies.bib the studies have no BibTeX entry: refused.
	var some []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".bib") {
			some = append(some, f)
		}
	}
	if _, errs, code := run(t, append([]string{"import", "--store", uri, "--replace"}, some...)...); code != exitData {
		t.Errorf("import without the .bib file: exit %d, %s", code, errs)
	}
}

// TestImportNQuads imports a rustykg N-Quads export into a store: the
// store then holds the same data set (the same content hash) as an import
// of the YAML, and answers as the built-in data does. An N-Quads file
// mixed with other files is refused.
func TestImportNQuads(t *testing.T) {
	dir := t.TempDir()
	nq := filepath.Join(dir, "kg.nq")
	if _, errs, code := run(t, "export", "-o", nq); code != 0 {
		t.Fatalf("export: exit %d, %s", code, errs)
	}
	fromYAML := "bbolt:" + filepath.Join(dir, "yaml.kg")
	fromNQ := "bbolt:" + filepath.Join(dir, "nq.kg")
	if _, errs, code := run(t, "import", "--store", fromYAML); code != 0 {
		t.Fatalf("import: exit %d, %s", code, errs)
	}
	if _, errs, code := run(t, "import", "--store", fromNQ, nq); code != 0 {
		t.Fatalf("import FILE.nq: exit %d, %s", code, errs)
	}
	hash := func(uri string) string {
		out, _, _ := run(t, "--version", "--store", uri, "--format", "csv")
		for _, line := range strings.Split(out, "\n") {
			if h, ok := strings.CutPrefix(line, "content hash,"); ok {
				return h
			}
		}
		t.Fatalf("--version names no content hash:\n%s", out)
		return ""
	}
	if a, b := hash(fromYAML), hash(fromNQ); a != b {
		t.Errorf("the stores hold different data sets: %s (YAML), %s (N-Quads)", a, b)
	}
	want, _, _ := run(t, "shared", "atmosphere", "theseus")
	if got, errs, code := run(t, "shared", "atmosphere", "theseus", "--store", fromNQ); code != 0 || got != want {
		t.Errorf("shared from the N-Quads store: exit %d, %s\n%s", code, errs, got)
	}
	if _, _, code := run(t, "import", "--store", fromNQ, "--replace", nq, filepath.Join(minimal, "studies.bib")); code != exitUsage {
		t.Errorf("N-Quads with another file: exit %d, want %d", code, exitUsage)
	}
}

func TestStoreUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import"}, exitUsage, "persistent store"},
		{[]string{"import", "--store", "memory"}, exitUsage, "persistent store"},
		{[]string{"import", "--store", "sql://x"}, exitUsage, "unknown store backend"},
		{[]string{"import", "--store", "bbolt:" + dir, "--batch", "0"}, exitUsage, "--batch"},
		{[]string{"import", "--store", "bbolt:" + dir, "--data", minimal, minimal + "/nodes.yaml"}, exitUsage, "not both"},
		{[]string{"kernels", "--store", "bbolt:" + dir}, exitData, "rustykg import"},
		{[]string{"kernels", "--store", "bbolt:" + dir, "--data", minimal}, exitUsage, "rustykg import --data"},
		{[]string{"kernels", "--store", "nosuch:x"}, exitUsage, "available: memory, bbolt:PATH"},
	} {
		_, errs, code := run(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}

func TestStoreFromEnvironment(t *testing.T) {
	uri := "bbolt:" + filepath.Join(t.TempDir(), "kg")
	t.Setenv(storeEnv, uri)
	if _, errs, code := run(t, "import", "--data", minimal); code != 0 {
		t.Fatalf("import with %s set: exit %d, %s", storeEnv, code, errs)
	}
	want, _, _ := run(t, "kernels", "--data", minimal, "--store", "memory")
	if got, _, _ := run(t, "kernels"); got != want {
		t.Errorf("kernels with %s=%s:\n%s\nwant\n%s", storeEnv, uri, got, want)
	}
}

// TestStoreVersionAndQuery: --version names the store and its recorded
// hash; a raw query runs on the store (its worker opens the same --store).
func TestStoreVersionAndQuery(t *testing.T) {
	uri := "bbolt:" + filepath.Join(t.TempDir(), "kg")
	if _, errs, code := run(t, "import", "--data", minimal, "--store", uri); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	want, _, _ := run(t, "check", "--data", minimal, "--format", "json")
	out, _, code := run(t, "--version", "--store", uri)
	if code != 0 || !strings.Contains(out, uri) || !strings.Contains(out, "sha256:") {
		t.Errorf("--version --store: exit %d\n%s", code, out)
	}
	hash := want[strings.Index(want, "sha256:"):][:71]
	if !strings.Contains(out, hash) {
		t.Errorf("--version --store gives\n%s\nwant hash %s", out, hash)
	}
	q := `g.V("<kernel:tock>").Out("<rkg:faces>").All()`
	wantQ, wantErr, wantCode := run(t, "query", q, "--data", minimal)
	gotQ, gotErr, gotCode := run(t, "query", q, "--store", uri)
	if gotQ != wantQ || gotCode != wantCode || wantCode != 0 {
		t.Errorf("query --store: exit %d\n%s%s\nwant (from --data) exit %d\n%s%s", gotCode, gotQ, gotErr, wantCode, wantQ, wantErr)
	}
}

// splitDataset writes the built-in data set's files into two folders and
// returns their paths.
func splitDataset(t *testing.T) (b string, files []string) {
	t.Helper()
	root := t.TempDir()
	names, _ := fs.Glob(data.FS, "*")
	for i, name := range names {
		if !loaders.IsDataFile(name) {
			continue
		}
		dir := filepath.Join(root, string(rune('a'+i%2)))
		os.MkdirAll(dir, 0o755)
		src, _ := fs.ReadFile(data.FS, name)
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	return filepath.Join(root, "b"), files
}

// storeHash is the content hash of the data set a store holds (memory:
// the built-in data set's).
func storeHash(t *testing.T, uri string) string {
	t.Helper()
	out, errs, _ := run(t, "--version", "--store", uri, "--format", "csv")
	for _, line := range strings.Split(out, "\n") {
		if h, ok := strings.CutPrefix(line, "content hash,"); ok {
			return h
		}
	}
	t.Fatalf("--version names no content hash: %s\n%s", errs, out)
	return ""
}

// TestImportFileList: import FILE... reads each file by its extension:
// YAML files from several folders form the data set, a .bib file adds
// studies, a sheet adds findings resolved against the data set, a folder
// is read whole; all validated first, all or nothing (a problem names
// file:line:col and field; nothing written). An N-Quads file with other
// files, two folders, a file that is no data file, or one file given twice
// are refused by name.
func TestImportFileList(t *testing.T) {
	const sheet = "../../loaders/testdata/sheet/minimal.csv"
	b, files := splitDataset(t)
	uri := "bbolt:" + filepath.Join(t.TempDir(), "kg")
	if _, errs, code := run(t, append([]string{"import", "--store", uri}, files...)...); code != 0 {
		t.Fatalf("import FILE... from two folders: exit %d, %s", code, errs)
	}
	if storeHash(t, uri) != storeHash(t, "memory") {
		t.Errorf("the files from two folders are not the data set")
	}
	// With a bibliography and a sheet, in any order.
	withExtras := append([]string{sheet, newBib}, files...)
	if _, errs, code := run(t, append([]string{"import", "--store", uri, "--replace"}, withExtras...)...); code != 0 {
		t.Fatalf("import with .bib and .csv: exit %d, %s", code, errs)
	}
	if got := showStudy(t, "study:fixturetestonlypage2033", "--store", uri); got["year"] != "2033" {
		t.Errorf("the .bib's study: %v", got)
	}
	if out, _, _ := run(t, "--store", uri, "show", "hubris", "-f", "csv"); !strings.Contains(out, "Fixture: restates nothing.") {
		t.Errorf("the sheet's finding is missing:\n%s", out)
	}
	// A folder, read whole, with a sheet.
	folder := dataWithoutClaims(t)
	claims, _ := fs.ReadFile(data.FS, "claims.yaml")
	os.WriteFile(filepath.Join(folder, "claims.yaml"), claims, 0o644)
	if _, errs, code := run(t, "import", "--store", uri, "--replace", folder, sheet); code != 0 {
		t.Fatalf("import DIR FILE.csv: exit %d, %s", code, errs)
	}
	if out, _, _ := run(t, "--store", uri, "show", "hubris", "-f", "csv"); !strings.Contains(out, "Fixture: restates nothing.") {
		t.Errorf("DIR with a sheet: the sheet's finding is missing:\n%s", out)
	}
	// All or nothing: a problem in one file (in the second folder) names
	// it, its line, column and field; nothing is written.
	bad := filepath.Join(b, "more.yaml")
	os.WriteFile(bad, []byte("kernels:\n  - id: kernel:redox\n    name: Redox again\n"), 0o644)
	fresh := filepath.Join(t.TempDir(), "kg")
	if _, errs, code := run(t, append([]string{"import", "--store", "bbolt:" + fresh, bad}, files...)...); code != exitData ||
		!strings.Contains(errs, bad+":2:9: kernels[0].id: duplicate id kernel:redox") {
		t.Errorf("a bad file among them: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("store folder created by a refused import: %v", err)
	}
	// --skip-invalid reaches a .bib among YAML files.
	if _, errs, code := run(t, append([]string{"import", "--store", uri, "--replace", "--skip-invalid", "../../loaders/testdata/bibskip/bad.bib"}, files...)...); code != 0 ||
		!strings.HasSuffix(errs, "rustykg: skipped 9 invalid BibTeX entries; the rest is loaded\n") {
		t.Errorf("--skip-invalid with YAML files: exit %d, %s", code, errs)
	}
	// Refused by name before anything is read.
	nq := filepath.Join(t.TempDir(), "kg.nq")
	if _, errs, code := run(t, "export", "-o", nq); code != 0 {
		t.Fatalf("export: exit %d, %s", code, errs)
	}
	notes := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notes, []byte("x"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{nq, files[0], sheet}, nq + " is a whole data set in N-Quads, read on its own: it cannot be combined with " + files[0] + ", " + sheet},
		{[]string{nq, nq}, "are the same file"},
		{[]string{folder, b}, "give one data folder, not " + folder + " and " + b},
		{[]string{notes, files[0]}, notes + ": not a data file"},
		{[]string{files[0], filepath.Dir(files[0]) + "/./" + filepath.Base(files[0])}, "are the same file; give it once"},
		{[]string{folder, filepath.Join(folder, "kernels.yaml")}, "is in the folder " + folder + ", which is read whole"},
	} {
		if _, errs, code := run(t, append([]string{"import", "--store", "bbolt:" + fresh}, tc.args...)...); code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("import %v: exit %d, %s; want %d and %q", tc.args, code, errs, exitUsage, tc.want)
		}
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("store folder created by a refused import: %v", err)
	}
	// --data takes a single YAML file the same way (here: not a whole data set).
	if _, errs, code := run(t, "--data", files[0], "kernels"); code != exitData || !strings.Contains(errs, files[0]) {
		t.Errorf("--data FILE.yaml: exit %d, %s", code, errs)
	}
}

// TestImportAgainReleasesStore: an import that finds the data set already
// in a bbolt store, or another one there, leaves no handle open on the
// file: a writer can lock it at once afterwards.
func TestImportAgainReleasesStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kg")
	uri := "bbolt:" + dir
	if out, errs, code := run(t, "import", "--store", uri); code != 0 {
		t.Fatalf("import: exit %d, %s%s", code, out, errs)
	}
	for _, args := range [][]string{
		{"import", "--store", uri},                    // already holds it
		{"import", "--store", uri, "--data", minimal}, // another data set, no --replace
	} {
		run(t, args...)
		db, err := bolt.Open(filepath.Join(dir, "indexes.bolt"), 0o644, &bolt.Options{Timeout: 200 * time.Millisecond})
		if err != nil {
			t.Fatalf("after %s: the store file is still held: %v", strings.Join(args, " "), err)
		}
		db.Close()
	}
}
