package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/graph/export"
	"rustykg/loaders"
)

// loadDataset loads what --data names: the built-in data set, or one
// path read as loadPaths reads it.
func (e *env) loadDataset() (*graph.Dataset, error) {
	switch {
	case e.preloaded != nil:
		return e.preloaded, nil
	case e.dataDir == "":
		limit, err := e.limit()
		if err != nil {
			return nil, err
		}
		return embeddedDataset(limit)
	}
	return e.loadPaths([]string{e.dataDir})
}

// limit is --data-limit in bytes (0: the loaders' default).
func (e *env) limit() (int64, error) {
	if e.dataLimit == "" {
		return 0, nil
	}
	n, err := loaders.ParseSize(e.dataLimit)
	if err != nil {
		return 0, usagef("--data-limit: %v", err)
	}
	return n, nil
}

// loadPaths loads the data set that paths (from --data or import's
// arguments) make, each read as what it is:
//
//   - a folder: its data files (*.yaml, *.yml, *.bib, *.csv), as a data set;
//   - YAML files (.yaml, .yml): files of the data set, from any folders,
//     together as if in one (with a folder: added to it);
//   - BibTeX files (.bib, a Zotero, JabRef or Google Scholar export): their
//     entries fill the YAML studies that name them, the others become
//     studies outside the review;
//   - extraction sheets (.csv): findings, resolved against the data set;
//   - an N-Quads or N-Triples file (.nq, .nt, optionally .gz) that rustykg
//     exported: a whole data set, read strictly (--base), given alone.
//
// With no folder and no YAML file the data set is the built-in one (no
// snapshot: the other files are the user's and change). Everything is
// validated together, all or nothing; --skip-invalid skips the bad rows,
// entries and lines, reporting each on stderr.
func (e *env) loadPaths(paths []string) (*graph.Dataset, error) {
	limit, err := e.limit()
	if err != nil {
		return nil, err
	}
	in, err := sortInputs(paths)
	if err != nil {
		return nil, err
	}
	if in.rdf != "" {
		e.dataDir = in.rdf
		qs, err := e.readRDF()
		if err != nil {
			return nil, err
		}
		ds, err := export.Dataset(qs)
		if err != nil {
			return nil, fmt.Errorf("%w: %s is valid RDF but %w (rustykg check --data FILE validates any RDF)", loaders.ErrInvalid, in.rdf, err)
		}
		return ds, nil
	}
	rep := e.skipReport()
	opts := append(rep.options(), loaders.MaxDataSize(limit), loaders.Files(in.files...))
	var ds *graph.Dataset
	switch {
	case in.dir != "":
		ds, err = loaders.LoadDir(in.dir, opts...)
	case in.yaml:
		ds, err = loaders.LoadFiles(opts...)
	default:
		ds, err = loaders.Load(data.FS, "", opts...)
	}
	rep.done(err)
	return ds, err
}

// inputs are the paths given, sorted out by what they are.
type inputs struct {
	dir   string   // a folder
	rdf   string   // an N-Quads or N-Triples file
	files []string // YAML, BibTeX and sheets
	yaml  bool     // files holds a YAML file
}

