// Package outfile writes a command's output file (the -o FILE of render,
// and of any command that writes files) the way a careful user expects:
//
//   - a regular file is replaced atomically: the data goes to a temporary
//     file beside it, which is synced and renamed over it, so the path
//     holds either the old contents or all of the new ones. The file keeps
//     its permission bits and, where the process may set them, its owner
//     and group;
//   - a new file is created with the permissions the umask allows (0666
//     less the umask), as the shell's ">" does;
//   - a symbolic link is followed: the file it names is replaced (or
//     created), and the link stays a link; a magic link such as
//     /dev/stdout leads to whatever it stands for (a pipe, a terminal);
//   - a regular file the user may not write to is refused, as the
//     shell's ">" would, even where the folder would allow a rename;
//   - a character device (/dev/null, a terminal) or a FIFO is written to
//     directly, never renamed over; a FIFO with no reader is waited for
//     until ctx ends;
//   - a directory, a block device, a socket or anything else is refused
//     with ErrNotWritable.
//
// No temporary file is left behind, whatever happens: a failed write, a
// full disk or ctx ending (SIGINT) before the rename all remove it.
//
//	if err := outfile.Write(ctx, "review.svg", svg); err != nil { ... }
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
	"syscall"
	"time"
)

// Sentinel errors of Write.
var (
	// ErrNotWritable: the path names something that is neither a regular
	// file, a character device nor a FIFO.
	ErrNotWritable = errors.New("not a file that output can be written to")
	// ErrLinkLoop: following symbolic links did not end.
	ErrLinkLoop = errors.New("too many symbolic links")
	// ErrForeignFolder: the folder WithFolder would replace holds something
	// it did not write (a sub-folder, a link, a file of another type), or
	// is no folder.
	ErrForeignFolder = errors.New("the folder holds files this command did not write")
)

// maxLinks bounds how many symbolic links Write follows, as the kernel's
// own limit (40 on Linux) does.
const maxLinks = 40

// fifoPoll is how often Write retries opening a FIFO that has no reader.
const fifoPoll = 20 * time.Millisecond

// Write writes data to path as the package doc describes.
func Write(ctx context.Context, path string, data []byte) error {
	target, st, err := resolve(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	switch {
	case st != nil && st.Mode().IsRegular() && !writable(target):
		// As the shell's ">" would: a file the user may not write to is
		// not replaced behind its back.
		err = fmt.Errorf("%w: the file is read-only", fs.ErrPermission)
	case st == nil || st.Mode().IsRegular():
		err = replace(ctx, target, st, data)
	case st.Mode()&fs.ModeNamedPipe != 0:
		err = writeFIFO(ctx, target, data)
	case st.Mode()&fs.ModeCharDevice != 0:
		err = writeDirect(target, data, 0)
	case st.IsDir():
		err = fmt.Errorf("%w: it is a directory", ErrNotWritable)
	default:
		err = fmt.Errorf("%w: its type is %s", ErrNotWritable, typeName(st.Mode()))
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// resolve follows symbolic links from path to the file they name. It
// returns that path and its FileInfo, or a nil FileInfo when nothing
// exists there yet (a new file, or a link to a file not yet created).
func resolve(path string) (string, fs.FileInfo, error) {
	for range maxLinks {
		st, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			return path, st, nil
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", nil, err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
			// Either a link to a file not yet created, or one of Linux's
			// magic links (/dev/stdout -> /proc/self/fd/1 -> "pipe:[123]"),
			// which only the kernel can follow: then the link itself is
			// the way to the file.
			if st, err := os.Stat(path); err == nil {
				return path, st, nil
			}
		}
		path = dest
	}
	return "", nil, ErrLinkLoop
}

// replace writes data to a temporary file beside target and renames it
// over target. old is target's FileInfo, nil when target does not exist.
func replace(ctx context.Context, target string, old fs.FileInfo, data []byte) (err error) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	perm := fs.FileMode(0o666) // less the umask, applied by open(2)
	if old != nil {
		perm = 0o600 // widened to the old file's bits below
	}
	tmp, err := createTemp(dir, base, perm)
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if old != nil {
		if err := keepOwner(tmp, old); err != nil {
			return err
		}
		if err := tmp.Chmod(old.Mode().Perm()); err != nil {
			return err
		}
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return os.Rename(name, target)
}

// createTemp creates a new file ".BASE.tmp-RANDOM" in dir with perm (less
// the umask). Unlike os.CreateTemp it lets the umask decide a new file's
// permissions.
func createTemp(dir, base string, perm fs.FileMode) (*os.File, error) {
	for range 100 {
		var b [6]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		name := filepath.Join(dir, "."+base+".tmp-"+hex.EncodeToString(b[:]))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("create a temporary file beside it: %w", err)
		}
		return f, nil
	}
	return nil, errors.New("create a temporary file beside it: no free name")
}

// keepOwner gives f the owner and group of old where the process may
// (root may set both; a user may set the group to one of its own). A
// change it may not make is left alone: the file is then owned by the
// user who wrote it, as with any editor's save.
func keepOwner(f *os.File, old fs.FileInfo) error {
	sys, ok := old.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	err := f.Chown(int(sys.Uid), int(sys.Gid))
	if err == nil || errors.Is(err, fs.ErrPermission) {
		return nil
	}
	return err
}

// writeDirect opens target (which exists) for writing, with extra open
// flags, and writes data to it.
func writeDirect(target string, data []byte, flags int) error {
	f, err := os.OpenFile(target, os.O_WRONLY|flags, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeFIFO writes data to a FIFO, waiting for a reader until ctx ends. A
// blocking open could not be interrupted, so the open is non-blocking and
// retried; Go's poller then handles the writes.
func writeFIFO(ctx context.Context, target string, data []byte) error {
	for {
		err := writeDirect(target, data, syscall.O_NONBLOCK)
		if !errors.Is(err, syscall.ENXIO) { // ENXIO: no reader yet
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for a reader of the FIFO: %w", ctx.Err())
		case <-time.After(fifoPoll):
		}
	}
}

// writable reports whether the process may write to the existing file at
// path (access(2) with W_OK).
func writable(path string) bool {
	return syscall.Access(path, 2 /* W_OK */) == nil
}

func typeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeDevice != 0:
		return "block device"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeIrregular != 0:
		return "irregular file"
	}
	return m.Type().String()
}
