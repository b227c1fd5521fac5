package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"rustykg/cmd/internal/proc"
	"rustykg/queries"
)

// The hand-written cases of diff are in testdata/diff: base, and base with
// one change each (add-study, remove-claim, change-locator). Their exact
// rows are stated in testdata/expect.txt and recorded in the golden files
// (testdata/cases.txt); the tests here read the same cases from git.

// gitRepoFor makes a git repository in a temporary folder whose history
// is one commit per case folder, each holding the case as data/ (the
// first tagged v1). Commits have fixed authors and dates, so their IDs do
// not change between runs.
func gitRepoFor(t *testing.T, cases ...string) string {
	t.Helper()
	git := needTool(t, "git", "git")
	repo := t.TempDir()
	env := []string{"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.org",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.org", "GIT_AUTHOR_DATE=2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z"}
	run := func(args ...string) {
		t.Helper()
		res, err := proc.Run(context.Background(), proc.Spec{Path: git, Args: append([]string{"-C", repo}, args...), Env: env})
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, res.Stderr)
		}
	}
	run("init", "-q")
	for i, c := range cases {
		data := filepath.Join(repo, "data")
		os.RemoveAll(data)
		copyFolder(t, filepath.Join("testdata", "diff", c), data)
		run("add", "-A")
		run("commit", "-q", "-m", c)
		if i == 0 {
			run("tag", "v1")
		}
	}
	return repo
}

