package queries

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"

	"rustykg/graph"
)

// A comparison matrix crosses kernels, approaches or studies (rows) with
// challenges, implications or lessons (columns), as SLR tables and ORKG
// comparisons do. A cell holds the studies that support the pair:
//
//   - kernel × challenge / implication: the studies behind "kernel faces
//     challenge" / "kernel shows implication";
//   - kernel × lesson: the studies that examine the kernel and teach the
//     lesson (no statement links kernels and lessons directly);
//   - approach × any: the union over the kernels that follow the approach;
//   - study × any: the study's own statements ("reports", "teaches") and
//     the kernel statements it supports; the cell is a mark.
//
// Only rows and columns with at least one mark are listed; `gaps` lists
// what the evidence leaves empty.

// MatrixCell is one non-empty cell: the column node and the studies that
// support the pair.
type MatrixCell struct {
	Column  string   `json:"column"`
	Count   int      `json:"count"`
	Studies []string `json:"studies"`
}

// MatrixRow is one row: its node, its non-empty cells (in column order) and
// its total, the number of non-empty cells.
type MatrixRow struct {
	ID    string       `json:"id"`
	Name  string       `json:"name"`
	Cells []MatrixCell `json:"cells"`
	Total int          `json:"total"`
}

// MatrixColumn is one column: its node and its total, the number of rows
// with a mark in it.
type MatrixColumn struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Total int    `json:"total"`
}

// MatrixResult is the answer of Matrix.
type MatrixResult struct {
	RowKind graph.Kind     `json:"row_kind"`
	ColKind graph.Kind     `json:"col_kind"`
	Columns []MatrixColumn `json:"columns"`
	Rows    []MatrixRow    `json:"rows"`
	// Total is the number of non-empty cells.
	Total int `json:"total"`
	// Evidence lays out study IDs in the cells instead of counts.
	Evidence bool `json:"-"`
}

// Cell returns the cell of row and column (IDs), or a zero cell.
func (r MatrixResult) Cell(row, col string) MatrixCell {
	for _, rw := range r.Rows {
		if rw.ID != row {
			continue
		}
		for _, c := range rw.Cells {
			if c.Column == col {
				return c
			}
		}
	}
	return MatrixCell{Column: col}
}

// Tables implements Result. Columns are headed by their slugs; a cell is
// the number of supporting studies ("x" for study rows), or with Evidence
// the study IDs. The last column and the last row are totals.
func (r MatrixResult) Tables() []Table {
	t, n, each := r.StreamTable()
	t.Rows = make([][]string, 0, n)
	each(func(row []string) error {
		t.Rows = append(t.Rows, slices.Clone(row))
		return nil
	})
	return []Table{t}
}

// StreamTable implements Streamer: the table of Tables, a row at a time.
func (r MatrixResult) StreamTable() (Table, int, func(fn func(row []string) error) error) {
	t := Table{Columns: make([]string, 0, len(r.Columns)+3)}
	t.Columns = append(t.Columns, string(r.RowKind), "name")
	for _, c := range r.Columns {
		t.Columns = append(t.Columns, graph.Slug(c.ID))
	}
	t.Columns = append(t.Columns, "total")
	pos := make(map[string]int, len(r.Columns)) // column ID -> cell index in a row
	for i, c := range r.Columns {
		pos[c.ID] = i + 2
	}
	each := func(fn func(row []string) error) error {
		row := make([]string, len(t.Columns))
		last := len(row) - 1
		for _, rw := range r.Rows {
			clear(row)
			row[0], row[1] = rw.ID, rw.Name
			for _, c := range rw.Cells {
				i, ok := pos[c.Column]
				if !ok {
					continue
				}
				switch {
				case r.Evidence:
					row[i] = join(c.Studies)
				case r.RowKind == graph.KindStudy:
					row[i] = "x"
				default:
					row[i] = strconv.Itoa(c.Count)
				}
			}
			row[last] = strconv.Itoa(rw.Total)
			if err := fn(row); err != nil {
				return err
			}
		}
		row = row[:0]
		row = append(row[:0], "total", "")
		for _, col := range r.Columns {
			row = append(row, strconv.Itoa(col.Total))
		}
		return fn(append(row, strconv.Itoa(r.Total)))
	}
	return t, len(r.Rows) + 1, each
}

