package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// commandTree builds rustykg's command tree as Run does, without running
// it.
func commandTree(t *testing.T) *cobra.Command {
	t.Helper()
	var out bytes.Buffer
	e := &env{stdout: &out, stderr: &out}
	root := &cobra.Command{Use: "rustykg"}
	for _, mk := range commands() {
		root.AddCommand(mk(e))
	}
	setUpCompletion(root, e, false)
	return root
}

func walkCommands(c *cobra.Command, f func(*cobra.Command)) {
	f(c)
	for _, sub := range c.Commands() {
		walkCommands(sub, f)
	}
}

// TestEveryCommandHasExample: each command's help names at least one
// example, every example line runs that command, and the examples that
// need no file, network or companion program run with exit code 0.
func TestEveryCommandHasExample(t *testing.T) {
	n := 0
	walkCommands(commandTree(t), func(c *cobra.Command) {
		if !c.HasParent() || c.Hidden {
			return
		}
		n++
		path := c.CommandPath()
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%s: no Example in its help", path)
			return
		}
		for _, line := range strings.Split(c.Example, "\n") {
			line = strings.TrimSpace(line)
			if !strings.Contains(line, path) {
				t.Errorf("%s: example %q does not run %q", path, line, path)
				continue
			}
			if strings.ContainsAny(line, "|<>") || strings.Contains(line, " -o ") || strings.Contains(line, "--data") ||
				strings.HasPrefix(line, "source") || strings.HasPrefix(path, "rustykg render") || path == "rustykg query" || path == "rustykg import" ||
				path == "rustykg diff" || path == "rustykg serve" {
				continue // writes files or a store, pipes, needs a companion program, files of the user's or a git history, or runs until stopped (serve_test.go runs serve)
			}
			args := shellWords(strings.TrimPrefix(line, "rustykg "))
			if _, errs, code := run(t, args...); code != 0 {
				t.Errorf("%s: example %q exits %d: %s", path, line, code, errs)
			}
		}
	})
	if n < 15 {
		t.Fatalf("only %d commands found", n)
	}
}

// TestEveryCommandCompletes: every command completes its arguments (node
// IDs, or explicitly nothing), so a <TAB> never falls back to file names
// where a file makes no sense.
func TestEveryCommandCompletes(t *testing.T) {
	walkCommands(commandTree(t), func(c *cobra.Command) {
		if c.HasParent() && c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 {
			t.Errorf("%s: no argument completion", c.CommandPath())
		}
	})
	for path := range nodeArgs {
		found := false
		walkCommands(commandTree(t), func(c *cobra.Command) {
			found = found || c.CommandPath() == "rustykg "+path
		})
		if !found {
			t.Errorf("nodeArgs names %q, which is no command", path)
		}
	}
}

// TestCompletionScripts: each shell's script is generated and calls back
// into rustykg's completion entry point.
func TestCompletionScripts(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		for _, extra := range [][]string{nil, {"--no-descriptions"}} {
			args := append([]string{"completion", sh}, extra...)
			out, errs, code := run(t, args...)
			if code != 0 || !strings.Contains(out, "__complete") {
				t.Errorf("%v: exit %d, %d bytes, stderr %q", args, code, len(out), errs)
			}
		}
	}
	if _, _, code := run(t, "completion", "tcsh"); code != exitUsage {
		t.Errorf("completion tcsh: exit %d, want %d", code, exitUsage)
	}
}

// TestCompletionDoesNotLeak: flag completions live in a process-wide
// table in cobra; only completion requests register them.
func TestCompletionDoesNotLeak(t *testing.T) {
	var out bytes.Buffer
	Run(context.Background(), []string{"kernels"}, &out, &out)
	e := &env{stdout: &out, stderr: &out}
	root := &cobra.Command{Use: "rustykg"}
	root.PersistentFlags().String("format", "", "")
	setUpCompletion(root, e, false)
	if _, ok := root.GetFlagCompletionFunc("format"); ok {
		t.Error("flag completion registered outside a completion request")
	}
	setUpCompletion(root, e, true)
	if _, ok := root.GetFlagCompletionFunc("format"); !ok {
		t.Error("flag completion not registered for a completion request")
	}
}
