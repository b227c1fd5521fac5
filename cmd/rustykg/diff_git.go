package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"rustykg/cmd/internal/proc"
	"rustykg/graph"
	"rustykg/loaders"
)

// Reading a data folder from a git revision: the git CLI (run through
// proc, never a shell) resolves the revision to a commit and the folder to
// a tree, lists the tree (git ls-tree) and reads the data files' blobs in
// one git cat-file --batch; nothing is written to disk. The files are then
// handed to the loaders as an fs.FS (gitFolder), so a revision is loaded
// exactly as a folder is, its problems named REV:PATH/FILE:LINE:COL.

// gitRepo is a repository the git CLI reads.
type gitRepo struct {
	git string // the git program
	dir string // the repository (any folder inside its work tree, or a bare one)
}

// gitCap caps what the small git commands may print.
const gitCap = 1 << 20

// newGitRepo finds git on PATH.
func newGitRepo(dir string) (gitRepo, error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return gitRepo{}, fmt.Errorf("%w: reading a git revision needs the git program on PATH (give folders instead, or install git): %w", errNoGit, err)
	}
	return gitRepo{git: git, dir: dir}, nil
}

// where names the repository for messages.
func (r gitRepo) where() string {
	if r.dir == "." || r.dir == "" {
		return "the repository of the current folder"
	}
	return "the repository " + r.dir
}

// run runs git in the repository and returns its standard output. A
// failure carries git's own last message.
func (r gitRepo) run(ctx context.Context, stdin io.Reader, maxOut int64, args ...string) ([]byte, int, error) {
	res, err := proc.Run(ctx, proc.Spec{
		Path:      r.git,
		Args:      append([]string{"-C", r.dir}, args...),
		Env:       []string{"GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C"},
		Stdin:     stdin,
		MaxStdout: maxOut,
	})
	if err != nil {
		if msg := proc.Message(res.Stderr); msg != "" {
			return res.Stdout, res.ExitCode, fmt.Errorf("git %s: %s", args[0], msg)
		}
		return res.Stdout, res.ExitCode, fmt.Errorf("git %s: %w", args[0], err)
	}
	return res.Stdout, 0, nil
}

// commit resolves rev to a commit ID. A revision that is no commit of the
// repository wraps errNoRevision; a folder that is no repository, git's
// own message.
func (r gitRepo) commit(ctx context.Context, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\x00\n") {
		return "", fmt.Errorf("%w: %s is not a revision name", errNoRevision, graph.Quote(rev))
	}
	out, code, err := r.run(ctx, nil, gitCap, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if code == 1 && err != nil && !strings.Contains(err.Error(), "fatal") {
		return "", fmt.Errorf("%w: %s in %s", errNoRevision, graph.Quote(rev), r.where())
	}
	if err != nil {
		return "", fmt.Errorf("%w: %s in %s (%w)", errNoRevision, graph.Quote(rev), r.where(), err)
	}
	id := strings.TrimSpace(string(out))
	if !isHex(id) {
		return "", fmt.Errorf("git rev-parse %s: unexpected answer %q", graph.Quote(rev), id)
	}
	return id, nil
}

// tree resolves the folder dir (relative to the repository's top; "" for
// the top) of a commit to its tree ID.
func (r gitRepo) tree(ctx context.Context, rev, commit, dir string) (string, error) {
	spec := commit + ":" + dir
	out, _, err := r.run(ctx, nil, gitCap, "rev-parse", "--verify", "--quiet", "--end-of-options", spec)
	id := strings.TrimSpace(string(out))
	if err != nil || !isHex(id) {
		return "", fmt.Errorf("%w: revision %s has no %s (--path names the data folder, relative to the repository's top)", errNoRevision, graph.Quote(rev), graph.Quote(dir))
	}
	out, _, err = r.run(ctx, nil, gitCap, "cat-file", "-t", id)
	if err != nil {
		return "", err
	}
	if t := strings.TrimSpace(string(out)); t != "tree" {
		return "", fmt.Errorf("%w: %s in revision %s is a %s, not a folder", errNoRevision, graph.Quote(dir), graph.Quote(rev), t)
	}
	return id, nil
}

