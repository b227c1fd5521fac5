package proc

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as the child: with PROC_TEST_MODE set, TestMain
// plays the part named there instead of running the tests.
func TestMain(m *testing.M) {
	switch os.Getenv("PROC_TEST_MODE") {
	case "":
		os.Exit(m.Run())
	case "flood": // writes without end
		b := make([]byte, 64<<10)
		for {
			if _, err := os.Stdout.Write(b); err != nil {
				os.Exit(3)
			}
		}
	case "hang-with-grandchild": // starts a sleeping grandchild, prints its PID (and writes it to $PROC_TEST_PIDFILE), hangs
		gc := exec.Command("sleep", "600")
		if err := gc.Start(); err != nil {
			os.Exit(4)
		}
		fmt.Println(gc.Process.Pid)
		os.Stdout.Sync()
		if f := os.Getenv("PROC_TEST_PIDFILE"); f != "" {
			os.WriteFile(f+".tmp", []byte(strconv.Itoa(gc.Process.Pid)), 0o600)
			os.Rename(f+".tmp", f)
		}
		time.Sleep(time.Hour)
	case "fail": // a message on stderr and exit 7
		fmt.Fprintln(os.Stderr, "first line\nthe real reason")
		os.Exit(7)
	case "echo": // stdin to stdout
		b, _ := bufio.NewReader(os.Stdin).ReadString(0)
		fmt.Print(b)
		os.Exit(0)
	case "parent": // runs a hanging child through Run, printing the child's PID
		os.Setenv("PROC_TEST_MODE", "hang-with-grandchild")
		exe, _ := os.Executable()
		_, _ = Run(context.Background(), Spec{Path: exe})
		os.Exit(0)
	}
	os.Exit(99)
}

func self(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

func alive(pid int) bool {
	// Signal 0 checks existence; a zombie still counts, so look at /proc too.
	if err := syscall.Kill(pid, 0); err != nil {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	f := strings.Fields(string(b))
	return len(f) > 2 && f[2] != "Z"
}

func waitGone(t *testing.T, pid int) {
	t.Helper()
	for i := 0; i < 500; i++ { // up to 10 s: the machine may be busy
		if !alive(pid) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("process %d is still running", pid)
}

func TestOutputCap(t *testing.T) {
	start := time.Now()
	res, err := Run(context.Background(), Spec{Path: self(t), Env: []string{"PROC_TEST_MODE=flood"}, MaxStdout: 1 << 20})
	if !errors.Is(err, ErrOutputLimit) {
		t.Fatalf("err = %v, want ErrOutputLimit", err)
	}
	if int64(len(res.Stdout)) > 1<<20 {
		t.Errorf("kept %d bytes, cap 1 MiB", len(res.Stdout))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("flood stopped after %s", d)
	}
}

// TestCancelKillsGroup ends the context once the child has started a
// grandchild (it writes the grandchild's PID to a file; on a busy machine
// a fixed short deadline could end it before that) and checks that both
// are gone.
func TestCancelKillsGroup(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		defer cancel()
		for i := 0; i < 3000; i++ { // at most 60 s
			if _, err := os.Stat(pidFile); err == nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	res, err := Run(ctx, Spec{Path: self(t), Env: []string{"PROC_TEST_MODE=hang-with-grandchild", "PROC_TEST_PIDFILE=" + pidFile}})
	if !errors.Is(err, ErrKilled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want ErrKilled and Canceled", err)
	}
	pid, perr := strconv.Atoi(strings.TrimSpace(string(res.Stdout)))
	if perr != nil {
		t.Fatalf("grandchild PID: %q", res.Stdout)
	}
	waitGone(t, pid)
}

// TestDeadline checks that a deadline, not only a cancel, stops the child.
func TestDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := Run(ctx, Spec{Path: self(t), Env: []string{"PROC_TEST_MODE=hang-with-grandchild"}})
	if !errors.Is(err, ErrKilled) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrKilled and DeadlineExceeded", err)
	}
}

func TestExitCodeAndMessage(t *testing.T) {
	res, err := Run(context.Background(), Spec{Path: self(t), Env: []string{"PROC_TEST_MODE=fail"}})
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("err = %v, want an *exec.ExitError", err)
	}
	if res.ExitCode != 7 {
		t.Errorf("exit code %d, want 7", res.ExitCode)
	}
	if got := Message(res.Stderr); got != "the real reason" {
		t.Errorf("Message = %q", got)
	}
}

func TestStdin(t *testing.T) {
	res, err := Run(context.Background(), Spec{Path: self(t), Env: []string{"PROC_TEST_MODE=echo"}, Stdin: strings.NewReader("hello")})
	if err != nil || string(res.Stdout) != "hello" {
		t.Fatalf("Run = %q, %v", res.Stdout, err)
	}
}

// TestDiesWithParent kills a parent that runs a child through Run with
// SIGKILL (no chance to clean up) and checks that the child dies too.
func TestDiesWithParent(t *testing.T) {
	parent := exec.Command(self(t))
	parent.Env = append(os.Environ(), "PROC_TEST_MODE=parent")
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	defer parent.Process.Kill()
	// The child's stdout is captured by the parent's Run, so find the
	// child among the parent's children.
	var child int
	for i := 0; i < 1000 && child == 0; i++ { // up to 10 s
		time.Sleep(10 * time.Millisecond)
		child = childOf(parent.Process.Pid)
	}
	if child == 0 {
		t.Fatal("the parent started no child")
	}
	if err := parent.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	parent.Wait()
	waitGone(t, child)
}

// childOf returns the PID of a child process of pid, or 0. Any of its
// threads may have forked the child, so every task's list is read.
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

// lineTee is a Tee that hands the first complete line on a channel.
type lineTee struct {
	mu    sync.Mutex
	buf   []byte
	n     int64
	first chan string
}

func (l *lineTee) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n += int64(len(p))
	if l.first == nil {
		return len(p), nil
	}
	l.buf = append(l.buf, p...)
	if i := bytes.IndexByte(l.buf, '\n'); i >= 0 {
		l.first <- string(l.buf[:i])
		l.first = nil
	}
	return len(p), nil
}

// TestTee: a child that prints a line and then runs on is read through
// Tee before Run returns, and Tee sees no byte past MaxStdout.
func TestTee(t *testing.T) {
	first := make(chan string, 1)
	tee := &lineTee{first: first}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan Result, 1)
	go func() {
		res, _ := Run(ctx, Spec{Path: self(t), Env: []string{"PROC_TEST_MODE=hang-with-grandchild"}, Tee: tee})
		done <- res
	}()
	var line string
	select {
	case line = <-first:
	case res := <-done:
		t.Fatalf("Run returned before the tee saw a line; stdout %q", res.Stdout)
	case <-time.After(60 * time.Second):
		t.Fatal("no line through the tee in 60 s")
	}
	if _, err := strconv.Atoi(line); err != nil {
		t.Errorf("tee line %q is not the PID the child prints", line)
	}
	cancel()
	res := <-done
	if got := strings.TrimSpace(string(res.Stdout)); got != line {
		t.Errorf("Result.Stdout %q, tee saw %q", got, line)
	}

	flood := &lineTee{}
	_, err := Run(context.Background(), Spec{Path: self(t), Env: []string{"PROC_TEST_MODE=flood"}, MaxStdout: 1 << 20, Tee: flood})
	if !errors.Is(err, ErrOutputLimit) {
		t.Fatalf("err = %v, want ErrOutputLimit", err)
	}
	if flood.n > 1<<20 {
		t.Errorf("tee got %d bytes, cap 1 MiB", flood.n)
	}
}
