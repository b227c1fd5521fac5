package queries

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"rustykg/graph"
)

// Raw queries: the escape hatch for questions no named query answers. A
// query runs through Cayley's own query languages against the loaded
// store, always under a deadline, a result limit and an output cap. The
// engine is package rawquery, which rustykg runs in a worker process (a
// re-exec of itself) so that a crash or a runaway query ends only that
// process; this file holds what both sides share: the options, the result
// and its layout, the errors, and the JSON that rustykg and its worker
// exchange (RawRequest, RawResponse).
//
// Node IDs are IRIs ("<kernel:tock>"), relations are <rkg:faces> and the
// like (graph.Relation.IRI), node names are <schema:name> literals, and
// every statement's quad label is the study that supports it.

// Query languages of raw queries.
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
	// ErrQueryData: the query process could not load the data set it was
	// given (an invalid N-Quads file, for one).
	ErrQueryData = errors.New("invalid data")
	// ErrQueryOutput: the query's answer is larger than its byte cap.
	ErrQueryOutput = errors.New("query output too large")
	// ErrQueryMemory: the query process ran out of its memory cap.
	ErrQueryMemory = errors.New("query out of memory")
)

// RawOptions bound a raw query. Zero values mean the defaults.
type RawOptions struct {
	Lang    string        `json:"lang"`    // gizmo (default), graphql or mql
	Timeout time.Duration `json:"timeout"` // 10 s when 0
	Limit   int           `json:"limit"`   // 1000 when 0
	// MaxBytes caps the answer: the JSON text of its rows, one per line,
	// may not be longer. DefaultRawMaxBytes when 0.
	MaxBytes int64 `json:"max_bytes"`
}

// Default bounds of a raw query.
const (
	DefaultRawTimeout  = 10 * time.Second
	DefaultRawLimit    = 1000
	DefaultRawMaxBytes = 4 << 20
)

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

// NewRawResult is the result of a query in lang that returned rows (plain
// JSON values): it sorts them and decides whether they form a table.
func NewRawResult(lang string, rows []any) RawResult {
	if rows == nil {
		rows = []any{}
	}
	r := RawResult{Lang: lang, Rows: rows}
	r.layout()
	return r
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

// FormatSize writes a byte count as the size flags take it: 4MiB,
// 1GiB, 1536KiB, or 1000 bytes when no binary unit divides it.
func FormatSize(n int64) string {
	for _, u := range []struct {
		name string
		n    int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.n && n%u.n == 0 {
			return fmt.Sprintf("%d%s", n/u.n, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// RawRequest is a raw query as rustykg sends it to its query worker: JSON
// on the worker's standard input.
type RawRequest struct {
	Query string `json:"query"`
	RawOptions
	// Deadline ends the whole run, loading the data set included (the
	// worker stops the query there; zero: Timeout from the start of the
	// query).
	Deadline time.Time `json:"deadline,omitzero"`
	// MaxMemory caps the worker's memory in bytes (0: no cap).
	MaxMemory int64 `json:"max_memory,omitempty"`
}

// RawResponse is the query worker's answer, JSON on its standard output: the
// result, or the error's text and Kind, the name of the sentinel it wraps
// (see rawErrorKinds), so the error keeps its sentinel across processes.
type RawResponse struct {
	Result *RawResult `json:"result,omitempty"`
	Kind   string     `json:"kind,omitempty"`
	Error  string     `json:"error,omitempty"`
}

// rawErrorKinds names the sentinels that cross the process boundary.
var rawErrorKinds = map[string]error{
	"syntax":  ErrQuerySyntax,
	"failed":  ErrQueryFailed,
	"timeout": ErrQueryTimeout,
	"limit":   ErrQueryLimit,
	"output":  ErrQueryOutput,
	"memory":  ErrQueryMemory,
	"bad":     ErrBadQuery,
	"data":    ErrQueryData,
}

// NewRawResponse is the response for a query's result and error.
func NewRawResponse(res RawResult, err error) RawResponse {
	if err == nil {
		return RawResponse{Result: &res}
	}
	resp := RawResponse{Error: err.Error()}
	for kind, sentinel := range rawErrorKinds {
		if errors.Is(err, sentinel) {
			resp.Kind = kind
		}
	}
	return resp
}

// Outcome is the result or the error of r. The error wraps the same
// sentinel as the engine's did.
func (r RawResponse) Outcome() (RawResult, error) {
	if r.Error != "" {
		if sentinel, ok := rawErrorKinds[r.Kind]; ok {
			// The message already starts with the sentinel's text.
			return RawResult{}, fmt.Errorf("%w%s", sentinel, strings.TrimPrefix(r.Error, sentinel.Error()))
		}
		return RawResult{}, errors.New(r.Error)
	}
	if r.Result == nil {
		return RawResult{}, errors.New("query response has no result")
	}
	return *r.Result, nil
}
