package graph

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// kvReader is what a backend provides to read its index (index_build.go
// describes the buckets): point reads in batches and prefix scans in key
// order. Implementations: memKV (memory), boltKV (bbolt), sqlKV (SQL).
type kvReader interface {
	// get returns the values of keys in bucket, nil for a missing key.
	get(ctx context.Context, bucket string, keys []string) ([][]byte, error)
	// scan calls fn with every entry of bucket whose key starts with
	// prefix, in key order; keysOnly may leave v nil. fn must not keep k
	// or v after it returns.
	scan(ctx context.Context, bucket, prefix string, keysOnly bool, fn func(k, v []byte) error) error
	// scanEach is scan of each of prefixes in turn, in one batch (one
	// statement on SQL): fn gets the index i of the prefix an entry is
	// under, entries come prefix by prefix, in key order within each.
	scanEach(ctx context.Context, bucket string, prefixes []string, fn func(i int, k, v []byte) error) error
	close() error
}

// A Wrapper is a Store that wraps another one (to observe or alter what
// it is given, as a test does) and passes the load options on to it: the
// graph reads the read index of the store it wraps.
type Wrapper interface {
	Unwrap() Store
}

// indexedOf is the store under st, following Wrappers, that keeps a read
// index, if any.
func indexedOf(st Store) (indexedStore, bool) {
	for st != nil {
		if is, ok := st.(indexedStore); ok {
			return is, true
		}
		w, ok := st.(Wrapper)
		if !ok {
			break
		}
		st = w.Unwrap()
	}
	return nil, false
}

// Index reads a graph's read index. Its methods are the reads the named
// queries make; they return what Cayley's quads hold, in the same sorted
// orders, whichever backend holds them (graph/graphtest checks it).
type Index struct {
	kv kvReader
}

func (x *Index) close() error { return x.kv.close() }

// meta reads the meta bucket.
func (x *Index) meta(ctx context.Context) (map[string]string, error) {
	m := map[string]string{}
	err := x.kv.scan(ctx, bucketMeta, "", false, func(k, v []byte) error {
		m[string(k)] = string(v)
		return nil
	})
	return m, err
}

// info is the store record the index holds, or ok false when it holds
// none (an index without a record: a memory graph).
func (x *Index) info(ctx context.Context) (info StoreInfo, ok bool, err error) {
	m, err := x.meta(ctx)
	if err != nil {
		return info, false, fmt.Errorf("read store record: %w", err)
	}
	s, ok := m["schema"]
	if !ok {
		return info, false, nil
	}
	info.Schema, _ = strconv.Atoi(s)
	info.Quads, _ = strconv.Atoi(m["quads"])
	info.Review, info.ContentHash = m["review"], m["hash"]
	return info, true, nil
}

// node reads one node, or an error wrapping ErrNotFound.
func (x *Index) node(ctx context.Context, id string) (Node, error) {
	vs, err := x.kv.get(ctx, bucketNode, []string{id})
	if err != nil {
		return Node{}, fmt.Errorf("read node %s: %w", id, err)
	}
	if vs[0] == nil {
		return Node{}, fmt.Errorf("node %s: %w", id, ErrNotFound)
	}
	n, err := decodeNode(vs[0])
	if err != nil {
		return Node{}, fmt.Errorf("read node %s: %w", id, err)
	}
	return n, nil
}

