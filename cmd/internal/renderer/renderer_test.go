package renderer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"rustykg/graph/viz"
)

const src = `digraph "g" { "a" [label="A & B"]; "a" -> "b" [label="faces"]; }`

// needTool returns the path of a native tool: a visible skip without it,
// a failure in CI (RUSTYKG_CI=1).
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("RUSTYKG_CI") == "1" {
			t.Fatalf("%s is not installed (apt-get install %s); CI must run this test", name, pkg)
		}
		t.Skipf("%s is not installed (apt-get install %s): skipping", name, pkg)
	}
	return p
}

var (
	helperOnce sync.Once
	helperPath string
	helperErr  error
)

// helper builds cmd/rustykg-render once for the package's tests.
func helper(t *testing.T) string {
	t.Helper()
	helperOnce.Do(func() {
		dir, err := os.MkdirTemp("", "rustykg-renderer-test")
		if err != nil {
			helperErr = err
			return
		}
		helperPath = filepath.Join(dir, HelperName)
		out, err := exec.Command("go", "build", "-o", helperPath, "rustykg/cmd/rustykg-render").CombinedOutput()
		if err != nil {
			helperErr = errors.New(string(out))
		}
	})
	if helperErr != nil {
		t.Fatalf("build %s: %v", HelperName, helperErr)
	}
	return helperPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if helperPath != "" {
		os.RemoveAll(filepath.Dir(helperPath))
	}
	os.Exit(code)
}

// script writes an executable shell script and returns its path.
func script(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFindOrder: the helper when found, else native dot, else an error
// that names the command that fixes it.
func TestFindOrder(t *testing.T) {
	withHelper, withDot, empty := t.TempDir(), t.TempDir(), t.TempDir()
	script(t, withHelper, HelperName, "exit 0")
	script(t, withHelper, "dot", "exit 0")
	script(t, withDot, "dot", "exit 0")
	t.Setenv(HelperEnv, "")
	for _, c := range []struct {
		path, choice, want, errHas string
	}{
		{withHelper, Auto, HelperName, ""},
		{withHelper, "", HelperName, ""},
		{withHelper, Native, "dot", ""},
		{withDot, Auto, "dot", ""},
		{withDot, Helper, "", "go build -o bin/ ./cmd/..."},
		{empty, Auto, "", "go build -o bin/ ./cmd/..."},
		{empty, Native, "", "apt-get install graphviz"},
		{withHelper, "cairo", "", "unknown renderer"},
	} {
		t.Setenv("PATH", c.path)
		r, err := Find(c.choice, nil)
		if c.errHas != "" {
			if err == nil || !strings.Contains(err.Error(), c.errHas) {
				t.Errorf("PATH=%s --renderer %q: err %v, want one naming %q", filepath.Base(c.path), c.choice, err, c.errHas)
			}
			continue
		}
		if err != nil {
			t.Errorf("PATH=%s --renderer %q: %v", filepath.Base(c.path), c.choice, err)
			continue
		}
		if !strings.HasPrefix(r.Name(), c.want) {
			t.Errorf("PATH=%s --renderer %q: got %s, want %s", filepath.Base(c.path), c.choice, r.Name(), c.want)
		}
	}
	// $RUSTYKG_RENDER wins, and a wrong one is an error, not a silent
	// switch to dot.
	t.Setenv("PATH", withDot)
	t.Setenv(HelperEnv, filepath.Join(empty, "nothing"))
	if _, err := Find(Auto, nil); !errors.Is(err, ErrNoRenderer) || !strings.Contains(err.Error(), HelperEnv) {
		t.Errorf("bad $%s: err %v", HelperEnv, err)
	}
}

func TestDot(t *testing.T) {
	p := needTool(t, "dot", "graphviz")
	r := &Dot{Path: p}
	for _, f := range []string{"svg", "png"} {
		out, err := r.Render(context.Background(), []byte(src), f, "neato")
		if err != nil {
			t.Fatal(err)
		}
		if err := viz.CheckPicture(out, f); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.Render(context.Background(), []byte("digraph { a -> }"), "svg", "dot"); !errors.Is(err, ErrRenderer) {
		t.Fatalf("bad DOT: err %v, want ErrRenderer", err)
	}
}

// warmCache renders once with the user's own cache folder (what rustykg
// itself uses, so it is usually warm already) and returns the compiled
// cache files in it.
func warmCache(t *testing.T) []string {
	t.Helper()
	g := &GoGraphviz{Path: helper(t), Notes: os.Stderr}
	if _, err := g.Render(context.Background(), []byte(src), "svg", "dot"); err != nil {
		t.Fatal(err)
	}
	root, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(root, "rustykg/gv/go-graphviz/*/*"))
	if len(files) == 0 {
		t.Fatal("no cache file written under the private folder")
	}
	return files
}

// TestCachePrivateAndCorrupted: the helper's cache goes to a 0700 folder
// of the user's; a corrupted cache file (which makes go-graphviz's init
// panic) is discarded and rebuilt, and no panic trace reaches the user.
func TestCachePrivateAndCorrupted(t *testing.T) {
	warm := warmCache(t)
	root := t.TempDir()
	// The same layout as the warm cache, every file corrupted.
	var files []string
	for _, f := range warm {
		rel, err := filepath.Rel(filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(f)))), f)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(root, "rustykg", rel)
		mk(t, filepath.Dir(p))
		if err := os.WriteFile(p, []byte("garbage"), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	var notes bytes.Buffer
	g := &GoGraphviz{Path: helper(t), Notes: &notes, CacheRoot: root}
	out, err := g.Render(context.Background(), []byte(src), "svg", "dot")
	if err != nil {
		t.Fatalf("render with a corrupted cache: %v", err)
	}
	if err := viz.CheckPicture(out, "svg"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(notes.String(), "discarded") || strings.Contains(notes.String(), "goroutine") {
		t.Errorf("notes %q: want one line saying the cache was discarded, no trace", notes.String())
	}
	for _, f := range files {
		if st, err := os.Stat(f); err != nil || st.Size() < 1000 {
			t.Errorf("cache file %s not rebuilt: %v", f, err)
		}
	}
	for _, d := range []string{"rustykg", "rustykg/gv"} {
		st, err := os.Stat(filepath.Join(root, d))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %o, want 0700", d, st.Mode().Perm())
		}
	}
}

