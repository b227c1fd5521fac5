package browser

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// hostileSets are the data sets served: ours (testdata/xss: names,
// aliases, descriptions, attributes, locators, notes, BibTeX fields and
// source URLs of every kind of node made of script payloads, quotes,
// markup and bidi controls) and the web package's own hostile set. Each
// payload that ran would set the named global.
var hostileSets = []struct {
	name, dir, global string
	entries           []string  // where the crawl starts, besides hostileCommon
	shows             [2]string // a page and a payload it must show as text
}{
	{"xss", "testdata/xss", "__xss", xssEntries, [2]string{"/node/kernel:tock", "Tock<script>window.__xss='kernel name'</script>"}},
	{"web-hostile", "../web/testdata/hostile", "pwned", nil, [2]string{"/node/kernel:tock", "Tock<script>window.pwned=1</script>"}},
}

// hostileCommon are pages every crawl starts from.
var hostileCommon = []string{"/", "/shared", "/matrix", "/similar", "/path", "/gaps", "/api/"}

// xssEntries are the pages the crawl starts from: every page kind, with
// the hostile nodes as arguments, and addresses that carry payloads
// themselves (a search, a missing node).
var xssEntries = []string{
	"/node/kernel:tock", "/node/kernel:redleaf", "/node/kernel:atmo",
	"/node/approach:embedded", "/node/challenge:binary-size", "/node/challenge:panics",
	"/node/implication:latency", "/node/lesson:no-pure",
	"/node/study:alpha2022size", "/node/study:beta2023panic", "/node/review:mini2024",
	"/shared?k=kernel:tock&k=kernel:redleaf", "/shared?k=kernel:tock&k=kernel:redleaf&k=kernel:atmo",
	"/shared?c=challenge:panics",
	"/similar?k=kernel:tock", "/path?from=kernel:tock&to=kernel:atmo",
	"/evidence?kernel=kernel:tock&challenge=challenge:panics",
	"/search?q=" + url.QueryEscape("Tock<script>window.__xss='kernel name'</script>"),
}

// xssOddEntries may answer 404 or 400 (a miss), and must still be inert.
var xssOddEntries = []string{
	"/search?q=" + url.QueryEscape(`"><script>window.__xss='search'</script>`),
	"/search?q=" + url.QueryEscape("\u202Ekcot"),
	"/search?q=" + url.QueryEscape("\x1b]0;title\x07\u2066kcot\u200f"),
	"/path?from=" + url.QueryEscape("\u202Ekernel:tock") + "&to=" + url.QueryEscape("kernel:atmo\u061c"),
	"/node/" + url.PathEscape(`kernel:x"><img src=x onerror=window.__xss='path'>`),
	"/shared?k=" + url.QueryEscape(`<svg onload=window.__xss='arg'>`) + "&k=kernel:tock",
	"/path?from=" + url.QueryEscape(`javascript:window.__xss='from'`) + "&to=kernel:tock",
}

// maxCrawl bounds the pages one pass opens.
const maxCrawl = 400

// TestBrowserXSS serves each hostile data set and opens every page kind
// in Chromium, then every page those link to (same server, up to
// maxCrawl). Twice: first with the page's Content-Security-Policy
// bypassed (Page.setBypassCSP), so that only escaping stands between a
// payload and its run, then with it. On every page the payloads' global
// stays unset, the DOM holds no event-handler attribute, no inline script,
// no javascript: link, no frame, object, embed, base or style element,
// the text holds no raw bidi control, and (with the policy on) the
// console has no error: a payload the policy blocked would show there.
func TestBrowserXSS(t *testing.T) {
	skipUnlessLong(t)
	chromiumPath(t)
	for _, set := range hostileSets {
		t.Run(set.name, func(t *testing.T) {
			data, err := filepath.Abs(set.dir)
			if err != nil {
				t.Fatal(err)
			}
			s := serve(t, "--data", data)
			for _, bypass := range []bool{true, false} {
				name := "csp"
				if bypass {
					name = "csp-bypassed"
				}
				t.Run(name, func(t *testing.T) {
					b := newTab(t, s.URL)
					if bypass {
						ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
						_, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
						cancel()
						if err != nil {
							t.Fatal(err)
						}
					}
					crawlInert(t, b, set.global, append(slices.Clone(hostileCommon), set.entries...))
					b.open(set.shows[0])
					if text := eval[string](b, "document.body.innerText"); !strings.Contains(text, set.shows[1]) {
						t.Errorf("%s does not show %q as text", set.shows[0], set.shows[1])
					}
					if !bypass {
						for _, p := range b.problems() {
							t.Error(p)
						}
					}
				})
			}
		})
	}
}

