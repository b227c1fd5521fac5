package renderer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"rustykg/cmd/internal/proc"
)

// GoGraphviz runs rustykg-render, the go-graphviz helper.
//
// go-graphviz compiles Graphviz's WebAssembly to native code in a package
// init(), before the helper's main runs, and caches the result in
// $TMPDIR/go-graphviz: by default /tmp/go-graphviz, one folder for every
// user of the machine. Another user's folder makes the init panic
// (permission denied), a corrupted file makes every later run panic, and a
// folder planted by another user would feed native code to everyone. The
// only handle on that init is the helper's environment, so GoGraphviz
// starts the helper with TMPDIR pointing into a per-user folder,
// $XDG_CACHE_HOME/rustykg/gv (mode 0700, owned by the user, checked before
// every run). When that folder cannot be made safe, or the cache in it is
// corrupted and a rebuild does not help, the helper runs with no cache
// (slower by about a second) and a note saying so goes to Notes, once.
type GoGraphviz struct {
	Path  string
	Notes io.Writer // one-line notices; nil: none
	// CacheRoot overrides os.UserCacheDir() (tests).
	CacheRoot string

	once sync.Once
}

// Name implements viz.Renderer.
func (g *GoGraphviz) Name() string { return HelperName + " (go-graphviz)" }

// noCacheTMPDIR is a TMPDIR under which go-graphviz can neither find nor
// create its cache folder (a path below a character device), so its init
// compiles without one.
const noCacheTMPDIR = "/dev/null"

// Render implements viz.Renderer.
func (g *GoGraphviz) Render(ctx context.Context, src []byte, format, layout string) ([]byte, error) {
	if err := checkArgs(format, layout); err != nil {
		return nil, err
	}
	spec := func(tmpdir string) proc.Spec {
		return proc.Spec{
			Path:  g.Path,
			Args:  []string{"--format", format, "--layout", layout},
			Env:   []string{"TMPDIR=" + tmpdir},
			Stdin: bytes.NewReader(src),
		}
	}
	tmpdir, err := g.cacheDir()
	if err != nil {
		g.note(err)
		return run(ctx, g.Name(), spec(noCacheTMPDIR), format)
	}
	out, err := run(ctx, g.Name(), spec(tmpdir), format)
	if err == nil || !crashed(err) {
		return out, err
	}
	// The helper crashed, most likely in go-graphviz's init on a cache
	// file it could not read: discard the cache and build it anew.
	if rmErr := os.RemoveAll(filepath.Join(tmpdir, "go-graphviz")); rmErr == nil {
		if w := g.Notes; w != nil {
			fmt.Fprintf(w, "rustykg: note: discarded go-graphviz's compilation cache in %s (%v); building it anew\n", tmpdir, err)
		}
		if out, err = run(ctx, g.Name(), spec(tmpdir), format); err == nil || !crashed(err) {
			return out, err
		}
	}
	g.note(fmt.Errorf("the cache in %s does not work (%w)", tmpdir, err))
	return run(ctx, g.Name(), spec(noCacheTMPDIR), format)
}

func (g *GoGraphviz) note(why error) {
	g.once.Do(func() {
		if g.Notes != nil {
			fmt.Fprintf(g.Notes, "rustykg: note: go-graphviz's compilation cache is not used: %v; rendering without it (about a second slower)\n", why)
		}
	})
}

// crashed reports whether a failed run ended in a Go panic.
func crashed(err error) bool { return errors.Is(err, ErrCrashed) }

// cacheDir returns the per-user TMPDIR for the helper, creating it when
// needed: CacheRoot (else os.UserCacheDir())/rustykg/gv, each folder owned
// by the user and writable by nobody else; the cache folder go-graphviz
// keeps in it too, when it exists.
func (g *GoGraphviz) cacheDir() (string, error) {
	root := g.CacheRoot
	if root == "" {
		var err error
		if root, err = os.UserCacheDir(); err != nil {
			return "", fmt.Errorf("no user cache folder: %w", err)
		}
	}
	dir := filepath.Join(root, "rustykg", "gv")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	for _, d := range []string{filepath.Join(root, "rustykg"), dir} {
		if err := private(d, false); err != nil {
			return "", err
		}
	}
	if err := private(filepath.Join(dir, "go-graphviz"), true); err != nil {
		return "", err
	}
	return dir, nil
}

// private checks that dir is a real folder (not a symlink) owned by the
// effective user and writable by nobody else; a missing dir passes when
// mayBeMissing.
func private(dir string, mayBeMissing bool) error {
	st, err := os.Lstat(dir)
	if mayBeMissing && errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && int(sys.Uid) != os.Geteuid() {
		return fmt.Errorf("%s belongs to user %d, not to this user (%d)", dir, sys.Uid, os.Geteuid())
	}
	if st.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("%s is writable by other users (mode %o)", dir, st.Mode().Perm())
	}
	return nil
}
