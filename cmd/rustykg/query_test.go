package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// queryTool is the rustykg-query the tests run, built once (TestMain
// removes it).
var queryTool struct {
	once      sync.Once
	dir, path string
	err       error
}

// useQueryTool builds cmd/rustykg-query (once for the test binary) and
// points RUSTYKG_QUERY at it for tb, as buildRenderer does for
// rustykg-render.
func useQueryTool(tb testing.TB) {
	tb.Helper()
	queryTool.once.Do(func() {
		dir, err := os.MkdirTemp("", "rustykg-query-test")
		if err != nil {
			queryTool.err = err
			return
		}
		queryTool.dir = dir
		bin := filepath.Join(dir, queryToolName)
		if out, err := exec.Command("go", "build", "-o", bin, "rustykg/cmd/rustykg-query").CombinedOutput(); err != nil {
			queryTool.err = fmt.Errorf("build rustykg-query: %w\n%s", err, out)
			return
		}
		queryTool.path = bin
	})
	if queryTool.err != nil {
		tb.Fatal(queryTool.err)
	}
	tb.Setenv(queryToolEnv, queryTool.path)
}

// readmeExamples returns the console examples of README.md (blocks marked
// "console"): each "$ rustykg ..." line with the output that follows it.
func readmeExamples(t *testing.T) [][2]string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][2]string
	in := false
	var cmd string
	var body strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "```console":
			in, cmd = true, ""
			body.Reset()
		case in && line == "```":
			in = false
			if cmd != "" {
				out = append(out, [2]string{cmd, body.String()})
			}
		case in && strings.HasPrefix(line, "$ rustykg "):
			cmd = strings.TrimPrefix(line, "$ rustykg ")
		case in:
			body.WriteString(line + "\n")
		}
	}
	return out
}

// shellWords splits a documented command line: words on spaces, 'single'
// or "double" quotes group (as a shell does; no escapes inside).
func shellWords(s string) []string {
	var out []string
	var cur strings.Builder
	var inQ rune
	has := false
	for _, r := range s {
		switch {
		case inQ == 0 && (r == '\'' || r == '"'):
			inQ, has = r, true
		case inQ != 0 && r == inQ:
			inQ = 0
		case r == ' ' && inQ == 0:
			if has {
				out = append(out, cur.String())
				cur.Reset()
				has = false
			}
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	if has {
		out = append(out, cur.String())
	}
	return out
}

// TestReadmeExamples runs the console examples of the README (the worked
// Gizmo examples among them) and checks they print what the README shows.
func TestReadmeExamples(t *testing.T) {
	useQueryTool(t)
	ex := readmeExamples(t)
	if len(ex) < 5 {
		t.Fatalf("%d console examples in the README, want at least 5", len(ex))
	}
	for _, e := range ex {
		t.Run(e[0], func(t *testing.T) {
			out, errs, code := run(t, shellWords(e[0])...)
			if code != 0 || errs != "" {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			if out != e[1] {
				t.Errorf("output differs from the README\n--- got ---\n%s--- README ---\n%s", out, e[1])
			}
		})
	}
}

func TestQueryBounds(t *testing.T) {
	useQueryTool(t)
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"query", "--timeout", "200ms", "while(true){}"}, exitBounds, "query timed out: stopped after 200ms (raise --timeout)"},
		{[]string{"query", "for (var i = 0; i < 1000000; i++) g.Emit(i)"}, exitBounds, "more than 1000 results"},
		{[]string{"query", "--limit", "3", "g.V().All()"}, exitBounds, "more than 3 results"},
		{[]string{"query", "g.V("}, exitUsage, "query syntax error"},
		{[]string{"query", "g.V().Nope()"}, exitUsage, "query failed"},
		{[]string{"query", "--lang", "sparql", "SELECT"}, exitUsage, "unknown query language"},
		{[]string{"query", "--limit", "0", "g.V()"}, exitUsage, "--limit must be positive"},
		{[]string{"query", " "}, exitUsage, "empty query"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out, errs, code := run(t, c.args...)
			if code != c.code || !strings.Contains(errs, c.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errs, c.code, c.msg)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing on an error", out)
			}
		})
	}
}

func TestQueryFormats(t *testing.T) {
	useQueryTool(t)
	const tagged = `g.V("<kernel:tock>").Tag("k").Out("<rkg:faces>").Tag("c").All()`
	out, _, code := run(t, "query", tagged)
	if code != 0 || !strings.HasPrefix(out, "ID ") {
		t.Errorf("tagged query, default format: exit %d, want a table:\n%s", code, out)
	}
	out, _, _ = run(t, "query", "--format", "json", tagged)
	if !strings.HasPrefix(out, `{"c":"<challenge:binary-size>"`) {
		t.Errorf("--format json: want JSON lines, got\n%s", out)
	}
	out, _, _ = run(t, "query", "--format", "table", `g.V("<kernel:tock>").All()`)
	if out != "VALUE\n{\"id\":\"<kernel:tock>\"}\n" {
		t.Errorf("--format table on values: got\n%s", out)
	}
	out, _, _ = run(t, "query", "--bibtex", `g.V("<kernel:tock>").In("<rkg:examines>").All()`)
	if !strings.Contains(out, "@") {
		t.Errorf("--bibtex: want BibTeX entries, got\n%s", out)
	}
}

