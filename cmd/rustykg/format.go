package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"rustykg/graph"
	"rustykg/queries"
)

// dotter is a result that can also be drawn: --format dot writes it as a
// Graphviz DOT graph (see render.go).
type dotter interface {
	WriteDOT(w io.Writer) error
}

// checkDrawableFormat is checkFormat for the commands whose results can
// also be drawn: it accepts "dot" too.
func checkDrawableFormat(f string) error {
	if f == "dot" || checkFormat(f) == nil {
		return nil
	}
	return fmt.Errorf("%w: unknown format %s (want table, json, csv, markdown or dot)", errUsage, graph.Quote(f))
}

// writeResult writes res to w in format (table, json, csv or markdown, or
// dot for a result that is a dotter).
// Several tables (show, tables, gaps) are written one after the other in
// table and Markdown form, each under its title; in CSV form they become
// one table (see writeCSV).
func writeResult(w io.Writer, format string, res queries.Result) error {
	if format == "dot" {
		d, ok := res.(dotter)
		if !ok {
			return fmt.Errorf("%w: this command has no picture; --format dot works with shared, show and render", errUsage)
		}
		return d.WriteDOT(w)
	}
	if err := checkFormat(format); err != nil {
		return err
	}
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	if s, ok := res.(queries.Streamer); ok {
		t, n, each := s.StreamTable()
		switch format {
		case "csv":
			return writeCSVTable(w, t, each)
		case "table":
			return writeText(w, t, n, each, false)
		default:
			return writeMarkdown(w, t, n, each)
		}
	}
	tables := res.Tables()
	if format == "csv" {
		return writeCSV(w, tables)
	}
	for i, t := range tables {
		if i > 0 {
			fmt.Fprintln(w)
		}
		var err error
		switch format {
		case "table":
			err = writeText(w, t, len(t.Rows), heldRows(t), len(tables) > 1)
		case "markdown":
			err = writeMarkdown(w, t, len(t.Rows), heldRows(t))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// rowFunc calls fn with each row of a table in order (see
// queries.Streamer); fn must not keep the row.
type rowFunc = func(fn func(row []string) error) error

// heldRows is the rowFunc of a table that holds its rows.
func heldRows(t queries.Table) rowFunc {
	return func(fn func(row []string) error) error {
		for _, r := range t.Rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// cell flattens a value to one line and makes control and bidi
// characters visible (see visible): what table and Markdown output print.
func cell(s string) string {
	if printableASCII(s) {
		return s // the common case, nothing to do
	}
	if strings.ContainsAny(s, "\n\r\t") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return visible(s)
}

// maxAlign is the widest a column is padded to, in runes. A longer cell
// (at 10^5 studies a list of thousands of study IDs) is printed whole and
// pushes the rest of its own row to the right, instead of padding every
// other row of the table to its width.
const maxAlign = 256

// writeText writes an aligned plain-text table of n rows (each gives
// them, twice: once to measure, once to write). Empty results say so.
// Columns are as wide as their widest cell up to maxAlign, two spaces
// apart; the last cell of a row is not padded.
func writeText(w io.Writer, t queries.Table, n int, each rowFunc, titled bool) error {
	if titled && t.Title != "" {
		fmt.Fprintf(w, "== %s ==\n", cell(t.Title))
	}
	if n == 0 {
		_, err := fmt.Fprintln(w, "(no results)")
		return err
	}
	upper := make([]string, len(t.Columns))
	width := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		upper[i] = strings.ToUpper(c)
		_, n := printed(upper[i])
		width[i] = min(n, maxAlign)
	}
	each(func(r []string) error {
		for i, c := range r[:max(len(r)-1, 0)] {
			if c != "" && width[i] < maxAlign {
				_, n := printed(c)
				width[i] = max(width[i], min(n, maxAlign))
			}
		}
		return nil
	})
	var line []byte
	write := func(cells []string) error {
		line = line[:0]
		pad := 0 // spaces owed before the next cell: none at the end of a line
		for i, c := range cells {
			n := 0
			if c != "" { // a large table (the matrix) is mostly empty cells
				c, n = printed(c)
				line = append(appendSpaces(line, pad), c...)
				pad = 0
			}
			pad += max(width[i]-n, 0) + 2
		}
		for len(line) > 0 && line[len(line)-1] == ' ' {
			line = line[:len(line)-1]
		}
		_, err := w.Write(append(line, '\n'))
		return err
	}
	if err := write(upper); err != nil {
		return err
	}
	return each(write)
}

// printed is c as a table prints it (cell) and its width in runes.
func printed(c string) (string, int) {
	if printableASCII(c) {
		return c, len(c) // the common case, printed as it is
	}
	c = cell(c)
	return c, utf8.RuneCountInString(c)
}

// printableASCII reports whether s is printable ASCII only, which cell
// prints as it is.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b >= 0x7f {
			return false
		}
	}
	return true
}

// spaces is what appendSpaces copies from.
var spaces = []byte(strings.Repeat(" ", 4096))

// appendSpaces appends n spaces.
func appendSpaces(b []byte, n int) []byte {
	for n > len(spaces) {
		b = append(b, spaces...)
		n -= len(spaces)
	}
	return append(b, spaces[:n]...)
}

// sectionColumn is the first column of a CSV made of several tables: the
// title of the table each row comes from.
const sectionColumn = "table"

// writeCSV writes tables as one CSV table (RFC 4180), so a spreadsheet or
// a CSV reader sees one header and uniform rows. One table is written as
// it is. Several (show, tables, gaps) get a first column, "table", holding
// each row's table title; the other columns are the union of the tables'
// columns in order of first appearance, a column shared by two tables
// (e.g. "name") being one column; a row leaves the columns of other
// tables empty. A table with no rows leaves no trace. Cells that a
// spreadsheet would run as a formula are guarded (csvSafe).
func writeCSV(w io.Writer, tables []queries.Table) error {
	cw := csv.NewWriter(w)
	switch len(tables) {
	case 0:
	case 1:
		return writeCSVTable(w, tables[0], heldRows(tables[0]))
	default:
		header := []string{sectionColumn}
		index := map[string]int{}
		for _, t := range tables {
			for _, c := range t.Columns {
				if _, ok := index[c]; !ok {
					index[c] = len(header)
					header = append(header, c)
				}
			}
		}
		if _, clash := index[sectionColumn]; clash {
			header[0] = "section"
		}
		cw.Write(appendCSVRow(nil, header))
		for _, t := range tables {
			for _, r := range t.Rows {
				row := make([]string, len(header))
				row[0] = t.Title
				for i, c := range r {
					row[index[t.Columns[i]]] = c
				}
				cw.Write(appendCSVRow(row[:0], row))
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeCSVTable writes one table as CSV, its rows from each.
func writeCSVTable(w io.Writer, t queries.Table, each rowFunc) error {
	cw := csv.NewWriter(w)
	var buf []string
	write := func(r []string) error {
		buf = appendCSVRow(buf[:0], r)
		return cw.Write(buf)
	}
	if err := write(t.Columns); err != nil {
		return err
	}
	if err := each(write); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// appendCSVRow appends the cells of r, guarded (csvSafe), to dst; dst may
// be r[:0].
func appendCSVRow(dst, r []string) []string {
	for _, c := range r {
		dst = append(dst, csvSafe(c))
	}
	return dst
}

// csvSafe keeps a spreadsheet from running a cell as a formula (CSV
// injection, see OWASP's "CSV Injection" page) by prefixing it with a
// single quote, which spreadsheets take as "this is text" — and only such
// cells, since the quote is then part of the data for every other reader.
// A cell is guarded when it starts (after any spaces) with
//
//   - "=" or "@" (a formula, or Lotus-style @FUNCTION), or a tab or CR
//     (the characters OWASP lists beside them);
//   - "+" or "-" followed, after any further signs and spaces, by something
//     that can begin a formula's operand: a letter, digit, quote, bracket,
//     "$", ".", "#", "@", "=", "%" or "!" — unless the whole cell is a
//     plain decimal number ("-1", "+3.5", "-2e3"), which a spreadsheet
//     reads as that number.
//
// So "-> follows", "--> arrow", "- " and "-1" stay as they are, while
// "=1+1", "@SUM(A1)", "-2+3", "--1", "+cmd|' /C calc'!A0" and "-A1" are
// guarded. The cases are in testdata/csv-guard.txt.
func csvSafe(s string) string {
	t := strings.TrimLeft(s, " ")
	if t == "" {
		return s
	}
	switch t[0] {
	case '=', '@', '\t', '\r':
		return "'" + s
	case '+', '-':
		if _, err := strconv.ParseFloat(t, 64); err == nil && strings.Trim(t, "0123456789.eE+-") == "" {
			return s // a decimal number ("-0x1p3", "-inf" are not numbers to a spreadsheet)
		}
		rest := strings.TrimLeft(t, "+- ")
		if rest == "" {
			return s
		}
		r, _ := utf8.DecodeRuneInString(rest)
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'([{$.#@=%!", r) {
			return "'" + s
		}
	}
	return s
}

var mdEscaper = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "&", "&amp;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`)

// writeMarkdown writes a GitHub-flavoured Markdown table of n rows.
func writeMarkdown(w io.Writer, t queries.Table, n int, each rowFunc) error {
	if t.Title != "" {
		fmt.Fprintf(w, "### %s\n\n", mdEscaper.Replace(cell(t.Title)))
	}
	if n == 0 {
		_, err := fmt.Fprintln(w, "_No results._")
		return err
	}
	var line []byte
	row := func(cells []string) error {
		line = append(line[:0], '|')
		for _, c := range cells {
			line = append(line, ' ')
			line = append(line, mdEscaper.Replace(cell(c))...)
			line = append(line, " |"...)
		}
		_, err := w.Write(append(line, '\n'))
		return err
	}
	row(t.Columns)
	sep := make([]string, len(t.Columns))
	for i := range sep {
		sep[i] = "---"
	}
	fmt.Fprintf(w, "|%s|\n", strings.Join(sep, "|"))
	return each(row)
}

// writeBibTeX writes the BibTeX entries of exactly the studies res rests
// on, in ID order.
func writeBibTeX(w io.Writer, cat *queries.Catalog, res queries.Result) error {
	cited, ok := res.(queries.Cited)
	if !ok {
		return fmt.Errorf("%w: %w", errUsage, errNoBibTeX)
	}
	ids := cited.StudyIDs()
	if len(ids) == 0 {
		fmt.Fprintln(w, "% no studies support this answer")
		return nil
	}
	for i, id := range ids {
		n, ok := cat.Node(id)
		if !ok || (n.Kind != graph.KindStudy && n.Kind != graph.KindReview) {
			continue
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, visibleText(strings.TrimRight(n.Attr("bibtex"), "\n")))
	}
	return nil
}
