package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"rustykg/cmd/internal/proc"
	"rustykg/queries"
	"rustykg/queries/rawquery"
)

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
	ex := readmeExamples(t)
	// As a reader runs them: from the repository's top (paths in the
	// examples are relative to it).
	t.Chdir(filepath.Join("..", ".."))
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
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"query", "--timeout", "200ms", "while(true){}"}, exitBounds, "query timed out: stopped after 200ms"},
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
// it runs in the query worker, a child process.
func TestQueryCrashIsolated(t *testing.T) {
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
// the query worker): whatever the query, rustykg answers or fails with a query
// error (exit 2 or 5), never crashes, and prints nothing on failure.
func FuzzQuery(f *testing.F) {
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

// TestQueryData: --data reaches the query worker, which queries that data
// set (two kernels in testdata/minimal, not the built-in dozens).
func TestQueryData(t *testing.T) {
	out, errs, code := run(t, "--data", filepath.Join("testdata", "minimal"), "query", `g.V().Has("<rdf:type>", "<rkg:Kernel>").All()`)
	if want := "{\"id\":\"<kernel:redleaf>\"}\n{\"id\":\"<kernel:tock>\"}\n"; code != 0 || out != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want %q", code, out, errs, want)
	}
}

// TestQueryHostile runs the raw queries of testdata/query-hostile.txt,
// which try to exhaust time, memory or output (issue 7, class 4): each
// ends with its exit code and a one-line message naming the bound's flag,
// prints nothing, shows no Go trace and ends near its deadline.
func TestQueryHostile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "query-hostile.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, " | ", 3)
		if len(f) != 3 {
			t.Fatalf("query-hostile.txt:%d: want EXIT | MESSAGE | COMMAND", i+1)
		}
		head := strings.Fields(f[0])
		want, err := strconv.Atoi(head[0])
		if err != nil || len(head) > 2 || len(head) == 2 && head[1] != "long" {
			t.Fatalf("query-hostile.txt:%d: want EXIT [long], got %q", i+1, f[0])
		}
		args := shellWords(f[2])
		t.Run(fmt.Sprintf("line%d", i+1), func(t *testing.T) {
			if len(head) == 2 {
				skipUnlessLong(t)
			}
			if runtime.GOOS != "linux" && strings.Contains(f[1], "--max-memory") {
				t.Skip("the memory cap is a hard limit only on Linux (RLIMIT_DATA)")
			}
			start := time.Now()
			out, errs, code := run(t, args...)
			took := time.Since(start)
			if code != want || !strings.Contains(errs, f[1]) {
				t.Errorf("%s\nexit %d, stderr %q; want exit %d and %q", f[2], code, errs, want, f[1])
			}
			if out != "" {
				t.Errorf("%s\n%d bytes on stdout, want none", f[2], len(out))
			}
			if strings.Count(errs, "\n") != 1 || strings.Contains(errs, "goroutine ") {
				t.Errorf("%s\nstderr is not one line: %.3000q", f[2], errs)
			}
			if code == exitBounds && !strings.Contains(errs, "(raise --") {
				t.Errorf("%s\nthe message does not name the flag to raise: %q", f[2], errs)
			}
			if limit := 20*time.Second + 5*time.Second; took > limit {
				t.Errorf("%s\ntook %s", f[2], took)
			}
		})
	}
}

// TestQuerySignals runs rustykg query as a process of its own (this test
// binary playing rustykg) on an endless query, then signals it: SIGINT and
// SIGTERM end it promptly with exit code 130, SIGKILL ends it at once, and
// in every case the query worker dies with it and no temporary file stays
// behind (issue 7, class 5).
func TestQuerySignals(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc to find the query worker")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			tmp := t.TempDir()
			cmd := exec.Command(self, "query", "--timeout", "60s", "while (true) {}")
			cmd.Env = append(os.Environ(), "RUSTYKG_TEST_MAIN=1", "TMPDIR="+tmp)
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			worker := 0
			for i := 0; i < 500 && worker == 0; i++ {
				time.Sleep(10 * time.Millisecond)
				worker = childOf(cmd.Process.Pid)
			}
			if worker == 0 {
				t.Fatalf("no query worker started; stderr %q", errb.String())
			}
			time.Sleep(200 * time.Millisecond) // let it load and loop
			start := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("rustykg ended %s after %s", took, sig)
			}
			code := cmd.ProcessState.ExitCode()
			if sig != syscall.SIGKILL && (code != exitInterrupted || !strings.Contains(errb.String(), "query interrupted")) {
				t.Errorf("exit %d, stderr %q; want exit %d, query interrupted", code, errb.String(), exitInterrupted)
			}
			if out.Len() != 0 {
				t.Errorf("stdout %q", out.String())
			}
			for i := 0; alive(worker); i++ {
				if i == 150 {
					t.Fatalf("query worker %d still running 3s after rustykg got %s", worker, sig)
				}
				time.Sleep(20 * time.Millisecond)
			}
			if left, _ := os.ReadDir(tmp); len(left) != 0 {
				t.Errorf("left in TMPDIR: %v", left)
			}
		})
	}
}

