package queries

import (
	"context"
	"sort"
	"strconv"

	"rustykg/graph"
)

// Kinds of change in a DiffResult.
const (
	ChangeAdded   = "added"   // only on the new side
	ChangeRemoved = "removed" // only on the old side
	ChangeChanged = "changed" // on both sides, different
)

// DiffSide is one side of a comparison: its label for output (a folder,
// or REV:PATH for a git revision), the commit a revision resolved to, and
// the data set loaded into a catalog.
type DiffSide struct {
	Label  string   `json:"label"`
	Commit string   `json:"commit,omitempty"`
	Cat    *Catalog `json:"-"`
}

// FieldChange is one field that differs between the two sides of a node
// or claim.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// NodeChange is a node added, removed or changed. A node is the same node
// on both sides when its ID is. Fields lists what differs, for a change.
type NodeChange struct {
	Change string        `json:"change"`
	ID     string        `json:"id"`
	Kind   graph.Kind    `json:"kind"`
	Name   string        `json:"name"`
	Fields []FieldChange `json:"fields,omitempty"`
}

// ClaimChange is a claim added, removed or changed. A claim is the same
// claim on both sides when its identity (subject, relation, object,
// study) is, which is what its ID hashes; a change is then in its
// locator, note, table or flags.
type ClaimChange struct {
	Change   string         `json:"change"`
	Claim    string         `json:"claim"`
	Subject  string         `json:"subject"`
	Relation graph.Relation `json:"relation"`
	Object   string         `json:"object"`
	Study    string         `json:"study"`
	Fields   []FieldChange  `json:"fields,omitempty"`
}

// CellChange is one cell of the review's Tables 2-4 (as printed, or with
// studies beyond the review) that differs. A cell is a table's row (its
// category: an approach, implication or challenge) and column, as
// `rustykg tables` lays it out; "added" and "removed" are the cells of a
// row only one side has. Causes are the claims (and changed nodes) behind
// the change.
type CellChange struct {
	Change string   `json:"change"`
	Table  int      `json:"table"`
	Beyond bool     `json:"beyond"`
	Row    string   `json:"row"`
	Name   string   `json:"name"`
	Column string   `json:"column"`
	Old    string   `json:"old"`
	New    string   `json:"new"`
	Causes []string `json:"causes"`
}

// Command is the rustykg command line that prints the cell.
func (c CellChange) Command() string {
	if c.Beyond {
		return "tables --beyond --table " + strconv.Itoa(c.Table)
	}
	return "tables --table " + strconv.Itoa(c.Table)
}

// SharedChange is a kernel pair whose shared challenges (the answer of
// `rustykg shared A B`, and the pair's row of `rustykg shared`) differ:
// "added" when the pair shares none on the old side, "removed" when it
// shares none on the new one.
type SharedChange struct {
	Change  string   `json:"change"`
	A       string   `json:"a"`
	B       string   `json:"b"`
	Old     []string `json:"old"`
	New     []string `json:"new"`
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
	Causes  []string `json:"causes"`
}

// RankChange is one entry of `rustykg similar KERNEL` (the whole
// ranking) whose rank or Jaccard similarity differs. A rank of 0 means
// not in the ranking (no shared challenge).
type RankChange struct {
	Change     string   `json:"change"`
	Kernel     string   `json:"kernel"`
	Similar    string   `json:"similar"`
	OldRank    int      `json:"old_rank"`
	NewRank    int      `json:"new_rank"`
	OldJaccard float64  `json:"old_jaccard"`
	NewJaccard float64  `json:"new_jaccard"`
	Causes     []string `json:"causes"`
}

// DiffCount counts one kind of item added, removed and changed.
type DiffCount struct {
	What    string `json:"what"`
	Added   int    `json:"added"`
	Removed int    `json:"removed"`
	Changed int    `json:"changed"`
}

