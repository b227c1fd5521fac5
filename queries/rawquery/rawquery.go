// Package rawquery runs raw queries: a Gizmo, GraphQL or MQL program,
// through Cayley's own query languages, against a loaded graph, always
// under a deadline, a result limit and a cap on the answer's size.
//
//	res, err := rawquery.Run(ctx, g, `g.V("<kernel:tock>").Out("<rkg:faces>").All()`,
//		queries.RawOptions{Lang: queries.LangGizmo, Timeout: 10 * time.Second, Limit: 1000})
//	// res.Rows: {"id":"<challenge:binary-size>"}
//
// The options, the result (queries.RawResult) and the errors
// (queries.ErrQuerySyntax and the like) are package queries'; this package
// is the engine, and Serve, the query worker built on it.
//
// Gizmo runs JavaScript (goja) in a goroutine of Cayley's session. When the
// deadline passes, the session cancels its iterators and interrupts the
// JavaScript runtime, which ends even `while(true){}`; Run then waits
// (briefly) for that goroutine to finish, so nothing keeps running after
// it returns. Cayley panics on some malformed Gizmo programs
// (g.V().Has("")) inside that goroutine, where no recover reaches, and a
// JavaScript program can allocate without end (`for(;;) s += s`): run
// untrusted queries in a process of their own with Serve, which caps its
// own memory, as rustykg's query command does.
//
// This package and package graph are the only ones that import Cayley;
// only rustykg's query command (its hidden worker) uses this one.
package rawquery

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/cayley/query/graphql"
	"github.com/cayleygraph/cayley/query/mql"

	"rustykg/graph"
	"rustykg/queries"
)

// drainGrace is how long Run waits, after stopping a query, for Cayley's
// query goroutine to end.
const drainGrace = 2 * time.Second

// Run runs src in opts.Lang against g's quad store. It returns at most
// opts.Limit rows; one more is an error wrapping queries.ErrQueryLimit (no
// partial answer), rows whose JSON text (one line each) is longer than
// opts.MaxBytes one wrapping queries.ErrQueryOutput, a run past
// opts.Timeout (or ctx's deadline) one wrapping queries.ErrQueryTimeout.
// Parse errors wrap queries.ErrQuerySyntax, run-time errors
// queries.ErrQueryFailed.
func Run(ctx context.Context, g *graph.Graph, src string, opts queries.RawOptions) (queries.RawResult, error) {
	if opts.Lang == "" {
		opts.Lang = queries.LangGizmo
	}
	if opts.Timeout == 0 {
		opts.Timeout = queries.DefaultRawTimeout
	}
	if opts.Limit == 0 {
		opts.Limit = queries.DefaultRawLimit
	}
	if opts.MaxBytes == 0 {
		opts.MaxBytes = queries.DefaultRawMaxBytes
	}
	fail := queries.RawResult{Lang: opts.Lang, Rows: []any{}}
	if opts.Timeout < 0 || opts.Limit < 0 || opts.MaxBytes < 0 {
		return fail, fmt.Errorf("%w: timeout, limit and byte cap must be positive", queries.ErrBadQuery)
	}
	qs := g.QuadStore()
	if qs == nil {
		return fail, graph.ErrClosed
	}
	sess, err := session(qs, opts.Lang)
	if err != nil {
		return fail, err
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	// Collect one row more than the limit, to tell "exactly the limit"
	// from "more".
	it, err := sess.Execute(ctx, src, query.Options{Limit: opts.Limit + 1, Collation: query.JSON})
	if err != nil {
		return fail, fmt.Errorf("%w: %s", queries.ErrQuerySyntax, errText(err))
	}
	started := false
	self := goroutineID()
	defer func() {
		it.Close()
		if started && opts.Lang == queries.LangGizmo {
			// Wait for the query goroutine to end (Close interrupted
			// it), so a stopped query leaves nothing running.
			grace, stop := context.WithTimeout(context.Background(), drainGrace)
			for it.Next(grace) {
			}
			// The goroutine closes its channel in a deferred call, which
			// also runs when it panics: wait until it is really gone, so a
			// crash (which ends the process a moment later) is never
			// mistaken for an empty answer.
			for gizmoRunning(self) && grace.Err() == nil {
				time.Sleep(time.Millisecond)
			}
			stop()
		}
	}()
	rows := []any{}
	var size int64
	for {
		started = true
		if !it.Next(ctx) {
			break
		}
		v := it.Result()
		if v == nil {
			continue // the program's own value, or an empty row
		}
		// Round-trip through JSON: rows are plain JSON values whatever
		// the language returns, and sort by their text.
		b, err := json.Marshal(v)
		if err != nil {
			return fail, fmt.Errorf("%w: result is not JSON: %w", queries.ErrQueryFailed, err)
		}
		if size += int64(len(b)) + 1; size > opts.MaxBytes {
			return fail, fmt.Errorf("%w: the answer is over %s (raise --max-bytes)", queries.ErrQueryOutput, queries.FormatSize(opts.MaxBytes))
		}
		var row any
		if err := json.Unmarshal(b, &row); err != nil {
			return fail, fmt.Errorf("%w: result is not JSON: %w", queries.ErrQueryFailed, err)
		}
		rows = append(rows, row)
		if count(opts.Lang, rows) > opts.Limit {
			return fail, fmt.Errorf("%w: more than %d results (raise --limit, or end the query with .Limit(n))", queries.ErrQueryLimit, opts.Limit)
		}
	}
	err = it.Err()
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fail, timeoutError(opts.Timeout, "")
	case ctx.Err() != nil:
		return fail, fmt.Errorf("query stopped: %w", ctx.Err())
	case err != nil:
		return fail, fmt.Errorf("%w: %s", queries.ErrQueryFailed, errText(err))
	}
	return queries.NewRawResult(opts.Lang, rows), nil
}

