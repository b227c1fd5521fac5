package outfile

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func withFolder(t *testing.T, path, data, dir string, files ...File) error {
	t.Helper()
	return WithFolder(context.Background(), path, []byte(data), dir, ".svg", files)
}

// TestWithFolder: a new pair is written; a second run replaces both, the
// folder as a whole (a figure the new set lacks is gone); no temporary
// folder is left; new folders and files get the umask's permissions.
func TestWithFolder(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	dir := t.TempDir()
	md, figs := filepath.Join(dir, "r.md"), filepath.Join(dir, "r-figures")
	if err := withFolder(t, md, "one", figs, File{"a.svg", []byte("A1")}, File{"b.svg", []byte("B1")}); err != nil {
		t.Fatal(err)
	}
	if err := withFolder(t, md, "two", figs, File{"a.svg", []byte("A2")}); err != nil {
		t.Fatal(err)
	}
	if read(t, md) != "two" || read(t, filepath.Join(figs, "a.svg")) != "A2" {
		t.Error("the second run did not replace the pair")
	}
	if _, err := os.Stat(filepath.Join(figs, "b.svg")); !errors.Is(err, os.ErrNotExist) {
		t.Error("a figure of the old set survived")
	}
	onlyFiles(t, dir, "r.md", "r-figures")
	for path, want := range map[string]os.FileMode{figs: 0o750, filepath.Join(figs, "a.svg"): 0o640} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (umask 027)", path, st.Mode().Perm(), want)
		}
	}
}

// TestWithFolderRollBack: when the main file cannot be written, the old
// folder comes back as it was and nothing new is left.
func TestWithFolderRollBack(t *testing.T) {
	dir := t.TempDir()
	md, figs := filepath.Join(dir, "r.md"), filepath.Join(dir, "r-figures")
	if err := withFolder(t, md, "one", figs, File{"a.svg", []byte("A1")}); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(md, 0o444); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() == 0 {
		// root may write a read-only file's folder; make md a folder instead.
		os.Remove(md)
		if err := os.Mkdir(md, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := withFolder(t, md, "two", figs, File{"a.svg", []byte("A2")}, File{"c.svg", []byte("C2")}); err == nil {
		t.Fatal("writing over a read-only file or a folder succeeded")
	}
	if read(t, filepath.Join(figs, "a.svg")) != "A1" {
		t.Error("the old figures were not put back")
	}
	onlyFiles(t, figs, "a.svg")
	onlyFiles(t, dir, "r.md", "r-figures")
}

// TestWithFolderForeign: a folder holding anything but *.svg files, or a
// file where the folder should be, is refused before anything changes;
// bad file names are refused.
func TestWithFolderForeign(t *testing.T) {
	dir := t.TempDir()
	md, figs := filepath.Join(dir, "r.md"), filepath.Join(dir, "r-figures")
	if err := os.Mkdir(figs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(figs, "thesis.tex"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := withFolder(t, md, "x", figs, File{"a.svg", []byte("A")}); !errors.Is(err, ErrForeignFolder) {
		t.Errorf("foreign file: %v, want ErrForeignFolder", err)
	}
	onlyFiles(t, figs, "thesis.tex")
	onlyFiles(t, dir, "r-figures")
	file := filepath.Join(dir, "f-figures")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := withFolder(t, md, "x", file, File{"a.svg", nil}); !errors.Is(err, ErrForeignFolder) {
		t.Errorf("a file in the folder's place: %v, want ErrForeignFolder", err)
	}
	for _, name := range []string{"../a.svg", "a/b.svg", "a.txt", ""} {
		if err := withFolder(t, md, "x", filepath.Join(dir, "n-figures"), File{name, nil}); err == nil {
			t.Errorf("file name %q accepted", name)
		}
	}
	onlyFiles(t, dir, "r-figures", "f-figures")
}
