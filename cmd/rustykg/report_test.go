package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"

	"rustykg/graph/viz"
)

// mdDoc is a Markdown report as goldmark (CommonMark + GFM tables) reads
// it: its tree, the HTML goldmark renders from it and that HTML parsed.
// Raw HTML is passed through (goldmark's "unsafe" mode), so the report's
// anchors are there, and so would be any markup that data smuggled past
// the escaping.
type mdDoc struct {
	src  []byte
	root ast.Node
	html *html.Node
}

func parseMarkdown(t *testing.T, src []byte) mdDoc {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	root := md.Parser().Parse(text.NewReader(src))
	var out bytes.Buffer
	if err := md.Renderer().Render(&out, src, root); err != nil {
		t.Fatalf("goldmark: %v", err)
	}
	h, err := html.Parse(&out)
	if err != nil {
		t.Fatalf("parse goldmark's HTML: %v", err)
	}
	return mdDoc{src: src, root: root, html: h}
}

// tables counts the GFM tables goldmark found.
func (d mdDoc) tables() int {
	n := 0
	ast.Walk(d.root, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && node.Kind() == east.KindTable {
			n++
		}
		return ast.WalkContinue, nil
	})
	return n
}

// images are the destinations of the Markdown's images.
func (d mdDoc) images() []string {
	var out []string
	ast.Walk(d.root, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := node.(*ast.Image); ok && entering {
			out = append(out, string(img.Destination))
		}
		return ast.WalkContinue, nil
	})
	return out
}

// textOf is the text of an HTML node, its whitespace runs made one space.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteString(" ")
		}
		if n.Type == html.ElementNode && (n.Data == "svg" || n.Data == "style" || n.Data == "title" && n.Parent != nil && n.Parent.Data == "head") {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// elements returns the elements of the tree named name (all when "").
func elements(n *html.Node, name string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (name == "" || n.Data == name) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// checkLinks: every link of the page goes to an anchor the page holds or
// to an http(s) URL, and no element carries an event handler, a script
// or a resource that loads (img, iframe, object, link, a style's url()).
func checkLinks(t *testing.T, doc *html.Node, what string) {
	t.Helper()
	ids := map[string]bool{}
	for _, e := range elements(doc, "") {
		if id, ok := attr(e, "id"); ok {
			if ids[id] {
				t.Errorf("%s: id %q is used twice", what, id)
			}
			ids[id] = true
		}
		for _, a := range e.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("%s: <%s> has an event handler %s=%q", what, e.Data, a.Key, a.Val)
			}
		}
		switch e.Data {
		case "script", "img", "iframe", "object", "embed", "link", "base", "form", "input", "foreignobject", "image":
			t.Errorf("%s: the page holds a <%s> element", what, e.Data)
		}
	}
	for _, a := range elements(doc, "a") {
		href, ok := attr(a, "href")
		if !ok {
			continue
		}
		switch {
		case strings.HasPrefix(href, "#"):
			if !ids[strings.TrimPrefix(href, "#")] {
				t.Errorf("%s: link to %s, which the page does not hold", what, href)
			}
		case strings.HasPrefix(href, "https://"), strings.HasPrefix(href, "http://"):
		default:
			t.Errorf("%s: link to %q", what, href)
		}
	}
}

