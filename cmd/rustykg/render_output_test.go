package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRenderOutputTargets: -o writes through a symlink (the file it names
// is replaced, mode kept), writes to a device without replacing it, and
// refuses a directory. Before outfile, all three were renamed over.
func TestRenderOutputTargets(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.dot")
	if err := os.WriteFile(real, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Chmod(real, 0o600)
	link := filepath.Join(dir, "link.dot")
	if err := os.Symlink("real.dot", link); err != nil {
		t.Fatal(err)
	}
	want, _, _ := run(t, "render", "--kinds", "kernel", "-f", "dot")
	if _, errs, code := run(t, "render", "--kinds", "kernel", "-o", link); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the symlink was replaced: %v", err)
	}
	got, _ := os.ReadFile(real)
	if string(got) != want {
		t.Fatal("the file the symlink names does not hold the DOT")
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 0600 kept", st.Mode().Perm())
	}

	null := filepath.Join(dir, "null.dot")
	if err := os.Symlink("/dev/null", null); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := run(t, "render", "-f", "dot", "-o", null); code != 0 {
		t.Fatalf("-o /dev/null: exit %d: %s", code, errs)
	}
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v", err)
	}
	if _, errs, code := run(t, "render", "-f", "dot", "-o", "/dev/full"); code != exitError || !strings.Contains(errs, "no space") {
		t.Errorf("-o /dev/full: exit %d, stderr %q; want exit %d and the write error", code, errs, exitError)
	}

	sub := filepath.Join(dir, "sub.dot")
	os.Mkdir(sub, 0o755)
	if _, errs, code := run(t, "render", "-f", "dot", "-o", sub); code == 0 || !strings.Contains(errs, "directory") {
		t.Errorf("-o DIR: exit %d, stderr %q; want a refusal", code, errs)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("%d entries in the folder, want 4 (no temporary file left)", len(entries))
	}
}

// TestRenderSignalStopsTree: SIGINT or SIGTERM to rustykg during a render
// ends rustykg and its renderer promptly, leaves the old output file as
// it was and no temporary file; SIGKILL to rustykg still ends the renderer
// (Pdeathsig). It builds rustykg and waits on real signals: a long case.
func TestRenderSignalStopsTree(t *testing.T) {
	skipUnlessLong(t)
	bin := filepath.Join(t.TempDir(), "rustykg")
	if out, err := exec.Command("go", "build", "-o", bin, "rustykg/cmd/rustykg").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			pidFile := filepath.Join(dir, "renderer.pid")
			slow := filepath.Join(t.TempDir(), "slow-renderer")
			os.WriteFile(slow, []byte("#!/bin/sh\necho $$ > "+pidFile+"\nexec sleep 60\n"), 0o755)
			out := filepath.Join(dir, "out.svg")
			os.WriteFile(out, []byte("old"), 0o644)

			cmd := exec.Command(bin, "render", "-o", out)
			cmd.Env = append(os.Environ(), "RUSTYKG_RENDER="+slow)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pid := waitPID(t, pidFile)
			start := time.Now()
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatalf("rustykg exited 0 after %v", sig)
				}
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("rustykg still running 10 s after %v", sig)
			}
			if strings.Contains(stderr.String(), "goroutine") {
				t.Errorf("a trace reached the user: %s", stderr.String())
			}
			for !gone(pid) {
				if time.Since(start) > 10*time.Second {
					syscall.Kill(pid, syscall.SIGKILL)
					t.Fatalf("the renderer (pid %d) outlived rustykg", pid)
				}
				time.Sleep(20 * time.Millisecond)
			}
			if b, _ := os.ReadFile(out); string(b) != "old" {
				t.Errorf("output file changed: %q", b)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "out.svg" && e.Name() != "renderer.pid" {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}

func waitPID(t *testing.T, file string) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(file); err == nil && bytes.HasSuffix(b, []byte("\n")) {
			pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err == nil {
				return pid
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the renderer never started")
	return 0
}

// gone reports whether pid no longer runs (or is a zombie, dead and
// waiting for a parent that no longer reaps it).
func gone(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	f := strings.Fields(string(b))
	return len(f) > 2 && f[2] == "Z"
}
