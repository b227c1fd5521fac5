package web

import (
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf8"

	"rustykg/cmd/internal/renderer"
	"rustykg/graph"
	"rustykg/graph/viz/svgclean"
	"rustykg/queries/textesc"
)

// pageTags are the elements the explorer writes (SVG ones are those
// svgclean keeps): a tag outside them in a page is markup from the data.
var pageTags = map[string]bool{
	"html": true, "head": true, "meta": true, "title": true, "link": true, "script": true, "body": true,
	"header": true, "nav": true, "form": true, "input": true, "button": true, "main": true, "footer": true,
	"h1": true, "h2": true, "h3": true, "p": true, "a": true, "b": true, "i": true, "code": true, "pre": true,
	"section": true, "article": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
	"ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true, "span": true, "bdi": true,
	"fieldset": true, "legend": true, "label": true, "select": true, "option": true, "figure": true,
}

// pageAttrs are the attributes the explorer writes.
var pageAttrs = map[string]bool{
	"lang": true, "charset": true, "name": true, "content": true, "rel": true, "href": true, "src": true,
	"defer": true, "class": true, "method": true, "action": true, "role": true, "type": true, "value": true,
	"placeholder": true, "aria-label": true, "id": true, "title": true, "scope": true, "checked": true,
	"selected": true,
}

// inert checks that an HTML page holds only the markup the explorer
// writes: known elements and attributes (no event handler, no style), a
// single script element (the embedded one), links only to the explorer
// itself or to http(s), and no raw bidi or control characters.
func inert(t *testing.T, target, body string) {
	t.Helper()
	if c := strings.Count(body, "<script"); c != 1 || !strings.Contains(body, `<script src="/static/app.js?v=`) {
		t.Errorf("%s: %d script elements, want only /static/app.js", target, c)
	}
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRuneInString(body[i:])
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || textesc.Unsafe(r) || r == utf8.RuneError && size == 1 {
			t.Errorf("%s: raw %U at byte %d: %q", target, r, i, body[max(0, i-40):min(len(body), i+40)])
			return
		}
		i += size
	}
	rest := body
	for {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			return
		}
		rest = rest[i+1:]
		if strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "!DOCTYPE") {
			continue
		}
		end := strings.IndexAny(rest, " \t\n>/")
		if end < 0 {
			t.Errorf("%s: unterminated tag %q", target, rest[:min(len(rest), 40)])
			return
		}
		tag := rest[:end]
		if !pageTags[tag] && !svgclean.Element(tag) && tag != "svg" {
			t.Errorf("%s: element <%s> from the data: %q", target, tag, rest[:min(len(rest), 80)])
		}
		rest = rest[end:]
		// Attributes: NAME or NAME="VALUE" (html/template always quotes).
		for {
			rest = strings.TrimLeft(rest, " \t\n")
			if rest == "" {
				return
			}
			if rest[0] == '>' || strings.HasPrefix(rest, "/>") {
				break
			}
			n := strings.IndexAny(rest, "= \t\n>")
			if n <= 0 {
				t.Errorf("%s: <%s>: bad attribute syntax %q", target, tag, rest[:min(len(rest), 40)])
				return
			}
			name := rest[:n]
			rest = rest[n:]
			value := ""
			if rest[0] == '=' {
				if len(rest) < 2 || rest[1] != '"' {
					t.Errorf("%s: <%s %s=...>: unquoted value", target, tag, name)
					return
				}
				q := strings.IndexByte(rest[2:], '"')
				if q < 0 {
					t.Errorf("%s: <%s %s=...>: unterminated value", target, tag, name)
					return
				}
				value = rest[2 : 2+q]
				rest = rest[2+q+1:]
			}
			if !pageAttrs[name] && !svgclean.Attr(name) {
				t.Errorf("%s: <%s %s=%q>: attribute from the data", target, tag, name, value)
			}
			if strings.ContainsAny(value, "<>") {
				t.Errorf("%s: <%s %s=%q>: markup in an attribute", target, tag, name, value)
			}
			if name == "href" || name == "src" || name == "action" {
				v := strings.ToLower(value)
				if !strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") {
					t.Errorf("%s: <%s %s=%q>: a link that is not to the explorer or http(s)", target, tag, name, value)
				}
			}
		}
	}
}

// hostileSearch is a search for a bidi override, an ESC sequence and
// markup; TestHostileInert checks where the page shows them.
const hostileSearch = "/search?q=%E2%80%AEkcot%1B%5B2J%22%3E%3Cb%3E"

