package queries

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/cayley/query/graphql"
	"github.com/cayleygraph/cayley/query/mql"

	"rustykg/graph"
)

// Raw queries: the escape hatch for questions no named query answers. A
// query runs through Cayley's own query languages against the loaded
// store, always under a deadline and a result limit:
//
//	res, err := queries.Raw(ctx, g, `g.V("<kernel:tock>").Out("<rkg:faces>").All()`,
//		queries.RawOptions{Lang: queries.LangGizmo, Timeout: 10 * time.Second, Limit: 1000})
//	// res.Rows: {"id":"<challenge:binary-size>"}
//
// Node IDs are IRIs ("<kernel:tock>"), relations are <rkg:faces> and the
// like (graph.Relation.IRI), node names are <schema:name> literals, and
// every statement's quad label is the study that supports it.
//
// Gizmo runs JavaScript (goja) in a goroutine of Cayley's session. When the
// deadline passes, the session cancels its iterators and interrupts the
// JavaScript runtime, which ends even `while(true){}`; Raw then waits
// (briefly) for that goroutine to finish, so nothing keeps running after
// it returns.

// Query languages Raw accepts.
const (
	LangGizmo   = "gizmo"
	LangGraphQL = "graphql"
	LangMQL     = "mql"
)

// Errors of raw queries; each wraps one of these sentinels.
var (
	// ErrQuerySyntax: the query does not parse.
	ErrQuerySyntax = errors.New("query syntax error")
	// ErrQueryFailed: the query parsed but failed while running (a
	// JavaScript exception, a bad argument to a Gizmo step).
	ErrQueryFailed = errors.New("query failed")
	// ErrQueryTimeout: the query ran past its deadline and was stopped.
	ErrQueryTimeout = errors.New("query timed out")
	// ErrQueryLimit: the query produced more results than its limit.
	ErrQueryLimit = errors.New("query result limit exceeded")
)

// RawOptions bound a raw query. Zero values mean the defaults.
type RawOptions struct {
	Lang    string        // gizmo (default), graphql or mql
	Timeout time.Duration // 10 s when 0
	Limit   int           // 1000 when 0
}

// Default bounds of a raw query.
const (
	DefaultRawTimeout = 10 * time.Second
	DefaultRawLimit   = 1000
)

// drainGrace is how long Raw waits, after stopping a query, for Cayley's
// query goroutine to end.
const drainGrace = 2 * time.Second

// RawResult is the answer of a raw query: its rows as JSON values (a
// Gizmo All() row is an object of tag -> value, IRIs written "<kernel:tock>",
// strings bare), sorted by their JSON text so output is stable. Tagged is
// true when every row is an object of scalar values and some row carries a
// tag besides the path's end ("id"): such rows lay out as a table whose
// Columns are the tags ("id" first).
type RawResult struct {
	Lang    string   `json:"lang"`
	Tagged  bool     `json:"tagged"`
	Columns []string `json:"columns,omitempty"`
	Rows    []any    `json:"rows"`
}

