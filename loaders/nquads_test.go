package loaders

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"rustykg/graph/export"
)

func readAll(t testing.TB, src []byte, opts NQuadsOptions) ([]quad.Quad, error) {
	t.Helper()
	var out []quad.Quad
	_, err := ReadNQuads(bytes.NewReader(src), "in.nq", opts, func(b []quad.Quad) error {
		out = append(out, b...)
		return nil
	})
	return out, err
}

func nquadsGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "nquads", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("differs from %s (run with -update and review the diff):\n%s", path, got)
	}
}

// TestNQuadsValid reads testdata/nquads/valid.nq and writes every quad
// back canonically; the result is valid.golden, and reading that gives
// the same quads again.
func TestNQuadsValid(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "nquads", "valid.nq"))
	if err != nil {
		t.Fatal(err)
	}
	qs, err := readAll(t, src, NQuadsOptions{Batch: 3})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := export.WriteQuads(&buf, qs); err != nil {
		t.Fatal(err)
	}
	nquadsGolden(t, "valid.golden", buf.String())
	again, err := readAll(t, buf.Bytes(), NQuadsOptions{})
	if err != nil {
		t.Fatalf("the canonical form does not read back: %v", err)
	}
	if len(again) != len(qs) {
		t.Fatalf("%d quads, then %d", len(qs), len(again))
	}
	for i := range qs {
		if qs[i] != again[i] {
			t.Errorf("quad %d: %v, then %v", i, qs[i], again[i])
		}
	}
}

// TestNQuadsInvalid: every line of testdata/nquads/invalid.txt is refused
// with an error naming the file, line, column and field (invalid.golden).
func TestNQuadsInvalid(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "nquads", "invalid.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		_, err := readAll(t, []byte(line+"\n"), NQuadsOptions{})
		if err == nil {
			t.Errorf("accepted: %s", line)
			continue
		}
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: error does not wrap ErrInvalid: %v", line, err)
		}
		got.WriteString(line + "\n  " + strings.TrimPrefix(err.Error(), "1 problem(s) in data set:\n  ") + "\n")
	}
	nquadsGolden(t, "invalid.golden", got.String())
}

// TestNQuadsBase: a relative IRI is refused, naming --base; with a base
// it resolves (RFC 3986), also in a datatype.
func TestNQuadsBase(t *testing.T) {
	src := []byte("</film/x> <p> \"1\"^^<xsd#int> </g> .\n")
	_, err := readAll(t, src, NQuadsOptions{})
	if err == nil || !strings.Contains(err.Error(), "--base") || !strings.Contains(err.Error(), "in.nq:1:1: subject:") {
		t.Fatalf("want a relative-IRI error at 1:1 naming --base, got %v", err)
	}
	qs, err := readAll(t, src, NQuadsOptions{Base: "http://example.org/data/"})
	if err != nil {
		t.Fatal(err)
	}
	want := quad.Quad{Subject: quad.IRI("http://example.org/film/x"), Predicate: quad.IRI("http://example.org/data/p"),
		Object: quad.TypedString{Value: "1", Type: "http://example.org/data/xsd#int"}, Label: quad.IRI("http://example.org/g")}
	if len(qs) != 1 || qs[0] != want {
		t.Fatalf("got %v, want %v", qs, want)
	}
	if _, err := readAll(t, src, NQuadsOptions{Base: "relative/"}); err == nil {
		t.Fatal("a relative --base was accepted")
	}
}

// TestNQuadsGzipLinesSkip: gzipped input is detected; line numbers count
// LF, CR LF and lone CR line ends; N-Triples refuses a graph; with Skip
// the bad lines are reported and the rest read.
func TestNQuadsGzipLinesSkip(t *testing.T) {
	src := "<http://e/s> <http://e/p> <http://e/o> .\r\n\r<http://e/s> <http://e/p> <http://e/o> <http://e/g> .\nbad\n<http://e/s> <http://e/p> \"x\" .\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(src))
	zw.Close()
	_, err := readAll(t, gz.Bytes(), NQuadsOptions{})
	if err == nil || !strings.Contains(err.Error(), "in.nq:4:1:") {
		t.Fatalf("want an error at line 4 of the gzipped input, got %v", err)
	}
	_, err = readAll(t, []byte(src), NQuadsOptions{Triples: true})
	if err == nil || !strings.Contains(err.Error(), "in.nq:3:40: graph: N-Triples has no graph label") {
		t.Fatalf("N-Triples: got %v", err)
	}
	var skipped []string
	qs, err := readAll(t, gz.Bytes(), NQuadsOptions{Skip: func(p Problem) { skipped = append(skipped, p.String()) }})
	if err != nil || len(qs) != 3 || len(skipped) != 1 || !strings.HasPrefix(skipped[0], "in.nq:4:1:") {
		t.Fatalf("skip: %d quads, skipped %v, err %v", len(qs), skipped, err)
	}
}

// TestNQuadsInvalidUTF8: the column of the first bad byte is reported.
func TestNQuadsInvalidUTF8(t *testing.T) {
	_, err := readAll(t, []byte("<http://e/s> <http://e/p> \"é\xff\" .\n"), NQuadsOptions{})
	if err == nil || !strings.Contains(err.Error(), "in.nq:1:29: invalid UTF-8") {
		t.Fatalf("got %v", err)
	}
}

// FuzzReadNQuads: the reader never panics, and whatever it accepts it
// also accepts in canonical form, as the same quads.
func FuzzReadNQuads(f *testing.F) {
	for _, name := range []string{"valid.nq", "invalid.txt"} {
		src, err := os.ReadFile(filepath.Join("testdata", "nquads", name))
		if err != nil {
			f.Fatal(err)
		}
		for _, l := range strings.Split(string(src), "\n") {
			f.Add([]byte(l))
		}
	}
	f.Add([]byte("_:a <http://e/p> \"\\U0010FFFF\"@en-x-y .\r<x:s> <x:p> <x:o> <x:g>."))
	f.Fuzz(func(t *testing.T, src []byte) {
		qs, err := readAll(t, src, NQuadsOptions{Batch: 2})
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := export.WriteQuads(&buf, qs); err != nil {
			t.Fatalf("accepted quads do not write back: %v", err)
		}
		again, err := readAll(t, buf.Bytes(), NQuadsOptions{})
		if err != nil {
			t.Fatalf("canonical form refused: %v\n%s", err, buf.Bytes())
		}
		if len(again) != len(qs) {
			t.Fatalf("%d quads, then %d", len(qs), len(again))
		}
		for i := range qs {
			if qs[i] != again[i] {
				t.Fatalf("quad %d: %#v, then %#v", i, qs[i], again[i])
			}
		}
	})
}