// treeEntry is one line of git ls-tree -l.
type treeEntry struct {
	mode, typ, oid string
	size           int64 // -1 for a tree or submodule
	name           string
}

// parseLsTree reads the output of git ls-tree -z -l: entries
// "MODE TYPE OID SIZE\tNAME" each ended by NUL, SIZE padded with spaces
// on the left, "-" for trees.
func parseLsTree(out []byte) ([]treeEntry, error) {
	var entries []treeEntry
	for rec := range bytes.SplitSeq(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, name, ok := bytes.Cut(rec, []byte{'\t'})
		if !ok || len(name) == 0 {
			return nil, fmt.Errorf("git ls-tree: malformed entry %q", clip(rec))
		}
		f := strings.Fields(string(meta))
		if len(f) != 4 || !isHex(f[2]) {
			return nil, fmt.Errorf("git ls-tree: malformed entry %q", clip(rec))
		}
		size := int64(-1)
		if f[3] != "-" {
			n, err := strconv.ParseInt(f[3], 10, 64)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("git ls-tree: malformed size in %q", clip(rec))
			}
			size = n
		}
		if strings.ContainsRune(string(name), '/') {
			return nil, fmt.Errorf("git ls-tree: malformed name in %q", clip(rec))
		}
		entries = append(entries, treeEntry{mode: f[0], typ: f[1], oid: f[2], size: size, name: string(name)})
	}
	return entries, nil
}

// parseCatFileBatch reads the output of git cat-file --batch for the
// objects oids, in that order: "OID TYPE SIZE\n" then SIZE bytes and
// "\n" for each object (or "OID missing\n").
func parseCatFileBatch(out []byte, oids []string) (map[string][]byte, error) {
	blobs := map[string][]byte{}
	rest := out
	for _, oid := range oids {
		head, tail, ok := bytes.Cut(rest, []byte{'\n'})
		if !ok {
			return nil, fmt.Errorf("git cat-file: output ends before object %s", oid)
		}
		f := strings.Fields(string(head))
		switch {
		case len(f) == 2 && f[0] == oid && f[1] == "missing":
			return nil, fmt.Errorf("git cat-file: object %s is missing", oid)
		case len(f) != 3 || f[0] != oid:
			return nil, fmt.Errorf("git cat-file: unexpected header %q for object %s", clip(head), oid)
		case f[1] != "blob":
			return nil, fmt.Errorf("git cat-file: object %s is a %s, not a file", oid, clip([]byte(f[1])))
		}
		n, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil || n < 0 || n >= int64(len(tail)) || tail[n] != '\n' {
			return nil, fmt.Errorf("git cat-file: object %s: bad size %q", oid, clip([]byte(f[2])))
		}
		blobs[oid] = tail[:n:n]
		rest = tail[n+1:]
	}
	if len(rest) > 0 {
		return nil, fmt.Errorf("git cat-file: %d unexpected bytes after the last object", len(rest))
	}
	return blobs, nil
}