func copyFolder(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func diffJSON(t *testing.T, args ...string) queries.DiffResult {
	t.Helper()
	out, errs, code := run(t, append([]string{"diff", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("diff %v: exit %d\n%s", args, code, errs)
	}
	var res queries.DiffResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// TestDiffGitRevisions: two revisions of a repository's data folder give
// exactly the diff of the same two folders, and the sides are named
// REV:PATH with the commit they resolved to.
func TestDiffGitRevisions(t *testing.T) {
	repo := gitRepoFor(t, "base", "add-study")
	folders := diffJSON(t, "testdata/diff/base", "testdata/diff/add-study")
	for _, revs := range [][2]string{{"v1", "HEAD"}, {"HEAD~1", "rev:HEAD"}} {
		got := diffJSON(t, "--repo", repo, revs[0], revs[1])
		if got.Old.Label != strings.TrimPrefix(revs[0], "rev:")+":data" || got.New.Label != strings.TrimPrefix(revs[1], "rev:")+":data" ||
			!isHex(got.Old.Commit) || !isHex(got.New.Commit) || got.Old.Commit == got.New.Commit {
			t.Errorf("%v: sides %+v, %+v", revs, got.Old, got.New)
		}
		got.Old, got.New = folders.Old, folders.New
		if !reflect.DeepEqual(got, folders) {
			t.Errorf("%v: the revisions' diff differs from the folders'\nrevisions %+v\nfolders   %+v", revs, got, folders)
		}
	}
	// A revision against a folder, and the same revision twice.
	if got := diffJSON(t, "--repo", repo, "v1", "dir:testdata/diff/base"); got.Differs || len(got.Summary) == 0 {
		t.Errorf("v1 against the folder it was committed from: %+v", got)
	}
	if got := diffJSON(t, "--repo", repo, "HEAD", "HEAD"); got.Differs {
		t.Errorf("HEAD against itself differs: %+v", got)
	}
	// Completion offers the repository's revisions (then files, as the
	// shell does by default); nothing after NEW.
	out, _, _ := run(t, "__complete", "diff", "--repo", repo, "v")
	if got, d := completions(out); !reflect.DeepEqual(got, []string{"v1"}) || d != "0" {
		t.Errorf("completing v: %v, directive %s", got, d)
	}
	out, _, _ = run(t, "__complete", "diff", "--repo", repo, "v1", "HEAD", "")
	if got, d := completions(out); len(got) != 0 || d != "4" {
		t.Errorf("completing a third argument: %v, directive %s", got, d)
	}
	// --exit-code: 6 when the sides differ, 0 when they do not, and
	// nothing on stderr either way.
	for _, c := range []struct {
		old  string
		code int
	}{{"v1", exitDiffers}, {"HEAD", exitOK}} {
		out, errs, code := run(t, "diff", "--repo", repo, "--exit-code", c.old, "HEAD")
		if code != c.code || errs != "" || !strings.Contains(out, "== summary ==") {
			t.Errorf("--exit-code %s HEAD: exit %d (want %d), stderr %q", c.old, code, c.code, errs)
		}
	}
}

// TestDiffGitErrors: revisions and folders that do not exist, a folder
// that is no repository, an ambiguous name and a broken revision each
// get their own message, naming the side, and exit code; nothing on
// stdout.
func TestDiffGitErrors(t *testing.T) {
	repo := gitRepoFor(t, "base", "add-study")
	git := needTool(t, "git", "git")
	gitIn := func(args ...string) {
		t.Helper()
		env := []string{"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.org",
			"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.org"}
		if res, err := proc.Run(context.Background(), proc.Spec{Path: git, Args: append([]string{"-C", repo}, args...), Env: env}); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, res.Stderr)
		}
	}
	// A branch whose name is also a folder here (testdata), and a
	// revision whose data folder is broken and holds a symbolic link.
	gitIn("branch", "testdata")
	if err := os.WriteFile(filepath.Join(repo, "data", "claims.yaml"), []byte("claims:\n  - subject: kernel:tock\n    relation: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(repo, "data", "passwd.yaml")); err != nil {
		t.Fatal(err)
	}
	gitIn("add", "-A")
	gitIn("commit", "-q", "-m", "broken")
	notRepo := t.TempDir()
	cases := []struct {
		args []string
		code int
		msgs []string
	}{
		{[]string{"nosuch", "HEAD"}, exitData, []string{`old side nosuch:data: no such revision or folder: "nosuch" in the repository`}},
		{[]string{"v1", "rev:nosuch"}, exitData, []string{`new side nosuch:data: no such revision or folder: "nosuch" in the repository`}},
		{[]string{"v1", "dir:testdata/diff/nosuch"}, exitData, []string{"new side testdata/diff/nosuch: ", "no such file or directory"}},
		{[]string{"--path", "nodata", "v1", "HEAD~1"}, exitData, []string{`old side v1:nodata: `, `revision "v1" has no "nodata"`}},
		{[]string{"--path", "data/claims.yaml", "v1", "HEAD~1"}, exitData, []string{`"data/claims.yaml" in revision "v1" is a blob, not a folder`}},
		{[]string{"--path", "../x", "v1", "HEAD"}, exitUsage, []string{"leaves the repository"}},
		{[]string{"testdata", "HEAD"}, exitUsage, []string{`"testdata" is both a path and a git revision`, "write dir:testdata or rev:testdata"}},
		{[]string{"v1", "HEAD"}, exitData, []string{
			"new side HEAD:data: ",
			"HEAD:data/claims.yaml:3:", // the YAML error, at its line
			"HEAD:data/passwd.yaml: is a symbolic link to a file that cannot be read (a symbolic link in a git revision is not followed)",
		}},
		{[]string{"--data", "testdata/diff/base", "v1", "HEAD"}, exitUsage, []string{"--data does not apply"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out, errs, code := run(t, append([]string{"diff", "--repo", repo}, c.args...)...)
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s", code, c.code, errs)
			}
			for _, m := range c.msgs {
				if !strings.Contains(errs, m) {
					t.Errorf("stderr lacks %q:\n%s", m, errs)
				}
			}
			if out != "" {
				t.Errorf("stdout not empty:\n%s", out)
			}
		})
	}
	// The branch named like the folder reads as a revision when forced.
	if got := diffJSON(t, "--repo", repo, "rev:testdata", "HEAD~1"); got.Differs {
		t.Errorf("rev:testdata against HEAD~1 (the commit the branch names): %+v", got.Summary)
	}
	out, errs, code := run(t, "diff", "--repo", notRepo, "HEAD~1", "HEAD")
	if code != exitData || !strings.Contains(errs, "not a git repository") || out != "" {
		t.Errorf("--repo on a folder that is no repository: exit %d, stderr %q", code, errs)
	}
}

// TestDiffSides: each side goes through the strict loader, and a broken
// side is named in the error (folders; no git needed).
func TestDiffSides(t *testing.T) {
	out, errs, code := run(t, "diff", "dir:testdata/diff/base", "dir:testdata/broken/yaml-syntax")
	if code != exitData || out != "" || !strings.Contains(errs, "new side testdata/broken/yaml-syntax: ") ||
		!strings.Contains(errs, "testdata/broken/yaml-syntax/claims.yaml:") {
		t.Errorf("broken new side: exit %d, stderr %q", code, errs)
	}
	out, errs, code = run(t, "diff", "dir:testdata/broken/yaml-syntax", "dir:testdata/diff/base")
	if code != exitData || out != "" || !strings.Contains(errs, "old side testdata/broken/yaml-syntax: ") {
		t.Errorf("broken old side: exit %d, stderr %q", code, errs)
	}
}