// DiffResult is the answer of Diff: what differs between two data sets,
// then what that changes in the answers of tables, shared and similar.
type DiffResult struct {
	Old     DiffSide       `json:"old"`
	New     DiffSide       `json:"new"`
	Differs bool           `json:"differs"`
	Summary []DiffCount    `json:"summary"`
	Nodes   []NodeChange   `json:"nodes"`
	Claims  []ClaimChange  `json:"claims"`
	Cells   []CellChange   `json:"table_cells"`
	Shared  []SharedChange `json:"shared"`
	Similar []RankChange   `json:"similar"`
}

// Tables implements Result: the two sides, a summary, then one table per
// part, each row a change (a changed node or claim is a row per field).
func (r DiffResult) Tables() []Table {
	sides := Table{Title: "compared", Columns: []string{"side", "data", "commit"}}
	sides.Rows = [][]string{{"old", r.Old.Label, r.Old.Commit}, {"new", r.New.Label, r.New.Commit}}
	sum := Table{Title: "summary", Columns: []string{"what", "added", "removed", "changed"}}
	for _, c := range r.Summary {
		sum.Rows = append(sum.Rows, []string{c.What, strconv.Itoa(c.Added), strconv.Itoa(c.Removed), strconv.Itoa(c.Changed)})
	}
	nodes := Table{Title: "nodes", Columns: []string{"change", "id", "kind", "name", "field", "old", "new"}}
	for _, n := range r.Nodes {
		if len(n.Fields) == 0 {
			nodes.Rows = append(nodes.Rows, []string{n.Change, n.ID, string(n.Kind), n.Name, "", "", ""})
		}
		for _, f := range n.Fields {
			nodes.Rows = append(nodes.Rows, []string{n.Change, n.ID, string(n.Kind), n.Name, f.Field, f.Old, f.New})
		}
	}
	claims := Table{Title: "claims", Columns: []string{"change", "claim", "subject", "relation", "object", "study", "field", "old", "new"}}
	for _, c := range r.Claims {
		head := []string{c.Change, c.Claim, c.Subject, string(c.Relation), c.Object, c.Study}
		if len(c.Fields) == 0 {
			claims.Rows = append(claims.Rows, append(head, "", "", ""))
		}
		for _, f := range c.Fields {
			claims.Rows = append(claims.Rows, append(append([]string{}, head...), f.Field, f.Old, f.New))
		}
	}
	cells := Table{Title: "table cells", Columns: []string{"change", "command", "row", "name", "column", "old", "new", "causes"}}
	for _, c := range r.Cells {
		cells.Rows = append(cells.Rows, []string{c.Change, c.Command(), c.Row, c.Name, c.Column, c.Old, c.New, join(c.Causes)})
	}
	shared := Table{Title: "shared challenges", Columns: []string{"change", "kernel a", "kernel b", "old", "new", "causes"}}
	for _, s := range r.Shared {
		shared.Rows = append(shared.Rows, []string{s.Change, s.A, s.B, join(s.Old), join(s.New), join(s.Causes)})
	}
	similar := Table{Title: "similar ranks", Columns: []string{"change", "kernel", "similar", "old rank", "new rank", "old jaccard", "new jaccard", "causes"}}
	for _, s := range r.Similar {
		similar.Rows = append(similar.Rows, []string{s.Change, s.Kernel, s.Similar, rankText(s.OldRank), rankText(s.NewRank),
			jaccardText(s.OldRank, s.OldJaccard), jaccardText(s.NewRank, s.NewJaccard), join(s.Causes)})
	}
	return []Table{sides, sum, nodes, claims, cells, shared, similar}
}

func rankText(r int) string {
	if r == 0 {
		return "-"
	}
	return strconv.Itoa(r)
}

func jaccardText(rank int, j float64) string {
	if rank == 0 {
		return "-"
	}
	return strconv.FormatFloat(j, 'f', 3, 64)
}

