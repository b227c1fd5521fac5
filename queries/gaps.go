package queries

import (
	"context"
	"strconv"

	"rustykg/graph"
)

// GapNode is a node the evidence does not cover.
type GapNode struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	InReview bool   `json:"in_review"`
}

// UncitedClaim is a statement only the review's own tables assert: its
// study is the review, it carries the flag no-cited-study, and no cited
// study supports the same statement.
type UncitedClaim struct {
	Subject  string         `json:"subject"`
	Relation graph.Relation `json:"relation"`
	Object   string         `json:"object"`
	Evidence Evidence       `json:"evidence"`
}

// SingleKernelChallenge is a challenge only one kernel is reported to face.
type SingleKernelChallenge struct {
	Challenge string   `json:"challenge"`
	Name      string   `json:"name"`
	Kernel    string   `json:"kernel"`
	Studies   []string `json:"studies"`
}

// Island is a group of nodes that statements link to each other but that
// the review's evidence does not reach: a connected component of the
// graph with neither the review nor a study it includes among its nodes
// or among the studies behind its statements (an outside study and the
// kernel it examines, say). A node no statement mentions is an island of
// its own.
type Island struct {
	Nodes []GapNode `json:"nodes"` // sorted by graph.NodeLess
}

// GapsResult is the answer of Gaps: what the evidence does not cover.
type GapsResult struct {
	// KernelsWithoutStudy: no statement about the kernel rests on a study
	// (none at all, or only the review's own tables).
	KernelsWithoutStudy []GapNode `json:"kernels_without_study"`
	// StudiesWithoutClaim: the study supports no statement.
	StudiesWithoutClaim []GapNode `json:"studies_without_claim"`
	// Uncited: statements asserted only by the review, with no cited study.
	Uncited []UncitedClaim `json:"uncited"`
	// SingleKernel: challenges reported for one kernel only.
	SingleKernel []SingleKernelChallenge `json:"single_kernel_challenges"`
	// Islands: what the review's evidence does not reach, ordered by
	// their first node. Empty when the data set has no review.
	Islands []Island `json:"islands"`
}

// Tables implements Result: one table per kind of gap.
func (r GapsResult) Tables() []Table {
	nodes := func(title, kind string, ns []GapNode) Table {
		t := Table{Title: title, Columns: []string{kind, "name", "in review"}}
		for _, n := range ns {
			t.Rows = append(t.Rows, []string{n.ID, n.Name, yesNo(n.InReview)})
		}
		return t
	}
	un := Table{Title: "statements only the review asserts (no cited study)", Columns: []string{"subject", "relation", "object", "locator", "note", "flags"}}
	for _, u := range r.Uncited {
		un.Rows = append(un.Rows, []string{u.Subject, string(u.Relation), u.Object, u.Evidence.Locator, u.Evidence.Note, flagMark(u.Evidence.Flags)})
	}
	one := Table{Title: "challenges reported for one kernel only", Columns: []string{"challenge", "name", "kernel", "studies"}}
	for _, s := range r.SingleKernel {
		one.Rows = append(one.Rows, []string{s.Challenge, s.Name, s.Kernel, join(s.Studies)})
	}
	isl := Table{Title: "islands: nodes the review's evidence does not reach", Columns: []string{"island", "node", "name", "in review"}}
	for i, is := range r.Islands {
		for _, n := range is.Nodes {
			isl.Rows = append(isl.Rows, []string{strconv.Itoa(i + 1), n.ID, n.Name, yesNo(n.InReview)})
		}
	}
	return []Table{
		nodes("kernels with no study", "kernel", r.KernelsWithoutStudy),
		nodes("studies with no claim", "study", r.StudiesWithoutClaim),
		un, one, isl,
	}
}

// StudyIDs implements Cited: the studies with no claim (to read them), the
// review when it alone asserts something, and the studies behind the
// single-kernel challenges. (Studies on islands support what they say
// there; they are not listed again.)
func (r GapsResult) StudyIDs() []string {
	set := map[string]bool{}
	for _, n := range r.StudiesWithoutClaim {
		set[n.ID] = true
	}
	for _, u := range r.Uncited {
		set[u.Evidence.Study] = true
	}
	for _, s := range r.SingleKernel {
		for _, st := range s.Studies {
			set[st] = true
		}
	}
	return sortedSet(set)
}

