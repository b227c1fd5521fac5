package main

import (
	"context"
	"fmt"

	"rustykg/graph"
)

// maxListed bounds the differences check lists per side.
const maxListed = 20

// checkStore verifies the store --store names against the data set.
func (e *env) checkStore(ctx context.Context) error {
	ds, err := e.loadDataset()
	if err != nil {
		return err
	}
	st, err := graph.OpenStore(ctx, e.store)
	if err != nil {
		return err
	}
	g, err := graph.Attach(ctx, st)
	if err != nil {
		return err
	}
	defer g.Close()
	m, err := g.Verify(ctx, ds)
	if err != nil {
		return err
	}
	info := g.Info()
	fmt.Fprintf(e.stdout, "store        %s\nschema       %d\ncontent      %s\nquads        %d\n", st.URI(), info.Schema, info.ContentHash, info.Quads)
	if m.OK() {
		fmt.Fprintln(e.stdout, "ok")
		return nil
	}
	if m.Record != "" {
		fmt.Fprintln(e.stdout, m.Record)
	}
	list := func(what string, ls []string) {
		for i, l := range ls {
			if i == maxListed {
				fmt.Fprintf(e.stdout, "%s: ... and %d more\n", what, len(ls)-maxListed)
				break
			}
			fmt.Fprintf(e.stdout, "%s: %s\n", what, l)
		}
	}
	list("missing from the store", m.Missing)
	list("only in the store", m.Extra)
	list("read index", m.Index)
	return fmt.Errorf("%w: %s: %d quads missing, %d extra, %d index entries differ", errStoreDiffers, st.URI(), len(m.Missing), len(m.Extra), len(m.Index))
}
