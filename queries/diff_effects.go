package queries

import (
	"context"
	"sort"

	"rustykg/graph"
)

// differ holds both sides of a comparison while Diff works out the
// consequences of the node and claim changes.
type differ struct {
	old, new *Catalog
	oc, nc   map[string]graph.Claim
	nodes    []NodeChange
	claims   []ClaimChange
}

// tableKey names a row of one of the tables: table 2-4, printed or
// beyond, and the row's category ID.
type tableKey struct {
	table  int
	beyond bool
	row    string
}

// feeds reports which table row a claim counts in on a side whose catalog
// is cat, as Tables (printed) and Beyond count it; ok is false for none.
func feeds(cat *Catalog, cl graph.Claim, beyond bool) (tableKey, bool) {
	if cl.Table >= 2 && cl.Table <= 4 {
		return tableKey{cl.Table, beyond, cl.Object}, true
	}
	if !beyond {
		return tableKey{}, false
	}
	n, ok := cat.Node(cl.Study)
	if !ok || n.Kind != graph.KindStudy || n.InReview {
		return tableKey{}, false
	}
	if t := beyondTable(cl); t != 0 {
		return tableKey{t, true, cl.Object}, true
	}
	return tableKey{}, false
}

// tableFields are the node fields the tables show or count by: a row's
// or kernel's name, a study's reference number and whether it is in the
// review.
var tableFields = map[string]bool{"name": true, "ref": true, "in_review": true}

// cells compares the laid-out Tables 2-4, printed and beyond, cell by
// cell, rows matched by their category ID.
func (d *differ) cells(ctx context.Context) ([]CellChange, error) {
	ot, err := Tables(ctx, d.old)
	if err != nil {
		return nil, err
	}
	nt, err := Tables(ctx, d.new)
	if err != nil {
		return nil, err
	}
	ob, err := Beyond(ctx, d.old)
	if err != nil {
		return nil, err
	}
	nb, err := Beyond(ctx, d.new)
	if err != nil {
		return nil, err
	}
	causes := d.cellCauses()
	out := []CellChange{}
	for t := 2; t <= 4; t++ {
		for _, beyond := range []bool{false, true} {
			var oldIDs, newIDs []string
			var oldLaid, newLaid Table
			if beyond {
				oldIDs, newIDs = beyondIDs(ob, t), beyondIDs(nb, t)
				oldLaid, newLaid = ob.Tables()[t-2], nb.Tables()[t-2]
			} else {
				oldIDs, newIDs = reviewIDs(ot, t), reviewIDs(nt, t)
				oldLaid, newLaid = ot.Tables()[t-2], nt.Tables()[t-2]
			}
			oldRows, newRows := rowsByID(oldIDs, oldLaid), rowsByID(newIDs, newLaid)
			ids := map[string]bool{}
			for id := range oldRows {
				ids[id] = true
			}
			for id := range newRows {
				ids[id] = true
			}
			for _, id := range sortedSet(ids) {
				o, inOld := oldRows[id]
				n, inNew := newRows[id]
				name := d.new.Name(id)
				if !inNew {
					name = d.old.Name(id)
				}
				key := tableKey{t, beyond, id}
				for col, column := range newLaid.Columns {
					if col == 0 && (!inOld || !inNew) {
						continue // a row's label is news only when the row stays
					}
					a, b := cellAt(o, col), cellAt(n, col)
					if a == b {
						continue
					}
					out = append(out, CellChange{Change: changeOf(inOld, inNew), Table: t, Beyond: beyond, Row: id, Name: name,
						Column: column, Old: a, New: b, Causes: causes(key)})
				}
			}
		}
	}
	return out, nil
}

