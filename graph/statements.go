package graph

import (
	"context"
)

// Statement is what a claim asserts, without its evidence: the quad
// "Subject Relation Object" and the study in its label. Whole-graph
// questions (paths, similarity, matrices, gaps) need only this much; the
// locator, note and flags are on the claim (see Claims).
type Statement struct {
	Subject  string
	Relation Relation
	Object   string
	Study    string
}

// Statements reads every statement of the given relations, relation by
// relation (callers that show them sort what they show). It reads the
// index's statement keys, not the reified claim nodes. "review includes
// study" is a statement too (labelled with the review), so RelIncludes
// may be asked for. A relation no statement uses gives nothing.
//
//	sts, err := g.Statements(ctx, graph.RelFaces)
//	for _, s := range sts { fmt.Println(s.Subject, "faces", s.Object, "says", s.Study) }
func (g *Graph) Statements(ctx context.Context, rels ...Relation) ([]Statement, error) {
	x, err := g.index()
	if err != nil {
		return nil, err
	}
	return x.statements(ctx, rels)
}
