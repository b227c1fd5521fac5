package loaders

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"rustykg/data"
	"rustykg/graph"
)

// Good files parse without problems; their entries are compared with the
// golden NAME.json next to them (go test ./loaders -run BibTeX -update
// rewrites those).
func TestParseBibTeXGood(t *testing.T) {
	files, err := filepath.Glob("testdata/bibtex/good/*.bib")
	if err != nil || len(files) == 0 {
		t.Fatalf("no good files: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			entries, probs := ParseBibTeX(name, src)
			for _, p := range probs {
				t.Errorf("unexpected problem: %s", p)
			}
			if entries == nil {
				entries = []BibEntry{}
			}
			got, err := json.MarshalIndent(entries, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(file, ".bib") + ".json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("entries differ from %s (run with -update and review the diff):\n%s", golden, got)
			}
		})
	}
}

// Bad files come with NAME.want: the exact problems, one per line, then a
// line "entries:" with the keys of the entries still returned.
func TestParseBibTeXBad(t *testing.T) {
	files, err := filepath.Glob("testdata/bibtex/bad/*.bib")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad files: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			entries, probs := ParseBibTeX(name, src)
			if len(probs) == 0 {
				t.Errorf("no problems found")
			}
			var b strings.Builder
			for _, p := range probs {
				b.WriteString(p.String() + "\n")
			}
			b.WriteString("entries:")
			for _, e := range entries {
				b.WriteString(" " + e.Key)
			}
			b.WriteString("\n")
			got := b.String()
			want := strings.TrimSuffix(file, ".bib") + ".want"
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			w, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(w) {
				t.Errorf("got:\n%swant:\n%s", got, w)
			}
		})
	}
}

// The shipped bibliography must be valid.
func TestParseBibTeXShippedData(t *testing.T) {
	src, err := os.ReadFile("../data/studies.bib")
	if err != nil {
		t.Skip(err)
	}
	entries, probs := ParseBibTeX("studies.bib", src)
	if len(probs) > 0 {
		t.Error(probs)
	}
	if len(entries) == 0 {
		t.Error("no entries")
	}
}

