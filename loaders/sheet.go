package loaders

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"rustykg/graph"
)

// A data-extraction sheet (.csv) holds one finding a row, the layout
// review teams keep in spreadsheets. The header row names the columns, in
// any order (SheetColumns; required ones in SheetRequired):
//
//	study,subject,relation,object,locator,note,table,flags
//	ayers2022tighten,Redox,faces,Unsafe code,Section 4,Redox wraps its drivers' unsafe blocks.,,
//
// study, subject and object may be IDs, slugs, names or aliases, resolved
// with the CLI's lenient rules (graph.NameIndex) against the nodes of the
// data set the sheet is loaded with; a name that matches no node, or more
// than one, is refused at its cell with the nearest IDs. flags are
// separated by ";". A row is then checked like a claim of claims.yaml.
// Rows whose cells are all empty (a spreadsheet's trailing rows) are
// ignored. A leading UTF-8 byte order mark and CRLF line ends are
// accepted; so is a leading ' before =, +, - or @ (the guard WriteSheet
// and spreadsheets put in front of text that looks like a formula).

// SheetColumns are the columns of a sheet, in the order WriteSheet writes
// them.
var SheetColumns = []string{"study", "subject", "relation", "object", "locator", "note", "table", "flags"}

// SheetRequired are the columns a sheet's header must have.
var SheetRequired = []string{"study", "subject", "relation", "object", "locator", "note"}

// IsSheetPath reports whether path names an extraction sheet (.csv).
func IsSheetPath(path string) bool {
	return strings.HasSuffix(strings.ToLower(path), ".csv")
}

// IsBibPath reports whether path names a BibTeX file (.bib, any case).
func IsBibPath(path string) bool {
	return strings.HasSuffix(strings.ToLower(path), ".bib")
}

// sheetRow is one row of a sheet: a claim record whose cells may still be
// names (resolved in build), and the problems of the row itself.
type sheetRow struct {
	rec   *record
	probs Problems
}

// readSheet reads one sheet. Problems of the file as a whole (header,
// quoting) go to probs; problems of one row stay with the row, so that
// --skip-invalid can skip it.
func readSheet(file string, src []byte, probs *Problems) []*sheetRow {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(src))
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			*probs = append(*probs, Problem{Pos: Pos{File: file}, Msg: "file is empty; a sheet needs a header row (" + strings.Join(SheetColumns, ",") + ")"})
		} else {
			*probs = append(*probs, csvProblem(file, err))
		}
		return nil
	}
	shape := func(p Problem) {
		p.stage = stageShape
		*probs = append(*probs, p)
	}
	cols := make([]string, len(header))
	seen := map[string]int{}
	bad := false
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		cols[i] = name
		line, col := cr.FieldPos(i)
		pos := Pos{File: file, Line: line, Col: col}
		switch {
		case !known(SheetColumns, name):
			shape(Problem{Pos: pos, Field: "header", Msg: fmt.Sprintf("unknown column %s (known: %s)", graph.Quote(h), strings.Join(SheetColumns, ", "))})
			bad = true
		case seen[name] > 0:
			shape(Problem{Pos: pos, Field: "header", Msg: fmt.Sprintf("column %s repeated (first is column %d)", name, seen[name])})
			bad = true
		default:
			seen[name] = i + 1
		}
	}
	var missing []string
	for _, c := range SheetRequired {
		if seen[c] == 0 {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		shape(Problem{Pos: Pos{File: file, Line: 1}, Field: "header", Msg: "missing column(s) " + strings.Join(missing, ", ")})
		bad = true
	}
	if bad {
		return nil
	}
	var rows []*sheetRow
	for {
		cells, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if err != nil && !(errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount)) {
			*probs = append(*probs, csvProblem(file, err))
			return nil
		}
		line, _ := cr.FieldPos(0)
		r := &record{index: -1, file: file, pos: Pos{File: file, Line: line, Col: 1}, fields: map[string]*yaml.Node{}}
		row := &sheetRow{rec: r}
		rows = append(rows, row)
		if err != nil {
			row.probs = append(row.probs, Problem{Pos: r.pos, Msg: fmt.Sprintf("row has %d cells; the header has %d", len(cells), len(header)), stage: stageShape})
			continue
		}
		blank := true
		for _, c := range cells {
			blank = blank && strings.TrimSpace(c) == ""
		}
		if blank {
			rows = rows[:len(rows)-1]
			continue
		}
		for i, c := range cells {
			l, col := cr.FieldPos(i)
			c = unguard(strings.TrimSpace(c))
			n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: c, Line: l, Column: col}
			switch cols[i] {
			case "table":
				if c == "" {
					continue
				}
				if _, err := strconv.Atoi(c); err != nil {
					row.probs = append(row.probs, Problem{Pos: Pos{file, l, col}, Field: "table", Msg: fmt.Sprintf("%s is not a table number (2, 3 or 4)", graph.Quote(c)), stage: stageShape})
					continue
				}
				n.Tag = "!!int"
			case "flags":
				if c == "" {
					continue
				}
				seq := &yaml.Node{Kind: yaml.SequenceNode, Line: l, Column: col}
				for _, f := range strings.Split(c, ";") {
					if f = strings.TrimSpace(f); f != "" {
						seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f, Line: l, Column: col})
					}
				}
				n = seq
			default:
				if c == "" {
					row.probs = append(row.probs, Problem{Pos: Pos{file, l, col}, Field: cols[i], Msg: "empty; every finding needs its " + cols[i], stage: stageShape})
				}
			}
			r.fields[cols[i]] = n
		}
	}
	return rows
}