// Gaps reports what the evidence does not cover; see GapsResult.
func Gaps(ctx context.Context, c *Catalog) (GapsResult, error) {
	res := GapsResult{KernelsWithoutStudy: []GapNode{}, StudiesWithoutClaim: []GapNode{}, Uncited: []UncitedClaim{}, SingleKernel: []SingleKernelChallenge{}, Islands: []Island{}}
	cls, err := c.G.Statements(ctx, pathRelations()...)
	if err != nil {
		return res, err
	}
	review := c.G.Review()
	// Only the review's own claims need their flags and evidence.
	byReview, err := c.G.Claims(ctx, graph.ClaimFilter{Study: review})
	if err != nil {
		return res, err
	}
	type stmt struct {
		s string
		r graph.Relation
		o string
	}
	cited := map[stmt]bool{} // statements some study supports
	kernelStudied := map[string]bool{}
	studyUsed := map[string]bool{} // studies that support or are the subject of a claim
	faced := map[string]map[string][]string{}
	for _, cl := range cls {
		fromStudy := graph.KindOf(cl.Study) == graph.KindStudy
		if fromStudy {
			cited[stmt{cl.Subject, cl.Relation, cl.Object}] = true
			for _, id := range []string{cl.Subject, cl.Object} {
				if graph.KindOf(id) == graph.KindKernel {
					kernelStudied[id] = true
				}
			}
		}
		studyUsed[cl.Study] = true
		if graph.KindOf(cl.Subject) == graph.KindStudy && cl.Relation != graph.RelCites {
			studyUsed[cl.Subject] = true
		}
		if cl.Relation == graph.RelFaces {
			if faced[cl.Object] == nil {
				faced[cl.Object] = map[string][]string{}
			}
			faced[cl.Object][cl.Subject] = append(faced[cl.Object][cl.Subject], cl.Study)
		}
	}
	gap := func(id string) GapNode {
		n, _ := c.Node(id)
		return GapNode{ID: id, Name: n.Name, InReview: n.InReview}
	}
	for _, k := range c.IDs(graph.KindKernel) {
		if !kernelStudied[k] {
			res.KernelsWithoutStudy = append(res.KernelsWithoutStudy, gap(k))
		}
	}
	for _, s := range c.IDs(graph.KindStudy) {
		if !studyUsed[s] {
			res.StudiesWithoutClaim = append(res.StudiesWithoutClaim, gap(s))
		}
	}
	for _, cl := range byReview {
		if cl.Relation != graph.RelIncludes && cl.HasFlag(graph.FlagNoCitedStudy) && !cited[stmt{cl.Subject, cl.Relation, cl.Object}] {
			res.Uncited = append(res.Uncited, UncitedClaim{Subject: cl.Subject, Relation: cl.Relation, Object: cl.Object, Evidence: evidenceOf(c, cl)})
		}
	}
	for _, ch := range c.IDs(graph.KindChallenge) {
		if len(faced[ch]) != 1 {
			continue
		}
		for k, studies := range faced[ch] {
			set := map[string]bool{}
			for _, s := range studies {
				set[s] = true
			}
			res.SingleKernel = append(res.SingleKernel, SingleKernelChallenge{Challenge: ch, Name: c.Name(ch), Kernel: k, Studies: sortedSet(set)})
		}
	}
	if review != "" {
		res.Islands = islands(c, cls, gap)
	}
	return res, nil
}

// islands are the connected components of the graph of statements (cls:
// every relation but "includes", either way) that the review's evidence
// does not reach: no node of the component is the review or a study it
// includes, and the review or such a study supports none of the
// statements between its nodes. ("includes" statements would join every
// component that holds an included study to the review; asking which
// components hold one gives the same answer.) The components come from
// the statements gaps has read, not from the catalog's projection: at
// 100,000 studies, building that costs several times the rest of gaps.
func islands(c *Catalog, cls []graph.Statement, gap func(string) GapNode) []Island {
	evidence := map[string]bool{c.G.Review(): true} // the review and the studies it includes
	for _, id := range c.IDs(graph.KindStudy) {
		if n, _ := c.Node(id); n.InReview {
			evidence[id] = true
		}
	}
	ids := c.IDs("")
	comps := graph.Components(ids, cls)
	compOf := make(map[string]int, len(ids))
	reached := make([]bool, len(comps))
	for i, comp := range comps {
		for _, id := range comp {
			compOf[id] = i
			if evidence[id] {
				reached[i] = true
			}
		}
	}
	for _, s := range cls {
		if i, ok := compOf[s.Subject]; ok && evidence[s.Study] {
			reached[i] = true
		}
	}
	out := []Island{}
	for i, comp := range comps {
		if reached[i] {
			continue
		}
		is := Island{Nodes: make([]GapNode, len(comp))}
		for j, id := range comp {
			is.Nodes[j] = gap(id)
		}
		out = append(out, is)
	}
	return out
}