// Tables implements Result: tagged rows by column; other rows as one
// column of JSON.
func (r RawResult) Tables() []Table {
	if !r.Tagged {
		t := Table{Columns: []string{"value"}}
		for _, row := range r.Rows {
			t.Rows = append(t.Rows, []string{jsonText(row)})
		}
		return []Table{t}
	}
	t := Table{Columns: r.Columns}
	for _, row := range r.Rows {
		m := row.(map[string]any)
		cells := make([]string, len(r.Columns))
		for i, c := range r.Columns {
			if v, ok := m[c]; ok {
				cells[i] = scalarText(v)
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	return []Table{t}
}

// StudyIDs implements Cited: every study (or review) IRI among the values.
func (r RawResult) StudyIDs() []string {
	set := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			// Gizmo writes IRIs "<study:x>", GraphQL bare "study:x".
			id := strings.TrimSuffix(strings.TrimPrefix(x, "<"), ">")
			if k := graph.KindOf(id); (k == graph.KindStudy || k == graph.KindReview) && graph.ValidSlug(graph.Slug(id)) {
				set[id] = true
			}
		case map[string]any:
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	for _, row := range r.Rows {
		walk(row)
	}
	return sortedSet(set)
}

// Raw runs src in opts.Lang against g's quad store. Cayley panics on some
// malformed Gizmo programs (g.V().Has("")) inside a goroutine of its own,
// which ends the process: run untrusted queries in a child process, as the
// rustykg CLI does. It returns at most
// opts.Limit rows; one more is an error wrapping ErrQueryLimit (no partial
// answer), a run past opts.Timeout one wrapping ErrQueryTimeout. Parse
// errors wrap ErrQuerySyntax, run-time errors ErrQueryFailed.
func Raw(ctx context.Context, g *graph.Graph, src string, opts RawOptions) (RawResult, error) {
	if opts.Lang == "" {
		opts.Lang = LangGizmo
	}
	if opts.Timeout == 0 {
		opts.Timeout = DefaultRawTimeout
	}
	if opts.Limit == 0 {
		opts.Limit = DefaultRawLimit
	}
	res := RawResult{Lang: opts.Lang, Rows: []any{}}
	if opts.Timeout < 0 || opts.Limit < 0 {
		return res, fmt.Errorf("%w: timeout and limit must be positive", ErrBadQuery)
	}
	qs := g.QuadStore()
	if qs == nil {
		return res, graph.ErrClosed
	}
	sess, err := session(qs, opts.Lang)
	if err != nil {
		return res, err
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	// Collect one row more than the limit, to tell "exactly the limit"
	// from "more".
	it, err := sess.Execute(ctx, src, query.Options{Limit: opts.Limit + 1, Collation: query.JSON})
	if err != nil {
		return res, fmt.Errorf("%w: %s", ErrQuerySyntax, errText(err))
	}
	started := false
	defer func() {
		it.Close()
		if started && opts.Lang == LangGizmo {
			// Wait for the query goroutine to end (Close interrupted
			// it), so a stopped query leaves nothing running.
			grace, stop := context.WithTimeout(context.Background(), drainGrace)
			for it.Next(grace) {
			}
			stop()
		}
	}()
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
			return res, fmt.Errorf("%w: result is not JSON: %v", ErrQueryFailed, err)
		}
		var row any
		if err := json.Unmarshal(b, &row); err != nil {
			return res, fmt.Errorf("%w: result is not JSON: %v", ErrQueryFailed, err)
		}
		res.Rows = append(res.Rows, row)
		if rawCount(opts.Lang, res.Rows) > opts.Limit {
			res.Rows = []any{}
			return res, fmt.Errorf("%w: more than %d results (raise --limit, or end the query with .Limit(n))", ErrQueryLimit, opts.Limit)
		}
	}
	err = it.Err()
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		res.Rows = []any{}
		return res, fmt.Errorf("%w: stopped after %s (raise --timeout)", ErrQueryTimeout, opts.Timeout)
	case ctx.Err() != nil:
		res.Rows = []any{}
		return res, fmt.Errorf("query stopped: %w", ctx.Err())
	case err != nil:
		res.Rows = []any{}
		return res, fmt.Errorf("%w: %s", ErrQueryFailed, errText(err))
	}
	res.layout()
	return res, nil
}

// rawCount is the number of results in rows. A GraphQL answer is one
// object whose top-level fields hold the result lists: each element counts.
func rawCount(lang string, rows []any) int {
	if lang != LangGraphQL {
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
	case LangGizmo:
		return gizmo.NewSession(qs), nil
	case LangGraphQL:
		return graphql.NewSession(qs), nil
	case LangMQL:
		return mql.NewSession(qs), nil
	}
	return nil, fmt.Errorf("%w: unknown query language %q (want gizmo, graphql or mql)", ErrBadQuery, lang)
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

// layout decides whether the rows form a table and sorts them: tagged
// rows by their cells in column order, others by their JSON text. Sort
// keys are computed once per row.
func (r *RawResult) layout() {
	cols := map[string]bool{}
	tagged := len(r.Rows) > 0
	for _, row := range r.Rows {
		m, ok := row.(map[string]any)
		if !ok {
			tagged = false
			break
		}
		for k, v := range m {
			switch v.(type) {
			case map[string]any, []any:
				tagged = false
			}
			cols[k] = true
		}
	}
	hasID := cols["id"]
	delete(cols, "id")
	if tagged && len(cols) > 0 {
		r.Tagged = true
		if hasID {
			r.Columns = append(r.Columns, "id")
		}
		rest := make([]string, 0, len(cols))
		for k := range cols {
			rest = append(rest, k)
		}
		sort.Strings(rest)
		r.Columns = append(r.Columns, rest...)
	}
	type keyed struct {
		key []string
		row any
	}
	ks := make([]keyed, len(r.Rows))
	for i, row := range r.Rows {
		if r.Tagged {
			m := row.(map[string]any)
			key := make([]string, len(r.Columns))
			for j, c := range r.Columns {
				key[j] = scalarText(m[c])
			}
			ks[i] = keyed{key, row}
		} else {
			ks[i] = keyed{[]string{jsonText(row)}, row}
		}
	}
	sort.SliceStable(ks, func(i, j int) bool { return slices.Compare(ks[i].key, ks[j].key) < 0 })
	for i := range ks {
		r.Rows[i] = ks[i].row
	}
}

// jsonText is v as compact JSON (object keys sorted, "<" and ">" kept).
func jsonText(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// scalarText is a scalar cell as text: strings bare, others as JSON.
func scalarText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	return jsonText(v)
}
