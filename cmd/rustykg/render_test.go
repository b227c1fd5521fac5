package main

import (
	"bytes"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"rustykg/cmd/internal/renderer"
	"rustykg/graph/viz"
	"rustykg/graph/viz/raster"
)

// renderCases are the golden DOT cases of render and --format dot, on the
// embedded data: testdata/golden/render_NAME.dot (go test ./cmd/rustykg
// -update rewrites them).
var renderCases = []struct {
	name string
	args []string
}{
	{"whole", []string{"render", "-f", "dot"}},
	{"focus-tock-2", []string{"render", "--focus", "tock", "--depth", "2", "-f", "dot"}},
	{"kinds-kernel-challenge", []string{"render", "--kinds", "kernel,challenge", "-f", "dot"}},
	{"shared-redox-theseus-tock", []string{"render", "shared", "redox", "theseus", "tock", "-f", "dot"}},
	{"shared-challenge-panics", []string{"render", "shared", "--challenge", "panics", "-f", "dot"}},
	{"path-lesson-linux", []string{"render", "path", "lesson:no-pure-rust", "kernel:linux", "-f", "dot"}},
	{"layout-neato", []string{"render", "--kinds", "kernel,approach", "--layout", "neato", "-f", "dot"}},
	{"shared-format-dot", []string{"shared", "tock", "redleaf", "--format", "dot"}},
	{"show-format-dot", []string{"show", "tock", "--format", "dot"}},
}

// TestRenderGoldenDOT: each case gives the same DOT twice, equal to its
// golden file, and native dot parses it.
func TestRenderGoldenDOT(t *testing.T) {
	for _, c := range renderCases {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := run(t, c.args...)
			out2, _, _ := run(t, c.args...)
			if code != 0 || errs != "" {
				t.Fatalf("exit %d, stderr %s", code, errs)
			}
			if out != out2 {
				t.Fatal("DOT differs between two runs")
			}
			golden(t, "render_"+c.name+".dot", out)
			dotParses(t, []byte(out))
		})
	}
}

// dotParses runs native dot -Tsvg on src: it must exit 0. Without dot the
// check is skipped, except in CI (RUSTYKG_CI=1), where it fails.
func dotParses(t *testing.T, src []byte) []byte {
	t.Helper()
	p := needTool(t, "dot", "graphviz")
	cmd := exec.Command(p, "-Tsvg")
	cmd.Stdin = bytes.NewReader(src)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	svg, err := cmd.Output()
	if err != nil {
		t.Fatalf("dot -Tsvg: %v\n%s", err, stderr.String())
	}
	return svg
}

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

// buildRenderer builds cmd/rustykg-render into a temporary folder and
// points RUSTYKG_RENDER at it.
func buildRenderer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "rustykg-render")
	cmd := exec.Command("go", "build", "-o", bin, "rustykg/cmd/rustykg-render")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build rustykg-render: %v\n%s", err, out)
	}
	t.Setenv(renderer.HelperEnv, bin)
	return bin
}

var dotNode = regexp.MustCompile(`(?m)^\t+"([^"]*)" \[`)

