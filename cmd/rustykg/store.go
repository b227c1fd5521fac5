package main

import (
	"context"
	"os"

	"rustykg/graph"
	"rustykg/queries"
)

// storeEnv is the variable that names the default store.
const storeEnv = "RUSTYKG_STORE"

func defaultStore() string {
	if s := os.Getenv(storeEnv); s != "" {
		return s
	}
	return "memory"
}

func memoryStore(uri string) bool { return uri == "" || uri == "memory" }

// storeCatalog opens the graph a persistent store holds (written by
// rustykg import): nothing is parsed or rebuilt.
func (e *env) storeCatalog(ctx context.Context) (*queries.Catalog, error) {
	g, err := e.openStoreGraph(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := queries.NewCatalog(ctx, g)
	if err != nil {
		g.Close()
		return nil, err
	}
	e.g, e.cat = g, cat
	return cat, nil
}

// openStoreGraph opens the graph the persistent store --store names.
func (e *env) openStoreGraph(ctx context.Context) (*graph.Graph, error) {
	if e.dataDir != "" {
		return nil, usagef("--data and --store %s: a store holds its own data set; load DIR into it with rustykg import --data DIR --store URI", e.store)
	}
	st, err := graph.OpenStore(ctx, e.store)
	if err != nil {
		return nil, err
	}
	return graph.Attach(ctx, st)
}