// Diff compares two data sets: the nodes (by ID) and claims (by identity)
// each side has alone or with different fields, then, from the same
// catalogs, what that changes: the cells of Tables 2-4 as printed and
// with studies beyond the review, the challenges each kernel pair shares,
// and each kernel's similarity ranking, each with the claims that cause
// it. Everything is sorted: nodes by kind and ID, claims by subject,
// relation, object and study, cells by table and row.
//
//	old, _ := queries.NewCatalog(ctx, oldGraph)
//	new, _ := queries.NewCatalog(ctx, newGraph)
//	res, err := queries.Diff(ctx, queries.DiffSide{Label: "v1:data", Cat: old}, queries.DiffSide{Label: "data", Cat: new})
//	for _, c := range res.Cells {
//		fmt.Println(c.Command(), c.Row, c.Column, c.Old, "->", c.New, c.Causes)
//	}
func Diff(ctx context.Context, old, new DiffSide) (DiffResult, error) {
	res := DiffResult{Old: old, New: new, Nodes: []NodeChange{}, Claims: []ClaimChange{}}
	oc, err := claimMap(ctx, old.Cat)
	if err != nil {
		return res, err
	}
	nc, err := claimMap(ctx, new.Cat)
	if err != nil {
		return res, err
	}
	res.Nodes = diffNodes(old.Cat, new.Cat)
	res.Claims = diffClaims(oc, nc)
	res.Differs = len(res.Nodes) > 0 || len(res.Claims) > 0
	d := &differ{old: old.Cat, new: new.Cat, oc: oc, nc: nc, nodes: res.Nodes, claims: res.Claims}
	if res.Cells, err = d.cells(ctx); err != nil {
		return res, err
	}
	if res.Shared, err = d.shared(ctx); err != nil {
		return res, err
	}
	if res.Similar, err = d.similar(ctx); err != nil {
		return res, err
	}
	res.Summary = summarize(res)
	return res, nil
}

func claimMap(ctx context.Context, c *Catalog) (map[string]graph.Claim, error) {
	cls, err := c.G.Claims(ctx, graph.ClaimFilter{})
	if err != nil {
		return nil, err
	}
	m := make(map[string]graph.Claim, len(cls))
	for _, cl := range cls {
		m[cl.ID] = cl
	}
	return m, nil
}

func diffNodes(old, new *Catalog) []NodeChange {
	ids := map[string]bool{}
	for _, id := range old.IDs("") {
		ids[id] = true
	}
	for _, id := range new.IDs("") {
		ids[id] = true
	}
	out := []NodeChange{}
	for _, id := range sortedSet(ids) {
		o, inOld := old.Node(id)
		n, inNew := new.Node(id)
		switch {
		case !inOld:
			out = append(out, NodeChange{Change: ChangeAdded, ID: id, Kind: n.Kind, Name: n.Name})
		case !inNew:
			out = append(out, NodeChange{Change: ChangeRemoved, ID: id, Kind: o.Kind, Name: o.Name})
		default:
			if fs := nodeFields(o, n); len(fs) > 0 {
				out = append(out, NodeChange{Change: ChangeChanged, ID: id, Kind: n.Kind, Name: n.Name, Fields: fs})
			}
		}
	}
	return out
}

// nodeFields lists the fields of a node that differ: name, aliases,
// description, in_review, each attribute by key (sorted), sources, flags.
func nodeFields(o, n graph.Node) []FieldChange {
	var out []FieldChange
	add := func(field, a, b string) {
		if a != b {
			out = append(out, FieldChange{Field: field, Old: a, New: b})
		}
	}
	add("name", o.Name, n.Name)
	add("aliases", join(o.Aliases), join(n.Aliases))
	add("description", o.Description, n.Description)
	add("in_review", strconv.FormatBool(o.InReview), strconv.FormatBool(n.InReview))
	oa, na := attrMap(o), attrMap(n)
	keys := map[string]bool{}
	for k := range oa {
		keys[k] = true
	}
	for k := range na {
		keys[k] = true
	}
	ks := make([]string, 0, len(keys))
	for k := range keys {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		add(k, oa[k], na[k])
	}
	add("sources", join(o.Sources), join(n.Sources))
	add("flags", join(o.Flags), join(n.Flags))
	return out
}