// crawlInert opens the odd entries (misses, which may answer 4xx), then
// the entries and every page they lead to, checking each is inert.
func crawlInert(t *testing.T, b *tab, global string, entries []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, p := range xssOddEntries {
		pg := b.load("open "+p, chromedp.Navigate(b.base+p))
		if pg.status >= 500 {
			t.Errorf("%s answered %d", p, pg.status)
		}
		checkInert(t, b, global)
		seen[p] = true
	}
	b.forget() // those misses logged their 4xx
	type link struct{ to, from string }
	var queue []link
	for _, p := range entries {
		queue = append(queue, link{p, "the test's list"})
	}
	for len(queue) > 0 && len(seen) < maxCrawl {
		l := queue[0]
		queue = queue[1:]
		if seen[l.to] {
			continue
		}
		seen[l.to] = true
		pg := b.load("open "+l.to, chromedp.Navigate(b.base+l.to))
		if pg.status != 200 || !strings.HasPrefix(pg.mime, "text/html") {
			t.Errorf("%s (linked from %s) answered %d %s", l.to, l.from, pg.status, pg.mime)
			continue
		}
		checkInert(t, b, global)
		for _, href := range b.attrs("a[href]", "href") {
			if to, ok := crawlable(href); ok && !seen[to] {
				queue = append(queue, link{to, l.to})
			}
		}
	}
	if len(queue) > 0 {
		t.Logf("crawl stopped at %d pages with %d left", maxCrawl, len(queue))
	}
	t.Logf("%d pages opened", len(seen))
}

// crawlable turns a link found on a page into a path to open: links to
// this server's pages only, not its static files nor the JSON of /api/
// (which carries the data byte for byte, as --format json does), and no
// fragments.
func crawlable(href string) (string, bool) {
	if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") || strings.HasPrefix(href, "/static/") ||
		(strings.HasPrefix(href, "/api/") && href != "/api/") {
		return "", false
	}
	href, _, _ = strings.Cut(href, "#")
	return href, href != ""
}

// inertCheck lists what on the page could run a payload or hide text.
const inertCheck = `(() => {
	const bad = [];
	const urlAttr = /^(href|src|action|formaction|xlink:href|data|poster|background)$/;
	for (const e of document.querySelectorAll("*")) {
		const tag = e.tagName.toLowerCase();
		for (const a of e.attributes) {
			const n = a.name.toLowerCase();
			const v = a.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
			if (n.startsWith("on")) bad.push(tag + " has " + a.name + "=" + a.value);
			if (n === "srcdoc") bad.push(tag + " has srcdoc");
			if (urlAttr.test(n) && (v.startsWith("javascript:") || v.startsWith("vbscript:") || v.startsWith("data:text/html")))
				bad.push(tag + " " + a.name + "=" + a.value);
		}
		if (tag === "script" && !e.hasAttribute("src") && !/json/.test(e.type)) bad.push("inline script: " + e.textContent.slice(0, 80));
		if (["iframe", "frame", "object", "embed", "base", "style", "applet", "meta"].includes(tag) && !(tag === "meta" && !e.httpEquiv))
			bad.push(tag + " element: " + e.outerHTML.slice(0, 120));
	}
	const bidi = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
	const where = new Set();
	const walk = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
	for (let n = walk.nextNode(); n; n = walk.nextNode()) {
		const m = n.data.match(bidi);
		if (!m) continue;
		const path = [];
		for (let e = n.parentElement; e && e !== document.documentElement && path.length < 4; e = e.parentElement) path.unshift(e.tagName.toLowerCase());
		const key = path.join(" > ");
		if (where.has(key)) continue;
		where.add(key);
		bad.push("raw bidi control U+" + m[0].charCodeAt(0).toString(16).toUpperCase() + " in " + key + ": " + JSON.stringify(n.data.slice(Math.max(0, m.index - 20), m.index + 20)));
	}
	// Attributes the browser shows as text, a form field's value among
	// them: what the reader typed is echoed as every data value is shown,
	// its bidi and control characters visible.
	for (const e of document.querySelectorAll("[title], [aria-label], [alt], [placeholder], [value]"))
		for (const a of ["title", "aria-label", "alt", "placeholder", "value"]) {
			const v = e.getAttribute(a);
			if (v && bidi.test(v)) { bad.push("raw bidi control in " + e.tagName.toLowerCase() + " " + a + "=" + JSON.stringify(v.slice(0, 60))); break; }
		}
	return bad;
})()`

// checkInert fails the test when a payload ran on the tab's page (it set
// window[global]) or could.
func checkInert(t *testing.T, b *tab, global string) {
	t.Helper()
	// Handlers such as onerror, onload and ontoggle fire after the load
	// event; give them a moment.
	time.Sleep(50 * time.Millisecond)
	g := "window[" + jsString(global) + "]"
	if v := eval[string](b, "typeof "+g+` === "undefined" ? "" : String(`+g+")"); v != "" {
		t.Errorf("%s: a payload ran: window.%s = %q", b.where(), global, v)
	}
	for _, f := range eval[[]string](b, inertCheck) {
		t.Errorf("%s: %s", b.where(), f)
	}
}

