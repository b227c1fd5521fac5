package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"rustykg/graph/graphtest"
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
				if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "--data") }) || args[0] == "query" || args[0] == "render" || args[0] == "check" {
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
