package queries

import (
	"context"
	"fmt"
	"strconv"

	"rustykg/graph"
)

// KernelRow is one kernel with its approaches and challenges.
type KernelRow struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	InReview   bool     `json:"in_review"`
	Approaches []string `json:"approaches"`
	Challenges []string `json:"challenges"`
	Studies    []string `json:"studies"` // every study behind a claim about the kernel
}

// KernelList is the answer of Kernels.
type KernelList struct {
	Approach  string      `json:"approach,omitempty"`
	Challenge string      `json:"challenge,omitempty"`
	Kernels   []KernelRow `json:"kernels"`
}

// Tables implements Result.
func (r KernelList) Tables() []Table {
	t := Table{Columns: []string{"kernel", "name", "in review", "approaches", "challenges", "studies"}}
	for _, k := range r.Kernels {
		t.Rows = append(t.Rows, []string{k.ID, k.Name, yesNo(k.InReview), join(k.Approaches), join(k.Challenges), strconv.Itoa(len(k.Studies))})
	}
	return []Table{t}
}

// Kernels lists kernels, optionally only those that follow approach and
// face challenge (IDs; empty means any).
func Kernels(ctx context.Context, c *Catalog, approach, challenge string) (KernelList, error) {
	res := KernelList{Approach: approach, Challenge: challenge, Kernels: []KernelRow{}}
	// One scan of every claim, grouped by kernel, as kernelRow groups one
	// kernel's: two queries per kernel made the listing cost kernels x
	// claims (minutes at tens of thousands of kernels).
	all, err := c.G.Claims(ctx, graph.ClaimFilter{})
	if err != nil {
		return res, err
	}
	byKernel := map[string][]graph.Claim{}
	for _, cl := range all {
		if graph.KindOf(cl.Subject) == graph.KindKernel {
			byKernel[cl.Subject] = append(byKernel[cl.Subject], cl)
		}
		if cl.Relation == graph.RelExamines && cl.Object != cl.Subject && graph.KindOf(cl.Object) == graph.KindKernel {
			byKernel[cl.Object] = append(byKernel[cl.Object], cl)
		}
	}
	for _, id := range c.IDs(graph.KindKernel) {
		row := kernelRowOf(c, id, byKernel[id])
		if approach != "" && !contains(row.Approaches, approach) {
			continue
		}
		if challenge != "" && !contains(row.Challenges, challenge) {
			continue
		}
		res.Kernels = append(res.Kernels, row)
	}
	return res, nil
}

// kernelRow reads the row of one kernel.
func kernelRow(ctx context.Context, c *Catalog, id string) (KernelRow, error) {
	out, err := c.G.Claims(ctx, graph.ClaimFilter{Subject: id})
	if err != nil {
		return KernelRow{}, err
	}
	in, err := c.G.Claims(ctx, graph.ClaimFilter{Object: id, Relation: graph.RelExamines})
	if err != nil {
		return KernelRow{}, err
	}
	return kernelRowOf(c, id, append(out, in...)), nil
}

// kernelRowOf is the row of kernel id from the claims about it: those with
// it as subject, and the examines claims with it as object.
func kernelRowOf(c *Catalog, id string, claims []graph.Claim) KernelRow {
	n, _ := c.Node(id)
	row := KernelRow{ID: id, Name: n.Name, InReview: n.InReview, Approaches: []string{}, Challenges: []string{}, Studies: []string{}}
	appr, chal, studies := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, cl := range claims {
		studies[cl.Study] = true
		switch cl.Relation {
		case graph.RelFollows:
			appr[cl.Object] = true
		case graph.RelFaces:
			chal[cl.Object] = true
		}
	}
	row.Approaches, row.Challenges, row.Studies = sortedSet(appr), sortedSet(chal), sortedSet(studies)
	return row
}

// ChallengeRow is one challenge with the kernels that face it and the
// studies that report it.
type ChallengeRow struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Kernels []string `json:"kernels"`
	Studies []string `json:"studies"`
}

// ChallengeList is the answer of Challenges.
type ChallengeList struct {
	Kernel     string         `json:"kernel,omitempty"`
	Challenges []ChallengeRow `json:"challenges"`
}

// Tables implements Result.
func (r ChallengeList) Tables() []Table {
	t := Table{Columns: []string{"challenge", "name", "kernels", "studies"}}
	for _, ch := range r.Challenges {
		t.Rows = append(t.Rows, []string{ch.ID, ch.Name, join(ch.Kernels), join(ch.Studies)})
	}
	return []Table{t}
}

