package queries

import (
	"sort"
	"strings"

	"rustykg/graph"
)

// Table is a result laid out for printing: a title, column names and
// string cells. Lists inside a cell are joined with ", ".
type Table struct {
	Title   string
	Columns []string
	Rows    [][]string
}

// Result is what every query returns: typed rows that marshal to JSON as
// they are and lay out as one or more Tables.
type Result interface {
	Tables() []Table
}

// A Streamer is a Result whose one table can be laid out a row at a time,
// for answers too large to hold as strings at once (the matrix of a
// literature of 10^5 studies has 2.6 million cells). StreamTable gives
// that table without its rows (head), the number of rows n, and each,
// which calls fn with every row in order in a slice it reuses: fn must
// not keep it. The rows are those Tables gives.
type Streamer interface {
	Result
	StreamTable() (head Table, n int, each func(fn func(row []string) error) error)
}

// Evidence is one study's support for a statement: where it says so and
// our note on it.
type Evidence struct {
	Claim   string   `json:"claim"`
	Study   string   `json:"study"`
	Ref     string   `json:"ref,omitempty"` // the review's reference number, e.g. "[2]"
	Locator string   `json:"locator"`
	Note    string   `json:"note"`
	Flags   []string `json:"flags,omitempty"`
}

func evidenceOf(c *Catalog, cl graph.Claim) Evidence {
	return Evidence{Claim: cl.ID, Study: cl.Study, Ref: c.Ref(cl.Study), Locator: cl.Locator, Note: cl.Note, Flags: cl.Flags}
}

// studyList returns the distinct studies of the evidence, sorted.
func studyList(ev []Evidence) []string {
	set := map[string]bool{}
	for _, e := range ev {
		set[e.Study] = true
	}
	return sortedSet(set)
}

// sortedSet returns the members of set sorted by graph.NodeLess, which
// within one kind is plain string order (the common case, sorted without
// looking the kinds up on every comparison).
func sortedSet(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	oneKind := true
	var kind graph.Kind
	for k := range set {
		if len(out) == 0 {
			kind = graph.KindOf(k)
		} else if oneKind && graph.KindOf(k) != kind {
			oneKind = false
		}
		out = append(out, k)
	}
	if oneKind {
		sort.Strings(out)
	} else {
		sort.Slice(out, func(i, j int) bool { return graph.NodeLess(out[i], out[j]) })
	}
	return out
}

func join(xs []string) string { return strings.Join(xs, ", ") }

func flagMark(flags []string) string {
	if len(flags) == 0 {
		return ""
	}
	return strings.Join(flags, ", ")
}

// Cited is implemented by results that rest on studies: StudyIDs returns
// exactly the studies that support the answer, sorted.
type Cited interface {
	StudyIDs() []string
}
