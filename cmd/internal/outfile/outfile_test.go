package outfile

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

func write(t *testing.T, path string, data string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return Write(ctx, path, []byte(data))
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// onlyFiles fails when dir holds anything but names (a temporary file
// left behind).
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("unexpected file %s left in %s", e.Name(), dir)
		}
	}
}

func TestNewFileFollowsUmask(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	dir := t.TempDir()
	p := filepath.Join(dir, "new.svg")
	if err := write(t, p, "new"); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got != 0o640 {
		t.Errorf("mode %o, want 0640 (0666 less umask 027)", got)
	}
	if read(t, p) != "new" {
		t.Error("wrong contents")
	}
	onlyFiles(t, dir, "new.svg")
}

func TestRegularKeepsModeAndIsReplaced(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.svg")
	if err := os.WriteFile(p, []byte("old contents, longer than the new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(p)
	if err := write(t, p, "new"); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if after.Mode() != before.Mode() {
		t.Errorf("mode %v, want %v", after.Mode(), before.Mode())
	}
	if os.SameFile(before, after) {
		t.Error("the file was written in place, not replaced by a rename")
	}
	if read(t, p) != "new" {
		t.Error("wrong contents")
	}
	onlyFiles(t, dir, "out.svg")
}

// TestKeepsOwner: as root, a file owned by another user keeps its owner
// and group after the replace.
func TestKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file to another user")
	}
	p := filepath.Join(t.TempDir(), "out.svg")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(p, 12345, 23456); err != nil {
		t.Fatal(err)
	}
	if err := write(t, p, "new"); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	sys := st.Sys().(*syscall.Stat_t)
	if sys.Uid != 12345 || sys.Gid != 23456 {
		t.Errorf("owner %d:%d, want 12345:23456", sys.Uid, sys.Gid)
	}
}

func TestSymlinkIsFollowed(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "sub", "real.svg")
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(real, 0o640); err != nil {
		t.Fatal(err)
	}
	// A chain: link1 -> link2 (relative) -> sub/real.svg.
	if err := os.Symlink("sub/real.svg", filepath.Join(dir, "link2")); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link1")
	if err := os.Symlink(filepath.Join(dir, "link2"), link); err != nil {
		t.Fatal(err)
	}
	if err := write(t, link, "new"); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{link, filepath.Join(dir, "link2")} {
		if st, err := os.Lstat(l); err != nil || st.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symlink (%v)", l, err)
		}
	}
	if read(t, real) != "new" {
		t.Error("the file the link names was not written")
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %o, want 0640", st.Mode().Perm())
	}
	onlyFiles(t, dir, "sub", "link1", "link2")
	onlyFiles(t, filepath.Dir(real), "real.svg")
}

func TestDanglingSymlinkCreatesItsTarget(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "link")
	if err := os.Symlink("made.svg", link); err != nil {
		t.Fatal(err)
	}
	if err := write(t, link, "new"); err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(dir, "made.svg")) != "new" {
		t.Error("the link's target was not created")
	}
	if st, _ := os.Lstat(link); st.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
}

func TestSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.Symlink(b, a)
	os.Symlink(a, b)
	if err := write(t, a, "x"); !errors.Is(err, ErrLinkLoop) {
		t.Fatalf("err %v, want ErrLinkLoop", err)
	}
	onlyFiles(t, dir, "a", "b")
}

// TestCharDevice: /dev/null stays a device (the bug: renamed over, it
// became a regular file), and /dev/full's write error is reported.
func TestCharDevice(t *testing.T) {
	if err := write(t, "/dev/null", "picture"); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat("/dev/null")
	if err != nil || st.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a character device: %v %v", st.Mode(), err)
	}
	// Through a symlink in a temp dir, so the link and the dir stay as
	// they were.
	dir := t.TempDir()
	link := filepath.Join(dir, "full.svg")
	if err := os.Symlink("/dev/full", link); err != nil {
		t.Fatal(err)
	}
	err = write(t, link, "picture")
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("writing to /dev/full: %v, want ENOSPC", err)
	}
	if st, err := os.Stat("/dev/full"); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("/dev/full is no longer a character device: %v", err)
	}
	onlyFiles(t, dir, "full.svg")
}

func TestFIFO(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		// The reader comes late: the writer waits for it.
		time.Sleep(100 * time.Millisecond)
		f, err := os.Open(p)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	if err := write(t, p, "through the pipe"); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through the pipe" {
		t.Fatalf("reader got %q", s)
	}
	if st, err := os.Lstat(p); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was replaced: %v", err)
	}
	onlyFiles(t, dir, "pipe")
}

// TestFIFONoReaderStopsWithCtx: with nobody reading, Write gives up when
// ctx ends (SIGINT) instead of hanging.
func TestFIFONoReaderStopsWithCtx(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := Write(ctx, p, []byte("x")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want the deadline", err)
	}
	onlyFiles(t, dir, "pipe")
}

func TestRefused(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a.svg")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.svg")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, p := range []string{sub, sock} {
		if err := write(t, p, "x"); !errors.Is(err, ErrNotWritable) {
			t.Errorf("%s: err %v, want ErrNotWritable", p, err)
		}
	}
	onlyFiles(t, dir, "a.svg", "s.svg")
}

// TestCancelledLeavesOldFile: ctx ending before the rename (SIGINT) leaves
// the old file and no temporary file.
func TestCancelledLeavesOldFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.svg")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Write(ctx, p, []byte("new")); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if read(t, p) != "old" {
		t.Error("old file changed")
	}
	onlyFiles(t, dir, "out.svg")
}

// TestUnwritableDir: a folder the user may not write to is an error that
// names the cause, and the file stays.
func TestUnwritableDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes to any folder")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "out.svg")
	os.WriteFile(p, []byte("old"), 0o644)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	if err := write(t, p, "new"); !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("err %v, want permission denied", err)
	}
	if read(t, p) != "old" {
		t.Error("old file changed")
	}
}

// TestMagicLinkToPipe: /dev/stdout when stdout is a pipe reads as a link
// to "pipe:[N]", which no path reaches: Write goes through the link.
func TestMagicLinkToPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	dir := t.TempDir()
	link := filepath.Join(dir, "stdout.svg")
	if err := os.Symlink("/proc/self/fd/"+strconv.Itoa(int(w.Fd())), link); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() { b, _ := io.ReadAll(r); got <- string(b) }()
	err = write(t, link, "through /proc")
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through /proc" {
		t.Fatalf("pipe got %q", s)
	}
	onlyFiles(t, dir, "stdout.svg")
}

// TestReadOnlyFileRefused: a file without write permission is not
// replaced, though the folder would allow it.
func TestReadOnlyFileRefused(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write to any file")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "out.svg")
	os.WriteFile(p, []byte("old"), 0o444)
	if err := write(t, p, "new"); !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("err %v, want permission denied", err)
	}
	if read(t, p) != "old" {
		t.Error("read-only file replaced")
	}
}
