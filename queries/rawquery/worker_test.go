package rawquery

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"rustykg/graph"
	"rustykg/loaders"
	"rustykg/queries"
)

// The test binary doubles as a query worker: with RAWQUERY_TEST_WORKER=1
// it serves one request on the embedded data set, as rustykg's hidden
// worker command does, instead of running the tests.
func TestMain(m *testing.M) {
	if os.Getenv("RAWQUERY_TEST_WORKER") == "1" {
		if err := Serve(context.Background(), os.Stdin, os.Stdout, os.Stderr, openEmbedded); err != nil {
			fmt.Fprintln(os.Stderr, "rustykg: "+err.Error())
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func openEmbedded(ctx context.Context) (*graph.Graph, error) {
	return graph.Open(ctx, mustEmbedded())
}

// mustEmbedded is the embedded data set (loaded once per process).
func mustEmbedded() *graph.Dataset {
	embeddedDS.once.Do(func() {
		embeddedDS.ds, embeddedDS.err = loaders.Load(dataFS, "")
	})
	if embeddedDS.err != nil {
		panic(embeddedDS.err)
	}
	return embeddedDS.ds
}

// serve runs Serve in-process on req (marshalled) and returns what it
// wrote and its error.
func serve(t *testing.T, req any, open func(context.Context) (*graph.Graph, error)) (queries.RawResponse, string, error) {
	t.Helper()
	body, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	var out, status bytes.Buffer
	err = Serve(context.Background(), bytes.NewReader(body), &out, &status, open)
	var resp queries.RawResponse
	if err == nil {
		if jerr := json.Unmarshal(out.Bytes(), &resp); jerr != nil {
			t.Fatalf("response is not JSON: %v\n%s", jerr, out.String())
		}
	} else if out.Len() != 0 {
		t.Errorf("a response with the error %v: %s", err, out.String())
	}
	return resp, status.String(), err
}

func TestServe(t *testing.T) {
	resp, status, err := serve(t, queries.RawRequest{Query: `g.V("<kernel:tock>").Out("<rdf:type>").All()`}, openEmbedded)
	if err != nil {
		t.Fatal(err)
	}
	res, err := resp.Outcome()
	want := []any{map[string]any{"id": "<rkg:Kernel>"}}
	if err != nil || !reflect.DeepEqual(res.Rows, want) {
		t.Errorf("result %+v, %v; want rows %v", res, err, want)
	}
	if status != LoadedLine+"\n" {
		t.Errorf("status %q, want the loaded line", status)
	}
}

// TestServeErrorKinds: query errors are responses whose error keeps its
// sentinel across the process boundary.
func TestServeErrorKinds(t *testing.T) {
	for _, c := range []struct {
		req  queries.RawRequest
		want error
		msg  string
	}{
		{queries.RawRequest{Query: `g.V(`}, queries.ErrQuerySyntax, "SyntaxError"},
		{queries.RawRequest{Query: `throw new Error("boom")`}, queries.ErrQueryFailed, "boom"},
		{queries.RawRequest{Query: `while(true){}`, RawOptions: queries.RawOptions{Timeout: 200 * time.Millisecond}}, queries.ErrQueryTimeout, "stopped after 200ms"},
		{queries.RawRequest{Query: `g.V().All()`, RawOptions: queries.RawOptions{Limit: 3}}, queries.ErrQueryLimit, "more than 3 results"},
		{queries.RawRequest{Query: `g.V().All()`, RawOptions: queries.RawOptions{MaxBytes: 100}}, queries.ErrQueryOutput, "over 100 bytes (raise --max-bytes)"},
		{queries.RawRequest{Query: `SELECT`, RawOptions: queries.RawOptions{Lang: "sparql"}}, queries.ErrBadQuery, `unknown query language "sparql"`},
		{queries.RawRequest{Query: `{nodes(`, RawOptions: queries.RawOptions{Lang: queries.LangGraphQL}}, queries.ErrQuerySyntax, "GraphQL"},
		// The deadline covers loading: one already past stops the run
		// there.
		{queries.RawRequest{Query: `g.V().All()`, RawOptions: queries.RawOptions{Timeout: time.Second}, Deadline: time.Now().Add(-time.Second)},
			queries.ErrQueryTimeout, "stopped after 1s while loading the data set (raise --timeout)"},
	} {
		t.Run(c.req.Query, func(t *testing.T) {
			resp, _, err := serve(t, c.req, openEmbedded)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Result != nil {
				t.Errorf("a result with the error: %+v", resp.Result)
			}
			_, err = resp.Outcome()
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %v, want %v saying %q", err, c.want, c.msg)
			}
		})
	}
}

// TestServeBadRequest: input that is not a request is an error of Serve
// (the worker exits with it), not a response.
func TestServeBadRequest(t *testing.T) {
	for _, in := range []any{"", "g.V().All()", map[string]any{"query": 3}, map[string]any{"query": "g.V()", "data": "x"},
		map[string]any{"query": "g.V()", "max_memory": -1}} {
		_, _, err := serve(t, in, openEmbedded)
		if !errors.Is(err, ErrBadRequest) {
			t.Errorf("%v: error %v, want ErrBadRequest", in, err)
		}
	}
}

// TestServeDataError: a data set that does not load is Serve's error,
// with its own sentinel, so the worker exits as any command would.
func TestServeDataError(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	_, status, err := serve(t, queries.RawRequest{Query: `g.V().All()`}, func(ctx context.Context) (*graph.Graph, error) {
		ds, err := loaders.LoadDir(dir)
		if err != nil {
			return nil, err
		}
		return graph.Open(ctx, ds)
	})
	if !errors.Is(err, loaders.ErrRead) || status != "" {
		t.Errorf("error %v, status %q; want loaders.ErrRead and no loaded line", err, status)
	}
}

// FuzzRaw runs raw Gizmo queries in a query worker (this test binary,
// re-executed): whatever the source, the worker answers with rows or one
// of the query errors, ends near its deadline, and never dies, except of
// a panic inside Cayley's or goja's own goroutines (g.V().Has("") ->
// "empty has"), which no recover reaches: rustykg runs queries in a
// worker process for exactly that reason and reports such a crash as a
// failed query. A panic whose stack passes through rustykg's own code is
// a finding.
func FuzzRaw(f *testing.F) {
	for _, s := range []string{
		`g.V().All()`, `g.V("<kernel:tock>").Out("<rkg:faces>").Tag("c").All()`, `while(true){}`,
		`g.Emit({a: 1})`, `g.V(`, `throw 1`, `g.V().Limit(-1).All()`, `g.V().Out(g.V()).All()`,
		`g.M().Out("<rkg:faces>")`, `g.V().Has("<rdf:type>").Count()`, `[1,2,3].map(function(x){g.Emit(x)})`,
		`g.V().Has("").All()`, `var s = "x"; for (;;) s += s`,
	} {
		f.Add(s)
	}
	self, err := os.Executable()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		body, err := json.Marshal(queries.RawRequest{Query: src,
			RawOptions: queries.RawOptions{Timeout: 300 * time.Millisecond, Limit: 100, MaxBytes: 64 << 10},
			MaxMemory:  256 << 20})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, self)
		cmd.Env = append(os.Environ(), "RAWQUERY_TEST_WORKER=1")
		cmd.Stdin = bytes.NewReader(body)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		start := time.Now()
		runErr := cmd.Run()
		if took := time.Since(start); took > 5*time.Second {
			t.Fatalf("the worker took %s with a 300ms deadline", took)
		}
		if runErr != nil {
			if _, inEngine := Panic(errb.String()); inEngine || OutOfMemory(errb.String()) {
				return
			}
			t.Fatalf("the worker failed: %v\n%.4000s", runErr, errb.String())
		}
		var resp queries.RawResponse
		if err := json.Unmarshal(out.Bytes(), &resp); err != nil {
			t.Fatalf("the answer is not JSON: %v\n%.1000s", err, out.String())
		}
		if _, err := resp.Outcome(); err != nil && !isQueryError(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}