// TestReportMarkdownStdout: the Markdown on stdout is the golden file, the
// same bytes twice; goldmark reads it with every table a GFM table; every
// link lands on an anchor; kernels and bibliography link both ways.
func TestReportMarkdownStdout(t *testing.T) {
	out, errs, code := run(t, "report")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	again, _, _ := run(t, "report")
	if out != again {
		t.Fatal("two runs differ")
	}
	golden(t, "report.md", out)
	d := parseMarkdown(t, []byte(out))
	if got, want := d.tables(), strings.Count(out, "\n| --- |"); got != want || want < 10 {
		t.Errorf("goldmark found %d tables, the Markdown has %d table headers", got, want)
	}
	if imgs := d.images(); len(imgs) != 0 {
		t.Errorf("stdout Markdown refers to figures %v", imgs)
	}
	checkLinks(t, d.html, "Markdown")
	ids := map[string]bool{}
	for _, e := range elements(d.html, "") {
		if id, ok := attr(e, "id"); ok {
			ids[id] = true
		}
	}
	for _, want := range []string{"kernel-tock", "study-ayers2022tighten", "review-panter2024rusty", "prisma", "bibliography"} {
		if !ids[want] {
			t.Errorf("no anchor %s", want)
		}
	}
	// Tock's section cites Ayers et al., whose entry links back to Tock.
	if !strings.Contains(out, "[study:ayers2022tighten \\[2\\]](<#study-ayers2022tighten>)") {
		t.Error("Tock's section does not link Ayers et al. to the bibliography")
	}
	entry := regexp.MustCompile(`(?m)^- <a id="study-ayers2022tighten"></a>.*$`).FindString(out)
	if !strings.Contains(entry, "[Tock](<#kernel-tock>)") {
		t.Errorf("the bibliography entry of Ayers et al. does not link to Tock: %s", entry)
	}
	if !strings.Contains(out, noFiguresOnStdout) {
		t.Error("stdout Markdown does not say where the figures are")
	}
}

// reviewYAML is review.yaml read on its own, for the PRISMA numbers.
type reviewYAML struct {
	Review struct {
		Databases []struct {
			Name string `yaml:"name"`
			Hits int    `yaml:"hits"`
		} `yaml:"databases"`
		Counts map[string]int `yaml:"counts"`
	} `yaml:"review"`
}

func readReviewYAML(t *testing.T, path string) reviewYAML {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r reviewYAML
	if err := yaml.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Review.Databases) == 0 || r.Review.Counts["raw"] == 0 {
		t.Fatalf("%s: no databases or counts", path)
	}
	return r
}

// svgTexts are the <text> contents of an SVG, in order.
func svgTexts(t *testing.T, svg []byte) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(svg))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range elements(doc, "text") {
		out = append(out, textOf(e))
	}
	return out
}

// checkSVG: well-formed SVG (encoding/xml through viz.CheckPicture, and
// xmllint, which the test needs: skipped without it, failed in CI).
func checkSVG(t *testing.T, name string, svg []byte) {
	t.Helper()
	if err := viz.CheckPicture(svg, "svg"); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	xmllint := needTool(t, "xmllint", "libxml2-utils")
	cmd := exec.Command(xmllint, "--noout", "-")
	cmd.Stdin = bytes.NewReader(svg)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: xmllint: %v\n%s", name, err, out)
	}
}