// Challenges lists challenges; with kernel, only those the kernel faces,
// and the studies that say so.
func Challenges(ctx context.Context, c *Catalog, kernel string) (ChallengeList, error) {
	res := ChallengeList{Kernel: kernel, Challenges: []ChallengeRow{}}
	for _, id := range c.IDs(graph.KindChallenge) {
		kernels, studies, err := challengeSupport(ctx, c, id, kernel)
		if err != nil {
			return res, err
		}
		if kernel != "" && len(kernels) == 0 {
			continue
		}
		res.Challenges = append(res.Challenges, ChallengeRow{ID: id, Name: c.Name(id), Kernels: kernels, Studies: studies})
	}
	return res, nil
}

// challengeSupport returns the kernels facing challenge (only kernel, when
// given) and the studies behind those claims and behind studies' own
// reports of it.
func challengeSupport(ctx context.Context, c *Catalog, challenge, kernel string) (kernels, studies []string, err error) {
	cls, err := c.G.Claims(ctx, graph.ClaimFilter{Object: challenge})
	if err != nil {
		return nil, nil, err
	}
	ks, ss := map[string]bool{}, map[string]bool{}
	for _, cl := range cls {
		switch {
		case cl.Relation == graph.RelFaces && (kernel == "" || cl.Subject == kernel):
			ks[cl.Subject] = true
			ss[cl.Study] = true
		case cl.Relation == graph.RelReports && kernel == "":
			ss[cl.Study] = true
		}
	}
	return sortedSet(ks), sortedSet(ss), nil
}

// StudyRow is one study with its bibliographic data.
type StudyRow struct {
	ID       string `json:"id"`
	Ref      string `json:"ref,omitempty"`
	Year     string `json:"year"`
	Title    string `json:"title"`
	Authors  string `json:"authors"`
	Venue    string `json:"venue,omitempty"`
	DOI      string `json:"doi,omitempty"`
	URL      string `json:"url,omitempty"`
	InReview bool   `json:"in_review"`
}

// StudyList is the answer of Studies.
type StudyList struct {
	Kernel    string     `json:"kernel,omitempty"`
	Challenge string     `json:"challenge,omitempty"`
	Studies   []StudyRow `json:"studies"`
}

// Tables implements Result.
func (r StudyList) Tables() []Table {
	t := Table{Columns: []string{"study", "ref", "year", "title", "venue", "in review"}}
	for _, s := range r.Studies {
		t.Rows = append(t.Rows, []string{s.ID, s.Ref, s.Year, s.Title, s.Venue, yesNo(s.InReview)})
	}
	return []Table{t}
}

// StudyIDs implements Cited: the studies of the answer.
func (r StudyList) StudyIDs() []string {
	out := make([]string, len(r.Studies))
	for i, s := range r.Studies {
		out[i] = s.ID
	}
	return out
}

// Studies lists studies; with kernel, those behind any claim about the
// kernel (including "examines"); with challenge, those behind any claim
// that a kernel faces it or that a study reports it. Both filters combine.
func Studies(ctx context.Context, c *Catalog, kernel, challenge string) (StudyList, error) {
	res := StudyList{Kernel: kernel, Challenge: challenge, Studies: []StudyRow{}}
	keep := func(string) bool { return true }
	if kernel != "" {
		row, err := kernelRow(ctx, c, kernel)
		if err != nil {
			return res, err
		}
		set := toSet(row.Studies)
		keep = func(id string) bool { return set[id] }
	}
	if challenge != "" {
		_, studies, err := challengeSupport(ctx, c, challenge, kernel)
		if err != nil {
			return res, err
		}
		prev, set := keep, toSet(studies)
		keep = func(id string) bool { return prev(id) && set[id] }
	}
	for _, id := range c.IDs(graph.KindStudy) {
		if keep(id) {
			res.Studies = append(res.Studies, studyRow(c, id))
		}
	}
	return res, nil
}

func studyRow(c *Catalog, id string) StudyRow {
	n, _ := c.Node(id)
	return StudyRow{
		ID: id, Ref: c.Ref(id), Year: n.Attr("year"), Title: n.Attr("title"), Authors: n.Attr("authors"),
		Venue: n.Attr("venue"), DOI: n.Attr("doi"), URL: n.Attr("url"), InReview: n.InReview,
	}
}

func toSet(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// requireKind checks that id is of kind k.
func requireKind(id string, k graph.Kind) error {
	if graph.KindOf(id) != k {
		return fmt.Errorf("%w: %s is not a %s", ErrBadQuery, id, k)
	}
	return nil
}
