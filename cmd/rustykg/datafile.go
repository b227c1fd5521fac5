package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cayleygraph/quad"

	"rustykg/data"
	"rustykg/graph"
	"rustykg/graph/export"
	"rustykg/loaders"
)

// loadDataset loads what --data names: the built-in data set, a folder of
// YAML and BibTeX, or an N-Quads/N-Triples file (optionally gzipped) that
// rustykg exported (read strictly; --base resolves relative IRIs).
func (e *env) loadDataset() (*graph.Dataset, error) {
	switch {
	case e.preloaded != nil:
		return e.preloaded, nil
	case e.dataDir == "":
		return loaders.Load(data.FS, "")
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
	return loaders.LoadDir(e.dataDir)
}

// readRDF reads the --data N-Quads file strictly.
func (e *env) readRDF() ([]quad.Quad, error) {
	return loaders.LoadNQuadsFile(e.dataDir, loaders.NQuadsOptions{Base: e.base})
}

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
		if err := st.Load(ctx, qs); err != nil {
			return true, err
		}
		subjects, predicates, graphs := map[quad.Value]bool{}, map[quad.Value]bool{}, map[quad.Value]bool{}
		for _, q := range qs {
			subjects[q.Subject] = true
			predicates[q.Predicate] = true
			if q.Label != nil {
				graphs[q.Label] = true
			}
		}
		fmt.Fprintf(w, "%-12s %d\n%-12s %d\n%-12s %d\n%-12s %d\n", "quads", len(qs), "subjects", len(subjects), "predicates", len(predicates), "graphs", len(graphs))
		fmt.Fprintf(w, "ok: valid RDF, loaded; not a rustykg data set (%s)\n", strings.TrimPrefix(foreign.Error(), export.ErrForeign.Error()+": "))
	}
	return true, nil
}