func cellAt(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

func reviewIDs(r ReviewTables, t int) []string {
	var ids []string
	for _, row := range map[int][]ReviewRow{2: r.Table2, 3: r.Table3, 4: r.Table4}[t] {
		ids = append(ids, row.ID)
	}
	return ids
}

func beyondIDs(r BeyondTables, t int) []string {
	var ids []string
	for _, row := range map[int][]BeyondRow{2: r.Table2, 3: r.Table3, 4: r.Table4}[t] {
		ids = append(ids, row.ID)
	}
	return ids
}

// rowsByID pairs a laid-out table's rows with the IDs of the typed rows
// they were laid out from (same order).
func rowsByID(ids []string, t Table) map[string][]string {
	m := map[string][]string{}
	for i, id := range ids {
		if i < len(t.Rows) {
			m[id] = t.Rows[i]
		}
	}
	return m
}

// cellCauses returns, for a table row, the changes that can move its
// cells: the claims added or removed that count in it on their side, the
// changed claims whose table or flags changed and that count in it on
// either side, and the changed nodes whose name, reference number or
// review membership changed and that are the row itself or the subject
// or study of a claim counting in it on either side.
func (d *differ) cellCauses() func(tableKey) []string {
	byKey := map[tableKey]map[string]bool{}
	mark := func(k tableKey, id string) {
		if byKey[k] == nil {
			byKey[k] = map[string]bool{}
		}
		byKey[k][id] = true
	}
	changedNodes := map[string]bool{}
	for _, n := range d.nodes {
		if n.Change != ChangeChanged {
			continue // a node alone counts in no table; its claims do
		}
		for _, f := range n.Fields {
			if tableFields[f.Field] {
				changedNodes[n.ID] = true
			}
		}
	}
	for _, beyond := range []bool{false, true} {
		// Changed nodes behind any claim that counts in a row.
		for _, side := range []struct {
			cat *Catalog
			cls map[string]graph.Claim
		}{{d.old, d.oc}, {d.new, d.nc}} {
			for _, cl := range side.cls {
				k, ok := feeds(side.cat, cl, beyond)
				if !ok {
					continue
				}
				for _, id := range []string{k.row, cl.Subject, cl.Study} {
					if changedNodes[id] {
						mark(k, id)
					}
				}
			}
		}
		for _, c := range d.claims {
			relevant := c.Change != ChangeChanged
			for _, f := range c.Fields {
				relevant = relevant || f.Field == "table" || f.Field == "flags"
			}
			if !relevant {
				continue // a locator or note counts nowhere
			}
			if cl, ok := d.oc[c.Claim]; ok {
				if k, ok := feeds(d.old, cl, beyond); ok {
					mark(k, c.Claim)
				}
			}
			if cl, ok := d.nc[c.Claim]; ok {
				if k, ok := feeds(d.new, cl, beyond); ok {
					mark(k, c.Claim)
				}
			}
		}
	}
	return func(k tableKey) []string { return causeList(byKey[k]) }
}

// causeList sorts causes: claims first (by ID), then nodes.
func causeList(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool {
		ci, cj := graph.KindOf(out[i]) == graph.KindClaim, graph.KindOf(out[j]) == graph.KindClaim
		if ci != cj {
			return ci
		}
		return graph.NodeLess(out[i], out[j])
	})
	return out
}

// facePair is one "kernel faces challenge" statement, whatever its
// studies.
type facePair struct{ kernel, challenge string }

// facesSet is every statement "kernel faces challenge" of a side.
func facesSet(cls map[string]graph.Claim) map[facePair]bool {
	m := map[facePair]bool{}
	for _, cl := range cls {
		if cl.Relation == graph.RelFaces {
			m[facePair{cl.Subject, cl.Object}] = true
		}
	}
	return m
}

// facesMoves returns the claims added or removed that make a kernel face
// a challenge on one side and not on the other (the only changes shared
// and similar answers depend on), by kernel: kernel -> claim -> challenge.
func (d *differ) facesMoves() map[string]map[string]string {
	of, nf := facesSet(d.oc), facesSet(d.nc)
	out := map[string]map[string]string{}
	add := func(cl graph.Claim) {
		if out[cl.Subject] == nil {
			out[cl.Subject] = map[string]string{}
		}
		out[cl.Subject][cl.ID] = cl.Object
	}
	for _, c := range d.claims {
		switch c.Change {
		case ChangeAdded:
			if cl := d.nc[c.Claim]; cl.Relation == graph.RelFaces && !of[facePair{cl.Subject, cl.Object}] {
				add(cl)
			}
		case ChangeRemoved:
			if cl := d.oc[c.Claim]; cl.Relation == graph.RelFaces && !nf[facePair{cl.Subject, cl.Object}] {
				add(cl)
			}
		}
	}
	return out
}

// shared compares the challenges every kernel pair shares (SharedPairs on
// each side).
func (d *differ) shared(ctx context.Context) ([]SharedChange, error) {
	out := []SharedChange{}
	moves := d.facesMoves()
	if len(moves) == 0 {
		return out, nil // no kernel faces another set of challenges
	}
	op, err := SharedPairs(ctx, d.old)
	if err != nil {
		return nil, err
	}
	np, err := SharedPairs(ctx, d.new)
	if err != nil {
		return nil, err
	}
	type pair struct{ a, b string }
	oldBy, newBy := map[pair][]string{}, map[pair][]string{}
	for _, p := range op.Pairs {
		oldBy[pair{p.A, p.B}] = p.Challenges
	}
	for _, p := range np.Pairs {
		newBy[pair{p.A, p.B}] = p.Challenges
	}
	keys := map[pair]bool{}
	for k := range oldBy {
		keys[k] = true
	}
	for k := range newBy {
		keys[k] = true
	}
	for k := range keys {
		o, n := oldBy[k], newBy[k]
		added, removed := setMinus(n, o), setMinus(o, n)
		if len(added) == 0 && len(removed) == 0 {
			continue
		}
		moved := map[string]bool{}
		for _, ch := range append(append([]string{}, added...), removed...) {
			moved[ch] = true
		}
		causes := map[string]bool{}
		for _, kernel := range []string{k.a, k.b} {
			for claim, ch := range moves[kernel] {
				if moved[ch] {
					causes[claim] = true
				}
			}
		}
		out = append(out, SharedChange{Change: changeOf(len(o) > 0, len(n) > 0), A: k.a, B: k.b,
			Old: nonNil(o), New: nonNil(n), Added: added, Removed: removed, Causes: causeList(causes)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].A != out[j].A {
			return graph.NodeLess(out[i].A, out[j].A)
		}
		return graph.NodeLess(out[i].B, out[j].B)
	})
	return out, nil
}

