package loaders

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
)

// moviesFile is Cayley's sample data set in the module cache.
func moviesFile(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/cayleygraph/cayley").Output()
	if err != nil {
		t.Skipf("cayley module not found: %v", err)
	}
	p := filepath.Join(strings.TrimSpace(string(out)), "data", "30kmoviedata.nq.gz")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s: %v", p, err)
	}
	return p
}

// TestNQuadsMoviesLong (RUSTYKG_LONG=1): Cayley's 30kmoviedata.nq.gz
// (471,705 lines, relative IRIs) is refused at its first relative IRI
// without --base, and reads whole with one: every line a quad.
func TestNQuadsMoviesLong(t *testing.T) {
	if os.Getenv("RUSTYKG_LONG") != "1" {
		t.Skip("long case: set RUSTYKG_LONG=1")
	}
	p := moviesFile(t)
	if _, err := LoadNQuadsFile(p, NQuadsOptions{}); err == nil || !strings.Contains(err.Error(), "30kmoviedata.nq.gz:1:10: predicate: relative IRI") {
		t.Fatalf("without --base: %v", err)
	}
	n := 0
	var last quad.Quad
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = ReadNQuads(f, p, NQuadsOptions{Base: "http://example.org/"}, func(b []quad.Quad) error {
		n += len(b)
		last = b[len(b)-1]
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 471705 {
		t.Fatalf("read %d quads, want 471705", n)
	}
	if !strings.HasPrefix(string(last.Predicate.(quad.IRI)), "http://example.org/") {
		t.Fatalf("last quad %v: predicate not resolved against the base", last)
	}
}
