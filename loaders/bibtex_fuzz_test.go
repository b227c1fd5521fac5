package loaders

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseBibTeX checks that ParseBibTeX never panics and that what it
// returns is well-formed: problems sorted, every entry with a valid key,
// every position inside the input.
func FuzzParseBibTeX(f *testing.F) {
	files, _ := filepath.Glob("testdata/bibtex/*/*.bib")
	hostile, _ := filepath.Glob("testdata/hostile/*.bib")
	files = append(files, hostile...)
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add(bibBenchInput(2))
	for _, s := range []string{
		"", "@", "@@", "@a", "@a{", "@a{k", "@a{k,", "@a{k,f", "@a{k,f=", "@a{k,f={", `@a{k,f="`,
		"@string{", "@string{x=", "@comment", "@comment{", "@preamble{", "@a(k,f=1)", "\n@\n",
		`@a{k, f = {\"}}`, `@a{k, f = {\`, `@a{k, f = "\"`, "@a{k, f = x # # y}", "@a{k, f = 1 # {\n@b{",
		"\xff@a{k\xfe, f = {\xc3}}", "@a{k, f = {\\c}, g = {\\'{\\i}}, h = {\\v{}}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		const file = "fuzz.bib"
		entries, probs := ParseBibTeX(file, src)

		sorted := append(Problems(nil), probs...).Sort()
		if !reflect.DeepEqual(sorted, probs) {
			t.Errorf("problems not sorted or not deduplicated:\n%v", probs)
		}
		lines := bytes.Split(src, []byte("\n"))
		checkPos := func(what string, p Pos) {
			t.Helper()
			if p.File != file {
				t.Errorf("%s: file %q", what, p.File)
			}
			if p.Line < 1 || p.Line > len(lines) {
				t.Fatalf("%s: line %d outside 1..%d", what, p.Line, len(lines))
			}
			if n := utf8.RuneCount(lines[p.Line-1]); p.Col < 1 || p.Col > n+1 {
				t.Errorf("%s: column %d outside 1..%d", what, p.Col, n+1)
			}
		}
		for _, p := range probs {
			checkPos("problem "+p.Msg, p.Pos)
			if p.Msg == "" {
				t.Errorf("problem without message at %v", p.Pos)
			}
		}
		for _, e := range entries {
			if e.Key == "" || strings.ContainsAny(e.Key, " \t\r\n,") {
				t.Errorf("entry at %v has key %q", e.Pos, e.Key)
			}
			if e.Type == "" || e.Type != strings.ToLower(e.Type) || e.Type == "comment" || e.Type == "string" || e.Type == "preamble" {
				t.Errorf("entry %q has type %q", e.Key, e.Type)
			}
			checkPos("entry "+e.Key, e.Pos)
			for _, fd := range e.Fields {
				checkPos("field "+fd.Name, fd.Pos)
				if fd.Name == "" || fd.Name != strings.ToLower(fd.Name) {
					t.Errorf("entry %q has field name %q", e.Key, fd.Name)
				}
				if !utf8.ValidString(fd.Value) || !utf8.ValidString(fd.Raw) {
					t.Errorf("field %s: invalid UTF-8 in %q / %q", fd.Name, fd.Value, fd.Raw)
				}
				if fd.Value != strings.TrimSpace(fd.Value) || strings.Contains(fd.Value, "  ") {
					t.Errorf("field %s: whitespace not collapsed in %q", fd.Name, fd.Value)
				}
			}
			if e.Pos.Line > 0 && len(e.Fields) > 0 && !posBefore(e.Pos, e.Fields[0].Pos) {
				t.Errorf("entry %q at %v after its first field at %v", e.Key, e.Pos, e.Fields[0].Pos)
			}
		}
		if len(probs) == 0 && !utf8.Valid(src) {
			t.Errorf("invalid UTF-8 not reported")
		}
		entries2, probs2 := ParseBibTeX(file, src)
		if !reflect.DeepEqual(entries, entries2) || !reflect.DeepEqual(probs, probs2) {
			t.Errorf("two parses of the same input differ")
		}
		for _, e := range entries {
			for _, fd := range e.Fields {
				if fd.Name == "author" || fd.Name == "editor" {
					for _, a := range Authors(fd.Raw) {
						if a == "" || a != strings.TrimSpace(a) {
							t.Errorf("Authors(%q) gave %q", fd.Raw, a)
						}
					}
				}
			}
		}
	})
}

func posBefore(a, b Pos) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
}
