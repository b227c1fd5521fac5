package graph

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/lib/pq"
)

// An SQL store keeps its read index in one table of the same schema as
// Cayley's tables, rkg_index (bucket, key, value; primary key bucket and
// key, so a point read and a prefix scan are B-tree lookups), written into
// the fresh schema before the swap that commits a load: the quads and
// their index are replaced in the same transaction.

const sqlIndexTable = "rkg_index"

// sqlIndexRows is the number of rows per INSERT statement.
const sqlIndexRows = 500

// writeSQLIndex creates and fills the index table in schema.
func writeSQLIndex(ctx context.Context, conn *sql.Conn, schema string, src *indexSource) error {
	table := schema + "." + sqlIndexTable
	if _, err := conn.ExecContext(ctx, `CREATE TABLE `+table+` (b text NOT NULL, k bytea NOT NULL, v bytea NOT NULL)`); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	defer tx.Rollback()
	var stmt strings.Builder
	args := make([]any, 0, 3*sqlIndexRows)
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		stmt.Reset()
		stmt.WriteString(`INSERT INTO ` + table + ` (b, k, v) VALUES `)
		for i := 0; i < len(args); i += 3 {
			if i > 0 {
				stmt.WriteByte(',')
			}
			fmt.Fprintf(&stmt, "($%d,$%d,$%d)", i+1, i+2, i+3)
		}
		_, err := tx.ExecContext(ctx, stmt.String(), args...)
		args = args[:0]
		return err
	}
	for _, name := range indexBuckets {
		for _, e := range src.bucket(name) {
			v := e.v
			if v == nil {
				v = []byte{}
			}
			args = append(args, name, e.k, v)
			if len(args) == cap(args) {
				if err := flush(); err != nil {
					return fmt.Errorf("write index: %w", err)
				}
			}
		}
	}
	if err := flush(); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `ALTER TABLE `+table+` ADD PRIMARY KEY (b, k)`); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	return nil
}

// openIndex opens the index of the live schema, if it has one.
func (s *sqlStore) openIndex(ctx context.Context) (*Index, bool, error) {
	if s.closed {
		return nil, false, ErrClosed
	}
	var n int
	err := s.db.QueryRowContext(ctx,
		`SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2`, s.schema, sqlIndexTable).Scan(&n)
	if err != nil {
		return nil, false, fmt.Errorf("open %s: %w", redact(s.base), err)
	}
	if n == 0 {
		return nil, false, nil
	}
	return &Index{kv: sqlKV{db: s.db, table: s.schema + "." + sqlIndexTable, jit: s.fl == sqlPostgres}}, true, nil
}

// sqlKV reads the index table.
type sqlKV struct {
	db    *sql.DB
	table string
	jit   bool // PostgreSQL: the server may compile plans (scanEach turns it off)
}

// sqlGetBatch is the most keys per point-read query: the keys go as one
// array parameter (k = ANY($2)), so a batch is one statement of two
// parameters whatever its size, and the bound only caps its length.
const sqlGetBatch = 10000

func (s sqlKV) get(ctx context.Context, bucket string, keys []string) ([][]byte, error) {
	out := make([][]byte, len(keys))
	pos := make(map[string][]int, len(keys))
	for i, k := range keys {
		pos[k] = append(pos[k], i)
	}
	distinct := make([][]byte, 0, len(pos))
	for i, k := range keys {
		if pos[k][0] == i {
			distinct = append(distinct, []byte(k))
		}
	}
	q := `SELECT k, v FROM ` + s.table + ` WHERE b = $1 AND k = ANY($2)`
	for start := 0; start < len(distinct); start += sqlGetBatch {
		part := distinct[start:min(start+sqlGetBatch, len(distinct))]
		rows, err := s.db.QueryContext(ctx, q, bucket, pq.ByteaArray(part))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k, v []byte
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return nil, err
			}
			if v == nil {
				v = []byte{}
			}
			for _, i := range pos[string(k)] {
				out[i] = v
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s sqlKV) scan(ctx context.Context, bucket, prefix string, keysOnly bool, fn func(k, v []byte) error) error {
	cols := "k, v"
	if keysOnly {
		cols = "k, ''::bytea"
	}
	q := `SELECT ` + cols + ` FROM ` + s.table + ` WHERE b = $1`
	args := []any{bucket}
	if prefix != "" {
		q += ` AND k >= $2`
		args = append(args, []byte(prefix))
		if end, ok := prefixEnd(prefix); ok {
			q += ` AND k < $3`
			args = append(args, end)
		}
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY k`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v []byte
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanEach reads the ranges of many prefixes in one statement: the
// prefixes and their ends go as two arrays, each pair a B-tree range scan
// (a lateral subquery, kept from being flattened into a join, which
// PostgreSQL planned as a scan of the whole bucket), the rows ordered by
// prefix, then key. PostgreSQL cannot know how many rows a range holds
// and guesses high, high enough to compile the plan with JIT (0.2-1.8 s at
// 10^5 studies for 40 ms of work), so the statement runs in a read-only
// transaction with JIT off where the server has it (PostgreSQL 11 on;
// not asked of CockroachDB). A prefix without an
// end (empty, or all 0xff bytes) makes it scan them in turn.
func (s sqlKV) scanEach(ctx context.Context, bucket string, prefixes []string, fn func(i int, k, v []byte) error) error {
	if len(prefixes) == 0 {
		return nil
	}
	los := make([][]byte, len(prefixes))
	his := make([][]byte, len(prefixes))
	for i, p := range prefixes {
		end, ok := prefixEnd(p)
		if !ok {
			return scanInTurn(ctx, s, bucket, prefixes, fn)
		}
		los[i], his[i] = []byte(p), end
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.jit {
		_, err := tx.ExecContext(ctx, `SELECT set_config('jit', 'off', true) FROM pg_settings WHERE name = 'jit'`)
		if err != nil {
			return err
		}
	}
	q := `SELECT r.i, t.k, t.v FROM unnest($2::bytea[], $3::bytea[]) WITH ORDINALITY AS r(lo, hi, i)
		CROSS JOIN LATERAL (SELECT k, v FROM ` + s.table + ` WHERE b = $1 AND k >= r.lo AND k < r.hi OFFSET 0) t
		ORDER BY r.i, t.k`
	for start := 0; start < len(prefixes); start += sqlGetBatch {
		end := min(start+sqlGetBatch, len(prefixes))
		rows, err := tx.QueryContext(ctx, q, bucket, pq.ByteaArray(los[start:end]), pq.ByteaArray(his[start:end]))
		if err != nil {
			return err
		}
		for rows.Next() {
			var i int
			var k, v []byte
			if err := rows.Scan(&i, &k, &v); err != nil {
				rows.Close()
				return err
			}
			if err := fn(start+i-1, k, v); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// prefixEnd is the smallest key greater than every key that starts with
// prefix, or false when there is none (prefix is all 0xff bytes).
func prefixEnd(prefix string) ([]byte, bool) {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return b[:i+1], true
		}
	}
	return nil, false
}

func (sqlKV) close() error { return nil }
