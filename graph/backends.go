package graph

// The Cayley backends rustykg links, each registering itself by name in
// Cayley's store registry (never graph/all: every backend adds start-up
// time and binary size).
import (
	_ "github.com/cayleygraph/cayley/graph/kv/bbolt"
	_ "github.com/cayleygraph/cayley/graph/memstore"
	_ "github.com/cayleygraph/cayley/graph/sql/cockroach"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"
)