// injection adds an inline script and an inline event handler to the
// page at run time, then reports what they set (after the image's error
// event had time to fire).
const injection = `(async () => {
	const s = document.createElement("script");
	s.textContent = "window.__injected = 'inline script'";
	document.head.appendChild(s);
	const i = document.createElement("img");
	i.setAttribute("onerror", "window.__handler = 'event handler'");
	i.src = "/no-such-image-" + Date.now();
	document.body.appendChild(i);
	await new Promise(r => setTimeout(r, 500));
	return [typeof window.__injected === "undefined" ? "" : window.__injected,
		typeof window.__handler === "undefined" ? "" : window.__handler];
})()`

// TestBrowserCSP checks the Content-Security-Policy header of the pages
// and that Chromium, obeying it, refuses script injected into a served
// page at run time (an inline script element and an inline event
// handler). The same injection into a page served without the header
// must run, or the check proves nothing.
func TestBrowserCSP(t *testing.T) {
	skipUnlessLong(t)
	chromiumPath(t)
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><title>no policy</title><body><p>plain</p></body>")
	}))
	defer plain.Close()
	s := serve(t)

	for _, p := range []string{"/", "/node/kernel:redox", "/shared?k=kernel:atmosphere&k=kernel:theseus", "/matrix", "/no-such-page"} {
		resp, err := http.Get(s.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if err := scriptPolicy(resp.Header.Get("Content-Security-Policy")); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}

	b := newTab(t, plain.URL)
	b.open("/")
	if got := eval[[]string](b, injection, chromedp.EvalAwaitPromise); got[0] == "" || got[1] == "" {
		t.Fatalf("on a page with no policy the injected script did not run (%q): the check below would prove nothing", got)
	}
	b.base = s.URL
	b.open("/node/kernel:redox")
	if got := eval[[]string](b, injection, chromedp.EvalAwaitPromise); got[0] != "" || got[1] != "" {
		t.Errorf("rustykg's page ran injected script: %q", got)
	}
	refused := false
	for _, p := range b.problems() {
		refused = refused || strings.Contains(p, "Content Security Policy")
	}
	if !refused {
		t.Error("Chromium reported no Content Security Policy refusal for the injected script")
	}
}

// scriptPolicy checks that a Content-Security-Policy value restricts
// scripts: a script-src (or default-src) without 'unsafe-inline',
// 'unsafe-eval', wildcards or scheme sources, and object-src none (itself
// or through default-src).
func scriptPolicy(csp string) error {
	if csp == "" {
		return fmt.Errorf("no Content-Security-Policy header")
	}
	dirs := map[string][]string{}
	for _, d := range strings.Split(csp, ";") {
		f := strings.Fields(strings.ToLower(d))
		if len(f) > 0 {
			dirs[f[0]] = f[1:]
		}
	}
	src, ok := dirs["script-src"]
	if !ok {
		src, ok = dirs["default-src"]
	}
	if !ok {
		return fmt.Errorf("policy %q has neither script-src nor default-src", csp)
	}
	for _, v := range src {
		switch {
		case v == "'unsafe-inline'", v == "'unsafe-eval'", v == "'unsafe-hashes'", strings.Contains(v, "*"),
			strings.HasSuffix(v, ":") && v != "'self'":
			return fmt.Errorf("policy %q allows script from %s", csp, v)
		}
	}
	obj, ok := dirs["object-src"]
	if !ok {
		obj = dirs["default-src"]
	}
	if !slices.Equal(obj, []string{"'none'"}) {
		return fmt.Errorf("policy %q does not set object-src (or default-src) to 'none'", csp)
	}
	return nil
}

func TestScriptPolicy(t *testing.T) {
	for _, c := range []struct {
		csp string
		ok  bool
	}{
		{"default-src 'none'; script-src 'self'; style-src 'self'", true},
		{"default-src 'self'; object-src 'none'", true},
		{"default-src 'self'", false}, // objects from self
		{"", false},
		{"style-src 'self'", false},
		{"default-src 'none'; script-src 'self' 'unsafe-inline'", false},
		{"default-src 'none'; script-src 'self' 'unsafe-eval'", false},
		{"default-src 'none'; script-src *", false},
		{"default-src 'none'; script-src https:", false},
		{"default-src 'none'; script-src data:", false},
		{"default-src 'none'; script-src 'self' https://cdn.example", true},
	} {
		if err := scriptPolicy(c.csp); (err == nil) != c.ok {
			t.Errorf("scriptPolicy(%q) = %v, want ok %v", c.csp, err, c.ok)
		}
	}
}
