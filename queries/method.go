package queries

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"rustykg/graph"
)

// Database is one database the review searched: its hits and search
// string as review.yaml gives them.
type Database struct {
	Name  string `json:"name"`
	Hits  int    `json:"hits"`
	Query string `json:"query"`
}

// Count is one count of the review's selection, as review.yaml's
// `counts:` gives it; Known is false when the review does not report it.
type Count struct {
	Value int  `json:"value"`
	Known bool `json:"known"`
}

// Method is the review's method, read from the review node's facts (the
// loader turns review.yaml's databases, counts, window, guideline,
// research questions, selection criteria and notes into attributes, so a
// store answers it as well as the YAML): what a report's method section
// and PRISMA flow diagram are drawn from.
type Method struct {
	Review    string     `json:"review"`
	Name      string     `json:"name"`
	Guideline string     `json:"guideline,omitempty"`
	Window    string     `json:"window,omitempty"`
	Databases []Database `json:"databases"` // sorted by name
	// Raw, Duplicates, Screened (papers kept after title and abstract
	// screening), Snowballed and Selected are review.yaml's counts.
	Raw        Count `json:"raw"`
	Duplicates Count `json:"duplicates"`
	Screened   Count `json:"screened"`
	Snowballed Count `json:"snowballed"`
	Selected   Count `json:"selected"`
	// Questions are the research questions, sorted by ID (RQ1, RQ2, ...).
	Questions []Question `json:"research_questions"`
	// Criteria are the selection criteria: the inclusion criteria, then
	// the exclusion criteria, each sorted by ID (IC2 before IC10).
	Criteria []Criterion `json:"criteria"`
	// Notes are the review's inconsistencies and our remarks on its method.
	Notes []string `json:"notes"`
}

// Question is one research question.
type Question struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// Criterion is one inclusion or exclusion criterion of the review.
type Criterion struct {
	// Kind is graph.CriterionInclusion or graph.CriterionExclusion.
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Text string `json:"text"`
	// Locator is where the review states the criterion.
	Locator string `json:"locator"`
}

// Records is the number of records screened: the hits less the
// duplicates, when both are known.
func (m Method) Records() Count {
	if !m.Raw.Known {
		return Count{}
	}
	return Count{Value: m.Raw.Value - m.Duplicates.Value, Known: true}
}

// Excluded is the number of records excluded by screening: the records
// screened less the papers kept.
func (m Method) Excluded() Count {
	r := m.Records()
	if !r.Known || !m.Screened.Known {
		return Count{}
	}
	return Count{Value: r.Value - m.Screened.Value, Known: true}
}

// Tables implements Result: the method's facts, the databases, the
// research questions and the selection criteria.
func (m Method) Tables() []Table {
	facts := Table{Title: "method", Columns: []string{"field", "value"}}
	add := func(k, v string) {
		if v != "" {
			facts.Rows = append(facts.Rows, []string{k, v})
		}
	}
	add("review", m.Review)
	add("guideline", m.Guideline)
	add("window", m.Window)
	for _, c := range []struct {
		k string
		c Count
	}{{"identified", m.Raw}, {"duplicates removed", m.Duplicates}, {"records screened", m.Records()}, {"excluded by screening", m.Excluded()}, {"kept after screening", m.Screened}, {"added by snowballing", m.Snowballed}, {"included", m.Selected}} {
		if c.c.Known {
			add(c.k, strconv.Itoa(c.c.Value))
		}
	}
	dbs := Table{Title: "databases", Columns: []string{"database", "hits", "query"}}
	for _, d := range m.Databases {
		dbs.Rows = append(dbs.Rows, []string{d.Name, strconv.Itoa(d.Hits), d.Query})
	}
	qs := Table{Title: "research questions", Columns: []string{"id", "question"}}
	for _, q := range m.Questions {
		qs.Rows = append(qs.Rows, []string{q.ID, q.Text})
	}
	cs := Table{Title: "selection criteria", Columns: []string{"kind", "id", "criterion", "locator"}}
	for _, c := range m.Criteria {
		cs.Rows = append(cs.Rows, []string{c.Kind, c.ID, c.Text, c.Locator})
	}
	return []Table{facts, dbs, qs, cs}
}

