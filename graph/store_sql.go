package graph

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"slices"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// An SQL store keeps Cayley's tables (nodes, quads) in a schema of its own,
// "rustykg" unless the URI's schema parameter names another, so a
// database can hold other things. Load builds the new contents in a fresh
// schema (rkgimp_<schema>_<random>), with COPY on PostgreSQL
// (store_sql_copy.go) and through Cayley's writer, one transaction per
// batch, on CockroachDB, then swaps it in with one transaction (drop the old schema, rename the new):
// PostgreSQL's DDL is transactional, so readers see the old data set or the
// new one, never a mix, and a load that fails or is killed leaves the old
// schema untouched (its leftover is dropped by the next load). An advisory
// lock keeps two loads apart.
//
// cockroach:// is the same through Cayley's CockroachDB flavour (the pgx
// driver); it is not tested here (no CockroachDB server can be installed on
// these machines), and CockroachDB has no advisory locks, so two
// concurrent loads there are not detected.
type sqlFlavour struct {
	cayley string // Cayley's registry name
	driver string // database/sql driver Cayley's flavour registers
	scheme string // the URI scheme rustykg takes
}

var (
	sqlPostgres  = sqlFlavour{cayley: "postgres", driver: "postgres", scheme: "postgres"}
	sqlCockroach = sqlFlavour{cayley: "cockroach", driver: "pgx", scheme: "cockroach"}
)

const (
	sqlDefaultSchema = "rustykg"
	// sqlTmpPrefix starts the name of a schema being loaded:
	// rkgimp_<target schema>_<16 hex digits>.
	sqlTmpPrefix = "rkgimp_"
)

// tmpPrefix is the prefix of the schemas a load into s.schema builds.
func (s *sqlStore) tmpPrefix() string { return sqlTmpPrefix + s.schema + "_" }

type sqlStore struct {
	fl      sqlFlavour
	base    *url.URL // the server address, without rustykg's parameters
	schema  string
	db      *sql.DB
	qs      cgraph.QuadStore
	present bool // the live schema holds Cayley's tables
	closed  bool
	// rowWrites makes a PostgreSQL load go through Cayley's own writer
	// instead of COPY (tests compare the two).
	rowWrites bool
}