// hostileTargets are the pages of the hostile data set.
func hostileTargets(t *testing.T, h *Handler) []string {
	targets := []string{"/", "/shared", "/shared?k=tock&k=redleaf", "/shared?c=panics", "/shared?c=binary-size",
		"/matrix", "/matrix?rows=study&cols=challenge", "/similar?k=tock", "/path?from=tock&to=redleaf", "/gaps",
		"/evidence?kernel=tock&challenge=binary-size", "/search?q=%3Cscript%3E", "/search?q=Tock%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E",
		"/node/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/search?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "/path?from=%3Cb%3E&to=tock",
		// Bidi and control characters in the request, echoed in the search
		// box (on every page), the title, the message and the path form.
		hostileSearch, "/search?q=%E2%80%AE", "/gaps?q=%E2%80%8F%C2%9B%07", "/path?from=%E2%80%AEb%1B&to=t%E2%81%A6ock"}
	for _, id := range h.cfg.Catalog.IDs("") {
		targets = append(targets, nodeURL(id))
	}
	claims, err := h.cfg.Catalog.G.Claims(t.Context(), graph.ClaimFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cl := range claims {
		targets = append(targets, nodeURL(cl.ID))
	}
	return targets
}

// TestHostileInert renders every page of a data set whose names, notes,
// BibTeX and links carry script, event handlers, javascript: URLs,
// quotes, bidi controls and Markdown: all of it must come out as text.
func TestHostileInert(t *testing.T) {
	h := handler(t, catalog(t, "testdata/hostile"), nil)
	for _, target := range hostileTargets(t, h) {
		w := get(h, http.MethodGet, target)
		if w.Code >= 500 {
			t.Errorf("%s: %d\n%s", target, w.Code, w.Body.String())
			continue
		}
		if w.Code == http.StatusSeeOther {
			continue // an exact search hit: no page
		}
		body := w.Body.String()
		inert(t, target, body)
		checkHeaders(t, w, target)
	}
	// The payloads are on the pages, as text.
	w := get(h, http.MethodGet, "/node/kernel:tock")
	for _, want := range []string{"Tock&lt;script&gt;window.pwned=1&lt;/script&gt;", `\u202ekcot\u202c`, "javascript:window.pwned=4"} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("/node/kernel:tock: no %q", want)
		}
	}
	// The search shows the query as it shows data: visibly, and escaped.
	w = get(h, http.MethodGet, hostileSearch)
	for _, want := range []string{`value="\u202ekcot\x1b[2J&#34;&gt;&lt;b&gt;"`, `<title>Search: \u202ekcot\x1b[2J&#34;&gt;&lt;b&gt;</title>`, `no node matches &#34;\u202ekcot\x1b[2J\&#34;&gt;&lt;b&gt;&#34;`} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("%s: no %q", hostileSearch, want)
		}
	}
	w = get(h, http.MethodGet, "/")
	for _, want := range []string{"Peer reviewed&lt;script&gt;window.pwned=19&lt;/script&gt;", `Section \u202e3.2\u202c`, `User space \x1b]0;pwned\x07 only`, "&lt;img src=x onerror=window.pwned=20&gt;"} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("/: the criteria do not show %q", want)
		}
	}
	w = get(h, http.MethodGet, "/node/study:alpha2022size")
	if !strings.Contains(w.Body.String(), "javascript:window.pwned=17") || strings.Contains(w.Body.String(), `href="javascript`) {
		t.Errorf("/node/study:alpha2022size: the javascript: URL is not shown as inert text")
	}
}

// TestHostileDiagrams draws the hostile data set's diagrams with native
// Graphviz and checks the inlined SVG is inert too, its nodes links to
// their pages.
func TestHostileDiagrams(t *testing.T) {
	t.Parallel()
	r := nativeDot(t)
	h := handler(t, catalog(t, "testdata/hostile"), r)
	for _, target := range []string{"/node/kernel:tock", "/node/kernel:redleaf", "/shared?k=tock&k=redleaf", "/shared?c=panics", "/path?from=tock&to=redleaf"} {
		w := get(h, http.MethodGet, target)
		body := w.Body.String()
		if !strings.Contains(body, `<figure class="diagram"><svg`) {
			t.Errorf("%s: no diagram: %s", target, firstLines(body[strings.Index(body, "<main>"):], 40))
			continue
		}
		if !strings.Contains(body[strings.Index(body, "<svg"):], `<a href="/node/kernel:`) {
			t.Errorf("%s: the diagram does not link its kernels to their pages", target)
		}
		inert(t, target, body)
	}
}

// nativeDot returns native Graphviz as a renderer: skipped when dot is
// missing, except in CI (RUSTYKG_CI=1).
func nativeDot(t *testing.T) *renderer.Dot {
	t.Helper()
	p, err := exec.LookPath("dot")
	if err != nil {
		if os.Getenv("RUSTYKG_CI") == "1" {
			t.Fatal("dot is not installed (apt-get install graphviz); CI must run this test")
		}
		t.Skip("dot is not installed (apt-get install graphviz): skipping the diagram checks")
	}
	return &renderer.Dot{Path: p}
}
