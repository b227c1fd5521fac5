package main

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

const (
	oidA = "09af76246d22462356adc2d8e102557ce40cdda9"
	oidB = "cf399d52e1c063b5c845dc7c3fdb9d136dfa551a"
)

// writeLsTree writes entries as git ls-tree -z -l does.
func writeLsTree(entries []treeEntry) []byte {
	var b bytes.Buffer
	for _, e := range entries {
		size := "-"
		if e.size >= 0 {
			size = fmt.Sprint(e.size)
		}
		fmt.Fprintf(&b, "%s %s %s %7s\t%s\x00", e.mode, e.typ, e.oid, size, e.name)
	}
	return b.Bytes()
}

// FuzzParseLsTree: any input is read or refused without panicking; what
// is read has names that are one path element, and reads back the same
// when written again.
func FuzzParseLsTree(f *testing.F) {
	f.Add(writeLsTree([]treeEntry{{"100644", "blob", oidA, 10785, "claims.yaml"}, {"040000", "tree", oidB, -1, "examples"}}))
	f.Add([]byte("120000 blob " + oidA + "      11\tpasswd.yaml\x00"))
	f.Add([]byte("100644 blob " + oidA + " 12\tname with\ttab.yaml\x00"))
	f.Add([]byte("100644 blob xyz 12\ta\x00"))
	f.Add([]byte("100644 blob " + oidA + " -5\ta\x00"))
	f.Add([]byte("100644 blob " + oidA + " 5\ta/b\x00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		entries, err := parseLsTree(in)
		if err != nil {
			return
		}
		for _, e := range entries {
			if e.name == "" || strings.ContainsAny(e.name, "/\x00") || e.size < -1 || !isHex(e.oid) {
				t.Fatalf("bad entry %+v", e)
			}
		}
		again, err := parseLsTree(writeLsTree(entries))
		if err != nil || !reflect.DeepEqual(again, entries) {
			t.Fatalf("written and read again: %+v, %v; want %+v", again, err, entries)
		}
	})
}

// FuzzParseCatFileBatch: two blobs of any content written as git
// cat-file --batch does read back as they were; any other input is read
// or refused without panicking.
func FuzzParseCatFileBatch(f *testing.F) {
	f.Add([]byte("claims:\n"), []byte("@misc{a}\n"), []byte(oidA+" blob 3\nabc\n"))
	f.Add([]byte(""), []byte("\n\n"), []byte(oidA+" missing\n"))
	f.Add([]byte("x"), []byte("y"), []byte(oidA+" blob 99\nabc\n"))
	f.Add([]byte("x"), []byte("y"), []byte(oidA+" tree 3\nabc\n"))
	f.Fuzz(func(t *testing.T, a, b, raw []byte) {
		var out bytes.Buffer
		for i, blob := range [][]byte{a, b} {
			fmt.Fprintf(&out, "%s blob %d\n", []string{oidA, oidB}[i], len(blob))
			out.Write(blob)
			out.WriteByte('\n')
		}
		got, err := parseCatFileBatch(out.Bytes(), []string{oidA, oidB})
		if err != nil || !bytes.Equal(got[oidA], a) || !bytes.Equal(got[oidB], b) {
			t.Fatalf("round trip: %q, %v", got, err)
		}
		if _, err := parseCatFileBatch(out.Bytes()[:out.Len()-1], []string{oidA, oidB}); err == nil {
			t.Fatal("a cut output read as complete")
		}
		parseCatFileBatch(raw, []string{oidA})
	})
}

// TestParseGitErrors: the readers' refusals name what is wrong.
func TestParseGitErrors(t *testing.T) {
	for in, want := range map[string]string{
		"100644 blob " + oidA + " 5\ta/b\x00":   "malformed name",
		"100644 blob " + oidA + " -5\ta\x00":    "malformed size",
		"100644 blob nothex 5\ta\x00":           "malformed entry",
		"100644 blob " + oidA + " 5 a.yaml\x00": "malformed entry",
	} {
		if _, err := parseLsTree([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ls-tree %q: %v, want %q", in, err, want)
		}
	}
	for in, want := range map[string]string{
		oidA + " missing\n":        "is missing",
		oidA + " tree 3\nabc\n":    "is a tree, not a file",
		oidA + " blob 9\nabc\n":    "bad size",
		oidB + " blob 3\nabc\n":    "unexpected header",
		oidA + " blob 3\nabc\nxyz": "unexpected bytes",
		"":                         "output ends",
	} {
		if _, err := parseCatFileBatch([]byte(in), []string{oidA}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("cat-file %q: %v, want %q", in, err, want)
		}
	}
}