// folder reads the data files at the top of a tree. Blobs over the
// loaders' per-file limit are listed with their size but not read (the
// loader refuses them by size); reading stops at the file that takes the
// folder past limit in name order, where the loader stops too.
func (r gitRepo) folder(ctx context.Context, tree string, limit int64) (*gitFolder, error) {
	out, _, err := r.run(ctx, nil, 64<<20, "ls-tree", "-z", "-l", tree)
	if err != nil {
		return nil, err
	}
	entries, err := parseLsTree(out)
	if err != nil {
		return nil, err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	if limit <= 0 {
		limit = loaders.DefaultMaxDataSize
	}
	f := &gitFolder{files: map[string]*gitFile{}}
	var want []string
	var total, batch int64
	for _, e := range entries {
		if !loaders.IsDataFile(e.name) {
			continue
		}
		gf := &gitFile{name: e.name, size: max(e.size, 0)}
		switch {
		case e.typ == "tree" || e.typ == "commit":
			gf.mode = fs.ModeDir
		case e.mode == "120000":
			gf.mode = fs.ModeSymlink
		case e.typ != "blob":
			gf.mode = fs.ModeIrregular
		}
		f.files[e.name] = gf
		f.names = append(f.names, e.name)
		if gf.mode != 0 || e.size > loaders.MaxFileSize || total > limit {
			continue
		}
		want = append(want, e.oid)
		gf.oid = e.oid
		total += e.size
		batch += e.size + int64(len(e.oid)) + 32
	}
	if len(want) > 0 {
		out, _, err := r.run(ctx, strings.NewReader(strings.Join(want, "\n")+"\n"), batch+1024, "cat-file", "--batch")
		if err != nil {
			return nil, err
		}
		blobs, err := parseCatFileBatch(out, want)
		if err != nil {
			return nil, err
		}
		for _, gf := range f.files {
			if gf.oid != "" {
				gf.data = blobs[gf.oid]
			}
		}
	}
	return f, nil
}

// gitFolder is the top of a tree as an fs.FS: its data files, read.
// A symbolic link is listed but never followed; a sub-folder or
// submodule with a data file's name is a folder (the loader refuses both).
type gitFolder struct {
	files map[string]*gitFile
	names []string // sorted
}

type gitFile struct {
	name string
	size int64
	mode fs.FileMode // 0 for a regular file
	oid  string      // "" when not read
	data []byte
}

// Open implements fs.FS.
func (f *gitFolder) Open(name string) (fs.File, error) {
	if name == "." {
		return &gitDir{f: f}, nil
	}
	gf, ok := f.files[name]
	if !ok || !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	switch {
	case gf.mode == fs.ModeSymlink:
		return nil, &fs.PathError{Op: "open", Path: name, Err: errSymlinkInRevision}
	case gf.mode == 0 && gf.oid == "" && gf.size <= loaders.MaxFileSize:
		// Past the folder's size limit: the loader stops before it.
		return nil, &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("not read: past the data set's size limit")}
	}
	return &gitOpen{info: gitInfo{gf}, r: bytes.NewReader(gf.data)}, nil
}

// Stat implements fs.StatFS (a symbolic link is not followed: an error).
func (f *gitFolder) Stat(name string) (fs.FileInfo, error) {
	if name == "." {
		return gitInfo{&gitFile{name: ".", mode: fs.ModeDir}}, nil
	}
	gf, ok := f.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	if gf.mode == fs.ModeSymlink {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: errSymlinkInRevision}
	}
	return gitInfo{gf}, nil
}

// ReadDir implements fs.ReadDirFS for the top folder.
func (f *gitFolder) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(f.names))
	for _, n := range f.names {
		out = append(out, fs.FileInfoToDirEntry(gitInfo{f.files[n]}))
	}
	return out, nil
}

type gitInfo struct{ f *gitFile }

func (i gitInfo) Name() string       { return path.Base(i.f.name) }
func (i gitInfo) Size() int64        { return i.f.size }
func (i gitInfo) Mode() fs.FileMode  { return i.f.mode | 0o444 }
func (i gitInfo) ModTime() time.Time { return time.Time{} }
func (i gitInfo) IsDir() bool        { return i.f.mode.IsDir() }
func (i gitInfo) Sys() any           { return nil }

type gitOpen struct {
	info gitInfo
	r    *bytes.Reader
}

func (o *gitOpen) Stat() (fs.FileInfo, error) { return o.info, nil }
func (o *gitOpen) Read(p []byte) (int, error) { return o.r.Read(p) }
func (o *gitOpen) Close() error               { return nil }

type gitDir struct{ f *gitFolder }

func (d *gitDir) Stat() (fs.FileInfo, error) { return d.f.Stat(".") }
func (d *gitDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: errors.New("is a directory")}
}
func (d *gitDir) Close() error { return nil }

func isHex(s string) bool {
	if len(s) < 40 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// clip shortens a line of git output for a message.
func clip(b []byte) string {
	if len(b) > 80 {
		return string(b[:80]) + "..."
	}
	return string(b)
}