// readTree reads every file under dir: relative path -> contents.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReportFiles writes report.md with its figures (drawn by native dot)
// and report.html: every figure the Markdown refers to exists and is
// valid SVG; the PRISMA numbers of the table and of the figure are
// review.yaml's; a second run gives the same files, byte for byte; the
// HTML is one page with its figures inline and nothing that loads.
func TestReportFiles(t *testing.T) {
	needTool(t, "dot", "graphviz")
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, dir := range dirs {
		for _, f := range []string{"report.md", "report.html"} {
			if _, errs, code := run(t, "report", "--renderer", "dot", "-o", filepath.Join(dir, f)); code != 0 {
				t.Fatalf("%s: exit %d: %s", f, code, errs)
			}
		}
	}
	first, second := readTree(t, dirs[0]), readTree(t, dirs[1])
	names := make([]string, 0, len(first))
	for n := range first {
		names = append(names, n)
	}
	sort.Strings(names)
	want := []string{"report-figures/prisma.svg", "report-figures/shared.svg", "report.html", "report.md"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("files %v, want %v", names, want)
	}
	for _, n := range names {
		if first[n] != second[n] {
			t.Errorf("%s differs between two runs", n)
		}
	}

	md := parseMarkdown(t, []byte(first["report.md"]))
	imgs := md.images()
	if len(imgs) != 2 {
		t.Fatalf("figures %v, want 2", imgs)
	}
	for _, img := range imgs {
		svg, ok := first[img]
		if !ok {
			t.Fatalf("figure %s does not exist", img)
		}
		checkSVG(t, img, []byte(svg))
	}

	r := readReviewYAML(t, filepath.Join("..", "..", "data", "review.yaml"))
	c := r.Review.Counts
	n := func(v int) string { return "(n = " + strconv.Itoa(v) + ")" }
	texts := strings.Join(svgTexts(t, []byte(first["report-figures/prisma.svg"])), "\n")
	rows := map[string]string{}
	for _, tr := range elements(md.html, "tr") {
		if tds := elements(tr, "td"); len(tds) == 3 {
			rows[textOf(tds[0])] = textOf(tds[1])
		}
	}
	expect := map[string]int{
		"Records identified from databases": c["raw"],
		"Duplicate records removed":         c["duplicates"],
		"Records screened":                  c["raw"] - c["duplicates"],
		"Records excluded":                  c["raw"] - c["duplicates"] - c["screened"],
		"Papers kept after screening":       c["screened"],
		"Studies added by snowballing":      c["snowballed"],
		"Studies included":                  c["selected"],
	}
	for _, db := range r.Review.Databases {
		expect["Records identified: "+db.Name] = db.Hits
		if !strings.Contains(texts, db.Name+" "+n(db.Hits)) {
			t.Errorf("the PRISMA figure has no %q", db.Name+" "+n(db.Hits))
		}
	}
	for stage, v := range expect {
		if rows[stage] != strconv.Itoa(v) {
			t.Errorf("PRISMA table: %s = %q, review.yaml gives %d", stage, rows[stage], v)
		}
		if !strings.Contains(stage, ": ") && !strings.Contains(texts, n(v)) {
			t.Errorf("the PRISMA figure has no %s for %s", n(v), stage)
		}
	}

	page, err := html.Parse(strings.NewReader(first["report.html"]))
	if err != nil {
		t.Fatal(err)
	}
	checkLinks(t, page, "report.html")
	if svgs := elements(page, "svg"); len(svgs) != 2 {
		t.Errorf("report.html holds %d inline figures, want 2", len(svgs))
	}
	// The HTML's text is the Markdown's (figures aside).
	if a, b := textOf(elements(page, "body")[0]), textOf(md.html); a != b {
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		t.Errorf("HTML and Markdown say different things from byte %d:\nHTML: %.200s\nMarkdown: %.200s", i, a[i:], b[i:])
	}
	golden(t, "report.html", stripSVG(first["report.html"]))
}

// stripSVG replaces each inline figure of an HTML report by <svg/>: the
// pictures depend on the Graphviz that drew them, the rest does not.
func stripSVG(s string) string {
	return regexp.MustCompile(`(?s)<svg .*?</svg>`).ReplaceAllString(s, "<svg/>")
}

// hostileStrings are the texts of testdata/report-hostile that the report
// must print as they are (line breaks read as spaces).
var hostileStrings = []string{
	"Tock | *bold* _em_ [link](javascript:alert(1)) `code` <script>alert(\"x\")</script>",
	"Tock \"quoted\" 'apos' & co",
	"embedded <b>OS</b> ~~struck~~",
	"Red<b>Leaf</b> # not a heading",
	"line one ## Not a heading | a | b | <img src=x onerror=alert(1)> 1. not a list",
	"Embedded [x]: <i>y</i>",
	"Binary size]](#x) ![img](http://evil.example/x.png)",
	"=HYPERLINK(\"http://x\") \\ back\\slash &amp; {braces}",
	"Mini <i>review</i> | *x*",
	"Kitchenham & \"Charters\" <guide>",
	"ACM: \"Digital\" | Library",
	"rust | kernel <b>bold</b> `tick` [a](b)",
	"IEEE Xplore *",
	"Which kernels are written in <em>Rust</em> | *really*?",
	"Peer <b>reviewed</b> | *only* [x](javascript:alert(1))",
	"Section <i>2.3</i> | `3`",
	"User space\n# not a heading",
	"- starts like a list item, with <script>x</script> and | pipes",
	"2024. starts like an ordered list",
	"Table 2 | <br> *x*",
	"Filed [under](http://x) embedded. # h",
	"Big `binaries` & <u>more</u>.",
	"Panics hurt here too | really",
	"Rust binaries are <big> | *huge* [1]",
	"Journal of \"Tests\" & Stuff",
	"Panics in `kernels`",
}

