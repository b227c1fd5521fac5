package queries

import (
	"context"

	"rustykg/graph"
)

// Statement is one claim about a node seen from that node: the relation,
// its direction, the node at the other end and the claim's evidence.
type Statement struct {
	Direction string   `json:"direction"` // "out" (node is the subject) or "in"
	Relation  string   `json:"relation"`
	Other     string   `json:"other"`
	OtherName string   `json:"other_name"`
	Evidence  Evidence `json:"evidence"`
}

// ShowResult is the answer of Show: a node with every statement about it.
type ShowResult struct {
	Node       graph.Node  `json:"node"`
	Statements []Statement `json:"statements"`
}

// Tables implements Result: the node's facts, then its statements.
func (r ShowResult) Tables() []Table {
	facts := Table{Title: r.Node.ID, Columns: []string{"field", "value"}}
	add := func(k, v string) {
		if v != "" {
			facts.Rows = append(facts.Rows, []string{k, v})
		}
	}
	add("kind", string(r.Node.Kind))
	add("name", r.Node.Name)
	add("aliases", join(r.Node.Aliases))
	add("in review", yesNo(r.Node.InReview))
	add("description", r.Node.Description)
	for _, a := range r.Node.Attrs {
		if a.Key == "bibtex" {
			continue // long; shown by --bibtex
		}
		add(a.Key, a.Value)
	}
	for _, s := range r.Node.Sources {
		add("source", s)
	}
	add("flags", join(r.Node.Flags))
	st := Table{Title: "statements", Columns: []string{"relation", "node", "name", "study", "ref", "locator", "note", "flags"}}
	for _, s := range r.Statements {
		rel := map[string]string{"out": "-> ", "in": "<- ", "supports": "supports: "}[s.Direction] + s.Relation
		e := s.Evidence
		st.Rows = append(st.Rows, []string{rel, s.Other, s.OtherName, e.Study, e.Ref, e.Locator, e.Note, flagMark(e.Flags)})
	}
	return []Table{facts, st}
}

// StudyIDs implements Cited: the studies behind the statements (and the
// node itself when it is a study).
func (r ShowResult) StudyIDs() []string {
	set := map[string]bool{}
	if r.Node.Kind == graph.KindStudy {
		set[r.Node.ID] = true
	}
	for _, s := range r.Statements {
		if graph.KindOf(s.Evidence.Study) == graph.KindStudy {
			set[s.Evidence.Study] = true
		}
	}
	return sortedSet(set)
}

// Show returns everything about one node: its facts and every claim in
// which it is the subject, the object or the supporting study, each with
// its evidence. Statements are sorted: outgoing first, then incoming.
func Show(ctx context.Context, c *Catalog, id string) (ShowResult, error) {
	n, err := c.G.Node(ctx, id)
	if err != nil {
		return ShowResult{}, err
	}
	res := ShowResult{Node: n, Statements: []Statement{}}
	out, err := c.G.Claims(ctx, graph.ClaimFilter{Subject: id})
	if err != nil {
		return res, err
	}
	for _, cl := range out {
		res.Statements = append(res.Statements, Statement{"out", string(cl.Relation), cl.Object, c.Name(cl.Object), evidenceOf(c, cl)})
	}
	in, err := c.G.Claims(ctx, graph.ClaimFilter{Object: id})
	if err != nil {
		return res, err
	}
	for _, cl := range in {
		res.Statements = append(res.Statements, Statement{"in", string(cl.Relation), cl.Subject, c.Name(cl.Subject), evidenceOf(c, cl)})
	}
	if n.Kind == graph.KindStudy || n.Kind == graph.KindReview {
		// Claims this study supports about other nodes.
		by, err := c.G.Claims(ctx, graph.ClaimFilter{Study: id})
		if err != nil {
			return res, err
		}
		for _, cl := range by {
			if cl.Subject == id || cl.Object == id {
				continue
			}
			res.Statements = append(res.Statements, Statement{"supports", string(cl.Relation), cl.Subject + " -> " + cl.Object, c.Name(cl.Subject) + " -> " + c.Name(cl.Object), evidenceOf(c, cl)})
		}
	}
	return res, nil
}