// nodes reads the nodes of ids that exist, by ID.
func (x *Index) nodes(ctx context.Context, ids []string) (map[string]Node, error) {
	out := make(map[string]Node, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	vs, err := x.kv.get(ctx, bucketNode, ids)
	if err != nil {
		return nil, fmt.Errorf("read nodes: %w", err)
	}
	for i, v := range vs {
		if v == nil {
			continue
		}
		n, err := decodeNode(v)
		if err != nil {
			return nil, fmt.Errorf("read node %s: %w", ids[i], err)
		}
		out[ids[i]] = n
	}
	return out, nil
}

// nodesOfKind reads every node of kind k, sorted by ID.
func (x *Index) nodesOfKind(ctx context.Context, k Kind) ([]Node, error) {
	var out []Node
	err := x.kv.scan(ctx, bucketNode, string(k)+":", false, func(key, v []byte) error {
		n, err := decodeNode(v)
		if err != nil {
			return fmt.Errorf("node %s: %w", key, err)
		}
		out = append(out, n)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read %s nodes: %w", k, err)
	}
	return out, nil
}

// namesOfKind lists the IDs of kind k, sorted, and the nodes' names,
// decoding only the head of each node (ID, kind, name).
func (x *Index) namesOfKind(ctx context.Context, k Kind) (ids, names []string, err error) {
	err = x.kv.scan(ctx, bucketNode, string(k)+":", false, func(key, v []byte) error {
		name, err := decodeNodeName(v)
		if err != nil {
			return fmt.Errorf("node %s: %w", key, err)
		}
		ids = append(ids, string(key))
		names = append(names, name)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read %s names: %w", k, err)
	}
	return ids, names, nil
}

// idsOfKind lists the IDs of kind k, sorted, without reading the nodes.
func (x *Index) idsOfKind(ctx context.Context, k Kind) ([]string, error) {
	var out []string
	err := x.kv.scan(ctx, bucketNode, string(k)+":", true, func(key, _ []byte) error {
		out = append(out, string(key))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s nodes: %w", k, err)
	}
	return out, nil
}

// claims returns the claims matching f, sorted as SortClaims sorts. It
// reads the role entries of the most selective node f names (the claims
// of one subject, object or study, one key range), or every claim when f
// names none.
func (x *Index) claims(ctx context.Context, f ClaimFilter) ([]Claim, error) {
	var out []Claim
	keep := func(v []byte) error {
		c, err := decodeClaim(v)
		if err != nil {
			return err
		}
		if f.matches(c) {
			out = append(out, c)
		}
		return nil
	}
	var prefix, bucket string
	switch {
	case f.ID != "":
		vs, err := x.kv.get(ctx, bucketClaim, []string{f.ID})
		if err != nil {
			return nil, fmt.Errorf("read claims: %w", err)
		}
		if vs[0] == nil {
			return nil, nil
		}
		if err := keep(vs[0]); err != nil {
			return nil, fmt.Errorf("read claim %s: %w", f.ID, err)
		}
		return out, nil
	case f.Subject != "" && f.Object != "":
		bucket, prefix = bucketRole, f.Subject+"\x00"+roleSubject+"\x00"+f.Object+"\x00"
	case f.Subject != "":
		bucket, prefix = bucketRole, f.Subject+"\x00"+roleSubject+"\x00"
	case f.Object != "":
		bucket, prefix = bucketRole, f.Object+"\x00"+roleObject+"\x00"
	case f.Study != "":
		bucket, prefix = bucketRole, f.Study+"\x00"+roleStudy+"\x00"
	default:
		bucket = bucketClaim
	}
	if err := x.kv.scan(ctx, bucket, prefix, false, func(_, v []byte) error { return keep(v) }); err != nil {
		return nil, fmt.Errorf("read claims: %w", err)
	}
	SortClaims(out)
	return out, nil
}

// refs returns the "ref" attribute of every node that has one.
func (x *Index) refs(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := x.kv.scan(ctx, bucketRef, "", false, func(k, v []byte) error {
		out[string(k)] = string(v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read reference numbers: %w", err)
	}
	return out, nil
}

// claimsWithPrefix returns the claims whose ID starts with prefix, sorted
// by ID.
func (x *Index) claimsWithPrefix(ctx context.Context, prefix string) ([]Claim, error) {
	var out []Claim
	err := x.kv.scan(ctx, bucketClaim, prefix, false, func(_, v []byte) error {
		c, err := decodeClaim(v)
		if err == nil {
			out = append(out, c)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read claims: %w", err)
	}
	return out, nil
}

// matches reports whether c passes the filter.
func (f ClaimFilter) matches(c Claim) bool {
	return (f.ID == "" || c.ID == f.ID) && (f.Subject == "" || c.Subject == f.Subject) &&
		(f.Relation == "" || c.Relation == f.Relation) && (f.Object == "" || c.Object == f.Object) &&
		(f.Study == "" || c.Study == f.Study)
}

// statements reads every statement of rels, relation by relation, each
// in key order.
func (x *Index) statements(ctx context.Context, rels []Relation) ([]Statement, error) {
	var out []Statement
	for _, rel := range rels {
		sts, err := x.statementsWith(ctx, rel, "")
		if err != nil {
			return nil, err
		}
		out = append(out, sts...)
	}
	return out, nil
}

// statementsWith reads the statements of rel whose subject starts with
// prefix, in key order.
func (x *Index) statementsWith(ctx context.Context, rel Relation, prefix string) ([]Statement, error) {
	var out []Statement
	err := x.kv.scan(ctx, bucketStmt, string(rel)+"\x00"+prefix, true, func(k, _ []byte) error {
		parts := strings.SplitN(string(k), "\x00", 4)
		if len(parts) != 4 {
			return errBadRecord
		}
		out = append(out, Statement{Subject: parts[1], Relation: rel, Object: parts[2], Study: parts[3]})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read %s statements: %w", rel, err)
	}
	return out, nil
}

// adjacent returns the neighbours of each of ids in the undirected
// projection of every statement but "includes" (sorted by NodeLess); a
// node no statement links has none.
func (x *Index) adjacent(ctx context.Context, ids []string) (map[string][]string, error) {
	out := make(map[string][]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	vs, err := x.kv.get(ctx, bucketAdj, ids)
	if err != nil {
		return nil, fmt.Errorf("read neighbours: %w", err)
	}
	for i, v := range vs {
		if v == nil {
			out[ids[i]] = nil
			continue
		}
		ns, err := decodeStrings(v)
		if err != nil {
			return nil, fmt.Errorf("read neighbours of %s: %w", ids[i], err)
		}
		out[ids[i]] = ns
	}
	return out, nil
}

// names returns the IDs one of whose names folds to want (Normalize, or
// with compact Compact), sorted by NodeLess.
func (x *Index) names(ctx context.Context, want string, compact bool) ([]string, error) {
	prefix := "n\x00"
	if compact {
		prefix = "c\x00"
	}
	prefix += nameKey(want) + "\x00"
	var out []string
	err := x.kv.scan(ctx, bucketName, prefix, true, func(k, _ []byte) error {
		out = append(out, string(k[len(prefix):]))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("look up name: %w", err)
	}
	sortNodes(out)
	return slices.Compact(out), nil
}

// Resolver resolves names against a graph's index (see NameIndex.Resolve
// for the rules; the answers are the same). It reads only the keys a name
// needs, except on a miss, when the suggestions compare the input with
// every name of the kinds asked for.
type Resolver struct {
	g   *Graph
	ctx context.Context
}

// Resolver returns the name resolver of g.
func (g *Graph) Resolver(ctx context.Context) *Resolver { return &Resolver{g: g, ctx: ctx} }

// Resolve is NameIndex.Resolve on the graph's index.
func (r *Resolver) Resolve(input string, kinds ...Kind) (Resolution, error) {
	x, err := r.g.index()
	if err != nil {
		return Resolution{}, err
	}
	return resolveNames(ixNames{x: x, ctx: r.ctx}, input, true, kinds)
}

// ixNames is the name source of an index.
type ixNames struct {
	x   *Index
	ctx context.Context
}

func (s ixNames) isNode(id string) (bool, error) {
	vs, err := s.x.kv.get(s.ctx, bucketNode, []string{id})
	if err != nil {
		return false, fmt.Errorf("look up %s: %w", id, err)
	}
	return vs[0] != nil, nil
}

func (s ixNames) lookup(want string, compact bool) ([]string, error) {
	return s.x.names(s.ctx, want, compact)
}

func (s ixNames) nearest(want string, kinds []Kind) ([]string, error) {
	if len(kinds) == 0 {
		kinds = Kinds
	}
	var all []Node
	for _, k := range kinds {
		ns, err := s.x.nodesOfKind(s.ctx, k)
		if err != nil {
			return nil, err
		}
		all = append(all, ns...)
	}
	return NewNameIndex(all).nearest(want, kinds)
}

// memKV is an index held in memory: the built entries, searched in place.
type memKV struct{ data indexData }

func (m memKV) get(_ context.Context, bucket string, keys []string) ([][]byte, error) {
	es := m.data[bucket]
	out := make([][]byte, len(keys))
	for i, k := range keys {
		j := sort.Search(len(es), func(j int) bool { return string(es[j].k) >= k })
		if j < len(es) && string(es[j].k) == k {
			out[i] = es[j].v
			if out[i] == nil {
				out[i] = []byte{}
			}
		}
	}
	return out, nil
}

func (m memKV) scan(ctx context.Context, bucket, prefix string, _ bool, fn func(k, v []byte) error) error {
	es := m.data[bucket]
	j := sort.Search(len(es), func(j int) bool { return string(es[j].k) >= prefix })
	for ; j < len(es) && bytes.HasPrefix(es[j].k, []byte(prefix)); j++ {
		if err := fn(es[j].k, es[j].v); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (m memKV) scanEach(ctx context.Context, bucket string, prefixes []string, fn func(i int, k, v []byte) error) error {
	return scanInTurn(ctx, m, bucket, prefixes, fn)
}

func (memKV) close() error { return nil }

// scanInTurn is scanEach as one scan per prefix, for a backend where a
// scan costs no round trip.
func scanInTurn(ctx context.Context, kv kvReader, bucket string, prefixes []string, fn func(i int, k, v []byte) error) error {
	for i, p := range prefixes {
		err := kv.scan(ctx, bucket, p, false, func(k, v []byte) error { return fn(i, k, v) })
		if err != nil {
			return err
		}
	}
	return nil
}
