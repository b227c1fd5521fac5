package outfile

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// File is one file of a folder WithFolder writes: a name (no path
// separators) and its contents.
type File struct {
	Name string
	Data []byte
}

// WithFolder writes data to path (as Write does) together with a folder
// dir of files beside it (a report and its figures), so that the pair is
// never left half written: the files are written into a new temporary
// folder next to dir and synced; an existing dir is moved aside, the new
// folder renamed into its place, then path written. If writing path
// fails, the new folder is removed and the old one put back; only when
// all succeeded is the old folder removed. A reader sees the old set or
// the new one, apart from the instant between the two renames and the
// write of path.
//
// dir is the command's own: an existing dir may hold only regular files
// whose names end in ext (what an earlier run wrote), else WithFolder
// refuses with ErrForeignFolder before changing anything.
func WithFolder(ctx context.Context, path string, data []byte, dir, ext string, files []File) (err error) {
	for _, f := range files {
		if f.Name == "" || strings.ContainsAny(f.Name, `/\`) || f.Name == "." || f.Name == ".." || !strings.HasSuffix(f.Name, ext) {
			return fmt.Errorf("write %s: bad file name %q", dir, f.Name)
		}
	}
	exists, err := ownFolder(dir, ext)
	if err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	parent, base := filepath.Split(filepath.Clean(dir))
	if parent == "" {
		parent = "."
	}
	tmp, err := mkdirNew(parent, "."+base+".tmp-")
	if err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	for _, f := range files {
		if err := writeSynced(filepath.Join(tmp, f.Name), f.Data); err != nil {
			return fmt.Errorf("write %s: %w", dir, err)
		}
	}
	if err := syncDir(tmp); err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	old := ""
	if exists {
		if old, err = freeName(parent, "."+base+".old-"); err != nil {
			return fmt.Errorf("write %s: %w", dir, err)
		}
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("write %s: %w", dir, err)
		}
	}
	restore := func() {
		if old != "" {
			os.Rename(old, dir)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		restore()
		return fmt.Errorf("write %s: %w", dir, err)
	}
	if err := Write(ctx, path, data); err != nil {
		os.RemoveAll(dir)
		restore()
		return err
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// ownFolder reports whether dir exists, checking that it is a real
// folder holding only regular files named *ext.
func ownFolder(dir, ext string) (bool, error) {
	st, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !st.IsDir() {
		return false, fmt.Errorf("%w: it is not a folder", ErrForeignFolder)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	for _, e := range ents {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ext) {
			return false, fmt.Errorf("%w: %s (only *%s files may be in it; move it away or pick another -o)", ErrForeignFolder, e.Name(), ext)
		}
	}
	return true, nil
}

// mkdirNew creates a new folder prefix+RANDOM in parent with the
// permissions the umask allows.
func mkdirNew(parent, prefix string) (string, error) {
	for range 100 {
		name, err := freeName(parent, prefix)
		if err != nil {
			return "", err
		}
		err = os.Mkdir(name, 0o777)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("create a temporary folder beside it: %w", err)
		}
		return name, nil
	}
	return "", errors.New("create a temporary folder beside it: no free name")
}

// freeName returns parent/prefix+RANDOM, a name nothing holds yet.
func freeName(parent, prefix string) (string, error) {
	for range 100 {
		var b [6]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		name := filepath.Join(parent, prefix+hex.EncodeToString(b[:]))
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			return name, nil
		}
	}
	return "", errors.New("no free name beside it")
}

func writeSynced(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