// dotNodeIDs are the IDs of the nodes a DOT file declares (legend aside).
func dotNodeIDs(src string) []string {
	var ids []string
	for _, m := range dotNode.FindAllStringSubmatch(src, -1) {
		if id := html.UnescapeString(m[1]); !strings.HasPrefix(id, "_legend:") {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// TestRenderSVG draws each golden case as SVG through rustykg-render
// (go-graphviz): every file is well-formed XML (encoding/xml, and xmllint
// when installed) with a node for every node of the DOT.
func TestRenderSVG(t *testing.T) {
	buildRenderer(t)
	dir := t.TempDir()
	for _, c := range renderCases[:6] {
		t.Run(c.name, func(t *testing.T) {
			dotOut, _, _ := run(t, c.args...)
			file := filepath.Join(dir, c.name+".svg")
			args := append(append([]string(nil), c.args[:len(c.args)-2]...), "-o", file)
			if _, errs, code := run(t, args...); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			svg, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			checkSVGFile(t, svg, dotNodeIDs(dotOut))
		})
	}
	t.Run("stdout", func(t *testing.T) {
		out, errs, code := run(t, "render", "shared", "redox", "theseus", "tock")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if !strings.HasPrefix(out, "<?xml") {
			t.Fatalf("stdout is not SVG: %.200s", out)
		}
	})
	t.Run("png", func(t *testing.T) {
		checkPNG(t, dir, "helper")
	})
}

// TestRenderNativeDot draws SVG and PNG with native Graphviz (--renderer
// dot): the SVG has every node, the PNG shows what the SVG shows.
func TestRenderNativeDot(t *testing.T) {
	needTool(t, "dot", "graphviz")
	dir := t.TempDir()
	dotOut, _, _ := run(t, "render", "shared", "redox", "theseus", "tock", "-f", "dot")
	file := filepath.Join(dir, "shared.svg")
	if _, errs, code := run(t, "render", "--renderer", "dot", "shared", "redox", "theseus", "tock", "-o", file); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	svg, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("Generated by graphviz version 2.")) && !bytes.Contains(svg, []byte("Generated by graphviz version")) {
		t.Fatal("not drawn by Graphviz")
	}
	checkSVGFile(t, svg, dotNodeIDs(dotOut))
	checkPNG(t, dir, "dot")
}

// checkPNG draws the kinds picture with the fdp layout (the README's PNG
// example, whose edges go-graphviz's PNG lost) as SVG and as PNG with
// renderer r: the PNG must show what the SVG shows (raster.Check). The
// two are separate runs of the renderer: native dot lays text out with
// the machine's fonts, and a font cache rebuilt between the two runs (a
// package install elsewhere on the machine) can move the layout, so a
// mismatch with dot is drawn once more before it fails the test.
func checkPNG(t *testing.T, dir, r string) {
	t.Helper()
	tries := 1
	if r == "dot" {
		tries = 2
	}
	var err error
	for i := 0; i < tries; i++ {
		if err = drawPNGAndSVG(t, dir, r); err == nil {
			return
		}
		t.Logf("try %d: %v", i+1, err)
	}
	t.Fatal(err)
}

func drawPNGAndSVG(t *testing.T, dir, r string) error {
	t.Helper()
	args := []string{"render", "--renderer", r, "--kinds", "kernel,challenge", "--layout", "fdp"}
	pngFile, svgFile := filepath.Join(dir, r+"-kc.png"), filepath.Join(dir, r+"-kc.svg")
	for _, f := range []string{pngFile, svgFile} {
		if _, errs, code := run(t, append(args, "-o", f)...); code != 0 {
			t.Fatalf("%s: exit %d: %s", f, code, errs)
		}
	}
	png, err := os.ReadFile(pngFile)
	if err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(svgFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := viz.CheckPicture(png, "png"); err != nil {
		t.Fatal(err)
	}
	return raster.Check(svg, png)
}

func checkSVGFile(t *testing.T, svg []byte, want []string) {
	t.Helper()
	if err := viz.CheckPicture(svg, "svg"); err != nil {
		t.Fatal(err)
	}
	got, err := viz.SVGNodeIDs(svg)
	if err != nil {
		t.Fatal(err)
	}
	drawn := map[string]bool{}
	for _, id := range got {
		drawn[id] = true
	}
	for _, id := range want {
		if !drawn[id] {
			t.Errorf("node %s missing from the SVG", id)
		}
	}
	if len(want) == 0 {
		t.Error("the DOT declares no nodes")
	}
	// Last, so that without xmllint the checks above still ran: the test
	// then shows as skipped (failed in CI), never as a silent pass.
	xmllint := needTool(t, "xmllint", "libxml2-utils")
	cmd := exec.Command(xmllint, "--noout", "-")
	cmd.Stdin = bytes.NewReader(svg)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

// TestRenderUsage: mistakes exit 2 with a message and print nothing.
func TestRenderUsage(t *testing.T) {
	for _, args := range [][]string{
		{"render", "-f", "png"},                       // binary to stdout
		{"render", "-f", "pdf"},                       // unknown format
		{"render", "-o", "x.pdf"},                     // unknown extension
		{"render", "--layout", "spring", "-f", "dot"}, // unknown layout
		{"render", "--kinds", "kernel,bogus"},         // unknown kind
		{"render", "--focus", "tock", "--kinds", "kernel"},
		{"render", "--depth", "2"},                    // depth without focus
		{"render", "--focus", "tock", "--depth", "0"}, // depth below 1
		{"render", "path", "tock"},                    // one end
		{"render", "--bibtex"},                        // nothing to cite
		{"kernels", "--format", "dot"},                // no picture
		{"render", "shared", "tock", "--challenge", "panics"},
		{"render", "-f", "png", "-o", "x.svg"}, // the extension disagrees
		{"render", "-f", "svg", "-o", "x.dot"},
		{"render", "--renderer", "cairo", "-o", "x.svg"},
	} {
		out, errs, code := run(t, args...)
		if code != exitUsage || out != "" || errs == "" {
			t.Errorf("%v: exit %d, stdout %.80q, stderr %q; want exit %d, a message, no output", args, code, out, errs, exitUsage)
		}
	}
	if _, _, code := run(t, "render", "--focus", "nosuchkernel", "-f", "dot"); code != exitNotFound {
		t.Errorf("unknown focus: exit %d, want %d", code, exitNotFound)
	}
}

// TestRenderFailureLeavesFileAlone: when the renderer fails, is missing,
// or prints something that is not SVG, the output file keeps its old
// contents and no temporary file is left behind.
func TestRenderFailureLeavesFileAlone(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "out.svg")
	if err := os.WriteFile(file, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	script := func(name, body string) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for name, prog := range map[string]string{
		"fails":     script("fails", "echo boom >&2; exit 3"),
		"not svg":   script("garbage", "cat >/dev/null; echo '<svg><g>'"),
		"truncated": script("empty", "cat >/dev/null"),
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(renderer.HelperEnv, prog)
			out, errs, code := run(t, "render", "-o", file)
			if code == 0 || out != "" || errs == "" {
				t.Fatalf("exit %d, stdout %q, stderr %q: want a failure", code, out, errs)
			}
			checkUntouched(t, dir, file)
		})
	}
	t.Run("missing", func(t *testing.T) {
		t.Setenv(renderer.HelperEnv, "")
		t.Setenv("PATH", t.TempDir())
		_, errs, code := run(t, "render", "-o", file)
		if code == 0 || !strings.Contains(errs, "go build -o bin/ ./cmd/...") || !strings.Contains(errs, "apt-get install graphviz") {
			t.Fatalf("exit %d, stderr %q: want the install hint", code, errs)
		}
		checkUntouched(t, dir, file)
	})
}

func checkUntouched(t *testing.T, dir, file string) {
	t.Helper()
	got, err := os.ReadFile(file)
	if err != nil || string(got) != "old" {
		t.Fatalf("output file changed: %q, %v", got, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("left files behind: %v", names)
	}
}

// TestRenderDOTFile: -o FILE.dot writes the same DOT as stdout.
func TestRenderDOTFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "g.dot")
	if _, errs, code := run(t, "render", "--kinds", "kernel,challenge", "-o", file); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want, _, _ := run(t, "render", "--kinds", "kernel,challenge", "-f", "dot")
	if string(got) != want {
		t.Fatal("the .dot file differs from the DOT on stdout")
	}
}

// TestNoGoGraphvizLinked keeps go-graphviz out of rustykg: its package
// init() compiles Graphviz's WASM (about 80 ms warm, over 1 s cold), which
// every command would pay. Only rustykg-render may import it.
func TestNoGoGraphvizLinked(t *testing.T) {
	for _, dep := range rustykgDeps(t) {
		if strings.HasPrefix(dep, "github.com/goccy/go-graphviz") || strings.HasPrefix(dep, "github.com/tetratelabs/wazero") {
			t.Fatalf("rustykg links %s: keep go-graphviz in cmd/rustykg-render", dep)
		}
	}
}

// rustykgDeps lists the packages rustykg links.
func rustykgDeps(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "rustykg/cmd/rustykg").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	return strings.Fields(string(out))
}
