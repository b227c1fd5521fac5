package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// apiServer serves the explorer on the built-in data set, as serve does.
func apiServer(t *testing.T) *httptest.Server {
	t.Helper()
	e := &env{stdout: io.Discard, stderr: io.Discard, store: "memory"}
	cat, err := e.catalog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.close)
	h, err := e.webHandler(cat, "auto")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// TestServeAPI checks, for every case of testdata/api.txt, that the API
// returns exactly the bytes the CLI prints with --format json, and fails
// where the CLI fails (400 for a usage error, 404 for no such node), and
// that every command the API offers has a case.
func TestServeAPI(t *testing.T) {
	srv := apiServer(t)
	f, err := os.Open(filepath.Join("testdata", "api.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	covered := map[string]bool{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		head, cli, ok := strings.Cut(text, " | ")
		status, target, ok2 := strings.Cut(head, " ")
		if !ok || !ok2 {
			t.Fatalf("api.txt:%d: want STATUS URL | COMMAND", line)
		}
		want, _ := strconv.Atoi(status)
		words := shellWords(cli)
		args := append([]string{words[0], "--format", "json"}, words[1:]...)
		out, _, code := run(t, args...)
		resp, err := http.Get(srv.URL + target)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("api.txt:%d: %s: status %d, want %d: %s", line, target, resp.StatusCode, want, body)
			continue
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("api.txt:%d: %s: Content-Type %q", line, target, ct)
		}
		switch want {
		case http.StatusOK:
			covered[args[0]] = true
			if code != exitOK {
				t.Errorf("api.txt:%d: rustykg %s: exit %d", line, cli, code)
			}
			if string(body) != out {
				t.Errorf("api.txt:%d: %s differs from rustykg %s --format json\n--- api ---\n%.600s\n--- cli ---\n%.600s", line, target, cli, body, out)
			}
		default:
			wantCode := map[int]int{http.StatusBadRequest: exitUsage, http.StatusNotFound: exitNotFound}[want]
			if code != wantCode {
				t.Errorf("api.txt:%d: rustykg %s: exit %d, want %d like the API's %d", line, cli, code, wantCode, want)
			}
			var e struct {
				Error  string `json:"error"`
				Status int    `json:"status"`
			}
			if err := json.Unmarshal(body, &e); err != nil || e.Error == "" || e.Status != want {
				t.Errorf("api.txt:%d: %s: error body %s", line, target, body)
			}
		}
	}
	for _, c := range apiCommandNames {
		if !covered[c] {
			t.Errorf("api.txt has no successful case of /api/%s", c)
		}
	}
}

// TestServeAPIRefuses checks what the API does not run: commands it does
// not offer and flags that are not the command's own (--data, --store,
// --format would read other files or change the answer's form).
func TestServeAPIRefuses(t *testing.T) {
	srv := apiServer(t)
	for target, want := range map[string]int{
		"/api/render":                        404,
		"/api/query?arg=g.V().All()":         404,
		"/api/export":                        404,
		"/api/import":                        404,
		"/api/kernels?data=/etc":             400,
		"/api/kernels?store=bbolt:/tmp/x":    400,
		"/api/kernels?format=csv":            400,
		"/api/kernels?bibtex=true":           400,
		"/api/show?arg=tock&output=/tmp/x":   400,
		"/api/shared?arg=tock&arg=redleaf&x": 400,
	} {
		resp, err := http.Get(srv.URL + target)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: %d, want %d: %s", target, resp.StatusCode, want, body)
		}
	}
	resp, err := http.Get(srv.URL + "/api/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, c := range apiCommandNames {
		if !strings.Contains(string(body), "/api/"+c+"<") {
			t.Errorf("/api/ does not document %s", c)
		}
	}
}

