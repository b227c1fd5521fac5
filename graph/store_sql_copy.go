package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/cayleygraph/cayley/graph/refs"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
)

// The PostgreSQL bulk path. Cayley's SQL writer sends one INSERT per node
// and one per quad, each maintaining six indexes and four foreign keys;
// a fresh import schema is private until the swap, so nothing needs
// those while it is written. copyLoad instead:
//
//  1. lets Cayley create its tables, indexes and constraints (so the
//     layout is exactly Cayley's, whatever its version), reads their
//     definitions back from the catalog and drops them;
//  2. streams the quads table with COPY FROM STDIN, hashing each value as
//     Cayley does (SHA-1 of its N-Quads form), and counts each value's
//     references on the way (Cayley's nodes.refs: one per direction a
//     value fills, duplicates included);
//  3. streams the nodes table with COPY, from those counts;
//  4. removes duplicate quads (Cayley's writer skips them; only when the
//     unique indexes refuse to build, so the common case costs nothing),
//     recreates the keys, indexes and foreign keys in one pass over each
//     loaded table, and updates the planner's statistics.
//
// The result reads back through Cayley unchanged: the same rows as a
// row-by-row import, but for the horizon (a serial number) and ts (the
// time of writing). CockroachDB keeps Cayley's writer (see sqlStore).

// sqlObject is an index or a constraint Cayley created, as the catalog
// describes it.
type sqlObject struct {
	name, table, def string
	constraint       bool
	unique           bool
}

// copyLoad writes quads into the empty Cayley tables of schema.
func (s *sqlStore) copyLoad(ctx context.Context, schema string, quads iter.Seq[quad.Quad], n int, opts LoadOptions) error {
	db, err := sql.Open(s.fl.driver, s.addr(schema))
	if err != nil {
		return err
	}
	defer db.Close()
	// One connection, so the session setting below holds for every step:
	// a loaded table's indexes are built by sorting it, in memory when
	// it fits (PostgreSQL's default, 64 MB, spills a 10^5-study sort to
	// disk).
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	if _, err := db.ExecContext(ctx, `SET maintenance_work_mem = '256MB'`); err != nil {
		return err
	}
	objs, err := dropIndexes(ctx, db, schema)
	if err != nil {
		return fmt.Errorf("drop indexes: %w", err)
	}
	nodes, err := copyQuads(ctx, db, quads, n, opts)
	if err != nil {
		return fmt.Errorf("copy quads: %w", err)
	}
	if err := copyNodes(ctx, db, nodes); err != nil {
		return fmt.Errorf("copy nodes: %w", err)
	}
	nodes = nil
	if err := restoreIndexes(ctx, db, objs); err != nil {
		return fmt.Errorf("build indexes: %w", err)
	}
	if _, err := db.ExecContext(ctx, `ANALYZE nodes, quads`); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// dropIndexes reads the definitions of every index and constraint on
// Cayley's tables in schema, then drops them (foreign keys first).
func dropIndexes(ctx context.Context, db *sql.DB, schema string) ([]sqlObject, error) {
	var objs []sqlObject
	// Constraints: primary keys ('p') sort before foreign keys ('f') when
	// rebuilt, so order by contype descending.
	rows, err := db.QueryContext(ctx, `
		SELECT c.conname, c.conrelid::regclass::text, pg_get_constraintdef(c.oid)
		FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
		WHERE n.nspname = $1 ORDER BY c.contype DESC, c.conname`, schema)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		o := sqlObject{constraint: true}
		if err := rows.Scan(&o.name, &o.table, &o.def); err != nil {
			rows.Close()
			return nil, err
		}
		objs = append(objs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Indexes that back no constraint (the constraints' own come back
	// with them).
	rows, err = db.QueryContext(ctx, `
		SELECT i.indexname, i.tablename, i.indexdef, x.indisunique
		FROM pg_indexes i
		JOIN pg_class ic ON ic.relname = i.indexname
		JOIN pg_namespace n ON n.oid = ic.relnamespace AND n.nspname = i.schemaname
		JOIN pg_index x ON x.indexrelid = ic.oid
		WHERE i.schemaname = $1
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ic.oid)
		ORDER BY x.indisunique DESC, i.indexname`, schema)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var o sqlObject
		if err := rows.Scan(&o.name, &o.table, &o.def, &o.unique); err != nil {
			rows.Close()
			return nil, err
		}
		objs = append(objs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Drop in reverse: indexes, then foreign keys, then primary keys.
	for i := len(objs) - 1; i >= 0; i-- {
		o := objs[i]
		stmt := `DROP INDEX ` + pq.QuoteIdentifier(o.name)
		if o.constraint {
			stmt = `ALTER TABLE ` + pq.QuoteIdentifier(o.table) + ` DROP CONSTRAINT ` + pq.QuoteIdentifier(o.name)
		}
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("%s: %w", o.name, err)
		}
	}
	return objs, nil
}

// restoreIndexes recreates what dropIndexes dropped: primary keys, then
// unique indexes (removing duplicate quads first if they refuse to
// build), then foreign keys and the other indexes.
func restoreIndexes(ctx context.Context, db *sql.DB, objs []sqlObject) error {
	deduped := false
	for _, o := range objs {
		stmt := o.def
		if o.constraint {
			stmt = `ALTER TABLE ` + pq.QuoteIdentifier(o.table) + ` ADD CONSTRAINT ` + pq.QuoteIdentifier(o.name) + ` ` + o.def
		}
		_, err := db.ExecContext(ctx, stmt)
		var pe *pq.Error
		if err != nil && o.unique && !deduped && errors.As(err, &pe) && pe.Code == "23505" {
			if err := dedupQuads(ctx, db); err != nil {
				return err
			}
			deduped = true
			_, err = db.ExecContext(ctx, stmt)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", o.name, err)
		}
	}
	return nil
}

// dedupQuads keeps the first of equal quads, as Cayley's writer does
// (it skips a quad already stored; NULL labels compare equal here, as
// its two partial unique indexes make them).
func dedupQuads(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, `
		DELETE FROM quads WHERE horizon IN (
			SELECT horizon FROM (
				SELECT horizon, row_number() OVER (
					PARTITION BY subject_hash, predicate_hash, object_hash, label_hash
					ORDER BY horizon) AS n
				FROM quads) d
			WHERE d.n > 1)`)
	if err != nil {
		return fmt.Errorf("remove duplicate quads: %w", err)
	}
	return nil
}

// copyNode is a value of the quads and the number of quad directions
// holding it.
type copyNode struct {
	hash refs.ValueHash
	val  quad.Value
	refs int64
}

// copyNodeSet collects the distinct values of the quads in the order
// they first appear.
type copyNodeSet struct {
	index map[refs.ValueHash]int32
	list  []copyNode
}

func (n *copyNodeSet) add(h refs.ValueHash, v quad.Value) {
	if i, ok := n.index[h]; ok {
		n.list[i].refs++
		return
	}
	n.index[h] = int32(len(n.list))
	n.list = append(n.list, copyNode{hash: h, val: v, refs: 1})
}

// copyQuads streams quads into the quads table in one transaction,
// reporting progress every opts.BatchSize quads, and returns their values.
func copyQuads(ctx context.Context, db *sql.DB, quads iter.Seq[quad.Quad], n int, opts LoadOptions) (*copyNodeSet, error) {
	batch := opts.BatchSize
	if batch <= 0 {
		batch = DefaultBatchSize
	}
	nodes := &copyNodeSet{index: make(map[refs.ValueHash]int32, n/2)}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn("quads", "subject_hash", "predicate_hash", "object_hash", "label_hash", "ts"))
	if err != nil {
		return nil, err
	}
	ts := time.Now()
	var row [5]any
	row[4] = ts
	i := 0
	for q := range quads {
		if i%batch == 0 && i > 0 {
			if err := ctx.Err(); err != nil {
				stmt.Close()
				return nil, err
			}
			if opts.Progress != nil {
				opts.Progress(i)
			}
		}
		for d, dir := range quad.Directions {
			v := q.Get(dir)
			if v == nil {
				row[d] = nil
				continue
			}
			h := refs.HashOf(v)
			nodes.add(h, v)
			row[d] = h[:]
		}
		if row[0] == nil || row[1] == nil || row[2] == nil {
			stmt.Close()
			return nil, fmt.Errorf("quad %d (%v): %w", i+1, q, ErrInvalidQuad)
		}
		if _, err := stmt.ExecContext(ctx, row[:]...); err != nil {
			stmt.Close()
			return nil, fmt.Errorf("quad %d: %w", i+1, err)
		}
		i++
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		stmt.Close()
		return nil, err
	}
	if err := stmt.Close(); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		opts.Progress(i)
	}
	return nodes, nil
}

