package browser

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// picturesDir is where -update writes the README's pictures.
var picturesDir = filepath.Join("..", "..", "..", "docs", "pictures")

// sharedPair are the two kernels the tour compares; the README's example
// compares the same two.
var sharedPair = []string{"kernel:atmosphere", "kernel:theseus"}

// sharedAnswer is the part of `rustykg shared --format json` the page must
// show.
type sharedAnswer struct {
	Challenges []struct {
		Challenge string   `json:"challenge"`
		Name      string   `json:"name"`
		Studies   []string `json:"studies"`
	} `json:"challenges"`
}

// TestBrowserTour walks the explorer as a reader would, in a real
// headless Chromium, on the embedded data: home, a kernel, the shared
// explorer with two kernels ticked and submitted (it must show what the
// command line answers: every shared challenge and every study behind
// it), a study found there, the matrix and one of its cells' evidence.
// The pages must raise no console error, no uncaught exception and no
// failed load. Each step leaves a screenshot in the artifact folder; with
// -update the README's pictures are rewritten.
func TestBrowserTour(t *testing.T) {
	skipUnlessLong(t)
	chromiumPath(t) // skip (or fail in CI) before building anything
	s := serve(t)
	b := newTab(t, s.URL)
	var want sharedAnswer
	if err := json.Unmarshal(cli(t, append([]string{"shared", "--format", "json"}, sharedPair...)...), &want); err != nil {
		t.Fatalf("rustykg shared --format json: %v", err)
	}
	if len(want.Challenges) == 0 {
		t.Fatalf("%v share no challenge on the embedded data: pick another pair", sharedPair)
	}
	if *update {
		if err := os.MkdirAll(picturesDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	step := func(name string) {
		t.Helper()
		b.screenshot(t, name)
		if *update && name != "study" && name != "evidence" {
			b.picture(t, picturesDir, name)
		}
	}

	// Home: a title, the review's tables, counts that lead to evidence.
	b.open("/")
	if title := eval[string](b, "document.title"); strings.TrimSpace(title) == "" {
		t.Error("home: empty <title>")
	}
	if n := b.count("table"); n < 3 {
		t.Errorf("home: %d tables, want Tables 2-4", n)
	}
	counts := eval[[]string](b, `Array.from(document.querySelectorAll("table a[href]")).filter(a => /^\d+$/.test(a.textContent.trim())).map(a => a.getAttribute("href"))`)
	if len(counts) == 0 {
		t.Fatal("home: no count in a table is a link")
	}
	step("home")

	// A count leads to its evidence: statements with their studies.
	at := b.follow(`table a[href="` + counts[0] + `"]`)
	if n := b.count(`a[href^="/node/study:"]`); n == 0 {
		t.Errorf("home's first count led to %s, which names no study", at)
	}
	b.open("/")

	// A kernel, by the first kernel link on home.
	at = b.follow(`a[href^="/node/kernel:"]`)
	if !strings.HasPrefix(at, "/node/kernel:") {
		t.Fatalf("a kernel link led to %s", at)
	}
	if n := b.count(`a[href^="/node/challenge:"], a[href^="/node/study:"], a[href^="/node/approach:"]`); n == 0 {
		t.Errorf("%s: no link to a challenge, study or approach", at)
	}
	step("kernel")

	// The shared explorer: tick two kernels, submit the form.
	b.open("/shared")
	for _, k := range sharedPair {
		box := `input[type=checkbox][name=k][value="` + k + `"]`
		if b.count(box) != 1 {
			t.Fatalf("/shared: no checkbox %s", box)
		}
		if !eval[bool](b, "document.querySelector("+jsString(box)+").checked") {
			b.run("tick "+k, chromedp.Click(chromedp.CSS(box)))
		}
	}
	if n := eval[int](b, `document.querySelectorAll("input[type=checkbox][name=k]:checked").length`); n != len(sharedPair) {
		t.Fatalf("/shared: %d kernels ticked, want %d", n, len(sharedPair))
	}
	at = b.follow(`form:has(input[type=checkbox][name=k]) button[type=submit]`)
	u, err := url.Parse(at)
	if err != nil {
		t.Fatal(err)
	}
	if got := u.Query()["k"]; u.Path != "/shared" || !sameSet(got, sharedPair) {
		t.Fatalf("the form led to %s, want /shared with k=%v (a stable address)", at, sharedPair)
	}
	if b.count("#shared") != 1 {
		t.Fatalf("%s: no #shared", at)
	}
	text := eval[string](b, `document.querySelector("#shared").innerText`)
	challenges := b.attrs(`#shared a[href^="/node/challenge:"]`, "href")
	studies := b.attrs(`#shared a[href^="/node/study:"]`, "href")
	for _, c := range want.Challenges {
		if !slices.Contains(challenges, "/node/"+c.Challenge) {
			t.Errorf("%s: no link to %s in #shared (links: %v)", at, c.Challenge, challenges)
		}
		if !strings.Contains(text, c.Name) {
			t.Errorf("%s: #shared does not show the challenge's name %q", at, c.Name)
		}
		for _, st := range c.Studies {
			if !slices.Contains(studies, "/node/"+st) {
				t.Errorf("%s: no link to %s (behind %s) in #shared", at, st, c.Challenge)
			}
		}
	}
	if n := b.count(`svg a[href^="/node/"], svg a[*|href^="/node/"]`); n == 0 {
		t.Errorf("%s: no diagram whose nodes link to their pages (svg a[href^=\"/node/\"])", at)
	}
	step("shared")

	// The study behind the shared challenge, followed from the page.
	study := want.Challenges[0].Studies[0]
	at = b.follow(`#shared a[href="/node/` + study + `"]`)
	if at != "/node/"+study {
		t.Fatalf("the study link led to %s, want /node/%s", at, study)
	}
	if key := strings.TrimPrefix(study, "study:"); !strings.Contains(eval[string](b, "document.body.innerText"), "{"+key+",") {
		t.Errorf("%s: no BibTeX entry for %s on the page", at, key)
	}
	checkCopy(t, b)
	step("study")

	// The matrix, and the evidence behind one of its cells.
	b.open("/matrix")
	cells := b.count(`table.matrix td a`)
	if cells == 0 {
		t.Fatal("/matrix: no cell links to evidence (table.matrix td a)")
	}
	step("matrix")
	at = b.follow(`table.matrix td a`)
	if n := b.count(`a[href^="/node/study:"]`); n == 0 {
		t.Errorf("a matrix cell led to %s, which names no study", at)
	}
	step("evidence")

	for _, p := range b.problems() {
		t.Error(p)
	}
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestBrowserSeesProblems: the console check the tour ends with can
// fail. A page that logs an error, throws and loads a missing image
// yields all three as problems.
func TestBrowserSeesProblems(t *testing.T) {
	skipUnlessLong(t)
	chromiumPath(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, `<!doctype html><title>bad</title><script src="/bad.js"></script><img src="/missing.png">`)
		case "/bad.js":
			w.Header().Set("Content-Type", "text/javascript")
			io.WriteString(w, `console.error("logged error"); setTimeout(() => { throw new Error("thrown error") }, 0);`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	b := newTab(t, srv.URL)
	b.open("/")
	time.Sleep(200 * time.Millisecond)
	got := strings.Join(b.problems(), "\n")
	for _, want := range []string{"logged error", "thrown error", "404"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems miss %q; got:\n%s", want, got)
		}
	}
}

// checkCopy clicks the study page's copy button (with the clipboard
// permissions granted, as a reader's click would have them) and checks
// the clipboard then holds the BibTeX entry shown.
func checkCopy(t *testing.T, b *tab) {
	t.Helper()
	if b.count("pre.bibtex") == 0 || b.count("button.copy") == 0 {
		t.Errorf("%s: no BibTeX entry (pre.bibtex) with a copy button (button.copy)", b.where())
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name},
			Setting:    browser.PermissionSettingGranted,
			Origin:     b.base,
		}); err != nil {
			t.Fatalf("grant %s: %v", name, err)
		}
	}
	before := b.texts("button.copy")[0]
	b.run("click the copy button", chromedp.Click(chromedp.CSS("button.copy")))
	label := before
	for deadline := time.Now().Add(10 * time.Second); label == before && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		label = b.texts("button.copy")[0]
	}
	if label == before {
		t.Fatalf("%s: the copy button still says %q 10 s after a click", b.where(), label)
	}
	got := eval[string](b, "navigator.clipboard.readText()", chromedp.EvalAwaitPromise)
	want := b.texts("pre.bibtex")[0]
	if strings.TrimSpace(got) != want {
		t.Errorf("%s: after the copy button (now %q) the clipboard holds %q, want the entry %q", b.where(), label, got, want)
	}
}