// setMinus returns the items of a not in b, in a's order.
func setMinus(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	out := []string{}
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// rankEntry is a kernel's place in another kernel's similarity ranking.
type rankEntry struct {
	rank    int
	jaccard float64
}

// similar compares each kernel's similarity ranking (Similar with no
// cut-off on each side). Only kernels whose challenge set changed, and
// kernels sharing a challenge with one of them on either side, can see
// their ranking change; the others are not recomputed.
func (d *differ) similar(ctx context.Context) ([]RankChange, error) {
	out := []RankChange{}
	moves := d.facesMoves()
	if len(moves) == 0 {
		return out, nil
	}
	affected := map[string]bool{}
	for _, faces := range []map[facePair]bool{facesSet(d.oc), facesSet(d.nc)} {
		touched := map[string]bool{} // challenges a moved kernel faces on this side
		for p := range faces {
			if moves[p.kernel] != nil {
				touched[p.challenge] = true
			}
		}
		for p := range faces {
			if touched[p.challenge] || moves[p.kernel] != nil {
				affected[p.kernel] = true
			}
		}
	}
	for k := range moves {
		affected[k] = true
	}
	for _, k := range sortedSet(affected) {
		oldRank, err := d.ranking(ctx, d.old, k)
		if err != nil {
			return nil, err
		}
		newRank, err := d.ranking(ctx, d.new, k)
		if err != nil {
			return nil, err
		}
		// The kernels whose entry itself changed (score, or in or out).
		moved := map[string]bool{}
		all := map[string]bool{}
		for o, e := range oldRank {
			all[o] = true
			if n, ok := newRank[o]; !ok || n.jaccard != e.jaccard {
				moved[o] = true
			}
		}
		for o := range newRank {
			all[o] = true
			if _, ok := oldRank[o]; !ok {
				moved[o] = true
			}
		}
		var rows []RankChange
		for o := range all {
			a, b := oldRank[o], newRank[o]
			if a == b {
				continue
			}
			// o moves because its own score or k's changed, or because a
			// kernel whose entry changed passed it.
			who := map[string]bool{k: true, o: true}
			for p := range moved {
				if above(oldRank, p, o) || above(newRank, p, o) {
					who[p] = true
				}
			}
			causes := map[string]bool{}
			for p := range who {
				for claim := range moves[p] {
					causes[claim] = true
				}
			}
			rows = append(rows, RankChange{Change: changeOf(a.rank > 0, b.rank > 0), Kernel: k, Similar: o,
				OldRank: a.rank, NewRank: b.rank, OldJaccard: a.jaccard, NewJaccard: b.jaccard, Causes: causeList(causes)})
		}
		sort.Slice(rows, func(i, j int) bool {
			pi, pj := place(rows[i]), place(rows[j])
			if pi != pj {
				return pi < pj
			}
			return graph.NodeLess(rows[i].Similar, rows[j].Similar)
		})
		out = append(out, rows...)
	}
	return out, nil
}

// place orders a kernel's ranking changes: by the new rank, removed
// entries last (by their old rank).
func place(r RankChange) int {
	if r.NewRank > 0 {
		return r.NewRank
	}
	return 1<<20 + r.OldRank
}

// above reports whether both p and o are in the ranking, p above o.
func above(rank map[string]rankEntry, p, o string) bool {
	rp, okp := rank[p]
	ro, oko := rank[o]
	return okp && oko && rp.rank < ro.rank
}

// ranking is kernel k's similarity ranking on one side: similar kernel ->
// rank (from 1) and Jaccard similarity; empty when the side has no k.
func (d *differ) ranking(ctx context.Context, cat *Catalog, k string) (map[string]rankEntry, error) {
	out := map[string]rankEntry{}
	if _, ok := cat.Node(k); !ok {
		return out, nil
	}
	res, err := Similar(ctx, cat, k, 0)
	if err != nil {
		return nil, err
	}
	for i, s := range res.Similar {
		out[s.Kernel] = rankEntry{i + 1, s.Jaccard}
	}
	return out, nil
}
