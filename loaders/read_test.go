//go:build unix

package loaders

import (
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// writeBase copies testdata/base into a new temporary folder.
func writeBase(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range baseFS(t, nil) {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadDirSoon runs LoadDir and fails the test if it has not returned after
// a minute (a hang, not a slow load: a case takes milliseconds).
func loadDirSoon(t *testing.T, dir string, opts ...Option) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := LoadDir(dir, opts...)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(time.Minute):
		t.Fatal("LoadDir did not return: it hangs")
		return nil
	}
}

// TestLoadDirFiles: every entry with a data file's name that is not a
// regular file (or a link to one) is reported with its name and what it
// is, and never read: /dev/zero and /dev/urandom behind a data file's name
// cannot grow memory, a FIFO cannot hang the load.
func TestLoadDirFiles(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string // "" = loads
	}{
		{"symlink to /dev/zero", func(t *testing.T, dir string) {
			symlink(t, "/dev/zero", filepath.Join(dir, "zero.yaml"))
		}, "zero.yaml: is a symbolic link to a character device; only regular files are read"},
		{"symlink to /dev/urandom", func(t *testing.T, dir string) {
			symlink(t, "/dev/urandom", filepath.Join(dir, "random.bib"))
		}, "random.bib: is a symbolic link to a character device; only regular files are read"},
		{"FIFO", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		}, "pipe.yaml: is a named pipe (FIFO); only regular files are read"},
		{"symlink to a FIFO", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
				t.Skip("no FIFOs here:", err)
			}
			symlink(t, "pipe", filepath.Join(dir, "pipe.yml"))
		}, "pipe.yml: is a symbolic link to a named pipe (FIFO); only regular files are read"},
		{"socket", func(t *testing.T, dir string) {
			l, err := net.Listen("unix", filepath.Join(dir, "sock.yaml"))
			if err != nil {
				t.Skip("no Unix sockets here:", err)
			}
			t.Cleanup(func() { l.Close() })
		}, "sock.yaml: is a socket; only regular files are read"},
		{"folder named x.yaml", func(t *testing.T, dir string) {
			if err := os.Mkdir(filepath.Join(dir, "x.yaml"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, "x.yaml: is a folder; only regular files are read"},
		{"symlink to a folder", func(t *testing.T, dir string) {
			symlink(t, os.TempDir(), filepath.Join(dir, "tmp.bib"))
		}, "tmp.bib: is a symbolic link to a folder; only regular files are read"},
		{"dangling symlink", func(t *testing.T, dir string) {
			symlink(t, "nowhere.yaml", filepath.Join(dir, "gone.yaml"))
		}, "gone.yaml: is a symbolic link to a file that cannot be read (no such file or directory)"},
		{"sparse file over the file limit", func(t *testing.T, dir string) {
			f, err := os.Create(filepath.Join(dir, "big.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(MaxFileSize + 1); err != nil {
				t.Fatal(err)
			}
		}, "big.yaml: file is 8388609 bytes, over the 8388608-byte limit for a data file"},
		{"symlink to a regular file", func(t *testing.T, dir string) {
			other := t.TempDir()
			if err := os.WriteFile(filepath.Join(other, "k.yaml"), []byte("challenges:\n  - {id: challenge:c, name: C}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			symlink(t, filepath.Join(other, "k.yaml"), filepath.Join(dir, "k.yaml"))
		}, ""},
		{"upper-case extensions", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "K.YAML"), []byte("challenges:\n  - {id: challenge:c, name: C}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "c.Yml"), []byte("claims:\n  - {subject: kernel:tock, relation: faces, object: challenge:c, study: study:alpha2022size, locator: x, note: y}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeBase(t)
			c.setup(t, dir)
			err := loadDirSoon(t, dir)
			if c.want == "" {
				if err != nil {
					t.Fatalf("want a load, got %v", err)
				}
				return
			}
			var probs Problems
			if !errors.As(err, &probs) {
				t.Fatalf("want Problems, got %v", err)
			}
			if got := probs[0].String(); got != filepath.Join(dir, c.want) {
				t.Errorf("first problem:\n got %s\nwant %s", got, filepath.Join(dir, c.want))
			}
		})
	}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skip("no symbolic links here:", err)
	}
}

// TestDataBudget: the files of a data set together have a budget; the
// error names the data set, the limit and the file that reached it.
func TestDataBudget(t *testing.T) {
	dir := writeBase(t)
	err := loadDirSoon(t, dir, MaxDataSize(1000))
	var probs Problems
	if !errors.As(err, &probs) || len(probs) != 1 {
		t.Fatalf("want one problem, got %v", err)
	}
	want := dir + ": the files together are over the size limit of 1000 bytes for a data set, reached at " + filepath.Join(dir, "nodes.yaml")
	if !strings.HasPrefix(probs[0].String(), want) {
		t.Errorf("got  %s\nwant %s...", probs[0], want)
	}
	if err := loadDirSoon(t, dir, MaxDataSize(1<<20)); err != nil {
		t.Errorf("under the budget: %v", err)
	}
}

// endlessFS serves one file, big.yaml, whose Stat says 10 bytes but whose
// reads never end: the read cap, not the reported size, must stop it.
type endlessFS struct{ fstest.MapFS }

func (e endlessFS) Open(name string) (fs.File, error) {
	if name == "big.yaml" {
		return endless{}, nil
	}
	return e.MapFS.Open(name)
}

func (e endlessFS) ReadDir(name string) ([]fs.DirEntry, error) {
	ents, err := e.MapFS.ReadDir(name)
	return append(ents, fs.FileInfoToDirEntry(endless{})), err
}

func (e endlessFS) Stat(name string) (fs.FileInfo, error) {
	if name == "big.yaml" {
		return endless{}, nil
	}
	return e.MapFS.Stat(name)
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	return len(p), nil
}
func (endless) Close() error               { return nil }
func (endless) Stat() (fs.FileInfo, error) { return endless{}, nil }
func (endless) Name() string               { return "big.yaml" }
func (endless) Size() int64                { return 10 }
func (endless) Mode() fs.FileMode          { return 0o644 }
func (endless) ModTime() time.Time         { return time.Time{} }
func (endless) IsDir() bool                { return false }
func (endless) Sys() any                   { return nil }

var _ io.Reader = endless{}

// TestReadCapped: a file that says it is small but never ends is read to
// the limit plus one byte and refused.
func TestReadCapped(t *testing.T) {
	_, err := Load(endlessFS{baseFS(t, nil)}, "")
	var probs Problems
	if !errors.As(err, &probs) || len(probs) != 1 || probs[0].String() != "big.yaml: file is over the 8388608-byte limit for a data file (it grew, or its size is not what the file system said)" {
		t.Fatalf("got %v", err)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1048576": 1 << 20, "64MiB": 64 << 20, "64M": 64 << 20, "2 GiB": 2 << 30, "500kb": 500 << 10} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "1.5GiB", "12 apples", "99999999999999GiB"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q): no error", in)
		}
	}
}
