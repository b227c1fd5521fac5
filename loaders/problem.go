package loaders

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Sentinel errors. Every error a loader returns wraps one of them, so a
// caller can tell "the data is wrong" from "the data could not be read".
var (
	// ErrInvalid: the data set has one or more problems (see Problems).
	ErrInvalid = errors.New("invalid data set")
	// ErrRead: a file or directory could not be read.
	ErrRead = errors.New("cannot read data")
)

// Pos is a position in a source file; Line and Col count from 1.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Problem is one thing wrong with the input, at a position, in a field.
type Problem struct {
	Pos   Pos
	Field string // e.g. "claims[3].study"; empty when no field applies
	Msg   string
	stage stage
}

// stage is what kind of check found a problem; Problems.Sort puts the
// problems that make a file unreadable first, so the cause of follow-on
// errors is never last.
type stage int

const (
	stageCheck    stage = iota // references and cross-checks between records (the zero value)
	stageRead                  // the file could not be read: not a regular file, too big
	stageSyntax                // the file could not be parsed
	stageShape                 // keys, types and values of one record
	stageSummary               // a line that stands for problems not listed
	stageOverflow              // the count of problems past maxProblems, last of all
)

func (s stage) rank() int {
	switch s {
	case stageRead:
		return 0
	case stageSyntax:
		return 1
	case stageShape:
		return 2
	case stageCheck:
		return 3
	case stageSummary:
		return 4
	}
	return 5
}

func (p Problem) String() string {
	if p.Field == "" {
		return p.Pos.String() + ": " + p.Msg
	}
	return p.Pos.String() + ": " + p.Field + ": " + p.Msg
}

// Problems is every problem found in a data set: first those that keep a
// file from being read or parsed, then those in the keys and types of
// records, then references and cross-checks, each group sorted by file,
// line, column, field and message. Follow-on problems (a reference to an
// ID that a file that did not load may define) are not listed but counted
// in a last line. It is an error that wraps ErrInvalid.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s) in data set:", len(ps))
	for _, p := range ps {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap lets errors.Is(err, ErrInvalid) match.
func (ps Problems) Unwrap() error { return ErrInvalid }

// Sort orders the problems by kind (read, syntax, shape, cross-checks),
// then position, field and message, and drops exact duplicates.
func (ps Problems) Sort() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if ra, rb := a.stage.rank(), b.stage.rank(); ra != rb {
			return ra < rb
		}
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Field != b.Field {
			return a.Field < b.Field
		}
		return a.Msg < b.Msg
	})
	out := ps[:0]
	for i, p := range ps {
		if i > 0 && p == ps[i-1] {
			continue
		}
		out = append(out, p)
	}
	for i := range out {
		out[i].Field = clip(out[i].Field, maxFieldText)
		out[i].Msg = clip(out[i].Msg, maxMsgText)
	}
	return out
}

// A problem quotes its input (a field name, a key, an ID); hostile input
// can be megabytes long, so what a problem quotes is clipped.
const maxFieldText, maxMsgText = 120, 400

// clip shortens s to at most n bytes (on a rune boundary) plus "…".
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// maxProblems is the most problems a load lists; the rest are counted in
// one last line.
const maxProblems = 1000

// capped keeps the first maxProblems problems of sorted ps, and the
// summary lines (which come last), and counts the rest in a last line.
func (ps Problems) capped(where string) Problems {
	if len(ps) <= maxProblems {
		return ps
	}
	first := len(ps)
	for first > 0 && ps[first-1].stage == stageSummary {
		first--
	}
	if first <= maxProblems {
		return ps
	}
	out := append(ps[:maxProblems:maxProblems], ps[first:]...)
	return append(out, Problem{Pos: Pos{File: where}, stage: stageOverflow,
		Msg: fmt.Sprintf("and %d more problem(s) not listed", first-maxProblems)})
}
