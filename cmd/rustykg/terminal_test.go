package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestVisible(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Tock", "Tock"},
		{"Rust for Linux — 5.º", "Rust for Linux — 5.º"},
		{"\x1b]0;pwned\a", `\x1b]0;pwned\x07`},
		{"a\x1b[31mred\x1b[0m", `a\x1b[31mred\x1b[0m`},
		{"\x00\x7f", `\x00\x7f`},
		{"tab\there", `tab\x09here`},
		{"\u009b31m", `\u009b31m`},
		{"\xff\xfe", `\xff\xfe`},
		{"\u202ekcot\u202c", `\u202ekcot\u202c`},
		{"\u2066x\u2069\u200e\u200f\u061c", `\u2066x\u2069\u200e\u200f\u061c`},
		{"a\u2028b\u2029", `a\u2028b\u2029`},
		{`back\slash`, `back\slash`},
	} {
		if got := visible(c.in); got != c.want {
			t.Errorf("visible(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// hostileData is a data set whose names, aliases and descriptions hold
// terminal escapes, bidi controls, C1 controls and a formula.
const hostileData = "testdata/hostile"

// terminalSafe reports the first byte or rune of s that a terminal would
// obey rather than show: C0 controls other than newline, DEL, C1 controls,
// bidi controls, invalid UTF-8.
func terminalSafe(s string) (string, bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r < 0x20 && r != '\n') || r == 0x7f || (r == utf8.RuneError && size == 1) || unsafeRune(r) {
			return s[max(0, i-20):min(len(s), i+20)], false
		}
		i += size
	}
	return "", true
}

// TestHostileNamesTerminal: table and Markdown output of every command
// that prints names is free of control and bidi characters; the escapes
// show what is there.
func TestHostileNamesTerminal(t *testing.T) {
	for _, cmd := range [][]string{
		{"show", "tock"}, {"show", "redleaf"}, {"show", "challenge:panics"},
		{"kernels"}, {"challenges"}, {"studies"}, {"shared", "tock", "redleaf"},
		{"evidence", "tock", "panics"}, {"gaps"}, {"tables"}, {"matrix"}, {"neighbors", "tock"},
		{"path", "tock", "redleaf"}, {"similar", "tock"},
	} {
		for _, f := range []string{"table", "markdown"} {
			args := append([]string{"--data", hostileData, "--format", f}, cmd...)
			out, errs, code := run(t, args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errs)
			}
			if bad, ok := terminalSafe(out + errs); !ok {
				t.Errorf("%v: raw control character near %q", args, bad)
			}
		}
	}
	for _, cmd := range [][]string{{"studies", "--bibtex"}, {"show", "tock", "--bibtex"}, {"kernels", "--bibtex"}} {
		args := append([]string{"--data", hostileData}, cmd...)
		out, errs, _ := run(t, args...)
		if bad, ok := terminalSafe(strings.ReplaceAll(out+errs, "\t", " ")); !ok {
			t.Errorf("%v: raw control character near %q", args, bad)
		}
	}
	out, _, _ := run(t, "--data", hostileData, "studies", "--bibtex")
	if want := `title = {{Rust} binaries\x1b[8m are big\u202e}`; !strings.Contains(out, want) {
		t.Errorf("studies --bibtex: %q not shown; got\n%s", want, out)
	}
	out, _, _ = run(t, "--data", hostileData, "show", "tock")
	for _, want := range []string{`Tock\x1b]0;pwned\x07\x1b[2J`, `\u202ekcot\u202c`, `Tock\u009b31m`} {
		if !strings.Contains(out, want) {
			t.Errorf("show tock: %q not shown; got\n%s", want, out)
		}
	}
	out, _, _ = run(t, "--data", hostileData, "show", "redleaf")
	if want := `line one line two\x7f\x00`; !strings.Contains(out, want) {
		t.Errorf("show redleaf: %q not shown; got\n%s", want, out)
	}
}