func openSQL(ctx context.Context, fl sqlFlavour, uri string) (Store, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStoreURI, err)
	}
	u.Scheme = "postgres" // both drivers take postgres:// addresses
	q := u.Query()
	schema := q.Get("schema")
	q.Del("schema")
	q.Del("search_path")
	if schema == "" {
		schema = sqlDefaultSchema
	}
	if !validIdent(schema) || len(schema) > 40 {
		return nil, fmt.Errorf("%w: schema %q: use up to 40 lower-case letters, digits and _", ErrStoreURI, schema)
	}
	u.RawQuery = q.Encode()
	db, err := sql.Open(fl.driver, u.String())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", redact(u), err)
	}
	s := &sqlStore{fl: fl, base: u, schema: schema, db: db}
	if err := s.reopen(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// addr is the server address with the search path set to schema.
func (s *sqlStore) addr(schema string) string {
	u := *s.base
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// reopen looks whether the live schema holds Cayley's tables.
func (s *sqlStore) reopen(ctx context.Context) error {
	if s.qs != nil {
		s.qs.Close()
		s.qs = nil
	}
	var n int
	err := s.db.QueryRowContext(ctx,
		`SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'quads'`, s.schema).Scan(&n)
	if err != nil {
		return fmt.Errorf("open %s: %w", redact(s.base), err)
	}
	s.present = n > 0 // Cayley's store is opened by QuadStore, on first use
	return nil
}

func (s *sqlStore) Load(ctx context.Context, quads []quad.Quad, opts LoadOptions) error {
	return s.loadSeq(ctx, slices.Values(quads), len(quads), opts)
}

func (s *sqlStore) loadSeq(ctx context.Context, quads iter.Seq[quad.Quad], n int, opts LoadOptions) error {
	if s.closed {
		return ErrClosed
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("load %s: %w", redact(s.base), err)
	}
	defer conn.Close()
	if s.fl == sqlPostgres {
		var ok bool
		// One lock per target schema, so loads into different schemas of
		// one database run side by side.
		if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(hashtext($1))`, "rustykg:"+s.schema).Scan(&ok); err != nil {
			return fmt.Errorf("load %s: lock: %w", redact(s.base), err)
		}
		if !ok {
			return fmt.Errorf("load %s: %w: another import is writing it", redact(s.base), ErrStoreBusy)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext($1))`, "rustykg:"+s.schema)
		// Holding the lock, every import schema is a killed load's leftover.
		if err := s.dropLeftovers(ctx, conn); err != nil {
			return err
		}
	}
	tmp := s.tmpPrefix() + randomHex()
	if _, err := conn.ExecContext(ctx, `CREATE SCHEMA `+tmp); err != nil {
		return fmt.Errorf("load %s: %w", redact(s.base), err)
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(context.WithoutCancel(ctx), `DROP SCHEMA IF EXISTS `+tmp+` CASCADE`)
		}
	}()
	if err := s.build(ctx, tmp, quads, n, opts); err != nil {
		return err
	}
	if opts.index != nil { // the read index, in the same schema (index_sql.go)
		if err := writeSQLIndex(ctx, conn, tmp, opts.index); err != nil {
			return fmt.Errorf("load %s: %w", redact(s.base), err)
		}
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("load %s: commit: %w", redact(s.base), err)
	}
	for _, stmt := range []string{
		`DROP SCHEMA IF EXISTS ` + s.schema + ` CASCADE`,
		`ALTER SCHEMA ` + tmp + ` RENAME TO ` + s.schema,
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			tx.Rollback()
			return fmt.Errorf("load %s: commit: %w", redact(s.base), err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("load %s: commit: %w", redact(s.base), err)
	}
	committed = true
	return s.reopen(ctx)
}

// build creates Cayley's tables in schema and writes quads into them:
// with COPY on PostgreSQL (copyLoad), through Cayley's writer (one
// transaction per batch) on CockroachDB or when rowWrites is set.
func (s *sqlStore) build(ctx context.Context, schema string, quads iter.Seq[quad.Quad], n int, opts LoadOptions) error {
	addr := s.addr(schema)
	if err := cgraph.InitQuadStore(s.fl.cayley, addr, nil); err != nil {
		return fmt.Errorf("load %s: create tables: %w", redact(s.base), err)
	}
	if s.fl == sqlPostgres && !s.rowWrites {
		if err := s.copyLoad(ctx, schema, quads, n, opts); err != nil {
			return fmt.Errorf("load %s: %w", redact(s.base), err)
		}
		return nil
	}
	qs, err := cgraph.NewQuadStore(s.fl.cayley, addr, nil)
	if err != nil {
		return fmt.Errorf("load %s: %w", redact(s.base), err)
	}
	defer qs.Close()
	if err := writeBatches(ctx, qs, quads, opts); err != nil {
		return fmt.Errorf("load %s: %w", redact(s.base), err)
	}
	return nil
}

func (s *sqlStore) dropLeftovers(ctx context.Context, conn *sql.Conn) error {
	rows, err := conn.QueryContext(ctx,
		`SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`, s.tmpPrefix())
	if err != nil {
		return fmt.Errorf("load %s: %w", redact(s.base), err)
	}
	var old []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err == nil && isHex16(strings.TrimPrefix(n, s.tmpPrefix())) {
			old = append(old, n)
		}
	}
	rows.Close()
	for _, n := range old {
		if _, err := conn.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+n+` CASCADE`); err != nil {
			return fmt.Errorf("load %s: drop leftover %s: %w", redact(s.base), n, err)
		}
	}
	return nil
}

func (s *sqlStore) QuadStore() cgraph.QuadStore {
	if s.closed || !s.present {
		return nil
	}
	if s.qs == nil {
		// An error reads as empty; Attach reports the store as such.
		s.qs, _ = cgraph.NewQuadStore(s.fl.cayley, s.addr(s.schema), nil)
	}
	return s.qs
}

func (s *sqlStore) URI() string {
	u := *s.base
	u.Scheme = s.fl.scheme
	if s.schema != sqlDefaultSchema {
		q := u.Query()
		q.Set("schema", s.schema)
		u.RawQuery = q.Encode()
	}
	return redact(&u)
}

func (s *sqlStore) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	var errs []error
	if s.qs != nil {
		errs = append(errs, s.qs.Close())
	}
	errs = append(errs, s.db.Close())
	return errors.Join(errs...)
}

// redact is the URI without its password, for messages.
func redact(u *url.URL) string { return u.Redacted() }

// validIdent reports whether s is a safe unquoted SQL identifier.
func validIdent(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r == '_':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return !strings.HasPrefix(s, "pg_")
}

func isHex16(s string) bool {
	if len(s) != 16 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

func randomHex() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