// nodeColumns are the columns of Cayley's nodes table copyNodes fills,
// in order; each value sets the few its type uses (csql.NodeValues).
var nodeColumns = []string{"hash", "refs", "value", "value_string", "datatype", "language",
	"iri", "bnode", "value_int", "value_bool", "value_float", "value_time"}

// copyNodes streams the nodes table in one transaction, each row as
// Cayley's writer builds it.
func copyNodes(ctx context.Context, db *sql.DB, nodes *copyNodeSet) error {
	pos := make(map[string]int, len(nodeColumns))
	for i, c := range nodeColumns {
		pos[c] = i
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn("nodes", nodeColumns...))
	if err != nil {
		return err
	}
	row := make([]any, len(nodeColumns))
	for i, n := range nodes.list {
		if i%DefaultBatchSize == 0 {
			if err := ctx.Err(); err != nil {
				stmt.Close()
				return err
			}
		}
		typ, vals, err := csql.NodeValues(csql.NodeHash{ValueHash: n.hash}, n.val)
		if err != nil {
			stmt.Close()
			return fmt.Errorf("value %v: %w", n.val, err)
		}
		clear(row)
		row[0], row[1] = vals[0], n.refs
		for j, c := range typ.Columns() {
			row[pos[c]] = vals[j+1]
		}
		if _, err := stmt.ExecContext(ctx, row...); err != nil {
			stmt.Close()
			return fmt.Errorf("value %v: %w", n.val, err)
		}
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		stmt.Close()
		return err
	}
	if err := stmt.Close(); err != nil {
		return err
	}
	return tx.Commit()
}