// ReviewMethod reads the method of the data set's review. A data set with
// no review gives ErrQueryData.
func ReviewMethod(ctx context.Context, c *Catalog) (Method, error) {
	id := c.G.Review()
	n, ok := c.Node(id)
	if id == "" || !ok {
		return Method{}, fmt.Errorf("%w: the data set has no review", ErrQueryData)
	}
	m := Method{Review: id, Name: n.Name, Databases: []Database{}, Questions: []Question{}, Criteria: []Criterion{}, Notes: []string{}}
	for _, a := range n.Attrs {
		if a.Key != "database" {
			continue
		}
		// "NAME: N hits" (loaders.reviewAttrs); the name may hold ": ".
		rest, ok := strings.CutSuffix(a.Value, " hits")
		i := strings.LastIndex(rest, ": ")
		if !ok || i < 0 {
			return m, fmt.Errorf("%w: %s: database %q is not \"NAME: N hits\"", ErrQueryData, id, a.Value)
		}
		hits, err := strconv.Atoi(rest[i+2:])
		if err != nil {
			return m, fmt.Errorf("%w: %s: database %q: hits: %w", ErrQueryData, id, a.Value, err)
		}
		m.Databases = append(m.Databases, Database{Name: rest[:i], Hits: hits})
	}
	crit := map[string]*Criterion{} // by kind and ID
	for _, a := range n.Attrs {
		if kind, rest, ok := strings.Cut(a.Key, "."); ok && slices.Contains(graph.CriterionKinds, kind) {
			cid, loc := strings.CutSuffix(rest, graph.CriterionLocator)
			c := crit[kind+"."+cid]
			if c == nil {
				c = &Criterion{Kind: kind, ID: cid}
				crit[kind+"."+cid] = c
			}
			if loc {
				c.Locator = a.Value
			} else {
				c.Text = a.Value
			}
			continue
		}
		switch {
		case a.Key == "guideline":
			m.Guideline = a.Value
		case a.Key == "window":
			m.Window = a.Value
		case a.Key == "note":
			m.Notes = append(m.Notes, a.Value)
		case a.Key == "query":
			// "NAME: QUERY": the longest database name that prefixes it.
			best := -1
			for i, d := range m.Databases {
				if strings.HasPrefix(a.Value, d.Name+": ") && (best < 0 || len(d.Name) > len(m.Databases[best].Name)) {
					best = i
				}
			}
			if best < 0 {
				return m, fmt.Errorf("%w: %s: query %s names no database", ErrQueryData, id, graph.Quote(a.Value))
			}
			m.Databases[best].Query = strings.TrimPrefix(a.Value, m.Databases[best].Name+": ")
		case strings.HasPrefix(a.Key, "rq."):
			m.Questions = append(m.Questions, Question{ID: strings.TrimPrefix(a.Key, "rq."), Text: a.Value})
		case strings.HasPrefix(a.Key, "count."):
			v, err := strconv.Atoi(a.Value)
			if err != nil {
				return m, fmt.Errorf("%w: %s: %s: %w", ErrQueryData, id, a.Key, err)
			}
			ct := Count{Value: v, Known: true}
			switch strings.TrimPrefix(a.Key, "count.") {
			case "raw":
				m.Raw = ct
			case "duplicates":
				m.Duplicates = ct
			case "screened":
				m.Screened = ct
			case "snowballed":
				m.Snowballed = ct
			case "selected":
				m.Selected = ct
			}
		}
	}
	sort.SliceStable(m.Databases, func(i, j int) bool { return m.Databases[i].Name < m.Databases[j].Name })
	sort.SliceStable(m.Questions, func(i, j int) bool { return rqLess(m.Questions[i].ID, m.Questions[j].ID) })
	for _, c := range crit {
		if c.Text == "" || c.Locator == "" {
			return m, fmt.Errorf("%w: %s: %s criterion %s has no text or no locator", ErrQueryData, id, c.Kind, c.ID)
		}
		m.Criteria = append(m.Criteria, *c)
	}
	sort.Slice(m.Criteria, func(i, j int) bool {
		a, b := m.Criteria[i], m.Criteria[j]
		if a.Kind != b.Kind {
			return a.Kind == graph.CriterionInclusion
		}
		return criterionLess(a.ID, b.ID)
	})
	return m, nil
}

// criterionLess orders criterion IDs by their letters, then by their
// number (IC2 before IC10); IDs without that form (from a store written
// by hand) compare as text.
func criterionLess(a, b string) bool {
	pa, na, oka := splitNumbered(a)
	pb, nb, okb := splitNumbered(b)
	if oka && okb && (pa != pb || na != nb) {
		if pa != pb {
			return pa < pb
		}
		return na < nb
	}
	return a < b
}

// splitNumbered splits "IC12" into "IC" and 12.
func splitNumbered(id string) (string, int, bool) {
	i := strings.IndexFunc(id, func(r rune) bool { return r >= '0' && r <= '9' })
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(id[i:])
	return id[:i], n, err == nil
}

// rqLess orders research question IDs by their number when both have one
// (RQ2 before RQ10), else as text.
func rqLess(a, b string) bool {
	na, ea := strconv.Atoi(strings.TrimLeft(a, "RQrq"))
	nb, eb := strconv.Atoi(strings.TrimLeft(b, "RQrq"))
	if ea == nil && eb == nil && na != nb {
		return na < nb
	}
	return a < b
}