// TestSharedTmpCacheIgnored: a go-graphviz folder in the shared temp dir
// that this user cannot use (another user's, or not writable) no longer
// matters: the helper never looks there.
func TestSharedTmpCacheIgnored(t *testing.T) {
	tmp := t.TempDir()
	shared := filepath.Join(tmp, "go-graphviz")
	if err := os.MkdirAll(filepath.Join(shared, "wazero-v1.10.1-amd64-linux"), 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if err := os.Chown(shared, 12345, 12345); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(shared, 0o555)
	defer os.Chmod(shared, 0o755)
	warmCache(t)
	t.Setenv("TMPDIR", tmp)
	g := &GoGraphviz{Path: helper(t)}
	if _, err := g.Render(context.Background(), []byte(src), "svg", "dot"); err != nil {
		t.Fatal(err)
	}
}

// TestUnsafeCacheFolder: a cache folder that is not the user's alone
// (writable by others, owned by someone else, not a folder at all) is not
// used: the helper runs without a cache and a note says so, once.
func TestUnsafeCacheFolder(t *testing.T) {
	// A fake helper that prints the TMPDIR it was given as an SVG.
	fake := script(t, t.TempDir(), HelperName, `cat >/dev/null; printf '<svg xmlns="http://www.w3.org/2000/svg"><title>%s</title></svg>' "$TMPDIR"`)
	cases := map[string]func(t *testing.T, root string){
		"writable by others": func(t *testing.T, root string) {
			mk(t, filepath.Join(root, "rustykg/gv"))
			os.Chmod(filepath.Join(root, "rustykg/gv"), 0o777)
		},
		"a file, not a folder": func(t *testing.T, root string) {
			mk(t, filepath.Join(root, "rustykg"))
			os.WriteFile(filepath.Join(root, "rustykg/gv"), nil, 0o600)
		},
		"a symlink": func(t *testing.T, root string) {
			mk(t, filepath.Join(root, "rustykg"))
			other := t.TempDir()
			os.Chmod(other, 0o700)
			os.Symlink(other, filepath.Join(root, "rustykg/gv"))
		},
		"cannot be created": func(t *testing.T, root string) {
			os.WriteFile(filepath.Join(root, "rustykg"), nil, 0o600)
		},
	}
	if os.Geteuid() == 0 {
		cases["owned by another user"] = func(t *testing.T, root string) {
			mk(t, filepath.Join(root, "rustykg/gv"))
			os.Chown(filepath.Join(root, "rustykg/gv"), 12345, 12345)
		}
	}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			setup(t, root)
			var notes bytes.Buffer
			g := &GoGraphviz{Path: fake, Notes: &notes, CacheRoot: root}
			for range 2 {
				out, err := g.Render(context.Background(), []byte(src), "svg", "dot")
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Contains(out, []byte("<title>"+noCacheTMPDIR+"</title>")) {
					t.Fatalf("helper ran with a cache: %s", out)
				}
			}
			if n := strings.Count(notes.String(), "not used"); n != 1 {
				t.Fatalf("notes %q: want the note once", notes.String())
			}
		})
	}
	// The safe case passes the private folder.
	root := t.TempDir()
	out, err := (&GoGraphviz{Path: fake, CacheRoot: root}).Render(context.Background(), []byte(src), "svg", "dot")
	if err != nil || !bytes.Contains(out, []byte(filepath.Join(root, "rustykg/gv"))) {
		t.Fatalf("safe folder not used: %s, %v", out, err)
	}
}

func mk(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
}

// TestPanicTraceNotShown: a helper that dies with a Go panic is reported
// by its panic line, never the goroutine trace.
func TestPanicTraceNotShown(t *testing.T) {
	fake := script(t, t.TempDir(), HelperName, `cat >/dev/null
echo 'panic: open /tmp/go-graphviz/x: permission denied' >&2
echo >&2; echo 'goroutine 1 [running]:' >&2
echo 'github.com/goccy/go-graphviz/internal/wasm.init.0()' >&2
exit 2`)
	var notes bytes.Buffer
	_, err := (&GoGraphviz{Path: fake, Notes: &notes, CacheRoot: t.TempDir()}).Render(context.Background(), []byte(src), "svg", "dot")
	if !errors.Is(err, ErrCrashed) {
		t.Fatalf("err %v, want ErrCrashed", err)
	}
	all := err.Error() + notes.String()
	if strings.Contains(all, "goroutine") || strings.Contains(all, "init.0") || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("error %q, notes %q: want the panic's message and no trace", err, notes.String())
	}
}
