package queries

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"rustykg/graph"
)

// BeyondRow is one row of a review table recomputed over every study: what
// the review's table counts (its `table: N` claims) and what the studies
// outside the review add.
type BeyondRow struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	ReviewPapers int      `json:"review_papers"` // as the review's table counts them
	AddedPapers  int      `json:"added_papers"`  // studies outside the review
	Papers       int      `json:"papers"`        // review_papers + added_papers
	Refs         []string `json:"refs"`          // the review's reference numbers
	Studies      []string `json:"studies"`       // every supporting study
	Added        []string `json:"added"`         // the studies outside the review
	OSNames      []string `json:"os_names,omitempty"`
	AddedOSNames []string `json:"added_os_names,omitempty"` // names the review's row does not print
}

// BeyondTables is the answer of Beyond: Tables 2, 3 and 4 over all studies.
type BeyondTables struct {
	Review string      `json:"review"`
	Table2 []BeyondRow `json:"table2_approaches"`
	Table3 []BeyondRow `json:"table3_implications"`
	Table4 []BeyondRow `json:"table4_challenges"`
	// Only, when 2, 3 or 4, limits Tables and StudyIDs to that table.
	Only int `json:"-"`
}

// Tables implements Result.
func (r BeyondTables) Tables() []Table {
	lay := func(title, kind string, rows []BeyondRow, os bool) Table {
		t := Table{Title: title, Columns: []string{kind, "review", "added", "papers", "references", "added studies"}}
		if os {
			t.Columns = append(t.Columns, "OS", "added OS")
		}
		for _, row := range rows {
			cells := []string{row.Name, strconv.Itoa(row.ReviewPapers), strconv.Itoa(row.AddedPapers), strconv.Itoa(row.Papers), strings.Join(row.Refs, " "), join(row.Added)}
			if os {
				cells = append(cells, join(row.OSNames), join(row.AddedOSNames))
			}
			t.Rows = append(t.Rows, cells)
		}
		return t
	}
	all := []Table{
		lay("Table 2 with studies beyond the review: approaches (RQ1)", "approach", r.Table2, true),
		lay("Table 3 with studies beyond the review: performance implications (RQ2)", "implication", r.Table3, false),
		lay("Table 4 with studies beyond the review: challenges (RQ3)", "challenge", r.Table4, false),
	}
	if r.Only >= 2 && r.Only <= 4 {
		return all[r.Only-2 : r.Only-1]
	}
	return all
}

// MarshalJSON writes the three tables, or with Only set the one table in
// the shape `tables --table N` uses: {"table": N, "rows": [...]}.
func (r BeyondTables) MarshalJSON() ([]byte, error) {
	type all BeyondTables
	rows := map[int][]BeyondRow{2: r.Table2, 3: r.Table3, 4: r.Table4}
	if got, ok := rows[r.Only]; ok {
		return json.Marshal(struct {
			Number int         `json:"table"`
			Rows   []BeyondRow `json:"rows"`
		}{r.Only, got})
	}
	return json.Marshal(all(r))
}

// StudyIDs implements Cited.
func (r BeyondTables) StudyIDs() []string {
	set := map[string]bool{}
	for n, rows := range map[int][]BeyondRow{2: r.Table2, 3: r.Table3, 4: r.Table4} {
		if r.Only != 0 && n != r.Only {
			continue
		}
		for _, row := range rows {
			for _, s := range row.Studies {
				set[s] = true
			}
		}
	}
	return sortedSet(set)
}

// beyondTable is the review table a claim by a study outside the review
// would feed, judged by its relation and object (the rule loaders apply to
// `table: N`): 2 for follows, 3 for shows/reports to an implication, 4 for
// faces/reports to a challenge; 0 for none.
func beyondTable(cl graph.Claim) int {
	switch k := graph.KindOf(cl.Object); {
	case cl.Relation == graph.RelFollows:
		return 2
	case (cl.Relation == graph.RelShows || cl.Relation == graph.RelReports) && k == graph.KindImplication:
		return 3
	case (cl.Relation == graph.RelFaces || cl.Relation == graph.RelReports) && k == graph.KindChallenge:
		return 4
	}
	return 0
}

// Beyond recomputes the review's Tables 2-4 over every study: a row keeps
// what the review's table counts (the claims marked `table: N`, exactly as
// Tables does) and adds the studies outside the review (in_review: false)
// whose claims of the same kind bear on it, including rows the review does
// not have. The review's own studies count only where the review's tables
// count them, so the added column is what the field added, not our further
// reading of the reviewed papers. Rows are ordered by papers (most first),
// then name.
func Beyond(ctx context.Context, c *Catalog) (BeyondTables, error) {
	res := BeyondTables{Review: c.G.Review()}
	cls, err := c.G.Claims(ctx, graph.ClaimFilter{})
	if err != nil {
		return res, err
	}
	type acc struct {
		review, added, names, addedNames map[string]bool
	}
	by := map[int]map[string]*acc{2: {}, 3: {}, 4: {}}
	get := func(t int, id string) *acc {
		a := by[t][id]
		if a == nil {
			a = &acc{map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}}
			by[t][id] = a
		}
		return a
	}
	for _, cl := range cls {
		if _, ok := by[cl.Table]; ok { // the review's table, as printed
			a := get(cl.Table, cl.Object)
			if graph.KindOf(cl.Study) == graph.KindStudy {
				a.review[cl.Study] = true
			}
			if graph.KindOf(cl.Subject) == graph.KindKernel && !cl.HasFlag(graph.FlagUnnamedInTable) {
				a.names[c.Name(cl.Subject)] = true
			}
			continue
		}
		n, ok := c.Node(cl.Study)
		if !ok || n.Kind != graph.KindStudy || n.InReview {
			continue
		}
		t := beyondTable(cl)
		if t == 0 {
			continue
		}
		a := get(t, cl.Object)
		a.added[cl.Study] = true
		if graph.KindOf(cl.Subject) == graph.KindKernel {
			a.addedNames[c.Name(cl.Subject)] = true
		}
	}
	build := func(t int) []BeyondRow {
		out := []BeyondRow{}
		for id, a := range by[t] {
			review := sortedSet(a.review)
			sort.SliceStable(review, func(i, j int) bool { return refNum(c, review[i]) < refNum(c, review[j]) })
			for s := range a.review { // a study the review's table counts is not "added"
				delete(a.added, s)
			}
			added := sortedSet(a.added)
			row := BeyondRow{ID: id, Name: c.Name(id), ReviewPapers: len(review), AddedPapers: len(added),
				Papers: len(review) + len(added), Refs: []string{}, Studies: append(append([]string{}, review...), added...), Added: added}
			for _, s := range review {
				if r := c.Ref(s); r != "" {
					row.Refs = append(row.Refs, r)
				}
			}
			if t == 2 {
				row.OSNames = sortedNames(a.names)
				for name := range a.addedNames {
					if a.names[name] {
						delete(a.addedNames, name)
					}
				}
				row.AddedOSNames = sortedNames(a.addedNames)
			}
			out = append(out, row)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Papers != out[j].Papers {
				return out[i].Papers > out[j].Papers
			}
			return out[i].Name < out[j].Name
		})
		return out
	}
	res.Table2, res.Table3, res.Table4 = build(2), build(3), build(4)
	return res, nil
}
