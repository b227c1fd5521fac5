package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/graph/export"
	"rustykg/loaders"
)

// loadDataset loads what --data names: the built-in data set, a folder of
// YAML, BibTeX and extraction sheets, an extraction sheet (.csv: the
// built-in data set with the sheet's findings added), a BibTeX file (.bib,
// a Zotero, JabRef or Google Scholar export: the built-in data set with
// its entries as studies outside the review), or an
// N-Quads/N-Triples file (optionally gzipped) that rustykg exported (read
// strictly; --base resolves relative IRIs). --skip-invalid skips a
// sheet's bad rows, reporting each on stderr.
func (e *env) loadDataset() (*graph.Dataset, error) {
	var limit int64 // 0: the loaders' default
	if e.dataLimit != "" {
		var err error
		if limit, err = loaders.ParseSize(e.dataLimit); err != nil {
			return nil, usagef("--data-limit: %v", err)
		}
	}
	switch {
	case e.preloaded != nil:
		return e.preloaded, nil
	case e.dataDir == "":
		return embeddedDataset(limit)
	case loaders.IsSheetPath(e.dataDir):
		// The embedded files with the sheet (no snapshot: the sheet is
		// the user's and changes).
		opts, done := e.sheetOptions()
		ds, err := loaders.Load(data.FS, "", append(opts, loaders.MaxDataSize(limit), loaders.Sheets(e.dataDir))...)
		done(err)
		return ds, err
	case loaders.IsBibPath(e.dataDir):
		// The embedded files with the export's entries, each a study
		// unless the built-in data set has its key (then refused);
		// entries that look like built-in ones are warnings.
		ds, err := loaders.Load(data.FS, "", loaders.MaxDataSize(limit), loaders.Bibliographies(e.dataDir))
		return ds, err
	case loaders.IsNQuadsPath(e.dataDir):
		qs, err := e.readRDF()
		if err != nil {
			return nil, err
		}
		ds, err := export.Dataset(qs)
		if err != nil {
			return nil, fmt.Errorf("%w: %s is valid RDF but %w (rustykg check --data FILE validates any RDF)", loaders.ErrInvalid, e.dataDir, err)
		}
		return ds, nil
	}
	opts, done := e.sheetOptions()
	ds, err := loaders.LoadDir(e.dataDir, append(opts, loaders.MaxDataSize(limit))...)
	done(err)
	return ds, err
}

// sheetOptions are the loader options of --skip-invalid: each skipped
// sheet row is reported on stderr, and done, called with the load's
// error, sums them up.
func (e *env) sheetOptions() ([]loaders.Option, func(error)) {
	if !e.skipInvalid {
		return nil, func(error) {}
	}
	var rows []string
	skip := loaders.SkipInvalid(func(p loaders.Problem) {
		fmt.Fprintf(e.stderr, "rustykg: skipped %s\n", p)
		row := p.Pos.File + ":" + strconv.Itoa(p.Pos.Line)
		if len(rows) == 0 || rows[len(rows)-1] != row {
			rows = append(rows, row)
		}
	})
	return []loaders.Option{skip}, func(err error) {
		if err == nil && len(rows) > 0 {
			fmt.Fprintf(e.stderr, "rustykg: skipped %d invalid sheet row(s); the rest is loaded\n", len(rows))
		}
	}
}

// readRDF reads the --data N-Quads file strictly. With --skip-invalid a
// bad line is reported on stderr and skipped; on a terminal, a large
// file shows its progress on stderr.
func (e *env) readRDF() (graph.RDF, error) {
	opts := loaders.NQuadsOptions{Base: e.base}
	skipped := 0
	if e.skipInvalid {
		opts.Skip = func(p loaders.Problem) {
			skipped++
			fmt.Fprintf(e.stderr, "rustykg: skipped %s\n", p)
		}
	}
	if f, ok := e.stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			if fi, err := os.Stat(e.dataDir); err == nil && fi.Size() > progressMin {
				size := fi.Size()
				opts.Progress = func(lines int, read int64) {
					fmt.Fprintf(f, "\rrustykg: %s: %d lines, %d%%", e.dataDir, lines, read*100/size)
				}
				defer fmt.Fprint(f, "\r\033[K")
			}
		}
	}
	qs, err := loaders.LoadNQuadsFile(e.dataDir, opts)
	if err == nil && skipped > 0 {
		fmt.Fprintf(e.stderr, "rustykg: %s: skipped %d invalid line(s), loaded %d quads\n", e.dataDir, skipped, len(qs))
	}
	return qs, err
}

// progressMin is the file size from which reading --data shows progress.
const progressMin = 8 << 20

// checkRDF is "check" on an N-Quads or N-Triples file: the file is read
// strictly (file:line:col on the first problem). A rustykg export is then
// checked like any data set (done false: the caller goes on, without
// reading the file again); any other RDF is loaded into the memory store,
// and its counts are printed (done true).
func (e *env) checkRDF(ctx context.Context, w io.Writer) (done bool, err error) {
	qs, err := e.readRDF()
	if err != nil {
		return true, err
	}
	ds, foreign := export.Dataset(qs)
	if foreign == nil {
		e.preloaded = ds
		return false, nil
	}
	{
		st, err := graph.OpenStore(ctx, "memory")
		if err != nil {
			return true, err
		}
		defer st.Close()
		if err := st.Load(ctx, qs, graph.LoadOptions{}); err != nil {
			return true, err
		}
		subjects, predicates, graphs := graph.RDFCounts(qs)
		fmt.Fprintf(w, "%-12s %d\n%-12s %d\n%-12s %d\n%-12s %d\n", "quads", len(qs), "subjects", subjects, "predicates", predicates, "graphs", graphs)
		fmt.Fprintf(w, "ok: valid RDF, loaded; not a rustykg data set (%s)\n", strings.TrimPrefix(foreign.Error(), export.ErrForeign.Error()+": "))
	}
	return true, nil
}