// count is the number of results in rows. A GraphQL answer is one object
// whose top-level fields hold the result lists: each element counts.
func count(lang string, rows []any) int {
	if lang != queries.LangGraphQL {
		return len(rows)
	}
	n := 0
	for _, row := range rows {
		m, ok := row.(map[string]any)
		if !ok {
			n++
			continue
		}
		for _, v := range m {
			if arr, ok := v.([]any); ok {
				n += len(arr)
			} else {
				n++
			}
		}
	}
	return n
}

// session opens a query session of the language on qs.
func session(qs cgraph.QuadStore, lang string) (query.Session, error) {
	switch lang {
	case queries.LangGizmo:
		return gizmo.NewSession(qs), nil
	case queries.LangGraphQL:
		return graphql.NewSession(qs), nil
	case queries.LangMQL:
		return mql.NewSession(qs), nil
	}
	return nil, fmt.Errorf("%w: unknown query language %q (want gizmo, graphql or mql)", queries.ErrBadQuery, lang)
}

// errText is an error's message on one line, without goja's "at <eval>"
// stack suffixes beyond the first line.
func errText(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// timeoutError is the error of a query stopped at its deadline, with what
// it was doing when that was not the query itself.
func timeoutError(d time.Duration, while string) error {
	if while != "" {
		while = " " + while
	}
	return fmt.Errorf("%w: stopped after %s%s (raise --timeout)", queries.ErrQueryTimeout, d, while)
}

// goroutineID is the ID of the calling goroutine, as stack traces write it.
func goroutineID() string {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	f := strings.Fields(string(buf[:n])) // "goroutine 7 [running]: ..."
	if len(f) < 2 {
		return ""
	}
	return f[1]
}

// gizmoRunning tells whether a goroutine that Cayley's Gizmo session
// started from goroutine self still exists (running, or dying of a panic).
func gizmoRunning(self string) bool {
	if self == "" {
		return false
	}
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	return bytes.Contains(buf[:n], []byte("created by github.com/cayleygraph/cayley/query/gizmo.(*results).Next in goroutine "+self+"\n"))
}