// sortInputs sorts paths out (see loadPaths), refusing what cannot be read
// together: an N-Quads file with anything else, two folders, a path that
// is none of the above, a file given twice or inside the folder given.
func sortInputs(paths []string) (inputs, error) {
	var in inputs
	type seen struct {
		path string
		info os.FileInfo
	}
	var all []seen
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return in, fmt.Errorf("%w: %w", loaders.ErrRead, err)
		}
		for _, s := range all {
			if os.SameFile(s.info, info) {
				return in, usagef("%s and %s are the same file; give it once", s.path, p)
			}
		}
		all = append(all, seen{p, info})
		switch {
		case info.IsDir():
			if in.dir != "" {
				return in, usagef("give one data folder, not %s and %s (or give the files of both)", in.dir, p)
			}
			in.dir = p
		case loaders.IsNQuadsPath(p):
			if in.rdf != "" {
				return in, usagef("%s and %s: give one N-Quads file at a time", in.rdf, p)
			}
			in.rdf = p
		case loaders.IsDataFile(p):
			in.files = append(in.files, p)
			in.yaml = in.yaml || !loaders.IsSheetPath(p) && !loaders.IsBibPath(p)
		default:
			return in, usagef("%s: not a data file: give .yaml, .yml, .bib, .csv (extraction sheet) or .nq/.nt (optionally .gz) files, or a folder to read its data files", p)
		}
	}
	if in.rdf != "" && len(paths) > 1 {
		var others []string
		for _, p := range paths {
			if p != in.rdf {
				others = append(others, p)
			}
		}
		return in, usagef("%s is a whole data set in N-Quads, read on its own: it cannot be combined with %s (import the data set it was exported from with them instead)", in.rdf, listPaths(others))
	}
	if in.dir != "" {
		dir, _ := os.Stat(in.dir)
		for _, p := range in.files {
			if parent, err := os.Stat(filepath.Dir(p)); err == nil && os.SameFile(parent, dir) {
				return in, usagef("%s is in the folder %s, which is read whole; give one or the other", p, in.dir)
			}
		}
	}
	return in, nil
}

// listPaths lists up to three paths for a message, then how many more.
func listPaths(paths []string) string {
	if len(paths) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(paths[:3], ", "), len(paths)-3)
	}
	return strings.Join(paths, ", ")
}

// skipReporter reports --skip-invalid's skipped records on stderr, one
// line a problem (rustykg: skipped FILE:LINE:COL: FIELD: why), then one
// line that counts them by kind; off without --skip-invalid.
type skipReporter struct {
	w      io.Writer
	on     bool
	kinds  []string // in order of first appearance
	counts map[string]int
}

func (e *env) skipReport() *skipReporter {
	return &skipReporter{w: e.stderr, on: e.skipInvalid, counts: map[string]int{}}
}

// options are the loader options that report to r.
func (r *skipReporter) options() []loaders.Option {
	if !r.on {
		return nil
	}
	return []loaders.Option{loaders.SkipInvalid(r.add)}
}

func (r *skipReporter) add(s loaders.Skipped) {
	for _, p := range s.Problems {
		fmt.Fprintf(r.w, "rustykg: skipped %s\n", p)
	}
	if r.counts[s.Kind] == 0 {
		r.kinds = append(r.kinds, s.Kind)
	}
	r.counts[s.Kind]++
}

// done, called with the load's error, sums up what was skipped when the
// rest loaded.
func (r *skipReporter) done(err error) {
	if err != nil || len(r.kinds) == 0 {
		return
	}
	var parts []string
	for _, k := range r.kinds {
		parts = append(parts, plural(r.counts[k], "invalid "+k))
	}
	fmt.Fprintf(r.w, "rustykg: skipped %s; the rest is loaded\n", strings.Join(parts, " and "))
}

// plural writes n and the noun, which takes an s (entry: entries) when n
// is not 1.
func plural(n int, noun string) string {
	switch {
	case n == 1:
	case strings.HasSuffix(noun, "y"):
		noun = strings.TrimSuffix(noun, "y") + "ies"
	default:
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}

// readRDF reads the --data N-Quads file strictly. With --skip-invalid a
// bad line is reported on stderr and skipped; on a terminal, a large
// file shows its progress on stderr.
func (e *env) readRDF() (graph.RDF, error) {
	opts := loaders.NQuadsOptions{Base: e.base}
	rep := e.skipReport()
	if rep.on {
		opts.Skip = func(p loaders.Problem) {
			rep.add(loaders.Skipped{Kind: loaders.SkippedNQuadsLine, Pos: loaders.Pos{File: p.Pos.File, Line: p.Pos.Line}, Problems: loaders.Problems{p}})
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
	rep.done(err)
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