// TestServeShutdown starts rustykg serve on a free port, reads the
// address from its first line of output, fetches a page, then cancels its
// context (as SIGINT does): serve stops within its grace period, with the
// interrupted exit code, and the port is closed.
func TestServeShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	line, stderr, done := startServe(t, ctx, cancel, "127.0.0.1:0")
	u := strings.TrimSpace(line)
	if !strings.HasPrefix(u, "http://127.0.0.1:") || !strings.HasSuffix(u, "/") {
		t.Fatalf("first line %q is not http://127.0.0.1:PORT/", line)
	}
	resp, err := http.Get(u + "node/kernel:tock")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /node/kernel:tock: %d", resp.StatusCode)
	}
	start := time.Now()
	cancel()
	select {
	case code := <-done:
		if code != exitInterrupted {
			t.Errorf("exit %d after the context ended, want %d", code, exitInterrupted)
		}
	case <-time.After(serveGrace + 2*time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
	if d := time.Since(start); d > serveGrace+time.Second {
		t.Errorf("shutdown took %v", d)
	}
	if _, err := http.Get(u); err == nil {
		t.Errorf("%s still answers after shutdown", u)
	}
	if !strings.Contains(stderr.String(), "shut down gracefully") {
		t.Errorf("stderr does not say serve shut down: %q", stderr.String())
	}
	if !strings.Contains(stderr.String(), "loopback only") {
		t.Errorf("stderr does not say it binds loopback only: %q", stderr.String())
	}
}

// startServe runs serve on addr until ctx ends and returns the first line
// it prints (the URL), its stderr (to read only after done gives the exit
// code) and done. The rest of stdout is discarded.
func startServe(t *testing.T, ctx context.Context, cancel func(), addr string) (string, *strings.Builder, chan int) {
	t.Helper()
	pr, pw := io.Pipe()
	stderr := &strings.Builder{}
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--addr", addr, "--renderer", "dot"}, pw, stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		<-done
		t.Fatalf("no address on stdout: %v (stderr: %s)", err, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	return line, stderr, done
}

// TestServeOffLoopback: bound to every interface, serve still answers and
// warns on stderr that the explorer is reachable from other machines,
// with no authentication, instead of saying it is loopback only.
func TestServeOffLoopback(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	line, stderr, done := startServe(t, ctx, cancel, "0.0.0.0:0")
	u := strings.TrimSpace(line)
	port := strings.TrimSuffix(u[strings.LastIndex(u, ":")+1:], "/")
	status := 0
	if resp, err := http.Get("http://127.0.0.1:" + port + "/"); err == nil {
		resp.Body.Close()
		status = resp.StatusCode
	}
	cancel()
	<-done
	if !strings.HasPrefix(u, "http://0.0.0.0:") && !strings.HasPrefix(u, "http://[::]:") {
		t.Errorf("first line %q is not the address of every interface", line)
	}
	if status != http.StatusOK {
		t.Errorf("GET / on 127.0.0.1:%s: status %d", port, status)
	}
	errs := stderr.String()
	if !strings.Contains(errs, "warning: serving on") || !strings.Contains(errs, "reachable from other machines") ||
		!strings.Contains(errs, "no authentication") || strings.Contains(errs, "loopback only") {
		t.Errorf("stderr does not warn that the explorer is reachable from other machines: %q", errs)
	}
}

// TestServeBadAddr checks that a malformed --addr is a usage error.
func TestServeBadAddr(t *testing.T) {
	for _, addr := range []string{"8080", "localhost", "127.0.0.1:x:y"} {
		if _, errs, code := run(t, "serve", "--addr", addr); code != exitUsage {
			t.Errorf("serve --addr %s: exit %d, want %d (%s)", addr, code, exitUsage, errs)
		}
	}
}

// FuzzServeAPI sends the API arbitrary commands and queries: every answer
// is 200 with JSON, or a JSON error with 400 or 404, never a crash or a
// 500.
func FuzzServeAPI(f *testing.F) {
	e := &env{stdout: io.Discard, stderr: io.Discard, store: "memory"}
	cat, err := e.catalog(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	defer e.close()
	h, err := e.webHandler(cat, "dot")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("shared", "arg=tock&arg=redleaf")
	f.Add("show", "arg=--data=/etc")
	f.Add("matrix", "rows=study&cols=lesson&evidence=true")
	f.Add("neighbors", "arg=tock&depth=-1&kinds=,")
	f.Add("similar", "arg=tock&top=99999999999999999999")
	f.Add("path", "arg=tock&arg=tock")
	f.Fuzz(func(t *testing.T, command, query string) {
		target := "/api/" + url.PathEscape(command) + "?" + query
		u, err := url.ParseRequestURI(target)
		if err != nil {
			return
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL, req.RequestURI = u, target
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusRequestURITooLong:
		case http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
			// A path with "." or ".." segments ("/api/.") is sent to
			// its clean form by the router, on this server only.
			if loc := w.Header().Get("Location"); path.Clean(u.Path) == u.Path || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
				t.Fatalf("%s: %d to %q", target, w.Code, loc)
			}
			return
		default:
			t.Fatalf("%s: %d %s", target, w.Code, w.Body.String())
		}
		if w.Code != http.StatusRequestURITooLong && !json.Valid(w.Body.Bytes()) && strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("%s: invalid JSON %q", target, w.Body.String())
		}
	})
}
