package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"rustykg/queries"
)

// ask runs rustykg-query on the request req and returns its decoded
// response, failing on a non-zero exit code or anything on stderr.
func ask(t *testing.T, args []string, req queries.RawRequest) queries.RawResponse {
	t.Helper()
	body, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), args, bytes.NewReader(body), &out, &errb); code != 0 || errb.Len() != 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	var resp queries.RawResponse
	if err := json.Unmarshal(out.Bytes(), &resp); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, out.String())
	}
	return resp
}

func TestRun(t *testing.T) {
	resp := ask(t, nil, queries.RawRequest{Query: `g.V("<kernel:tock>").Out("<rkg:faces>").All()`})
	res, err := resp.Outcome()
	if err != nil {
		t.Fatal(err)
	}
	want := []any{map[string]any{"id": "<challenge:binary-size>"}, map[string]any{"id": "<challenge:verification-effort>"}}
	if res.Lang != queries.LangGizmo || !reflect.DeepEqual(res.Rows, want) {
		t.Errorf("result %+v, want gizmo rows %v", res, want)
	}
	// Tagged rows come back laid out as a table.
	resp = ask(t, nil, queries.RawRequest{Query: `g.V("<kernel:tock>").Tag("k").Out("<rkg:faces>").Tag("c").All()`})
	if res, err := resp.Outcome(); err != nil || !res.Tagged || !reflect.DeepEqual(res.Columns, []string{"id", "c", "k"}) {
		t.Errorf("tagged: %+v, %v", res, err)
	}
}

// TestRunData: -data loads another data set (two kernels, not dozens).
func TestRunData(t *testing.T) {
	args := []string{"-data", filepath.Join("..", "rustykg", "testdata", "minimal")}
	res, err := ask(t, args, queries.RawRequest{Query: `g.V().Has("<rdf:type>", "<rkg:Kernel>").All()`}).Outcome()
	if err != nil || len(res.Rows) != 2 {
		t.Fatalf("%d rows, %v; want the 2 kernels of testdata/minimal", len(res.Rows), err)
	}
	_, err = ask(t, []string{"-data", filepath.Join(t.TempDir(), "nope")}, queries.RawRequest{Query: `g.V().All()`}).Outcome()
	if err == nil {
		t.Fatal("no error for a missing data set")
	}
}

// TestRunErrorKinds: query errors are responses (exit 0) whose error
// keeps its sentinel across the process boundary.
func TestRunErrorKinds(t *testing.T) {
	for _, c := range []struct {
		req  queries.RawRequest
		want error
		msg  string
	}{
		{queries.RawRequest{Query: `g.V(`}, queries.ErrQuerySyntax, "SyntaxError"},
		{queries.RawRequest{Query: `throw new Error("boom")`}, queries.ErrQueryFailed, "boom"},
		{queries.RawRequest{Query: `while(true){}`, RawOptions: queries.RawOptions{Timeout: 200 * time.Millisecond}}, queries.ErrQueryTimeout, "stopped after 200ms"},
		{queries.RawRequest{Query: `g.V().All()`, RawOptions: queries.RawOptions{Limit: 3}}, queries.ErrQueryLimit, "more than 3 results"},
		{queries.RawRequest{Query: `SELECT`, RawOptions: queries.RawOptions{Lang: "sparql"}}, queries.ErrBadQuery, `unknown query language "sparql"`},
		{queries.RawRequest{Query: `{nodes(`, RawOptions: queries.RawOptions{Lang: queries.LangGraphQL}}, queries.ErrQuerySyntax, "GraphQL"},
	} {
		t.Run(c.req.Query, func(t *testing.T) {
			resp := ask(t, nil, c.req)
			if resp.Result != nil {
				t.Errorf("a result with the error: %+v", resp.Result)
			}
			_, err := resp.Outcome()
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %v, want %v saying %q", err, c.want, c.msg)
			}
		})
	}
}

// TestRunBadRequest: a request that is not the protocol's JSON, or a bad
// flag, exits 2 with a message and writes nothing on stdout.
func TestRunBadRequest(t *testing.T) {
	for _, c := range []struct {
		args []string
		in   string
	}{
		{nil, ``},
		{nil, `g.V().All()`},
		{nil, `{"query": 3}`},
		{nil, `{"query": "g.V()", "data": "x"}`},
		{[]string{"-nosuchflag"}, `{"query": "g.V()"}`},
		{[]string{"extra"}, `{"query": "g.V()"}`},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), c.args, strings.NewReader(c.in), &out, &errb)
		if code != 2 || out.Len() != 0 || errb.Len() == 0 {
			t.Errorf("%v %q: exit %d, stdout %q, stderr %q; want exit 2, a message, no output", c.args, c.in, code, out.String(), errb.String())
		}
	}
}
