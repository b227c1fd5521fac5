package queries

import (
	"context"
	"fmt"
	"sort"
	"strings"

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
	locators := map[string]string{}
	for _, a := range r.Node.Attrs {
		if k, ok := strings.CutSuffix(a.Key, ".locator"); ok {
			locators[k] = a.Value
		}
	}
	for _, a := range r.Node.Attrs {
		if a.Key == "bibtex" {
			continue // long; shown by --bibtex
		}
		if k, ok := strings.CutSuffix(a.Key, ".locator"); ok && r.Node.Attr(k) != "" {
			continue // shown with k
		}
		v := a.Value
		if loc := locators[a.Key]; loc != "" {
			v += " (" + loc + ")"
		}
		add(attrLabel(a.Key), v)
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

// attrLabel is how the table shows an attribute key: a group and a member
// ("inclusion.IC1", "count.raw") as two words.
func attrLabel(key string) string {
	return strings.Replace(key, ".", " ", 1)
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

// ClaimResult is the answer of ShowClaim: one statement with its evidence
// and the names of the nodes it links.
type ClaimResult struct {
	Claim       graph.Claim `json:"claim"`
	SubjectName string      `json:"subject_name"`
	ObjectName  string      `json:"object_name"`
	StudyName   string      `json:"study_name"`
	Ref         string      `json:"ref,omitempty"` // the study's reference number in the review
}

// Tables implements Result: the claim's fields, one per row.
func (r ClaimResult) Tables() []Table {
	t := Table{Title: r.Claim.ID, Columns: []string{"field", "value"}}
	add := func(k, v string) {
		if v != "" {
			t.Rows = append(t.Rows, []string{k, v})
		}
	}
	cl := r.Claim
	add("kind", string(graph.KindClaim))
	add("subject", cl.Subject)
	add("subject name", r.SubjectName)
	add("relation", string(cl.Relation))
	add("object", cl.Object)
	add("object name", r.ObjectName)
	add("study", cl.Study)
	add("study name", r.StudyName)
	add("ref", r.Ref)
	add("locator", cl.Locator)
	add("note", cl.Note)
	if cl.Table != 0 {
		add("review table", fmt.Sprint(cl.Table))
	}
	add("flags", join(cl.Flags))
	return []Table{t}
}

// StudyIDs implements Cited: the claim's study.
func (r ClaimResult) StudyIDs() []string {
	if graph.KindOf(r.Claim.Study) == graph.KindStudy {
		return []string{r.Claim.Study}
	}
	return nil
}

// minClaimPrefix is the shortest claim ID prefix ShowClaim expands.
const minClaimPrefix = 4

// ShowClaim returns one claim with the names of the nodes it links. The
// ID may be shortened, as Git shortens commit hashes: "claim:7938a3" finds
// claim:7938a392ab06 when no other claim ID starts so (at least
// minClaimPrefix hex digits). An unknown ID is a *NoMatchError, a prefix
// of several an error wrapping ErrAmbiguous.
func ShowClaim(ctx context.Context, c *Catalog, id string) (ClaimResult, error) {
	cls, err := c.G.Claims(ctx, graph.ClaimFilter{ID: id})
	if err != nil {
		return ClaimResult{}, err
	}
	if len(cls) == 0 && len(graph.Slug(id)) >= minClaimPrefix {
		all, err := c.G.ClaimsWithPrefix(ctx, id)
		if err != nil {
			return ClaimResult{}, err
		}
		var ids []string
		for _, cl := range all {
			cls = append(cls, cl)
			ids = append(ids, cl.ID)
		}
		if len(cls) > 1 {
			sort.Strings(ids)
			return ClaimResult{}, fmt.Errorf("%w: %s could be %s", ErrAmbiguous, graph.Quote(id), join(ids[:min(len(ids), maxSuggestions)]))
		}
	}
	if len(cls) != 1 {
		return ClaimResult{}, &NoMatchError{Input: id, Kinds: []graph.Kind{graph.KindClaim}}
	}
	cl := cls[0]
	return ClaimResult{Claim: cl, SubjectName: c.Name(cl.Subject), ObjectName: c.Name(cl.Object), StudyName: c.Name(cl.Study), Ref: c.Ref(cl.Study)}, nil
}
