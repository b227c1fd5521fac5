package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// expectCase is one block of testdata/expect.txt: a command line and the
// checks on its output.
type expectCase struct {
	line   int
	args   []string
	checks []string
}

func readExpect(t *testing.T) []expectCase {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "expect.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []expectCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case line == "$ rustykg" || strings.HasPrefix(line, "$ rustykg "):
			cases = append(cases, expectCase{line: n, args: shellWords(strings.TrimPrefix(line, "$ rustykg"))})
		case len(cases) == 0:
			t.Fatalf("expect.txt:%d: a check before any command", n)
		default:
			c := &cases[len(cases)-1]
			c.checks = append(c.checks, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestExpectations runs testdata/expect.txt: specific rows and fields,
// each checked by hand against data/.
func TestExpectations(t *testing.T) {
	cases := readExpect(t)
	if len(cases) < 10 {
		t.Fatalf("only %d cases read", len(cases))
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d", c.line), func(t *testing.T) {
			out, errs, code := run(t, c.args...)
			for _, chk := range c.checks {
				if err := expectCheck(chk, out, errs, code); err != nil {
					t.Errorf("expect.txt:%d: rustykg %s: %s: %v\nstdout:\n%s\nstderr:\n%s", c.line, strings.Join(c.args, " "), chk, err, out, errs)
				}
			}
		})
	}
}

func expectCheck(chk, out, errs string, code int) error {
	verb, arg, _ := strings.Cut(chk, " ")
	switch verb {
	case "exit":
		want, err := strconv.Atoi(arg)
		if err != nil {
			return err
		}
		if code != want {
			return fmt.Errorf("exit %d", code)
		}
	case "stdout", "stderr":
		text := out
		if verb == "stderr" {
			text = errs
		}
		if s, ok := strings.CutPrefix(arg, "has: "); ok && !strings.Contains(text, s) {
			return fmt.Errorf("missing")
		} else if s, ok := strings.CutPrefix(arg, "lacks: "); ok && strings.Contains(text, s) {
			return fmt.Errorf("present")
		} else if !strings.HasPrefix(arg, "has: ") && !strings.HasPrefix(arg, "lacks: ") {
			return fmt.Errorf("unknown check")
		}
	case "rows":
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			return err
		}
		if want, _ := strconv.Atoi(arg); len(recs)-1 != want {
			return fmt.Errorf("%d rows", len(recs)-1)
		}
	case "row":
		return expectRow(arg, out)
	case "completes:":
		got, _ := completions(out)
		if strings.Join(got, ", ") != arg {
			return fmt.Errorf("completes %s", strings.Join(got, ", "))
		}
	case "directive":
		_, d := completions(out)
		if d != arg {
			return fmt.Errorf("directive %s", d)
		}
	default:
		return fmt.Errorf("unknown check")
	}
	return nil
}

// expectRow checks "K=V; K=V | COLUMN = VALUE" against CSV output.
func expectRow(spec, out string) error {
	sel, want, ok := strings.Cut(spec, " | ")
	if !ok {
		return fmt.Errorf("no ' | '")
	}
	col, val, ok := strings.Cut(want, " = ")
	if !ok {
		return fmt.Errorf("no ' = '")
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return fmt.Errorf("no CSV")
	}
	index := map[string]int{}
	for i, h := range recs[0] {
		index[h] = i
	}
	type cond struct {
		col int
		val string
	}
	var conds []cond
	for _, kv := range strings.Split(sel, "; ") {
		k, v, _ := strings.Cut(kv, "=")
		i, ok := index[k]
		if !ok {
			return fmt.Errorf("no column %q", k)
		}
		conds = append(conds, cond{i, v})
	}
	ci, ok := index[col]
	if !ok {
		return fmt.Errorf("no column %q", col)
	}
	var found [][]string
	for _, r := range recs[1:] {
		match := true
		for _, c := range conds {
			match = match && r[c.col] == c.val
		}
		if match {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		return fmt.Errorf("%d rows match", len(found))
	}
	if got := found[0][ci]; got != val {
		return fmt.Errorf("%s is %q", col, got)
	}
	return nil
}

// completions splits the output of cobra's __complete entry point into the
// offered values (without descriptions) and the directive.
func completions(out string) ([]string, string) {
	var values []string
	directive := ""
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if d, ok := strings.CutPrefix(line, ":"); ok {
			directive = d
			continue
		}
		v, _, _ := strings.Cut(line, "\t")
		values = append(values, v)
	}
	return values, directive
}