// checkHostile: the page's text holds every hostile string whole, its
// markup none of the markup the strings spell.
func checkHostile(t *testing.T, doc *html.Node, what string) {
	t.Helper()
	body := textOf(doc)
	for _, s := range hostileStrings {
		if !strings.Contains(body, strings.Join(strings.Fields(s), " ")) {
			t.Errorf("%s: %q is not printed as it is", what, s)
		}
	}
	for _, e := range elements(doc, "") {
		switch e.Data {
		case "b", "i", "u", "em", "del", "big", "br", "guide", "h1":
			if e.Data == "h1" && textOf(e) == textOf(elements(doc, "h1")[0]) && len(elements(doc, "h1")) == 1 {
				continue
			}
			t.Errorf("%s: the data made a <%s> element: %q", what, e.Data, textOf(e))
		}
	}
	for _, h := range elements(doc, "h2") {
		if strings.Contains(textOf(h), "heading") {
			t.Errorf("%s: the data made a heading %q", what, textOf(h))
		}
	}
	for _, a := range elements(doc, "a") {
		href, _ := attr(a, "href")
		if strings.Contains(href, "evil") || href == "http://x" || strings.HasPrefix(href, "javascript") {
			t.Errorf("%s: the data made a link to %q", what, href)
		}
	}
	checkLinks(t, doc, what)
}

// TestReportHostile renders testdata/report-hostile, whose names, notes,
// queries and titles are full of quotes, HTML, Markdown metacharacters
// and line breaks, as Markdown and as HTML: both print them as text.
func TestReportHostile(t *testing.T) {
	needTool(t, "dot", "graphviz")
	data := filepath.Join("testdata", "report-hostile")
	out, errs, code := run(t, "--data", data, "report")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	md := parseMarkdown(t, []byte(out))
	if got, want := md.tables(), strings.Count(out, "\n| --- |"); got != want {
		t.Errorf("goldmark found %d tables, the Markdown has %d", got, want)
	}
	checkHostile(t, md.html, "Markdown")
	golden(t, "report-hostile.md", out)

	dir := t.TempDir()
	file := filepath.Join(dir, "r.html")
	if _, errs, code := run(t, "--data", data, "report", "--renderer", "dot", "-o", file); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	page, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	checkHostile(t, page, "HTML")
	if n := len(elements(page, "svg")); n != 2 {
		t.Errorf("%d inline figures, want 2", n)
	}
	for _, s := range elements(page, "svg") {
		for _, e := range elements(s, "") {
			if e.Data == "script" || e.Data == "foreignobject" {
				t.Errorf("an inline figure holds <%s>", e.Data)
			}
		}
	}
	golden(t, "report-hostile.html", stripSVG(string(b)))
}

// TestReportUsage: mistakes exit 2 and write nothing.
func TestReportUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"report", "-f", "csv"},
		{"report", "-o", filepath.Join(dir, "r.pdf")},
		{"report", "-f", "html", "-o", filepath.Join(dir, "r.md")},
		{"report", "--bibtex"},
		{"report", "--renderer", "paint"},
		{"report", "extra"},
	} {
		out, errs, code := run(t, args...)
		if code != exitUsage || out != "" || errs == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("a usage error left %d files", len(ents))
	}
}

