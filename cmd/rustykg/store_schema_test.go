package main

import (
	"path/filepath"
	"strings"
	"testing"

	"rustykg/graph/graphtest"
	"rustykg/loaders"
)

// TestOldStoreRefused: a store written before the read index (schema 1:
// quads and a record, no index) is refused by query commands with a
// message telling the user to import again, and import --replace makes it
// readable.
func TestOldStoreRefused(t *testing.T) {
	uri := "bbolt:" + filepath.Join(t.TempDir(), "kg")
	ds, err := loaders.LoadDir(minimal)
	if err != nil {
		t.Fatal(err)
	}
	graphtest.WriteSchema1(t, uri, ds)
	_, errs, code := run(t, "kernels", "--store", uri)
	for _, want := range []string{"older schema", "schema version 1", "import the data set again", "rustykg import --replace"} {
		if !strings.Contains(errs, want) {
			t.Errorf("kernels on a schema-1 store: %q does not say %q", errs, want)
		}
	}
	if code != exitData {
		t.Errorf("kernels on a schema-1 store: exit %d, want %d", code, exitData)
	}
	if _, errs, code := run(t, "import", "--data", minimal, "--store", uri, "--replace"); code != 0 {
		t.Fatalf("import --replace: exit %d: %s", code, errs)
	}
	if out, errs, code := run(t, "kernels", "--store", uri); code != 0 || out == "" {
		t.Errorf("kernels after re-import: exit %d, %q, %q", code, out, errs)
	}
}