func TestParseBibTeXValues(t *testing.T) {
	for _, c := range []struct {
		field, value string // value as written after "field = "
		want, raw    string
	}{
		{"title", `{Rust}`, "Rust", "Rust"},
		{"title", `"{Rust} in the {Linux} kernel"`, "Rust in the Linux kernel", "{Rust} in the {Linux} kernel"},
		{"title", `{a {nested {deep}} b}`, "a nested deep b", "a {nested {deep}} b"},
		{"title", `"a {"} b"`, `a " b`, `a {"} b`},
		{"year", `2022`, "2022", "2022"},
		{"year", `{2022}`, "2022", "2022"},
		{"month", `jan`, "January", "January"},
		{"month", `DEC`, "December", "December"},
		{"note", `"a" # {b} # 3 # jan # " " # mac`, "ab3January Mac", "ab3January {M}ac"},
		{"title", "{ two\n\t lines \r\n  here }", "two lines here", " two\n\t lines \r\n  here "},
		{"title", `{}`, "", ""},
		{"title", `""`, "", ""},
		{"pages", `{121--132}`, "121-132", "121--132"},
		{"pages", `"1---2"`, "1-2", "1---2"},
		{"pages", `{5\textendash 6}`, "5-6", `5\textendash 6`},
		{"pages", `{e1234}`, "e1234", "e1234"},
		{"title", `{a--b---c----d}`, "a–b—c----d", "a--b---c----d"},
		// accents, all spellings
		{"author", `{\"{o} {\"o} \"o \" o}`, "ö ö ö ö", `\"{o} {\"o} \"o \" o`},
		{"author", "{\\'e \\'{e} \\`e \\^e \\~n \\=a \\.z \\u{g} \\v{s} \\v s \\H{o} \\c{c} \\c c \\k{a} \\r{a} \\d{a} \\b{b}}", "é é è ê ñ ā ż ğ š š ő ç ç ą å ạ ḇ", ""},
		{"author", `{\'{\i} \^\i \"{\i} \v{\j}}`, "í îï ǰ", ""}, // TeX eats the space after \\i
		{"author", `{\'E \"{A} \v{S} \c{C}}`, "É Ä Š Ç", ""},
		// NFC composes what Unicode has as one character (ø + acute = ǿ) and
		// leaves the rest as letter and combining mark.
		{"author", `{\"q \'{\o} \t{oo}}`, "q\u0308 \u01ff o\u0361o", ""},
		{"author", `{\"{} \'{} \~{}}`, "¨ ´ ~", ""},
		// letters and escapes
		{"title", `{\ss \o \O \aa \AA \ae \AE \oe \OE \l \L \i \j}`, "ßøØåÅæÆœŒłŁıȷ", ""},
		{"title", `{Stra\ss e, Stra{\ss}e, Stra\ss{}e}`, "Straße, Straße, Straße", ""},
		{"title", `{\& \% \$ \_ \# \{ \}}`, "& % $ _ # { }", ""},
		{"title", `{A~B \textendash{} C \textemdash{} D \ldots}`, "A B – C — D …", ""},
		{"title", "{``quoted'' and 'single'}", "“quoted” and 'single'", ""},
		{"title", `{\emph{x} \textbf{\textit{y}} \mbox {z} \unknown w}`, `x y z \unknown w`, ""},
		{"title", `{\LaTeX{} and {\TeX} and \BibTeX\ rock}`, "LaTeX and TeX and BibTeX rock", ""},
		{"title", `{$O(n \log n)$ and $\alpha$-$\Omega$}`, `O(n \log n) and α-Ω`, ""},
		{"title", `{a\\b a\,b a\ b a\-b x\{y\}}`, "a b a b a b ab x{y}", ""},
		{"title", `{trailing\}`, "trailing", `trailing\`}, // BibTeX counts \} as a brace
		// verbatim fields
		{"url", `{https://example.org/~user/a--b\_c%20d}`, "https://example.org/~user/a--b_c%20d", `https://example.org/~user/a--b\_c%20d`},
		{"doi", `"10.1000/{x}--y"`, "10.1000/x--y", "10.1000/{x}--y"},
	} {
		src := "@string{mac = \"{M}ac\"}\n@misc{k, " + c.field + " = " + c.value + "}\n"
		entries, probs := ParseBibTeX("v.bib", []byte(src))
		if len(probs) > 0 || len(entries) != 1 || len(entries[0].Fields) != 1 {
			t.Errorf("%s = %s: %v %v", c.field, c.value, entries, probs)
			continue
		}
		f := entries[0].Fields[0]
		if f.Value != c.want {
			t.Errorf("%s = %s: value %q, want %q", c.field, c.value, f.Value, c.want)
		}
		if c.raw != "" && f.Raw != c.raw {
			t.Errorf("%s = %s: raw %q, want %q", c.field, c.value, f.Raw, c.raw)
		}
	}
}

func TestAuthors(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Knuth, Donald E.", []string{"Donald E. Knuth"}},
		{"Donald E. Knuth", []string{"Donald E. Knuth"}},
		{"Panter, Shane K. and Eisty, Nasir U.", []string{"Shane K. Panter", "Nasir U. Eisty"}},
		{"A and B AND C\nand\tD", []string{"A", "B", "C", "D"}},
		{"Sandy Anderson and Andrea Band", []string{"Sandy Anderson", "Andrea Band"}},
		{"Smith, John and others", []string{"John Smith", "others"}},
		{"Smith, John and Others", []string{"John Smith", "others"}},
		{"{Barnes and Noble, Inc.} and Doe, J.", []string{"Barnes and Noble, Inc.", "J. Doe"}},
		{"van der Berg, Jan", []string{"Jan van der Berg"}},
		{"Ford, Jr., Henry", []string{"Henry Ford, Jr."}},
		{"G{\\\"o}del, Kurt and Erd\\H{o}s, Paul", []string{"Kurt Gödel", "Paul Erdős"}},
		{"  spaced ,  out  and and  x  ", []string{"out spaced", "x"}},
		{"Smith,", []string{"Smith"}},
		{"and", []string{"and"}},
	} {
		if got := Authors(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Authors(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestBibEntryField(t *testing.T) {
	entries, probs := ParseBibTeX("f.bib", []byte("@Misc{K, TiTle = {T}, empty = {}}"))
	if len(probs) > 0 || len(entries) != 1 {
		t.Fatal(entries, probs)
	}
	e := entries[0]
	if e.Type != "misc" || e.Key != "K" {
		t.Errorf("type %q key %q", e.Type, e.Key)
	}
	for _, c := range []struct {
		name, want string
		ok         bool
	}{
		{"title", "T", true}, {"Title", "T", true}, {"empty", "", true}, {"author", "", false},
	} {
		if v, ok := e.Field(c.name); v != c.want || ok != c.ok {
			t.Errorf("Field(%q) = %q, %v; want %q, %v", c.name, v, ok, c.want, c.ok)
		}
	}
}

// Columns count runes: "äöü" is three columns, not six.
func TestParseBibTeXPositions(t *testing.T) {
	src := "% äöü\n äöü @misc{k,\n\täöü = {x}, ö = {y}}\n@misc{k, x = {}}"
	entries, probs := ParseBibTeX("p.bib", []byte(src))
	if len(entries) != 2 {
		t.Fatal(entries, probs)
	}
	if got := entries[0].Pos; got != (Pos{"p.bib", 2, 6}) {
		t.Errorf("entry at %v", got)
	}
	if got := entries[0].Fields[0].Pos; got != (Pos{"p.bib", 3, 2}) {
		t.Errorf("field äöü at %v", got)
	}
	if got := entries[0].Fields[1].Pos; got != (Pos{"p.bib", 3, 13}) {
		t.Errorf("field ö at %v", got)
	}
	want := "p.bib:4:7: duplicate key k (first at line 2)"
	if len(probs) != 1 || probs[0].String() != want {
		t.Errorf("problems %v, want %s", probs, want)
	}
}

// Reading stops after maxBibProblems problems, with one more saying so.
func TestParseBibTeXTooManyProblems(t *testing.T) {
	src := strings.Repeat("@misc{k, f = x}\n", 2*maxBibProblems)
	entries, probs := ParseBibTeX("many.bib", []byte(src))
	if len(probs) != maxBibProblems+1 {
		t.Fatalf("%d problems", len(probs))
	}
	// entry n > 1 brings problems 2n-2 (undefined macro x) and 2n-1
	// (duplicate key): the 1001st is entry 501's duplicate key. The line
	// that says reading stopped comes last, after the problems it ends.
	want := fmt.Sprintf("many.bib:501:7: too many problems (over %d); stopped reading the file", maxBibProblems)
	if got := probs[len(probs)-1].String(); got != want {
		t.Errorf("problem %q, want %q", got, want)
	}
	if len(entries) != 501 {
		t.Errorf("%d entries", len(entries))
	}
}

// bibBenchInput is a generated file of n entries with the usual features.
func bibBenchInput(n int) []byte {
	var b strings.Builder
	b.WriteString("% generated\n@string{acm = \"{ACM}\"}\n@preamble{\"\\newcommand{\\noop}[1]{}\"}\n\n")
	for i := range n {
		fmt.Fprintf(&b, `@inproceedings{key%d,
  author    = {M{\"u}ller, J{\"o}rg and Erd\H{o}s, Paul and Smith, John and others},
  title     = {Entry %d: {Rust} in the \emph{Linux} Kernel -- a Study of Caf\'e Code},
  booktitle = "Proceedings of the %dth Workshop on " # acm # " Things",
  year      = %d,
  month     = jan,
  pages     = {%d--%d},
  publisher = acm,
  doi       = {10.1145/%d.%d},
  url       = {https://example.org/papers/%d},
  note      = {Some longer note text that spans
               two lines, with a \& and 50\%% of the usual noise.},
}

`, i, i, i%40, 1990+i%35, i, i+10, i, i*7, i)
	}
	return []byte(b.String())
}

func BenchmarkParseBibTeX(b *testing.B) {
	src := bibBenchInput(1000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		entries, probs := ParseBibTeX("bench.bib", src)
		if len(entries) != 1000 || len(probs) != 0 {
			b.Fatal(len(entries), probs)
		}
	}
}

// TestBibSkipCases loads each testdata/bibskip/NAME.bib as a bibliography
// given with the embedded data set, strictly and with SkipInvalid, and
// compares what happens (the problems, or the studies it adds and the
// warnings; what was skipped, one entry at a time) with NAME.golden (go
// test ./loaders -run BibSkipCases -update rewrites them).
func TestBibSkipCases(t *testing.T) {
	extraCases(t, "testdata/bibskip/*.bib", Bibliographies, func(t *testing.T, b *strings.Builder, base, ds *graph.Dataset) {
		before := map[string]bool{}
		for _, n := range base.Nodes {
			before[n.ID] = true
		}
		for _, n := range ds.Nodes {
			if !before[n.ID] {
				fmt.Fprintf(b, "  %s %q year=%s in_review=%v\n", n.ID, n.Name, n.Attr("year"), n.InReview)
			}
		}
		if len(ds.Claims) != len(base.Claims) {
			t.Errorf("%d claims, want the %d of the data set", len(ds.Claims), len(base.Claims))
		}
		for _, w := range ds.Warnings {
			fmt.Fprintf(b, "  warning %s\n", w)
		}
	})
}

// TestBibSkipFolder: in a data folder, --skip-invalid leaves out a .bib
// file's bad entries too. An entry no study names (strictly an error) is
// skipped and the rest loads; an entry a YAML study names is skipped as
// well, and the study then fails the load with a problem that says its
// entry was skipped, where and why.
func TestBibSkipFolder(t *testing.T) {
	folder := func(extra string) fstest.MapFS {
		m := fstest.MapFS{}
		err := fs.WalkDir(data.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			src, err := fs.ReadFile(data.FS, p)
			if p == "studies.bib" {
				src = append(src, extra...)
			}
			m[p] = &fstest.MapFile{Data: src}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	load := func(m fstest.MapFS) ([]string, error) {
		var skipped []string
		_, err := Load(m, "", SkipInvalid(func(s Skipped) {
			for _, p := range s.Problems {
				skipped = append(skipped, s.Kind+" "+p.String())
			}
		}))
		return skipped, err
	}
	orphan := folder("\n@misc{orphan2031, title = {No Study Names Me}, year = 2031}\n@misc{broken2031, title = {Broken}, year = 20x1}\n")
	if _, err := Load(orphan, ""); err == nil || !strings.Contains(err.Error(), "studies.bib:") {
		t.Fatalf("strict: %v", err)
	}
	skipped, err := load(orphan)
	src, _ := fs.ReadFile(data.FS, "studies.bib")
	line := bytes.Count(src, []byte("\n")) + 2 // the first line appended
	want := []string{
		fmt.Sprintf("BibTeX entry studies.bib:%d:1: orphan2031: BibTeX entry has no study in the YAML files (add `- id: study:orphan2031` to a studies section)", line),
		fmt.Sprintf("BibTeX entry studies.bib:%d:44: broken2031.year: bare value 20x1 is neither a number nor a macro name (put it in braces)", line+1),
	}
	if err != nil || !reflect.DeepEqual(skipped, want) {
		t.Errorf("orphans: %v\nskipped:\n%s\nwant:\n%s", err, strings.Join(skipped, "\n"), strings.Join(want, "\n"))
	}
	// ayers2022tighten's entry, broken by a second year field, is skipped;
	// its study then has no entry: an error naming the study and the entry.
	m := folder("")
	m["studies.bib"] = &fstest.MapFile{Data: bytes.Replace(src, []byte("@inproceedings{ayers2022tighten,"), []byte("@inproceedings{ayers2022tighten,\n  year = 2022,"), 1)}
	skipped, err = load(m)
	if len(skipped) != 1 || !strings.Contains(skipped[0], "studies.bib:") || !strings.Contains(skipped[0], "ayers2022tighten.year: duplicate field") ||
		err == nil || !strings.Contains(err.Error(), "studies.yaml:6:9: studies[0].id: its BibTeX entry ayers2022tighten (studies.bib:32:1) was skipped as invalid (--skip-invalid); fix the entry") {
		t.Errorf("skipped %q\nerr %v", skipped, err)
	}
}
