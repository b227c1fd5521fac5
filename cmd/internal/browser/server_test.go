package browser

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"rustykg/cmd/internal/proc"
)

var update = flag.Bool("update", false, "rewrite the README's pictures in docs/pictures")

// binDir holds the rustykg and rustykg-render binaries built for this run
// (once, on first use), removed by TestMain.
var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// rustykg returns the path of a rustykg binary built from this tree, with
// rustykg-render beside it as the README's build command leaves them.
func rustykg(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "rustykg-browser-")
		if buildErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		var res proc.Result
		res, buildErr = proc.Run(ctx, proc.Spec{
			Path: goTool(),
			Args: []string{"build", "-o", binDir + string(filepath.Separator), "rustykg/cmd/rustykg", "rustykg/cmd/rustykg-render"},
		})
		if buildErr != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", buildErr, res.Stderr)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(binDir, "rustykg")
}

// goTool is the go command running these tests.
func goTool() string {
	if root := os.Getenv("GOROOT"); root != "" {
		if p := filepath.Join(root, "bin", "go"); fileExists(p) {
			return p
		}
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// server is a running `rustykg serve`.
type server struct {
	URL string // http://127.0.0.1:PORT, no trailing slash
	PID int
}

// firstLine is a proc.Tee that hands over the child's first output line.
type firstLine struct {
	mu   sync.Mutex
	buf  []byte
	done bool
	line chan string
}

func (f *firstLine) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done {
		return len(p), nil
	}
	f.buf = append(f.buf, p...)
	if i := bytes.IndexByte(f.buf, '\n'); i >= 0 {
		f.done = true
		f.line <- string(f.buf[:i])
	}
	return len(p), nil
}

// serve starts `rustykg serve --addr 127.0.0.1:0` with the extra
// arguments, reads the address from its first line of output and stops
// it (SIGTERM, then the context's kill) when the test ends. A server that
// does not exit 130 within 10 s of SIGTERM fails the test.
func serve(t testing.TB, args ...string) *server {
	t.Helper()
	bin := rustykg(t)
	ctx, cancel := context.WithCancel(context.Background())
	tee := &firstLine{line: make(chan string, 1)}
	type result struct {
		res proc.Result
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := proc.Run(ctx, proc.Spec{
			Path:      bin,
			Args:      append([]string{"serve", "--addr", "127.0.0.1:0"}, args...),
			Tee:       tee,
			MaxStdout: 1 << 20,
		})
		done <- result{res, err}
	}()
	var line string
	select {
	case line = <-tee.line:
	case r := <-done:
		cancel()
		t.Fatalf("rustykg serve %s ended before printing its address: %v\n%s%s", strings.Join(args, " "), r.err, r.res.Stdout, r.res.Stderr)
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatal("rustykg serve printed no address in 60 s")
	}
	url := ""
	for _, f := range strings.Fields(line) {
		if strings.HasPrefix(f, "http://127.0.0.1:") {
			url = strings.TrimRight(f, "/.,")
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("rustykg serve's first line names no http://127.0.0.1: address: %q", line)
	}
	pid, err := childPID(bin)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		defer cancel()
		syscall.Kill(pid, syscall.SIGTERM)
		select {
		case r := <-done:
			// A signal's end is exit 130, as for every command.
			if r.res.ExitCode != 130 {
				t.Errorf("rustykg serve after SIGTERM: exit %d (%v), want 130\n%s", r.res.ExitCode, r.err, r.res.Stderr)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("rustykg serve still running 10 s after SIGTERM")
		}
	})
	return &server{URL: url, PID: pid}
}

// claimed are the PIDs childPID has handed out, so two servers started
// one after the other are never taken for each other.
var (
	claimedMu sync.Mutex
	claimed   = map[int]bool{}
)

// childPID finds this process's child running the program bin that no
// earlier call returned (the server proc.Run started; proc does not expose
// its PID).
func childPID(bin string) (int, error) {
	claimedMu.Lock()
	defer claimedMu.Unlock()
	tasks, err := filepath.Glob("/proc/self/task/*/children")
	if err != nil || len(tasks) == 0 {
		return 0, fmt.Errorf("read /proc/self/task: %v", err)
	}
	want, err := filepath.EvalSymlinks(bin)
	if err != nil {
		return 0, err
	}
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, s := range strings.Fields(string(b)) {
			pid, _ := strconv.Atoi(s)
			if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err == nil && exe == want && !claimed[pid] {
				claimed[pid] = true
				return pid, nil
			}
		}
	}
	return 0, fmt.Errorf("no child process runs %s", bin)
}

// rss is the resident memory of process pid, in bytes (VmRSS).
func rss(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) == 2 && f[1] == "kB" {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				return kb << 10, err
			}
		}
	}
	return 0, fmt.Errorf("/proc/%d/status has no VmRSS", pid)
}

// cli runs the rustykg binary with args and returns its standard output.
func cli(t testing.TB, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := proc.Run(ctx, proc.Spec{Path: rustykg(t), Args: args, MaxStdout: 16 << 20})
	if err != nil {
		t.Fatalf("rustykg %s: %v\n%s", strings.Join(args, " "), err, res.Stderr)
	}
	return res.Stdout
}
