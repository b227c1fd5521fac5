package graphtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"

	"rustykg/graph"
)

// PostgresEnv names the variable that holds the URL of the PostgreSQL
// server the tests use (.ci/run starts a throwaway one and sets it).
const PostgresEnv = "RUSTYKG_TEST_POSTGRES"

// PostgresURL returns the test server's URL. When the variable is unset the
// test is skipped, visibly, or fails under CI (RUSTYKG_CI=1), where a
// skipped PostgreSQL test would hide a missing server.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(PostgresEnv)
	if u == "" {
		if os.Getenv("RUSTYKG_CI") == "1" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests (see .ci/postgres)", PostgresEnv)
		}
		t.Skipf("%s is not set: no PostgreSQL server to test against (.ci/run starts one)", PostgresEnv)
	}
	return u
}

// A Backend makes URIs of fresh, empty stores of one kind.
type Backend struct {
	Name string
	// URI returns the URI of a new, empty store, removed when t ends
	// (it skips or fails t when the backend's server is missing).
	URI func(t testing.TB) string
}

// Backends are the store kinds every suite runs on: memory, a bbolt file
// in a temporary folder, and a fresh schema on the test PostgreSQL server.
func Backends() []Backend {
	return []Backend{
		{"memory", func(testing.TB) string { return "memory" }},
		{"bbolt", func(t testing.TB) string { return "bbolt:" + filepath.Join(t.TempDir(), "kg") }},
		{"postgres", postgresURI},
	}
}

// postgresURI is a fresh schema on the test server, dropped at cleanup.
func postgresURI(t testing.TB) string {
	t.Helper()
	base := PostgresURL(t)
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("schema", schema)
	u.RawQuery = q.Encode()
	t.Cleanup(func() {
		db, err := sql.Open("postgres", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.ExecContext(context.Background(), `DROP SCHEMA IF EXISTS `+schema+` CASCADE`)
	})
	return u.String()
}

// Open opens the store at uri or fails t, closing it at cleanup.
func Open(t testing.TB, uri string) graph.Store {
	t.Helper()
	st, err := graph.OpenStore(context.Background(), uri)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// WriteSchema1 writes ds into the persistent store at uri as rustykg's
// schema 1 did: the quads and a store record, no read index, so a test can
// check what this rustykg says about such a store.
func WriteSchema1(t testing.TB, uri string, ds *graph.Dataset) {
	t.Helper()
	ctx := context.Background()
	st, err := graph.OpenStore(ctx, uri)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rec := quad.IRI("rkg:store")
	qs := append(graph.Quads(ds),
		quad.Quad{Subject: rec, Predicate: quad.IRI("rkg:schemaVersion"), Object: quad.Int(1), Label: rec},
		quad.Quad{Subject: rec, Predicate: quad.IRI("rkg:contentHash"), Object: quad.String(graph.ContentHash(ds)), Label: rec})
	if err := st.Load(ctx, qs, graph.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
}
