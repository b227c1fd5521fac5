package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	src := `digraph "g" { "a" [label=<A &amp; B>]; "a" -> "b"; }`
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"--format", "svg", "--layout", "neato"}, strings.NewReader(src), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !bytes.Contains(out.Bytes(), []byte("<svg")) || !bytes.Contains(out.Bytes(), []byte("A &amp; B")) {
		t.Fatalf("not the SVG of the graph:\n%s", out.String())
	}
}

func TestRunErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		in   string
		code int
	}{
		{[]string{"--format", "pdf"}, "digraph{a}", 1},
		{[]string{"--layout", "spring"}, "digraph{a}", 1},
		{[]string{}, "digraph { a -> }", 1},
		{[]string{"--nosuchflag"}, "digraph{a}", 2},
		{[]string{"-format", "svg"}, "digraph{a}", 2}, // single-dash long flags are not rustykg's syntax
		{[]string{"file.dot"}, "digraph{a}", 2},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), c.args, strings.NewReader(c.in), &out, &errb)
		if code != c.code || out.Len() != 0 || errb.Len() == 0 {
			t.Errorf("%v: exit %d (want %d), stdout %d bytes, stderr %q", c.args, code, c.code, out.Len(), errb.String())
		}
	}
}

// TestHelp: --help (and -h) print the usage to stdout and exit 0, as
// rustykg does.
func TestHelp(t *testing.T) {
	for _, arg := range []string{"--help", "-h"} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), []string{arg}, strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("%s: exit %d: %s", arg, code, errb.String())
		}
		if !strings.Contains(out.String(), "usage: rustykg-render") || !strings.Contains(out.String(), "--layout") || errb.Len() != 0 {
			t.Fatalf("%s: stdout %q, stderr %q", arg, out.String(), errb.String())
		}
	}
}
