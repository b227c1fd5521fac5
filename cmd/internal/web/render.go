package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"rustykg/queries/textesc"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// page is what every page template gets.
type page struct {
	Title   string
	Command string // the command line that answers the same question
	API     string // the address of the same answer as JSON, or ""
	Search  string // the search box's value
	Source  string // the data set
	Version string // the static assets' hash, for cache busting
	Body    any
}

// pages are the parsed templates, one set per page.
type pages struct {
	sets    map[string]*template.Template
	version string
}

// pageNames are the page templates (templates/NAME.html).
var pageNames = []string{"home", "node", "shared", "matrix", "similar", "path", "gaps", "evidence", "search", "api", "error"}

func parsePages() (*pages, error) {
	p := &pages{sets: map[string]*template.Template{}, version: assetVersion()}
	for _, n := range pageNames {
		t, err := template.New(n).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+n+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", n, err)
		}
		p.sets[n] = t
	}
	return p, nil
}

// assetVersion is a hash of the static files, appended to their URLs so
// a browser's cached copy is dropped when they change.
func assetVersion() string {
	h := sha256.New()
	fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := staticFS.ReadFile(p)
			h.Write([]byte(p))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// staticHandler serves the embedded assets; their URLs carry
// assetVersion, so they may be cached for a day.
func staticHandler() http.Handler {
	fsys, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(fsys))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}

// render writes page name with status; a template error (a bug) is a
// plain 500, never a half-written page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.Source = h.cfg.Source
	p.Version = h.pages.version
	if p.Search == "" {
		p.Search = r.URL.Query().Get("q")
	}
	var buf bytes.Buffer
	if err := h.pages.sets[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		http.Error(w, "rustykg: page "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// funcs are the template functions. None returns template.HTML: data is
// always escaped by html/template in its context.
var funcs = template.FuncMap{
	"show":    show,
	"text":    textesc.VisibleText,
	"nodeURL": nodeURL,
	"webURL":  webURL,
	"doiURL":  doiURL,
	"join":    strings.Join,
	"plural":  plural,
}

// plural is "1 kernel", "2 studies", "3 approaches".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	switch {
	case strings.HasSuffix(word, "y") && !strings.HasSuffix(word, "ey"):
		word = word[:len(word)-1] + "ies"
	case strings.HasSuffix(word, "s"), strings.HasSuffix(word, "ch"), strings.HasSuffix(word, "sh"), strings.HasSuffix(word, "x"):
		word += "es"
	default:
		word += "s"
	}
	return fmt.Sprintf("%d %s", n, word)
}

// show is how every value from the data reaches a page: as text with its
// control and bidi characters made visible (textesc.Visible); the
// template then escapes it for its context.
func show(v any) string {
	if s, ok := v.(string); ok {
		return textesc.Visible(s)
	}
	return textesc.Visible(fmt.Sprint(v))
}

// webURL returns s when it is an absolute http or https URL, else "": a
// link from the data (a study's URL, a source) is a link only then, and
// shown as text otherwise (a javascript: URL renders inert).
func webURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// doiURL returns the doi.org address of a DOI ("10.1145/..."), or "".
func doiURL(doi string) string {
	doi = strings.TrimSpace(doi)
	if !strings.HasPrefix(doi, "10.") || strings.ContainsAny(doi, " \t\n\"<>") {
		return ""
	}
	return "https://doi.org/" + (&url.URL{Path: doi}).EscapedPath()
}

// heat is the CSS class of a matrix cell: how many studies, in 5 steps
// up to max.
func heat(n, max int) string {
	if n <= 0 || max <= 0 {
		return "h0"
	}
	step := (n*5 + max - 1) / max
	return fmt.Sprintf("h%d", min(step, 5))
}

// ref is a link to a node as the templates draw it.
type ref struct {
	ID   string
	Name string
	URL  string
}

// ref returns the link to node id, named as the catalog names it.
func (h *Handler) ref(id string) ref {
	return ref{ID: id, Name: h.cfg.Catalog.Name(id), URL: nodeURL(id)}
}

func (h *Handler) refs(ids []string) []ref {
	out := make([]ref, len(ids))
	for i, id := range ids {
		out[i] = h.ref(id)
	}
	return out
}

// command is the shell command line that answers a page's question:
// "rustykg" (with the server's global data flags) and args, each quoted
// for a POSIX shell when it needs it.
func (h *Handler) command(args ...string) string {
	parts := []string{"rustykg"}
	if h.cfg.Flags != "" {
		parts = append(parts, h.cfg.Flags)
	}
	for _, a := range args {
		parts = append(parts, ShellQuote(a))
	}
	return strings.Join(parts, " ")
}

// ShellQuote quotes s for a POSIX shell: as it is when it holds only
// characters no shell treats specially, else in single quotes.
func ShellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,:/=+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// apiURL is the address of the JSON answer of a command.
func apiURL(command string, q url.Values) string {
	if len(q) == 0 {
		return "/api/" + command
	}
	return "/api/" + command + "?" + q.Encode()
}
