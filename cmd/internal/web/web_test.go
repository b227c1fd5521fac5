package web

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/graph/viz"
	"rustykg/loaders"
	"rustykg/queries"
)

// catalog loads the built-in data set (dir "") or the data set in dir.
func catalog(t testing.TB, dir string) *queries.Catalog {
	t.Helper()
	var ds *graph.Dataset
	var err error
	if dir == "" {
		ds, err = loaders.Load(data.FS, "")
	} else {
		ds, err = loaders.LoadDir(dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	g, err := graph.Open(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	cat, err := queries.NewCatalog(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// handler is the explorer on cat; r may be nil (no diagrams).
func handler(t testing.TB, cat *queries.Catalog, r viz.Renderer) *Handler {
	t.Helper()
	h, err := New(Config{Catalog: cat, Renderer: r, NoRenderer: "no renderer for the test", Source: "built-in"})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// get runs one request through h.
func get(h http.Handler, method, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

// checkHeaders checks the headers every answer carries.
func checkHeaders(t *testing.T, w *httptest.ResponseRecorder, target string) {
	t.Helper()
	h := w.Header()
	if got := h.Get("Content-Security-Policy"); !strings.Contains(got, "script-src 'self'") || strings.Contains(got, "unsafe-inline") {
		t.Errorf("%s: Content-Security-Policy %q", target, got)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: no X-Content-Type-Options: nosniff", target)
	}
	if h.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("%s: Referrer-Policy %q", target, h.Get("Referrer-Policy"))
	}
}

// TestRoutes runs the cases of testdata/routes.txt: status, content
// type, security headers, a title, the command line and key content.
func TestRoutes(t *testing.T) {
	h := handler(t, catalog(t, ""), nil)
	f, err := os.Open(filepath.Join("testdata", "routes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		n++
		parts := strings.Split(text, " | ")
		head := strings.Fields(parts[0])
		if len(head) != 2 {
			t.Fatalf("routes.txt:%d: want STATUS PATH | TEXT...", line)
		}
		status, _ := strconv.Atoi(head[0])
		target := head[1]
		w := get(h, http.MethodGet, target)
		body := w.Body.String()
		if w.Code != status {
			t.Errorf("routes.txt:%d: GET %s: status %d, want %d\n%s", line, target, w.Code, status, firstLines(body, 5))
			continue
		}
		checkHeaders(t, w, target)
		if status == http.StatusSeeOther {
			continue
		}
		if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("routes.txt:%d: %s: Content-Type %q", line, target, ct)
		}
		for _, want := range []string{"<title>", `<code id="command">rustykg`} {
			if !strings.Contains(body, want) {
				t.Errorf("routes.txt:%d: %s: no %q", line, target, want)
			}
		}
		for _, want := range parts[1:] {
			if !strings.Contains(body, want) {
				t.Errorf("routes.txt:%d: %s: no %q in the page", line, target, want)
			}
		}
		if c := strings.Count(body, "<script"); c != 1 {
			t.Errorf("routes.txt:%d: %s: %d script elements, want only the one of /static/app.js", line, target, c)
		}
	}
	if n < 20 {
		t.Fatalf("routes.txt: only %d cases", n)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// TestSearchRedirects checks that an exact hit of the lenient resolver
// redirects to the node's page.
func TestSearchRedirects(t *testing.T) {
	h := handler(t, catalog(t, ""), nil)
	for q, want := range map[string]string{"Redox+OS": "/node/kernel:redox", "kernel:tock": "/node/kernel:tock", "rfl": "/node/kernel:linux"} {
		w := get(h, http.MethodGet, "/search?q="+q)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != want {
			t.Errorf("search %s: %d to %q, want 303 to %s", q, w.Code, w.Header().Get("Location"), want)
		}
	}
}

// TestReadOnly checks that every method but GET and HEAD is refused, on
// every route, and that HEAD has no body.
func TestReadOnly(t *testing.T) {
	h := handler(t, catalog(t, ""), nil)
	for _, target := range []string{"/", "/node/kernel:redox", "/shared?k=tock&k=redleaf", "/api/kernels", "/static/style.css", "/nope"} {
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, "PROPFIND"} {
			w := get(h, m, target)
			if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d (Allow %q), want 405 (GET, HEAD)", m, target, w.Code, w.Header().Get("Allow"))
			}
		}
		w := get(h, http.MethodHead, target)
		if w.Body.Len() != 0 {
			t.Errorf("HEAD %s: %d bytes of body", target, w.Body.Len())
		}
	}
}

// TestLimits checks the bounds on what a request may ask.
func TestLimits(t *testing.T) {
	h := handler(t, catalog(t, ""), nil)
	long := "/search?q=" + strings.Repeat("a", MaxQuery)
	if w := get(h, http.MethodGet, long); w.Code != http.StatusRequestURITooLong {
		t.Errorf("a %d-byte query: %d, want 414", len(long), w.Code)
	}
	many := "/shared?" + strings.Repeat("k=tock&", MaxKernels+1)
	if w := get(h, http.MethodGet, many); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "at most") {
		t.Errorf("%d kernels: %d, want 400 saying at most %d", MaxKernels+1, w.Code, MaxKernels)
	}
	if w := get(h, http.MethodGet, "/search?q=%zz"); w.Code != http.StatusBadRequest {
		t.Errorf("a malformed query: %d, want 400", w.Code)
	}
	srv := NewServer("127.0.0.1:0", h)
	if srv.MaxHeaderBytes != MaxHeaderBytes || srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.WriteTimeout <= RequestTimeout || srv.IdleTimeout == 0 {
		t.Errorf("server limits not set: %+v", srv)
	}
}

// TestStatic checks the embedded assets and their caching headers.
func TestStatic(t *testing.T) {
	h := handler(t, catalog(t, ""), nil)
	for path, ct := range map[string]string{"/static/style.css": "text/css; charset=utf-8", "/static/app.js": "text/javascript; charset=utf-8", "/static/favicon.svg": "image/svg+xml"} {
		w := get(h, http.MethodGet, path)
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != ct || !strings.Contains(w.Header().Get("Cache-Control"), "max-age") {
			t.Errorf("%s: %d %q %q", path, w.Code, w.Header().Get("Content-Type"), w.Header().Get("Cache-Control"))
		}
		checkHeaders(t, w, path)
	}
	for _, path := range []string{"/static/", "/static/nope.js", "/static/../web.go"} {
		if w := get(h, http.MethodGet, path); w.Code == http.StatusOK {
			t.Errorf("%s: 200, want an error", path)
		}
	}
}

// TestLoopback checks which listen addresses count as loopback only.
func TestLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:0": true, "[::1]:80": true, "127.1.2.3:1": true,
		":8080": false, "0.0.0.0:8080": false, "[::]:80": false, "192.168.1.2:80": false, "example.org:80": false, "nonsense": false,
	} {
		if got := Loopback(addr); got != want {
			t.Errorf("Loopback(%q) = %v, want %v", addr, got, want)
		}
	}
}

// TestShellQuote checks the command lines pages show.
func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"kernel:tock": "kernel:tock", "Rust for Linux": "'Rust for Linux'", "it's": `'it'\''s'`, "": "''", "$(rm -rf /)": "'$(rm -rf /)'",
	} {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestEveryNode opens the page of every node and claim of the built-in
// data set: each answers 200 with the node's ID and the command line.
func TestEveryNode(t *testing.T) {
	h := handler(t, catalog(t, ""), nil)
	cat := h.cfg.Catalog
	claims, err := cat.G.Claims(t.Context(), graph.ClaimFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := cat.IDs("")
	for _, cl := range claims {
		ids = append(ids, cl.ID)
	}
	for _, id := range ids {
		w := get(h, http.MethodGet, nodeURL(id))
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "rustykg show "+id+"</code>") {
			t.Errorf("%s: %d\n%s", nodeURL(id), w.Code, firstLines(w.Body.String(), 3))
		}
	}
	if len(ids) < 100 {
		t.Errorf("only %d nodes and claims", len(ids))
	}
}

// TestConcurrentPages serves the main pages from many goroutines at once
// (run with -race: the handler shares one catalog and one cache and keeps
// no state per request).
func TestConcurrentPages(t *testing.T) {
	h := handler(t, catalog(t, ""), nil)
	targets := []string{"/", "/node/kernel:tock", "/shared?k=tock&k=redleaf", "/shared?c=panics", "/matrix", "/similar?k=tock", "/path?from=tock&to=redox", "/gaps", "/search?q=redox"}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range targets {
				target := targets[(i+j)%len(targets)]
				if w := get(h, http.MethodGet, target); w.Code >= 400 {
					t.Errorf("%s: %d", target, w.Code)
				}
			}
		}()
	}
	wg.Wait()
}

// TestSharedForm checks the shared explorer's form as the browser test
// drives it: one submit button (the kernels form's, before any other
// form's button), and a checkbox per kernel whose value is its ID.
func TestSharedForm(t *testing.T) {
	h := handler(t, catalog(t, ""), nil)
	body := get(h, http.MethodGet, "/shared").Body.String()
	if n := strings.Count(body, `type="submit"`); n != 1 {
		t.Errorf("/shared: %d buttons of type submit, want 1", n)
	}
	form := body[strings.Index(body, `<form method="get" action="/shared" class="pick" id="pick-kernels">`):]
	form = form[:strings.Index(form, "</form>")]
	if !strings.Contains(form, `<button type="submit" id="compare">`) {
		t.Errorf("the kernels form has no submit button")
	}
	for _, id := range h.cfg.Catalog.IDs(graph.KindKernel) {
		if !strings.Contains(form, `<input type="checkbox" name="k" value="`+id+`">`) {
			t.Errorf("no checkbox for %s", id)
		}
	}
}

// TestRequestBody checks that a request with a body is refused unread.
func TestRequestBody(t *testing.T) {
	h := handler(t, catalog(t, ""), nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", strings.NewReader(strings.Repeat("x", 1<<20))))
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("GET with a 1 MiB body: %d, want 413", w.Code)
	}
}
