package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"rustykg/graph"
	"rustykg/loaders"
	"rustykg/queries"
)

// Sentinel errors of diff.
var (
	// errNoRevision: a revision, or the data folder in it, does not exist.
	errNoRevision = errors.New("no such revision or folder")
	// errNoGit: a revision was asked for and git is not on PATH.
	errNoGit = errors.New("git not found")
	// errDiffers: with --exit-code, the two sides differ (exit code 6;
	// nothing more is printed).
	errDiffers = errors.New("the data sets differ")
	// errSymlinkInRevision is what opening a symbolic link of a revision
	// gives: rustykg does not follow links inside a git tree.
	errSymlinkInRevision = errors.New("a symbolic link in a git revision is not followed")
)

// Prefixes that force how a diff argument is read.
const (
	dirPrefix = "dir:"
	revPrefix = "rev:"
)

func diffCmd(e *env) *cobra.Command {
	var repo, dataPath string
	var exitCode bool
	c := &cobra.Command{
		Use:   "diff OLD NEW [--repo DIR] [--path P] [--exit-code]",
		Short: "What changed between two data sets, and what that changes in the answers",
		Long: `diff compares two data sets, OLD and NEW: the nodes (by kind), studies and claims
added, removed and changed (a node is the same node when its ID is; a claim when
its study, subject, relation and object are, which is what its ID hashes: a
change is then in its locator, note, table or flags). Then what that changes:
the cells of Tables 2-4, as printed and with --beyond (by row and column, old ->
new); the challenges each kernel pair shares (the answer of "shared A B"); each
kernel's similarity ranking ("similar K", rank and Jaccard similarity); each
with the claims that cause it.

OLD and NEW are each a data folder or a git revision:
  dir:PATH   a folder (or any file --data takes: .nq, .csv, .bib)
  rev:REV    a git revision (a commit, branch, tag, HEAD~1, ...)
  anything else: a folder when the path exists, otherwise a revision. A name
  that is both an existing path and a revision of the repository is refused
  as ambiguous: write dir: or rev:.
A revision is read from the repository --repo (default: the current folder)
with the git program, from its folder --path (default: data, relative to the
repository's top); nothing is checked out or written. Both sides go through
the same strict loader as --data: a broken side is refused (exit 3) with its
problems at REV:PATH/FILE:LINE:COL or FOLDER/FILE:LINE:COL. A revision or
folder that does not exist exits 3 too.

The exit code is 0 whether or not the data sets differ (the answer is the
output, as for every command); with --exit-code it is 6 when they differ.`,
		Example: `  rustykg diff HEAD~1 HEAD
  rustykg diff v1 main --path data --repo ~/src/rustykg
  rustykg diff data/ ~/review-2026/ --format markdown
  rustykg diff rev:main dir:main --exit-code`,
		Args: args(2, 2),
		ValidArgsFunction: func(c *cobra.Command, a []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(a) >= 2 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return gitRefs(c.Context(), repo, toComplete), cobra.ShellCompDirectiveDefault
		},
		RunE: func(c *cobra.Command, a []string) error {
			for _, f := range []string{"data", "store"} {
				if c.Flags().Changed(f) {
					return usagef("diff reads its two data sets from OLD and NEW; --%s does not apply", f)
				}
			}
			if e.bibtex {
				return usagef("diff has no --bibtex: its answer is changes, not studies (rustykg --data DIR studies --bibtex lists a side's)")
			}
			dir, err := cleanDataPath(dataPath)
			if err != nil {
				return err
			}
			ctx := c.Context()
			old, err := e.diffSide(ctx, a[0], "old", repo, dir)
			if err != nil {
				return err
			}
			defer old.Cat.G.Close()
			new, err := e.diffSide(ctx, a[1], "new", repo, dir)
			if err != nil {
				return err
			}
			defer new.Cat.G.Close()
			res, err := queries.Diff(ctx, old, new)
			if err != nil {
				return err
			}
			if err := e.print(new.Cat, res); err != nil {
				return err
			}
			if exitCode && res.Differs {
				return errDiffers
			}
			return nil
		},
	}
	c.Flags().StringVar(&repo, "repo", ".", "read revisions from the git repository in `DIR`")
	c.Flags().StringVar(&dataPath, "path", "data", "the data folder `P` inside a revision, relative to the repository's top")
	c.Flags().BoolVar(&exitCode, "exit-code", false, "exit with code 6 when the data sets differ (0 when they do not)")
	return c
}