// alive tells whether process pid runs (a zombie does not count).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the command name in parentheses.
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}

// childOf returns the PID of a child process of pid, or 0.
func childOf(pid int) int {
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	for _, task := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, task.Name()))
		if err != nil {
			continue
		}
		if f := strings.Fields(string(b)); len(f) > 0 {
			n, _ := strconv.Atoi(f[0])
			return n
		}
	}
	return 0
}

// TestWorkerFailure: how a query worker that did not answer is reported,
// one line each, for the ways it can end.
func TestWorkerFailure(t *testing.T) {
	req := queries.RawRequest{RawOptions: queries.RawOptions{Timeout: 10 * time.Second, MaxBytes: 4 << 20}, MaxMemory: 1 << 30}
	killed := func(cause error) error { return fmt.Errorf("worker: %w: %w", proc.ErrKilled, cause) }
	exited := errors.New("exit status 2")
	trace := "\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:1 +0x1\n"
	for _, c := range []struct {
		name   string
		err    error
		stderr string
		code   int
		want   string
		exit   int
	}{
		{"deadline while loading", killed(context.DeadlineExceeded), "", -1,
			"query timed out: stopped after 10s while loading the data set (raise --timeout)", exitBounds},
		{"deadline while querying", killed(context.DeadlineExceeded), rawquery.LoadedLine + "\n", -1,
			"query timed out: stopped after 10s (raise --timeout)", exitBounds},
		{"interrupted", killed(context.Canceled), rawquery.LoadedLine + "\n", -1,
			"query interrupted: context canceled", exitInterrupted},
		{"output flood", fmt.Errorf("worker: %w: more than 9 bytes", proc.ErrOutputLimit), "", -1,
			"query output too large: the answer is over 4MiB (raise --max-bytes)", exitBounds},
		{"heap past the cap", exited, rawquery.LoadedLine + "\nfatal error: runtime: out of memory" + trace, 2,
			"query out of memory: the query process needed more than 1GiB of memory (raise --max-memory)", exitBounds},
		{"persistent alloc past the cap", exited, "fatal error: runtime: cannot allocate memory" + trace, 2,
			"(raise --max-memory)", exitBounds},
		{"thread stack past the cap", exited, "runtime/cgo: pthread_create failed: Resource temporarily unavailable\nSIGABRT: abort" + trace, 2,
			"(raise --max-memory)", exitBounds},
		{"engine panic", exited, rawquery.LoadedLine + "\npanic: empty has [recovered, repanicked]\n\ngoroutine 11 [running]:\n" +
			"github.com/cayleygraph/cayley/query/shape.HasLabels(...)\n\t/m/path.go:210 +0x3b0\n", 2,
			"query failed: Cayley's query engine crashed on this query (empty has)", exitUsage},
		{"rustykg panic", exited, "panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\n" +
			"rustykg/loaders.readYAML(...)\n\t/r/yaml.go:1 +0x1\ngithub.com/cayleygraph/cayley/graph.X()\n\t/m/x.go:1\n", 2,
			"query: the query worker crashed (panic: runtime error: index out of range [3] with length 3): a bug in rustykg", exitError},
		{"data set error", exited, "rustykg: 2 problem(s) in data set:\n  a.yaml:1:1: x\n  a.yaml:2:1: y\n", 3,
			"2 problem(s) in data set:\n  a.yaml:1:1: x\n  a.yaml:2:1: y", exitData},
		{"other crash", exited, "fatal error: concurrent map writes" + trace, 2,
			"query: the query worker failed (exit status 2): fatal error: concurrent map writes", exitError},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := workerFailure(c.err, proc.Result{Stderr: []byte(c.stderr), ExitCode: c.code}, req)
			if !strings.Contains(err.Error(), c.want) || exitCode(err) != c.exit {
				t.Errorf("%q (exit %d), want %q (exit %d)", err, exitCode(err), c.want, c.exit)
			}
			if c.exit != exitData && strings.Contains(err.Error(), "\n") {
				t.Errorf("more than one line: %q", err)
			}
		})
	}
}
