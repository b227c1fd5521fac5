package main

import (
	"os"
	"path/filepath"
	"testing"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/loaders"
)

// TestSnapshot: the first command writes the snapshot of the built-in data
// set, which holds exactly what parsing gives; a damaged snapshot is
// ignored and rewritten; RUSTYKG_CACHE=off writes none.
func TestSnapshot(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	path, _ := snapshotPath()
	if path == "" {
		t.Fatal("no snapshot path")
	}
	want, _, _ := run(t, "kernels")
	snap := readSnapshot(path)
	if snap == nil {
		t.Fatalf("no snapshot at %s after a command", path)
	}
	parsed, err := loaders.Load(data.FS, "")
	if err != nil {
		t.Fatal(err)
	}
	if graph.ContentHash(snap) != graph.ContentHash(parsed) || snap.Review != parsed.Review {
		t.Errorf("snapshot holds %s, the embedded files %s", graph.ContentHash(snap), graph.ContentHash(parsed))
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("cache folder mode %v, %v; want 0700", fi.Mode().Perm(), err)
	}
	if got, _, _ := run(t, "kernels"); got != want {
		t.Errorf("from the snapshot:\n%s\nparsed:\n%s", got, want)
	}
	if err := os.WriteFile(path, []byte("not a snapshot"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, _, code := run(t, "kernels"); got != want || code != 0 {
		t.Errorf("with a damaged snapshot: exit %d\n%s", code, got)
	}
	if readSnapshot(path) == nil {
		t.Error("damaged snapshot not rewritten")
	}

	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv(cacheEnv, "off")
	run(t, "kernels")
	if p, _ := snapshotPath(); p != "" {
		t.Errorf("%s=off still gives a snapshot path", cacheEnv)
	}
	if ents, _ := os.ReadDir(os.Getenv("XDG_CACHE_HOME")); len(ents) != 0 {
		t.Errorf("%s=off wrote %v", cacheEnv, ents)
	}
}