// TestReportAllOrNothing: a failure leaves the old report and figures as
// they were and no temporary file; a figure folder holding a file the
// report did not write is refused before anything changes.
func TestReportAllOrNothing(t *testing.T) {
	needTool(t, "dot", "graphviz")
	dir := t.TempDir()
	md := filepath.Join(dir, "report.md")
	if _, errs, code := run(t, "report", "--renderer", "dot", "-o", md); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	before := readTree(t, dir)

	// A data set that fails to load: nothing changes.
	broken := filepath.Join("testdata", "broken", "bad-counts")
	if _, _, code := run(t, "--data", broken, "report", "--renderer", "dot", "-o", md); code != exitData {
		t.Errorf("broken data: exit %d, want %d", code, exitData)
	}
	// The report file cannot be written (a folder stands in its place):
	// the new figures are removed and the old ones put back.
	other := filepath.Join(dir, "other.md")
	if err := os.Mkdir(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "other-figures"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "other-figures", "old.svg"), []byte("<svg/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := run(t, "report", "--renderer", "dot", "-o", other); code == 0 {
		t.Error("writing over a folder succeeded")
	} else if !strings.Contains(errs, "other.md") {
		t.Errorf("the error does not name the file: %s", errs)
	}
	// A figure folder with a file of the user's in it is refused.
	if err := os.WriteFile(filepath.Join(dir, "report-figures", "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := run(t, "report", "--renderer", "dot", "-o", md); code == 0 || !strings.Contains(errs, "notes.txt") {
		t.Errorf("a foreign file in the figure folder: exit %d, %s", code, errs)
	}
	os.Remove(filepath.Join(dir, "report-figures", "notes.txt"))

	after := readTree(t, dir)
	delete(after, "other-figures/old.svg")
	if len(after) != len(before) {
		t.Errorf("files after the failures: %v", keys(after))
	}
	for n, v := range before {
		if after[n] != v {
			t.Errorf("%s changed", n)
		}
	}
	if got := readTree(t, filepath.Join(dir, "other-figures")); len(got) != 1 || got["old.svg"] != "<svg/>" {
		t.Errorf("the old figures of other.md were not put back: %v", keys(got))
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary %s left behind", e.Name())
		}
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestReportHelperLong draws the figures with rustykg-render (go-graphviz):
// valid SVG, the same bytes twice.
func TestReportHelperLong(t *testing.T) {
	skipUnlessLong(t)
	buildRenderer(t)
	dir := t.TempDir()
	var prev map[string]string
	for i := range 2 {
		sub := filepath.Join(dir, strconv.Itoa(i))
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if _, errs, code := run(t, "report", "--renderer", "helper", "-o", filepath.Join(sub, "report.md")); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		files := readTree(t, sub)
		for _, f := range []string{"report-figures/prisma.svg", "report-figures/shared.svg"} {
			checkSVG(t, f, []byte(files[f]))
		}
		if prev != nil {
			for n, v := range prev {
				if files[n] != v {
					t.Errorf("%s differs between two runs", n)
				}
			}
		}
		prev = files
	}
}

// TestReportReadme runs the command lines of the README's report section
// (a "> FILE" redirect included) in an empty folder: each exits 0 and
// writes the files it promises.
func TestReportReadme(t *testing.T) {
	needTool(t, "dot", "graphviz")
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start := strings.Index(readme, "## A report of the data set: `rustykg report`")
	if start < 0 {
		t.Fatal("the README has no report section")
	}
	section := readme[start:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	var lines []string
	for _, l := range strings.Split(section, "\n") {
		if strings.HasPrefix(l, "rustykg report") {
			if i := strings.Index(l, " #"); i >= 0 {
				l = l[:i]
			}
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	if len(lines) < 4 {
		t.Fatalf("%d report examples in the README, want at least 4", len(lines))
	}
	for _, l := range lines {
		t.Run(l, func(t *testing.T) {
			t.Chdir(t.TempDir())
			cmdline, redirect, _ := strings.Cut(l, " > ")
			out, errs, code := run(t, shellWords(strings.TrimPrefix(cmdline, "rustykg "))...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if redirect != "" {
				if err := os.WriteFile(redirect, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			files := readTree(t, ".")
			if len(files) == 0 {
				t.Fatal("no file written")
			}
			for name, body := range files {
				switch filepath.Ext(name) {
				case ".md":
					if !strings.HasPrefix(body, "# Rust in OS kernels") {
						t.Errorf("%s is not the report: %.80s", name, body)
					}
				case ".html":
					if !strings.HasPrefix(body, "<!DOCTYPE html>") || !strings.Contains(body, "<svg ") {
						t.Errorf("%s is not the HTML report with figures: %.80s", name, body)
					}
				case ".svg":
					checkSVG(t, name, []byte(body))
				default:
					t.Errorf("unexpected file %s", name)
				}
			}
		})
	}
}

// TestReportStore: a report read from a bbolt store written by import is
// the report of the data set imported, selection criteria included, and
// so is the review node that show prints.
func TestReportStore(t *testing.T) {
	store := "bbolt:" + filepath.Join(t.TempDir(), "kg.db")
	if _, errs, code := run(t, "import", "--store", store); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	fromStore, errs, code := run(t, "--store", store, "report")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	builtIn, _, _ := run(t, "report")
	if fromStore != builtIn {
		t.Error("the report from the store differs from the built-in one")
	}
	for _, want := range []string{"| IC1 | inclusion | Written in English. | Section 2.3.3 |", "| EC3 | exclusion | "} {
		if !strings.Contains(fromStore, want) {
			t.Errorf("the report from the store lacks the criterion row %q", want)
		}
	}
	// The review node's criteria attributes come back from the store too.
	shown, errs, code := run(t, "--store", store, "show", "review:panter2024rusty")
	if builtInShown, _, _ := run(t, "show", "review:panter2024rusty"); code != 0 || shown != builtInShown || !strings.Contains(shown, "exclusion EC2     The solution depends to an excessive degree on a part written in C. (Section 2.3.3)") {
		t.Errorf("show review from the store (exit %d, %s) differs from the built-in one or lacks the criteria", code, errs)
	}
}

// TestReportToFIFO: -o to a FIFO is a stream, like stdout: the Markdown
// without figures, and no figure folder beside the FIFO.
func TestReportToFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.md")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- b
	}()
	if _, errs, code := run(t, "report", "-o", fifo); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want, _, _ := run(t, "report")
	if b := <-got; string(b) != want {
		t.Error("the FIFO did not get the stdout Markdown")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("files beside the FIFO: %d, want only the FIFO", len(ents))
	}
}

// TestReportEveryClaim: every claim of data/claims.yaml (read here on its
// own) is in the report with its study and locator: a row holding its
// note, its locator and its study.
func TestReportEveryClaim(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "data", "claims.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Claims []struct {
			Study   string `yaml:"study"`
			Locator string `yaml:"locator"`
			Note    string `yaml:"note"`
		} `yaml:"claims"`
	}
	if err := yaml.Unmarshal(b, &data); err != nil {
		t.Fatal(err)
	}
	out, errs, code := run(t, "report")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := map[string]bool{}
	for _, tr := range elements(parseMarkdown(t, []byte(out)).html, "tr") {
		rows[textOf(tr)] = true
	}
	if len(data.Claims) < 100 {
		t.Fatalf("%d claims in data/claims.yaml", len(data.Claims))
	}
	for _, c := range data.Claims {
		found := false
		for r := range rows {
			if strings.Contains(r, c.Study) && strings.Contains(r, strings.Join(strings.Fields(c.Locator), " ")) && strings.Contains(r, strings.Join(strings.Fields(c.Note), " ")) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no row of the report holds the claim of %s at %q: %q", c.Study, c.Locator, c.Note)
		}
	}
}