// StudyIDs implements Cited: every study in a cell.
func (r MatrixResult) StudyIDs() []string {
	set := map[string]bool{}
	for _, rw := range r.Rows {
		for _, c := range rw.Cells {
			for _, s := range c.Studies {
				set[s] = true
			}
		}
	}
	return sortedSet(set)
}

// MatrixRowKinds and MatrixColKinds are the kinds Matrix accepts.
var (
	MatrixRowKinds = []graph.Kind{graph.KindKernel, graph.KindApproach, graph.KindStudy}
	MatrixColKinds = []graph.Kind{graph.KindChallenge, graph.KindImplication, graph.KindLesson}
)

// colRelations are the relations whose objects are columns of a kind.
var colRelations = map[graph.Kind][]graph.Relation{
	graph.KindChallenge:   {graph.RelFaces, graph.RelReports},
	graph.KindImplication: {graph.RelShows, graph.RelReports},
	graph.KindLesson:      {graph.RelTeaches},
}

// Matrix crosses rows (kernel, approach or study) with cols (challenge,
// implication or lesson); see the comment above MatrixCell for what a
// cell means.
func Matrix(ctx context.Context, c *Catalog, rows, cols graph.Kind) (MatrixResult, error) {
	res := MatrixResult{RowKind: rows, ColKind: cols, Columns: []MatrixColumn{}, Rows: []MatrixRow{}}
	if !containsKind(MatrixRowKinds, rows) {
		return res, fmt.Errorf("%w: matrix rows must be kernel, approach or study, not %q", ErrBadQuery, rows)
	}
	if !containsKind(MatrixColKinds, cols) {
		return res, fmt.Errorf("%w: matrix columns must be challenge, implication or lesson, not %q", ErrBadQuery, cols)
	}
	read := func(r graph.Relation) ([]graph.Statement, error) {
		return c.G.Statements(ctx, r)
	}
	// facts: row -> column -> supporting studies (repeats allowed; made
	// distinct and sorted per cell at the end).
	facts := map[string]map[string][]string{}
	add := func(row, col string, studies ...string) {
		if graph.KindOf(row) != rows || graph.KindOf(col) != cols {
			return
		}
		cells := facts[row]
		if cells == nil {
			cells = map[string][]string{}
			facts[row] = cells
		}
		if cells[col] == nil {
			// Kept as it is, clipped so that a later append copies: a
			// faces pair's studies (sorted and distinct, so sortedList
			// leaves them as they are even when two cells share them).
			cells[col] = slices.Clip(studies)
			return
		}
		cells[col] = append(cells[col], studies...)
	}
	// colClaims reads the statements of the columns' relations; with
	// kernelsOnly (kernel and approach rows) only those a kernel or a
	// teaching study states, the rest adding no mark, and "faces" from the
	// faces projection, one pair with all its studies at a time (faced).
	colClaims := func(kernelsOnly bool, each func(graph.Statement), faced func(graph.Faced)) error {
		for _, rel := range colRelations[cols] {
			var sts []graph.Statement
			var err error
			switch {
			case !kernelsOnly || rel == graph.RelTeaches:
				sts, err = read(rel)
			case rel == graph.RelFaces:
				var fs []graph.Faced
				if fs, err = c.G.AllFaced(ctx); err != nil {
					return err
				}
				for _, f := range fs {
					faced(f)
				}
			default:
				sts, err = c.G.StatementsFrom(ctx, rel, graph.KindKernel)
			}
			if err != nil {
				return err
			}
			for _, st := range sts {
				each(st)
			}
		}
		return nil
	}
	switch rows {
	case graph.KindStudy:
		err := colClaims(false, func(cl graph.Statement) {
			row := cl.Study
			if graph.KindOf(cl.Subject) == graph.KindStudy {
				row = cl.Subject
			}
			add(row, cl.Object, cl.Study)
		}, nil)
		if err != nil {
			return res, err
		}
	case graph.KindKernel, graph.KindApproach:
		// kernel -> column -> studies first; approaches group kernels.
		var groups map[string][]string // kernel -> approaches
		if rows == graph.KindApproach {
			fol, err := read(graph.RelFollows)
			if err != nil {
				return res, err
			}
			groups = map[string][]string{}
			for _, cl := range fol {
				if !contains(groups[cl.Subject], cl.Object) {
					groups[cl.Subject] = append(groups[cl.Subject], cl.Object)
				}
			}
		}
		kernelFact := func(kernel, col string, studies ...string) {
			if groups == nil {
				add(kernel, col, studies...)
				return
			}
			for _, a := range groups[kernel] {
				add(a, col, studies...)
			}
		}
		var examined map[string][]string // study -> kernels
		if cols == graph.KindLesson {
			ex, err := read(graph.RelExamines)
			if err != nil {
				return res, err
			}
			examined = map[string][]string{}
			for _, cl := range ex {
				if !contains(examined[cl.Subject], cl.Object) {
					examined[cl.Subject] = append(examined[cl.Subject], cl.Object)
				}
			}
		}
		err := colClaims(true, func(cl graph.Statement) {
			switch {
			case graph.KindOf(cl.Subject) == graph.KindKernel:
				kernelFact(cl.Subject, cl.Object, cl.Study)
			case cl.Relation == graph.RelTeaches:
				for _, k := range examined[cl.Subject] {
					kernelFact(k, cl.Object, cl.Study)
				}
			}
		}, func(f graph.Faced) {
			// A kernel's "faces" pair: every study at once.
			kernelFact(f.Subject, f.Object, f.Studies...)
		})
		if err != nil {
			return res, err
		}
	}
	// Rows and columns in catalog order; a row's cells sorted by column
	// (its own cells only: a large matrix is mostly empty).
	colIDs := c.IDs(cols)
	colPos := make(map[string]int, len(colIDs))
	for i, col := range colIDs {
		colPos[col] = i
	}
	colTotals := make([]int, len(colIDs))
	type key struct {
		pos int
		col string
	}
	var keys []key
	for _, row := range c.IDs(rows) {
		cells := facts[row]
		if len(cells) == 0 {
			continue
		}
		keys = keys[:0]
		for col := range cells {
			if p, ok := colPos[col]; ok {
				keys = append(keys, key{p, col})
			}
		}
		slices.SortFunc(keys, func(a, b key) int { return a.pos - b.pos })
		mr := MatrixRow{ID: row, Name: c.Name(row), Cells: make([]MatrixCell, 0, len(keys))}
		for _, k := range keys {
			ss := sortedList(cells[k.col])
			mr.Cells = append(mr.Cells, MatrixCell{Column: k.col, Count: len(ss), Studies: ss})
			colTotals[k.pos]++
		}
		mr.Total = len(mr.Cells)
		res.Total += mr.Total
		res.Rows = append(res.Rows, mr)
	}
	for i, col := range colIDs {
		if n := colTotals[i]; n > 0 {
			res.Columns = append(res.Columns, MatrixColumn{ID: col, Name: c.Name(col), Total: n})
		}
	}
	return res, nil
}

// sortedList is xs sorted and made distinct, in the order sortedSet gives
// the same studies; it reorders xs in place.
func sortedList(xs []string) []string {
	oneKind := true
	for _, x := range xs[1:] {
		if graph.KindOf(x) != graph.KindOf(xs[0]) {
			oneKind = false
			break
		}
	}
	if oneKind {
		sort.Strings(xs)
	} else {
		sort.Slice(xs, func(i, j int) bool { return graph.NodeLess(xs[i], xs[j]) })
	}
	return slices.Compact(xs)
}
