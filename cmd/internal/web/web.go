// Package web is rustykg's local web explorer: server-rendered HTML pages
// and a JSON API over the same named queries the command line runs
// (package queries) and the same diagrams `rustykg render` draws (graph/viz
// through a viz.Renderer). The pages add no logic of their own: each one
// calls the query a command calls, lays its rows out as HTML and shows the
// command line that answers the same question.
//
// Routes (all GET or HEAD; every other method is answered 405):
//
//	/                     the data set, the review's method figures, Tables 2-4
//	/node/{id}            one node of any kind, its statements and evidence
//	/shared?k=K&k=K       the challenges two or more kernels share (or ?c=C)
//	/matrix?rows=&cols=   the comparison matrix as a heat map
//	/similar?k=K          kernels ranked by how alike their challenges are
//	/path?from=A&to=B     the shortest chain of statements between two nodes
//	/gaps                 what the evidence does not cover
//	/evidence?kernel=K&challenge=C   the evidence behind one statement
//	/search?q=TEXT        the CLI's lenient resolver: a hit redirects to its page
//	/api/                 the JSON API index; /api/COMMAND?... runs a command
//	/static/...           the embedded style sheet and script
//
// Security: html/template escapes every value in its context; names are
// wrapped in <bdi> and their bidi and control characters made visible,
// as are those of what the request echoes (the search box, the path
// form, titles); links taken from the data are rendered as links only when they are
// http or https; diagrams are Graphviz SVG passed through an allow-list
// sanitiser (sanitizeSVG) before they are inlined. Every response carries
// a Content-Security-Policy that allows scripts from the server only (no
// inline script, no inline event handler), X-Content-Type-Options and
// Referrer-Policy. Queries, header sizes and request times are bounded.
//
//	h, err := web.New(web.Config{Catalog: cat, Renderer: r, API: api})
//	if err != nil { … }
//	srv := web.NewServer("127.0.0.1:8080", h)
package web

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"rustykg/graph/viz"
	"rustykg/queries"
)

// Sentinel errors of the web package.
var (
	// ErrBadRequest: an API request names an unknown command, flag or
	// argument (the API function wraps it; answered 400).
	ErrBadRequest = errors.New("bad request")
	// ErrNotFound: an API request names no node (answered 404).
	ErrNotFound = errors.New("not found")
)

// Limits on what a request may ask.
const (
	// MaxQuery is the longest query string accepted, in bytes.
	MaxQuery = 4096
	// MaxKernels is how many kernels the shared explorer compares at once.
	MaxKernels = 32
	// MaxHeaderBytes caps a request's headers (http.Server.MaxHeaderBytes).
	MaxHeaderBytes = 16 << 10
	// RequestTimeout bounds the work behind one request.
	RequestTimeout = 20 * time.Second
	// RenderTimeout bounds one diagram's rendering.
	RenderTimeout = 10 * time.Second
)

// APIFunc answers /api/COMMAND?QUERY with exactly the bytes `rustykg
// COMMAND ... --format json` prints. An error wrapping ErrBadRequest or
// ErrNotFound is answered 400 or 404, any other 500.
type APIFunc func(ctx context.Context, command string, query url.Values) ([]byte, error)

// APICommand documents one command of the JSON API for its index page.
type APICommand struct {
	Name  string   // the command, e.g. "shared"
	Short string   // what it answers
	Args  string   // the positional arguments, e.g. "K1 K2 ..."
	Flags []string // the flags it takes as query parameters
}

// Config is what a Handler serves.
type Config struct {
	Catalog *queries.Catalog
	// Renderer draws diagrams; nil serves the pages without them, with
	// NoRenderer (why) shown where a diagram would be.
	Renderer   viz.Renderer
	NoRenderer string
	// API answers /api/; nil leaves the API out (404).
	API         APIFunc
	APICommands []APICommand
	// Source names the data set ("built-in", a --data folder, a store).
	Source string
	// Flags are the global flags a command line shown on a page needs to
	// ask the same data set (e.g. "--data DIR"), already shell-quoted.
	Flags string
	// RenderTimeout bounds one diagram (RenderTimeout when zero).
	RenderTimeout time.Duration
	// CacheEntries bounds the diagram cache (64 when zero).
	CacheEntries int
}

// Handler serves the explorer.
type Handler struct {
	cfg      Config
	pages    *pages
	diagrams *diagramCache
	mux      *http.ServeMux
}

// New returns the explorer's handler.
func New(cfg Config) (*Handler, error) {
	if cfg.Catalog == nil {
		return nil, errors.New("web: no catalog")
	}
	if cfg.RenderTimeout <= 0 {
		cfg.RenderTimeout = RenderTimeout
	}
	if cfg.CacheEntries <= 0 {
		cfg.CacheEntries = 64
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	h := &Handler{cfg: cfg, pages: p, mux: http.NewServeMux()}
	h.diagrams = newDiagramCache(cfg.Renderer, cfg.NoRenderer, cfg.CacheEntries, cfg.RenderTimeout)
	h.routes()
	return h, nil
}

func (h *Handler) routes() {
	m := h.mux
	m.HandleFunc("GET /{$}", h.home)
	m.HandleFunc("GET /node/{id...}", h.node)
	m.HandleFunc("GET /shared", h.shared)
	m.HandleFunc("GET /matrix", h.matrix)
	m.HandleFunc("GET /similar", h.similar)
	m.HandleFunc("GET /path", h.path)
	m.HandleFunc("GET /gaps", h.gaps)
	m.HandleFunc("GET /evidence", h.evidence)
	m.HandleFunc("GET /search", h.search)
	m.HandleFunc("GET /api/{$}", h.apiIndex)
	m.HandleFunc("GET /api/{command}", h.api)
	m.Handle("GET /static/", staticHandler())
	m.HandleFunc("GET /", h.notFoundPage)
}

// csp allows the server's own script, style and images only: no inline
// script, no inline event handler, no plugin, no framing, forms to this
// server only. Inline SVG attributes that style (fill, stroke) are
// presentation attributes, not style, and need no 'unsafe-inline'.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// ServeHTTP sets the security headers, refuses what is not a read or is
// too large, bounds the request's time and routes it.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", csp)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "rustykg serve is read-only: only GET and HEAD are allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.ContentLength != 0 {
		// A read has no body; one that comes with a body is refused
		// before it is read.
		http.Error(w, "rustykg serve takes no request body", http.StatusRequestEntityTooLarge)
		return
	}
	if len(r.URL.RawQuery) > MaxQuery {
		http.Error(w, "the query is too long", http.StatusRequestURITooLong)
		return
	}
	if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
		http.Error(w, "the query is malformed: "+err.Error(), http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), RequestTimeout)
	defer cancel()
	h.mux.ServeHTTP(w, r.WithContext(ctx))
}

// NewServer returns an http.Server for h on addr with the explorer's
// limits: header and body read timeouts, a write timeout above
// RequestTimeout, an idle timeout and MaxHeaderBytes.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      RequestTimeout + 10*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
}

// Serve runs srv on ln until ctx ends, then shuts it down gracefully:
// no new connection is accepted and requests in flight get up to grace
// to finish. It returns nil after a shutdown ctx asked for.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		srv.Close()
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// nodeURL is the address of a node's page.
func nodeURL(id string) string {
	return "/node/" + url.PathEscape(id)
}

// Loopback reports whether the listen address addr (host:port) binds the
// loopback interface only: localhost, 127.0.0.0/8 or ::1. An empty host
// (all interfaces) is not loopback.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
