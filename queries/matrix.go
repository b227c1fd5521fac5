package queries

import (
	"cmp"
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
	return matrix(ctx, c, rows, cols, false)
}

// MatrixCounts is Matrix without the studies of the cells: each cell has
// its Count but no Studies, so the answer has no Evidence to lay out and
// no StudyIDs to cite. It is what a table of counts prints, and with
// kernel rows it does not read the study IDs of the "faces" pairs (at
// 10^5 studies, most of the million IDs Matrix reads).
func MatrixCounts(ctx context.Context, c *Catalog, rows, cols graph.Kind) (MatrixResult, error) {
	return matrix(ctx, c, rows, cols, true)
}

// matrixCell is a cell being gathered: its key (the row's position in
// the catalog's rows << 32 | the column's) and the studies of its facts
// so far, repeats allowed.
type matrixCell struct {
	key     uint64
	study   string   // the one study, while studies is nil
	studies []string // may be a "faces" pair's, shared: appending copies (clipped)
}

// facesCount is a "faces" pair read as a count (MatrixCounts): its key,
// as a matrixCell's, and the number of its studies. Without pointers, the
// 135,384 of a 10^5-study literature are nothing for the collector to scan.
type facesCount struct {
	key uint64
	n   int
}

func matrix(ctx context.Context, c *Catalog, rows, cols graph.Kind, counts bool) (MatrixResult, error) {
	res := MatrixResult{RowKind: rows, ColKind: cols, Columns: []MatrixColumn{}, Rows: []MatrixRow{}}
	if !containsKind(MatrixRowKinds, rows) {
		return res, fmt.Errorf("%w: matrix rows must be kernel, approach or study, not %q", ErrBadQuery, rows)
	}
	if !containsKind(MatrixColKinds, cols) {
		return res, fmt.Errorf("%w: matrix columns must be challenge, implication or lesson, not %q", ErrBadQuery, cols)
	}
	// The faces pairs are read as counts for kernel rows only: an
	// approach's cell is the union of its kernels' studies.
	faceCounts := counts && rows == graph.KindKernel
	read := func(r graph.Relation) ([]graph.Statement, error) {
		return c.G.Statements(ctx, r)
	}
	// Rows and columns are positions in catalog order (a node the catalog
	// does not have is neither), a cell one key: sorting the cells puts
	// them by row, then column, in the order they are listed. Of the rows
	// only the names are read: at 10^5 studies the catalog would read
	// 10^4 whole kernels.
	rowIDs, rowNames, err := c.G.NodeNames(ctx, rows)
	if err != nil {
		return res, err
	}
	colIDs := c.IDs(cols)
	rowPos := make(map[string]uint64, len(rowIDs))
	for i, row := range rowIDs {
		rowPos[row] = uint64(i)
	}
	colPos := make(map[string]uint64, len(colIDs))
	for i, col := range colIDs {
		colPos[col] = uint64(i)
	}
	var cells []matrixCell
	cellAt := map[uint64]int{} // key -> index in cells
	var counted []facesCount   // with faceCounts, apart from cells
	var lastRow string         // facts come grouped by row: its position is looked up once
	var lastPos uint64
	lastOK := false
	key := func(row, col string) (uint64, bool) {
		if row != lastRow {
			lastRow = row
			lastPos, lastOK = rowPos[row]
		}
		p, ok := colPos[col]
		return lastPos<<32 | p, ok && lastOK
	}
	add := func(row, col, study string, studies []string) {
		k, ok := key(row, col)
		if !ok {
			return
		}
		i, ok := cellAt[k]
		if !ok {
			cellAt[k] = len(cells)
			cells = append(cells, matrixCell{key: k, study: study, studies: slices.Clip(studies)})
			return
		}
		cells[i].add(study, studies)
	}
	// colClaims reads the statements of the columns' relations; with
	// kernelsOnly (kernel and approach rows) only those a kernel or a
	// teaching study states, the rest adding no mark, and "faces" from the
	// faces projection, one pair with all its studies at a time (faced),
	// or only their number with counts.
	colClaims := func(kernelsOnly bool, each func(graph.Statement), faced func(graph.Faced)) error {
		for _, rel := range colRelations[cols] {
			var sts []graph.Statement
			var err error
			switch {
			case !kernelsOnly || rel == graph.RelTeaches:
				sts, err = read(rel)
			case rel == graph.RelFaces && faceCounts:
				err = c.G.EachFacedCount(ctx, func(f graph.FacedCount) error {
					if k, ok := key(f.Subject, f.Object); ok {
						counted = append(counted, facesCount{k, f.Studies})
					}
					return nil
				})
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
			add(row, cl.Object, cl.Study, nil)
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
		kernelFact := func(kernel, col, study string, studies []string) {
			if groups == nil {
				add(kernel, col, study, studies)
				return
			}
			for _, a := range groups[kernel] {
				add(a, col, study, studies)
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
				kernelFact(cl.Subject, cl.Object, cl.Study, nil)
			case cl.Relation == graph.RelTeaches:
				for _, k := range examined[cl.Subject] {
					kernelFact(k, cl.Object, cl.Study, nil)
				}
			}
		}, func(f graph.Faced) {
			// A kernel's "faces" pair: every study at once.
			kernelFact(f.Subject, f.Object, "", f.Studies)
		})
		if err != nil {
			return res, err
		}
	}
	byCountKey := func(a, b facesCount) int { return cmp.Compare(a.key, b.key) }
	if !slices.IsSortedFunc(counted, byCountKey) { // the faces bucket's order is
		slices.SortFunc(counted, byCountKey)
	}
	if len(counted) > 0 && len(cells) > 0 {
		if err := readMergedFaces(ctx, c.G, cells, cellAt, counted, rowIDs, colIDs, colPos); err != nil {
			return res, err
		}
	}
	byKey := func(a, b matrixCell) int { return cmp.Compare(a.key, b.key) }
	if !slices.IsSortedFunc(cells, byKey) {
		slices.SortFunc(cells, byKey)
	}
	// The cells and the counted pairs in key order (no key is in both any
	// more): rows and cells in the order they are listed.
	keys := func(each func(k uint64, cell *matrixCell, n int)) {
		i, j := 0, 0
		for i < len(cells) || j < len(counted) {
			if j < len(counted) && (i == len(cells) || counted[j].key < cells[i].key) {
				if counted[j].n >= 0 {
					each(counted[j].key, nil, counted[j].n)
				}
				j++
				continue
			}
			each(cells[i].key, &cells[i], 0)
			i++
		}
	}
	nrows, ncells := 0, 0
	last := uint64(1) << 63 // no row
	keys(func(k uint64, _ *matrixCell, _ int) {
		ncells++
		if k>>32 != last {
			nrows++
			last = k >> 32
		}
	})
	res.Rows = make([]MatrixRow, 0, nrows)
	out := make([]MatrixCell, 0, ncells) // every row's cells, in one array
	colTotals := make([]int, len(colIDs))
	keys(func(k uint64, mc *matrixCell, n int) {
		if row := rowIDs[k>>32]; len(res.Rows) == 0 || res.Rows[len(res.Rows)-1].ID != row {
			name := rowNames[k>>32]
			if name == "" {
				name = row // as Catalog.Name
			}
			res.Rows = append(res.Rows, MatrixRow{ID: row, Name: name})
		}
		cell := MatrixCell{Column: colIDs[uint32(k)], Count: n}
		if mc != nil {
			cell.Studies = mc.sorted()
			cell.Count = len(cell.Studies)
		}
		if counts {
			cell.Studies = nil
		}
		out = append(out, cell)
		colTotals[uint32(k)]++
		mr := &res.Rows[len(res.Rows)-1]
		mr.Total++
		mr.Cells = out[len(out)-mr.Total : len(out) : len(out)]
		res.Total++
	})
	for i, col := range colIDs {
		if n := colTotals[i]; n > 0 {
			res.Columns = append(res.Columns, MatrixColumn{ID: col, Name: c.Name(col), Total: n})
		}
	}
	return res, nil
}

// add adds the studies of a fact: study, or studies when it is "".
func (mc *matrixCell) add(study string, studies []string) {
	if mc.studies == nil {
		mc.studies = append(make([]string, 0, 1+max(len(studies), 1)), mc.study)
	}
	if study != "" {
		mc.studies = append(mc.studies, study)
	} else {
		mc.studies = append(mc.studies, studies...)
	}
}

// sorted is the cell's studies sorted and made distinct (sortedList, in
// place: a "faces" pair's studies, sorted and distinct, stay as they are
// even when two cells, the approaches of a kernel, share them).
func (mc *matrixCell) sorted() []string {
	if mc.studies == nil {
		return []string{mc.study}
	}
	return sortedList(mc.studies)
}

// readMergedFaces reads the studies of the "faces" pairs read as counts
// that share a cell with another fact (a kernel's "reports" statement on
// a challenge it faces), which the cell's count needs, from the pairs of
// their kernels: they join the cell's studies, and the count is marked
// gone (n -1). counted is sorted by key; cellAt gives the index of a
// key's cell, rowIDs, colIDs and colPos the rows and columns of keys.
func readMergedFaces(ctx context.Context, g *graph.Graph, cells []matrixCell, cellAt map[uint64]int, counted []facesCount, rowIDs, colIDs []string, colPos map[string]uint64) error {
	merged := map[uint64]int{} // key -> index in counted
	var kernels []string
	var rows []uint64
	for j, f := range counted {
		if _, ok := cellAt[f.key]; ok {
			merged[f.key] = j
			if row := f.key >> 32; len(rows) == 0 || rows[len(rows)-1] != row {
				rows = append(rows, row)
				kernels = append(kernels, rowIDs[row])
			}
		}
	}
	if len(kernels) == 0 {
		return nil
	}
	pairs, err := g.FacedByEach(ctx, kernels)
	if err != nil {
		return err
	}
	for i, row := range rows {
		for _, f := range pairs[i] {
			p, ok := colPos[f.Object]
			if !ok {
				continue
			}
			if j, ok := merged[row<<32|p]; ok {
				cells[cellAt[row<<32|p]].add("", f.Studies)
				counted[j].n = -1
				delete(merged, row<<32|p)
			}
		}
	}
	for _, f := range counted {
		if _, ok := merged[f.key]; ok {
			return fmt.Errorf("%w: %s faces %s, but its studies are missing", ErrQueryData, rowIDs[f.key>>32], colIDs[uint32(f.key)])
		}
	}
	return nil
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
