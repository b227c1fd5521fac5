package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
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
	return fmt.Errorf("%w: unknown format %q (want table, json, csv, markdown or dot)", errUsage, f)
}

// writeResult writes res to w in format (table, json, csv or markdown, or
// dot for a result that is a dotter).
// Several tables (show, tables) are written one after the other: in table
// and markdown form each under its title; in CSV form separated by a blank
// line, each preceded by a one-cell row holding its title.
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
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	tables := res.Tables()
	for i, t := range tables {
		if i > 0 {
			fmt.Fprintln(w)
		}
		var err error
		switch format {
		case "table":
			err = writeText(w, t, len(tables) > 1)
		case "csv":
			err = writeCSV(w, t, len(tables) > 1)
		case "markdown":
			err = writeMarkdown(w, t)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// cell flattens a value to one line and makes control and bidi
// characters visible (see visible): what table and Markdown output print.
func cell(s string) string {
	if strings.ContainsAny(s, "\n\r\t") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return visible(s)
}

// writeText writes an aligned plain-text table. Empty results say so.
func writeText(w io.Writer, t queries.Table, titled bool) error {
	if titled && t.Title != "" {
		fmt.Fprintf(w, "== %s ==\n", cell(t.Title))
	}
	if len(t.Rows) == 0 {
		_, err := fmt.Fprintln(w, "(no results)")
		return err
	}
	upper := make([]string, len(t.Columns))
	width := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		upper[i] = strings.ToUpper(c)
		width[i] = utf8.RuneCountInString(cell(upper[i]))
	}
	for _, r := range t.Rows {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(cell(c)))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		for i, c := range cells {
			c = cell(c)
			b.WriteString(c)
			if i < len(cells)-1 {
				b.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(upper)
	for _, r := range t.Rows {
		line(r)
	}
	return nil
}

func writeCSV(w io.Writer, t queries.Table, titled bool) error {
	cw := csv.NewWriter(w)
	if titled && t.Title != "" {
		cw.Write([]string{t.Title})
	}
	cw.Write(t.Columns)
	for _, r := range t.Rows {
		row := make([]string, len(r))
		for i, c := range r {
			row[i] = csvSafe(c)
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from running a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

var mdEscaper = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "&", "&amp;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`)

func writeMarkdown(w io.Writer, t queries.Table) error {
	if t.Title != "" {
		fmt.Fprintf(w, "### %s\n\n", mdEscaper.Replace(cell(t.Title)))
	}
	if len(t.Rows) == 0 {
		_, err := fmt.Fprintln(w, "_No results._")
		return err
	}
	row := func(cells []string) {
		esc := make([]string, len(cells))
		for i, c := range cells {
			esc[i] = mdEscaper.Replace(cell(c))
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(esc, " | "))
	}
	row(t.Columns)
	sep := make([]string, len(t.Columns))
	for i := range sep {
		sep[i] = "---"
	}
	fmt.Fprintf(w, "|%s|\n", strings.Join(sep, "|"))
	for _, r := range t.Rows {
		row(r)
	}
	return nil
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
		fmt.Fprintln(w, strings.TrimRight(n.Attr("bibtex"), "\n"))
	}
	return nil
}