// cleanDataPath checks --path: a relative path inside the repository
// ("" for its top).
func cleanDataPath(p string) (string, error) {
	p = path.Clean(filepath.ToSlash(strings.TrimSpace(p)))
	if p == "." || p == "/" {
		return "", nil
	}
	p = strings.TrimPrefix(p, "/")
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", usagef("--path %s leaves the repository; give a folder inside it", graph.Quote(p))
	}
	return p, nil
}

// diffSide reads one side of a diff (which is "old" or "new"), loads it
// with the strict loader and opens it in a memory store. A side that does
// not load names itself in the error.
func (e *env) diffSide(ctx context.Context, arg, which, repo, dir string) (queries.DiffSide, error) {
	side := queries.DiffSide{}
	folder, rev, err := e.diffSource(ctx, arg, repo)
	if err != nil {
		return side, fmt.Errorf("%s side %s: %w", which, graph.Quote(arg), err)
	}
	var ds *graph.Dataset
	if rev != "" {
		side.Label = rev + ":" + dir
		if dir == "" {
			side.Label = rev + ":."
		}
		ds, side.Commit, err = e.loadRevision(ctx, repo, rev, dir, side.Label)
	} else {
		side.Label = folder
		sub := *e
		sub.dataDir, sub.preloaded = folder, nil
		ds, err = sub.loadDataset()
	}
	if err != nil {
		return side, fmt.Errorf("%s side %s: %w", which, side.Label, err)
	}
	for _, w := range ds.Warnings {
		fmt.Fprintf(e.stderr, "rustykg: warning: %s side: %s\n", which, w)
	}
	g, err := graph.Open(ctx, ds)
	if err != nil {
		return side, err
	}
	side.Cat, err = queries.NewCatalog(ctx, g)
	if err != nil {
		g.Close()
		return side, err
	}
	return side, nil
}

// diffSource tells what a diff argument names: a folder (or data file)
// or a git revision (see diffCmd's help).
func (e *env) diffSource(ctx context.Context, arg, repo string) (folder, rev string, err error) {
	switch {
	case strings.HasPrefix(arg, dirPrefix):
		if folder = strings.TrimPrefix(arg, dirPrefix); folder == "" {
			return "", "", usagef("dir: needs a folder")
		}
		return folder, "", nil
	case strings.HasPrefix(arg, revPrefix):
		if rev = strings.TrimPrefix(arg, revPrefix); rev == "" {
			return "", "", usagef("rev: needs a revision")
		}
		return "", rev, nil
	case strings.TrimSpace(arg) == "":
		return "", "", usagef("an empty argument names no folder or revision")
	}
	if _, statErr := os.Stat(arg); statErr == nil {
		// An existing path, unless the repository also has a revision
		// of that name (as git, refuse to guess).
		if r, err := newGitRepo(repo); err == nil {
			if _, err := r.commit(ctx, arg); err == nil {
				return "", "", usagef("%s is both a path and a git revision of %s; write dir:%s or rev:%s", graph.Quote(arg), repo, arg, arg)
			}
		}
		return arg, "", nil
	}
	if _, err := newGitRepo(repo); err != nil {
		return "", "", fmt.Errorf("%w: no folder %s, and %w", loaders.ErrRead, graph.Quote(arg), err)
	}
	return "", arg, nil
}

// loadRevision loads the data folder dir of revision rev of the
// repository, with label as the folder's name in problem positions.
func (e *env) loadRevision(ctx context.Context, repo, rev, dir, label string) (*graph.Dataset, string, error) {
	r, err := newGitRepo(repo)
	if err != nil {
		return nil, "", err
	}
	commit, err := r.commit(ctx, rev)
	if err != nil {
		return nil, "", err
	}
	tree, err := r.tree(ctx, rev, commit, dir)
	if err != nil {
		return nil, "", err
	}
	limit, err := e.limit()
	if err != nil {
		return nil, "", err
	}
	fsys, err := r.folder(ctx, tree, limit)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %w", loaders.ErrRead, err)
	}
	rep := e.skipReport()
	ds, err := loaders.Load(fsys, label, append(rep.options(), loaders.MaxDataSize(limit))...)
	rep.done(err)
	return ds, commit, err
}

// gitRefs offers the repository's branches and tags (and HEAD) that start
// with toComplete, for shell completion; none when git or the repository
// is missing.
func gitRefs(ctx context.Context, repo, toComplete string) []cobra.Completion {
	if repo == "" {
		repo = "."
	}
	r, err := newGitRepo(repo)
	if err != nil {
		return nil
	}
	out, _, err := r.run(ctx, nil, gitCap, "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags")
	if err != nil {
		return nil
	}
	refs := append([]string{"HEAD"}, strings.Fields(string(out))...)
	return withPrefix(refs, toComplete)
}
