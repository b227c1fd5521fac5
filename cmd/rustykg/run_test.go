package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestMain runs the tests. The query command re-executes its own program
// as the query worker, which under go test is this test binary: called
// with the worker's command (or with RUSTYKG_TEST_MAIN=1, for tests that
// run rustykg as a whole process), it plays rustykg instead of running
// tests.
func TestMain(m *testing.M) {
	if slices.Contains(os.Args[1:], queryWorkerName) || os.Getenv("RUSTYKG_TEST_MAIN") == "1" {
		os.Exit(runMain())
	}
	os.Exit(m.Run())
}

// run runs the CLI in-process and returns stdout, stderr and the exit code.
func run(t testing.TB, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden file (run go test ./cmd/rustykg -update): %v", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update if intended)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// goldenCases reads testdata/cases.txt: one command line per line (split
// by shellWords), '#' comments.
func goldenCases(t *testing.T) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "cases.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cases = append(cases, shellWords(line))
	}
	return cases
}

func caseName(args []string) string {
	name := strings.Join(args, "_")
	name = strings.NewReplacer(" ", "-", "/", "-", ":", "-", "\"", "", "--", "").Replace(name)
	return name + ".golden"
}

// TestGolden runs every command line of testdata/cases.txt on the
// embedded data and compares stdout, stderr and the exit code with its
// golden file. Each case runs twice: output must be byte-identical.
func TestGolden(t *testing.T) {
	for _, args := range goldenCases(t) {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, errs, code := run(t, args...)
			out2, errs2, code2 := run(t, args...)
			if out != out2 || errs != errs2 || code != code2 {
				t.Fatalf("output differs between two runs")
			}
			golden(t, caseName(args), fmt.Sprintf("$ rustykg %s\n# exit %d\n# stderr:\n%s# stdout:\n%s", strings.Join(args, " "), code, errs, out))
		})
	}
}

// TestBrokenDataSets loads each folder of testdata/broken and compares the
// reported problems with its want.txt: the exit code is 3 and stdout is
// empty for every command (no partial results).
func TestBrokenDataSets(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "broken", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no broken data sets found")
	}
	for _, dir := range dirs {
		st, err := os.Stat(dir)
		if err != nil || !st.IsDir() {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			for _, cmd := range [][]string{{"check"}, {"tables"}, {"shared", "tock", "redleaf"}, {"kernels", "--format", "json"}} {
				args := append([]string{"--data", dir}, cmd...)
				out, errs, code := run(t, args...)
				if code != exitData {
					t.Errorf("%v: exit %d, want %d\nstderr: %s", cmd, code, exitData, errs)
				}
				if out != "" {
					t.Errorf("%v: printed output after a load error:\n%s", cmd, out)
				}
				if cmd[0] == "check" {
					golden(t, filepath.Join("broken", filepath.Base(dir)+".golden"), errs)
				}
			}
		})
	}
}
