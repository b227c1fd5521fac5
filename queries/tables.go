package queries

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"rustykg/graph"
)

// ReviewRow is one row of a review table: a category (approach,
// implication or challenge), the studies that support it and, for Table 2,
// the OS names.
type ReviewRow struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Papers  int      `json:"papers"`
	Refs    []string `json:"refs"`    // the review's reference numbers, e.g. "[2]"
	Studies []string `json:"studies"` // study IDs
	Kernels []string `json:"kernels,omitempty"`
	OSNames []string `json:"os_names,omitempty"`
}

// ReviewTables is the answer of Tables: the review's Tables 2, 3 and 4,
// computed from the claims that carry `table: N`.
type ReviewTables struct {
	Review string      `json:"review"`
	Table2 []ReviewRow `json:"table2_approaches"`
	Table3 []ReviewRow `json:"table3_implications"`
	Table4 []ReviewRow `json:"table4_challenges"`
}

// Tables implements Result.
func (r ReviewTables) Tables() []Table {
	t2 := Table{Title: "Table 2: approaches (RQ1)", Columns: []string{"approach", "papers", "references", "OS"}}
	for _, row := range r.Table2 {
		t2.Rows = append(t2.Rows, []string{row.Name, strconv.Itoa(row.Papers), strings.Join(row.Refs, " "), join(row.OSNames)})
	}
	t3 := Table{Title: "Table 3: performance implications (RQ2)", Columns: []string{"implication", "studies", "references"}}
	for _, row := range r.Table3 {
		t3.Rows = append(t3.Rows, []string{row.Name, strconv.Itoa(row.Papers), strings.Join(row.Refs, " ")})
	}
	t4 := Table{Title: "Table 4: challenges unique to Rust (RQ3)", Columns: []string{"challenge", "studies", "references"}}
	for _, row := range r.Table4 {
		t4.Rows = append(t4.Rows, []string{row.Name, strconv.Itoa(row.Papers), strings.Join(row.Refs, " ")})
	}
	return []Table{t2, t3, t4}
}

// StudyIDs implements Cited.
func (r ReviewTables) StudyIDs() []string {
	set := map[string]bool{}
	for _, rows := range [][]ReviewRow{r.Table2, r.Table3, r.Table4} {
		for _, row := range rows {
			for _, s := range row.Studies {
				set[s] = true
			}
		}
	}
	return sortedSet(set)
}

// Tables recomputes the review's Tables 2-4 from the claims marked with
// the table they feed. A row's papers are the distinct studies of its
// claims, not counting the review itself (an OS name the review prints
// with no cited study adds a name, not a paper). Rows are ordered by
// papers (most first), then name; references by number.
func Tables(ctx context.Context, c *Catalog) (ReviewTables, error) {
	res := ReviewTables{Review: c.G.Review()}
	cls, err := c.G.Claims(ctx, graph.ClaimFilter{})
	if err != nil {
		return res, err
	}
	type acc struct {
		studies, kernels, names map[string]bool
	}
	by := map[int]map[string]*acc{2: {}, 3: {}, 4: {}}
	for _, cl := range cls {
		rows, ok := by[cl.Table]
		if !ok {
			continue
		}
		a := rows[cl.Object]
		if a == nil {
			a = &acc{map[string]bool{}, map[string]bool{}, map[string]bool{}}
			rows[cl.Object] = a
		}
		if graph.KindOf(cl.Study) == graph.KindStudy {
			a.studies[cl.Study] = true
		}
		if graph.KindOf(cl.Subject) == graph.KindKernel {
			a.kernels[cl.Subject] = true
			if !cl.HasFlag(graph.FlagUnnamedInTable) {
				a.names[c.Name(cl.Subject)] = true
			}
		}
	}
	build := func(t int) []ReviewRow {
		var out []ReviewRow
		for id, a := range by[t] {
			studies := sortedSet(a.studies)
			sort.SliceStable(studies, func(i, j int) bool { return refNum(c, studies[i]) < refNum(c, studies[j]) })
			row := ReviewRow{ID: id, Name: c.Name(id), Papers: len(studies), Studies: studies, Refs: []string{}}
			for _, s := range studies {
				if r := c.Ref(s); r != "" {
					row.Refs = append(row.Refs, r)
				}
			}
			if t == 2 {
				row.Kernels = sortedSet(a.kernels)
				row.OSNames = sortedNames(a.names)
			}
			out = append(out, row)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Papers != out[j].Papers {
				return out[i].Papers > out[j].Papers
			}
			return out[i].Name < out[j].Name
		})
		if out == nil {
			out = []ReviewRow{}
		}
		return out
	}
	res.Table2, res.Table3, res.Table4 = build(2), build(3), build(4)
	return res, nil
}

// refNum is a study's reference number in the review, or a large number
// for studies the review does not number.
func refNum(c *Catalog, id string) int {
	n, _ := c.Node(id)
	if v, err := strconv.Atoi(n.Attr("ref")); err == nil {
		return v
	}
	return 1 << 30
}

func sortedNames(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// OneTable is one of the review's tables on its own.
type OneTable struct {
	Number int         `json:"table"`
	Rows   []ReviewRow `json:"rows"`
	table  Table
	cited  []string
}

// Tables implements Result.
func (t OneTable) Tables() []Table { return []Table{t.table} }

// StudyIDs implements Cited.
func (t OneTable) StudyIDs() []string { return t.cited }

// Only returns table n (2, 3 or 4) alone.
func (r ReviewTables) Only(n int) OneTable {
	rows := map[int][]ReviewRow{2: r.Table2, 3: r.Table3, 4: r.Table4}[n]
	cited := ReviewTables{Review: r.Review}
	switch n {
	case 2:
		cited.Table2 = rows
	case 3:
		cited.Table3 = rows
	case 4:
		cited.Table4 = rows
	}
	return OneTable{Number: n, Rows: rows, table: r.Tables()[n-2], cited: cited.StudyIDs()}
}