// attrMap joins the values of each attribute key (a repeated key is a
// set, kept sorted by the model) with ", ".
func attrMap(n graph.Node) map[string]string {
	m := map[string]string{}
	for _, a := range n.Attrs {
		if v, ok := m[a.Key]; ok {
			m[a.Key] = v + ", " + a.Value
		} else {
			m[a.Key] = a.Value
		}
	}
	return m
}

func diffClaims(oc, nc map[string]graph.Claim) []ClaimChange {
	out := []ClaimChange{}
	mk := func(change string, cl graph.Claim) ClaimChange {
		return ClaimChange{Change: change, Claim: cl.ID, Subject: cl.Subject, Relation: cl.Relation, Object: cl.Object, Study: cl.Study}
	}
	for id, o := range oc {
		n, ok := nc[id]
		if !ok {
			out = append(out, mk(ChangeRemoved, o))
			continue
		}
		if fs := claimFields(o, n); len(fs) > 0 {
			c := mk(ChangeChanged, n)
			c.Fields = fs
			out = append(out, c)
		}
	}
	for id, n := range nc {
		if _, ok := oc[id]; !ok {
			out = append(out, mk(ChangeAdded, n))
		}
	}
	sort.Slice(out, func(i, j int) bool { return claimLess(out[i], out[j]) })
	return out
}

func claimLess(a, b ClaimChange) bool {
	switch {
	case a.Subject != b.Subject:
		return graph.NodeLess(a.Subject, b.Subject)
	case a.Relation != b.Relation:
		return a.Relation < b.Relation
	case a.Object != b.Object:
		return graph.NodeLess(a.Object, b.Object)
	}
	return graph.NodeLess(a.Study, b.Study)
}

// claimFields lists what differs between two versions of one claim.
func claimFields(o, n graph.Claim) []FieldChange {
	var out []FieldChange
	add := func(field, a, b string) {
		if a != b {
			out = append(out, FieldChange{Field: field, Old: a, New: b})
		}
	}
	add("locator", o.Locator, n.Locator)
	add("note", o.Note, n.Note)
	add("table", tableText(o.Table), tableText(n.Table))
	add("flags", join(o.Flags), join(n.Flags))
	return out
}

func tableText(t int) string {
	if t == 0 {
		return ""
	}
	return strconv.Itoa(t)
}

// summarize counts the changes: nodes per kind (every kind either side
// has), claims, then the consequences.
func summarize(r DiffResult) []DiffCount {
	counts := map[string]*DiffCount{}
	var order []string
	row := func(what string) *DiffCount {
		c, ok := counts[what]
		if !ok {
			c = &DiffCount{What: what}
			counts[what] = c
			order = append(order, what)
		}
		return c
	}
	tally := func(c *DiffCount, change string) {
		switch change {
		case ChangeAdded:
			c.Added++
		case ChangeRemoved:
			c.Removed++
		default:
			c.Changed++
		}
	}
	present := map[graph.Kind]bool{}
	for _, cat := range []*Catalog{r.Old.Cat, r.New.Cat} {
		for _, id := range cat.IDs("") {
			present[graph.KindOf(id)] = true
		}
	}
	for _, k := range graph.Kinds {
		if present[k] {
			row(string(k))
		}
	}
	for _, n := range r.Nodes {
		tally(row(string(n.Kind)), n.Change)
	}
	tally0 := row("claims")
	for _, c := range r.Claims {
		tally(tally0, c.Change)
	}
	cells := row("table cells")
	for _, c := range r.Cells {
		tally(cells, c.Change)
	}
	shared := row("shared challenges")
	for _, s := range r.Shared {
		tally(shared, s.Change)
	}
	similar := row("similar ranks")
	for _, s := range r.Similar {
		tally(similar, s.Change)
	}
	out := make([]DiffCount, 0, len(order))
	for _, w := range order {
		out = append(out, *counts[w])
	}
	return out
}

// changeOf names a change from whether each side has the thing.
func changeOf(inOld, inNew bool) string {
	switch {
	case !inOld:
		return ChangeAdded
	case !inNew:
		return ChangeRemoved
	}
	return ChangeChanged
}