// TestQueryStdin reads the query from standard input with "-".
func TestQueryStdin(t *testing.T) {
	useQueryTool(t)
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, format: "table"}
	defer e.close()
	c := queryCmd(e)
	c.SetIn(strings.NewReader(`g.V("<kernel:tock>").Out("<rkg:faces>").All()` + "\n"))
	c.SetArgs([]string{"-"})
	c.SetOut(&out)
	c.SetErr(&errb)
	if err := c.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	if out.String() != "{\"id\":\"<challenge:binary-size>\"}\n{\"id\":\"<challenge:verification-effort>\"}\n" {
		t.Errorf("got %q", out.String())
	}
}

// TestQueryCrashIsolated: a query that makes Cayley panic inside its own
// goroutine (uncatchable in-process) fails cleanly with exit 2, because
// it runs in a separate process, rustykg-query.
func TestQueryCrashIsolated(t *testing.T) {
	useQueryTool(t)
	for _, q := range []string{`g.V().Has("").Count()`, `g.V().Has("").All()`} {
		out, errs, code := run(t, "query", q)
		if code != exitUsage || out != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", q, code, out, errs)
		}
		if !strings.Contains(errs, "query failed: Cayley's query engine crashed on this query (empty has)") {
			t.Errorf("%s: stderr %q", q, errs)
		}
	}
	// The process that ran the crashing query is gone; this one still works.
	if out, errs, code := run(t, "query", `g.V("<kernel:tock>").Out("<rkg:faces>").All()`); code != 0 || !strings.Contains(out, "binary-size") {
		t.Errorf("after a crash: exit %d, %q, %q", code, out, errs)
	}
}

// FuzzQuery runs raw Gizmo queries through the CLI (so in
// rustykg-query): whatever the query, rustykg answers or fails with a query
// error (exit 2 or 5), never crashes, and prints nothing on failure.
func FuzzQuery(f *testing.F) {
	useQueryTool(f)
	for _, s := range []string{
		`g.V().All()`, `g.V().Has("").Count()`, `while(true){}`, `g.V(`, `throw 1`,
		`g.V("<kernel:tock>").Out("<rkg:faces>").Tag("c").All()`, `g.V().Out(g.V()).All()`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if strings.TrimSpace(q) == "" {
			return
		}
		out, errs, code := run(t, "query", "--timeout", "200ms", "--limit", "50", "--", q)
		switch code {
		case exitOK:
		case exitUsage, exitBounds:
			if out != "" {
				t.Fatalf("exit %d with output %q", code, out)
			}
		default:
			t.Fatalf("query %q: exit %d, stderr %q", q, code, errs)
		}
	})
}

// TestQueryToolMissing: without rustykg-query, query fails with exit 1 and
// says how to install it; other commands do not need it.
func TestQueryToolMissing(t *testing.T) {
	t.Setenv(queryToolEnv, "")
	t.Setenv("PATH", t.TempDir())
	out, errs, code := run(t, "query", `g.V().All()`)
	want := "rustykg-query not found; install it with: go install rustykg/cmd/... (or set RUSTYKG_QUERY to its path)"
	if code != exitError || out != "" || !strings.Contains(errs, want) {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errs, exitError, want)
	}
	t.Setenv(queryToolEnv, filepath.Join(t.TempDir(), "nope"))
	if _, errs, code := run(t, "query", `g.V().All()`); code != exitError || !strings.Contains(errs, "RUSTYKG_QUERY=") {
		t.Errorf("RUSTYKG_QUERY at a missing file: exit %d, stderr %q", code, errs)
	}
	if _, errs, code := run(t, "kernels"); code != 0 {
		t.Errorf("kernels without rustykg-query: exit %d, %s", code, errs)
	}
}

// TestQueryData: --data reaches rustykg-query, which queries that data
// set (two kernels in testdata/minimal, not the built-in dozens).
func TestQueryData(t *testing.T) {
	useQueryTool(t)
	out, errs, code := run(t, "--data", filepath.Join("testdata", "minimal"), "query", `g.V().Has("<rdf:type>", "<rkg:Kernel>").All()`)
	if want := "{\"id\":\"<kernel:redleaf>\"}\n{\"id\":\"<kernel:tock>\"}\n"; code != 0 || out != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want %q", code, out, errs, want)
	}
}