// TestHostileNamesExact: JSON and CSV carry the data byte for byte.
func TestHostileNamesExact(t *testing.T) {
	const name = "Tock\x1b]0;pwned\a\x1b[2J"
	out, errs, code := run(t, "--data", hostileData, "show", "tock", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Node struct {
			Name    string   `json:"name"`
			Aliases []string `json:"aliases"`
		} `json:"node"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Node.Name != name {
		t.Errorf("JSON name = %q, want %q", res.Node.Name, name)
	}
	if len(res.Node.Aliases) != 2 || res.Node.Aliases[1] != "\u202ekcot\u202c" {
		t.Errorf("JSON aliases = %q", res.Node.Aliases)
	}
	out, errs, code = run(t, "--data", hostileData, "kernels", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range recs {
		for _, c := range r {
			found = found || c == name
		}
	}
	if !found {
		t.Errorf("CSV does not hold %q exactly:\n%q", name, out)
	}
}

// TestHostileArguments: arguments and flags echoed in error messages are
// escaped, and a huge argument is neither echoed in full nor slow.
func TestHostileArguments(t *testing.T) {
	huge := strings.Repeat("redox", 24*1024) // 120 KB
	for _, args := range [][]string{
		{"show", "\x1b]0;pwned\a"},
		{"show", "kernel:\u202eredox"},
		{"--\x1b[2J"},
		{"kernels", "--\x1b[2J"},
		{"nosuch\x1b[2Jcommand"},
		{"kernels", "--format", "\x1b[2J"},
		{"show", huge},
		{"shared", "tock", huge},
		{"query", huge + "\x1b[2J("},
	} {
		_, errs, code := run(t, args...)
		if code == 0 {
			t.Errorf("%.40q: exit 0", args)
		}
		if bad, ok := terminalSafe(errs); !ok {
			t.Errorf("%.40q: stderr holds a raw control character near %q", args, bad)
		}
		if len(errs) > 2*maxLine {
			t.Errorf("%.40q: stderr is %d bytes", args, len(errs))
		}
	}
}

// TestCSVSafe runs the cases of testdata/csv-guard.txt.
func TestCSVSafe(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "csv-guard.txt"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		in, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("csv-guard.txt:%d: no tab", i+1)
		}
		in, err = strconv.Unquote(`"` + strings.ReplaceAll(in, `"`, `\"`) + `"`)
		if err != nil {
			t.Fatalf("csv-guard.txt:%d: %v", i+1, err)
		}
		if want == "same" {
			want = in
		} else if want, err = strconv.Unquote(`"` + strings.ReplaceAll(want, `"`, `\"`) + `"`); err != nil {
			t.Fatalf("csv-guard.txt:%d: %v", i+1, err)
		}
		if got := csvSafe(in); got != want {
			t.Errorf("csv-guard.txt:%d: csvSafe(%q) = %q, want %q", i+1, in, got, want)
		}
		n++
	}
	if n < 20 {
		t.Fatalf("only %d cases read", n)
	}
}

// FuzzVisible: visible output is terminal-safe, and visible changes
// nothing in a string that already is.
func FuzzVisible(f *testing.F) {
	for _, s := range []string{"Tock", "\x1b]0;x\a", "\u202e", "\xff", "a\u0085b", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := visible(s)
		if bad, ok := terminalSafe(v); !ok || strings.Contains(v, "\n") {
			t.Errorf("visible(%q) = %q, unsafe near %q", s, v, bad)
		}
		if _, ok := terminalSafe(s); ok && !strings.Contains(s, "\n") && v != s {
			t.Errorf("visible(%q) = %q, changed a safe string", s, v)
		}
	})
}

// FuzzCSVSafe: a guarded cell is the cell with one quote in front, and a
// cell that starts with = or @ is always guarded.
func FuzzCSVSafe(f *testing.F) {
	for _, s := range []string{"-> follows", "=1+1", "-1", "+A1", " @x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g := csvSafe(s)
		if g != s && g != "'"+s {
			t.Errorf("csvSafe(%q) = %q", s, g)
		}
		if t0 := strings.TrimLeft(s, " "); t0 != "" && strings.ContainsRune("=@\t\r", rune(t0[0])) && g == s {
			t.Errorf("csvSafe(%q) left a formula", s)
		}
	})
}