// csvProblem turns an error of encoding/csv into a Problem at its line
// and column.
func csvProblem(file string, err error) Problem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return Problem{Pos: Pos{File: file, Line: pe.Line, Col: pe.Column}, Msg: "not valid CSV: " + pe.Err.Error(), stage: stageSyntax}
	}
	return Problem{Pos: Pos{File: file}, Msg: "not valid CSV: " + err.Error(), stage: stageSyntax}
}

// unguard drops the ' a spreadsheet (or WriteSheet) puts before text that
// would otherwise run as a formula: one ' from text that is one or more '
// and then =, +, - or @.
func unguard(s string) string {
	if len(s) > 1 && s[0] == '\'' && formulaLike(s[1:]) {
		return s[1:]
	}
	return s
}

// guard is unguard's inverse: it puts a ' before text that is any number
// of ' and then =, +, - or @.
func guard(s string) string {
	if formulaLike(s) {
		return "'" + s
	}
	return s
}

// formulaLike: s is zero or more ' and then =, +, - or @.
func formulaLike(s string) bool {
	t := strings.TrimLeft(s, "'")
	return t != "" && strings.ContainsRune("=+-@", rune(t[0]))
}

// resolveSheet turns the names in a sheet row's study, subject and object
// cells into IDs, reporting misses and ambiguities at their cells. Only
// the first maxProblems misses of a load get suggestions, so a hostile
// sheet of misses costs no more than a scan of its cells.
func (l *loader) resolveSheet(ix *graph.NameIndex, row *sheetRow) {
	r := row.rec
	var subj, obj []graph.Kind
	if sig, ok := graph.Relations[graph.Relation(r.str("relation"))]; ok {
		subj, obj = sig.Subjects, sig.Objects
	}
	for _, c := range []struct {
		col   string
		kinds []graph.Kind
	}{{"study", []graph.Kind{graph.KindStudy, graph.KindReview}}, {"subject", subj}, {"object", obj}} {
		n := r.fields[c.col]
		if n == nil || n.Value == "" {
			continue
		}
		var res graph.Resolution
		if l.misses < maxProblems {
			res = ix.Resolve(n.Value, c.kinds...)
		} else { // the suggestions of a miss cost a scan of every name
			res = ix.Match(n.Value, c.kinds...)
		}
		if res.ID == "" {
			l.misses++
		}
		pos := r.posOf(c.col)
		switch {
		case res.ID != "":
			n.Value = res.ID
		case len(res.Hits) > 1:
			row.probs = append(row.probs, Problem{Pos: pos, Field: c.col, Msg: "ambiguous name: " + res.Miss(n.Value) + "; write the ID"})
		default:
			row.probs = append(row.probs, Problem{Pos: pos, Field: c.col, Msg: res.Miss(n.Value)})
		}
	}
}

// WriteSheet writes claims as a sheet (SheetColumns, a header row, one
// claim a row sorted by study, subject, relation and object, IDs in the
// study, subject and object cells) that loads back
// to the same claims. Text a spreadsheet would run as a formula gets a
// leading ', which the reader drops.
func WriteSheet(w io.Writer, claims []graph.Claim) error {
	claims = append([]graph.Claim(nil), claims...)
	sort.SliceStable(claims, func(i, j int) bool {
		a, b := claims[i], claims[j]
		for _, p := range [][2]string{{a.Study, b.Study}, {a.Subject, b.Subject}, {string(a.Relation), string(b.Relation)}, {a.Object, b.Object}} {
			if p[0] != p[1] {
				return p[0] < p[1]
			}
		}
		return false
	})
	cw := csv.NewWriter(w)
	if err := cw.Write(SheetColumns); err != nil {
		return err
	}
	for _, c := range claims {
		table := ""
		if c.Table != 0 {
			table = strconv.Itoa(c.Table)
		}
		row := []string{c.Study, c.Subject, string(c.Relation), c.Object, guard(c.Locator), guard(c.Note), table, strings.Join(c.Flags, ";")}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// sheetClaims resolves and checks the rows of the extraction sheets once
// every node is defined. With l.skip, a row with problems is reported
// through it and left out; without, its problems fail the load.
func (l *loader) sheetClaims(seen map[string]Pos) []graph.Claim {
	if len(l.sheets) == 0 || l.partial {
		return nil // with a YAML file unread, names would miss for no fault of the sheet's
	}
	nodes := make([]graph.Node, 0, len(l.byID))
	for _, d := range l.byID {
		nodes = append(nodes, d.node)
	}
	ix := graph.NewNameIndex(nodes)
	var out []graph.Claim
	for _, row := range l.sheets {
		if len(row.probs) == 0 {
			l.resolveSheet(ix, row)
		}
		var c graph.Claim
		ok := false
		skipped := l.skipping(SkippedSheetRow, Pos{File: row.rec.file, Line: row.rec.pos.Line}, func() {
			l.probs = append(l.probs, row.probs...)
			if len(row.probs) == 0 {
				c, ok = l.claim(row.rec, seen)
			}
		})
		if ok && !skipped {
			out = append(out, c)
		}
	}
	return out
}
