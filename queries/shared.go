package queries

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"rustykg/graph"
)

// facesIndex reads every "kernel faces challenge" claim once:
// kernel -> challenge -> evidence.
func facesIndex(ctx context.Context, c *Catalog) (map[string]map[string][]Evidence, error) {
	cls, err := c.G.Claims(ctx, graph.ClaimFilter{Relation: graph.RelFaces})
	if err != nil {
		return nil, err
	}
	idx := map[string]map[string][]Evidence{}
	for _, cl := range cls {
		if idx[cl.Subject] == nil {
			idx[cl.Subject] = map[string][]Evidence{}
		}
		idx[cl.Subject][cl.Object] = append(idx[cl.Subject][cl.Object], evidenceOf(c, cl))
	}
	return idx, nil
}

// SharedChallenge is one challenge every kernel of the question faces,
// with each kernel's evidence.
type SharedChallenge struct {
	Challenge string                `json:"challenge"`
	Name      string                `json:"name"`
	Studies   []string              `json:"studies"`
	Evidence  map[string][]Evidence `json:"evidence"` // by kernel; encoding/json sorts the keys
}

// SharedResult is the answer of Shared: the challenges all Kernels face.
type SharedResult struct {
	Kernels    []string          `json:"kernels"`
	Challenges []SharedChallenge `json:"challenges"`
}

// Tables implements Result.
func (r SharedResult) Tables() []Table {
	t := Table{Columns: []string{"challenge", "name", "studies"}}
	for _, k := range r.Kernels {
		t.Columns = append(t.Columns, k)
	}
	for _, ch := range r.Challenges {
		row := []string{ch.Challenge, ch.Name, join(ch.Studies)}
		for _, k := range r.Kernels {
			row = append(row, join(studyList(ch.Evidence[k])))
		}
		t.Rows = append(t.Rows, row)
	}
	return []Table{t}
}

// StudyIDs implements Cited.
func (r SharedResult) StudyIDs() []string {
	set := map[string]bool{}
	for _, ch := range r.Challenges {
		for _, s := range ch.Studies {
			set[s] = true
		}
	}
	return sortedSet(set)
}

// Shared returns the challenges that all kernels face (at least one
// kernel; IDs), each with its supporting studies per kernel.
func Shared(ctx context.Context, c *Catalog, kernels []string) (SharedResult, error) {
	res := SharedResult{Kernels: kernels, Challenges: []SharedChallenge{}}
	if len(kernels) == 0 {
		return res, fmt.Errorf("%w: name at least one kernel", ErrBadQuery)
	}
	for _, k := range kernels {
		if err := requireKind(k, graph.KindKernel); err != nil {
			return res, err
		}
	}
	// The challenges every kernel faces, from the faces projection; then
	// the claims (the evidence) of those pairs only.
	var common []string
	for i, k := range kernels {
		fs, err := c.G.FacedBy(ctx, k)
		if err != nil {
			return res, err
		}
		theirs := make(map[string]bool, len(fs))
		for _, f := range fs {
			theirs[f.Object] = true
		}
		if i == 0 {
			for _, f := range fs {
				common = append(common, f.Object)
			}
			continue
		}
		kept := common[:0]
		for _, ch := range common {
			if theirs[ch] {
				kept = append(kept, ch)
			}
		}
		common = kept
	}
	// Only challenge nodes count, in graph.NodeLess order.
	if err := c.Prefetch(ctx, common); err != nil {
		return res, err
	}
	var chs []string
	for _, ch := range common {
		if n, ok := c.Node(ch); ok && n.Kind == graph.KindChallenge {
			chs = append(chs, ch)
		}
	}
	sort.Slice(chs, func(i, j int) bool { return graph.NodeLess(chs[i], chs[j]) })
	cls, err := pairClaims(ctx, c, kernels, chs)
	if err != nil {
		return res, err
	}
	for _, ch := range chs {
		sc := SharedChallenge{Challenge: ch, Name: c.Name(ch), Evidence: map[string][]Evidence{}}
		studies := map[string]bool{}
		for _, k := range kernels {
			ev := make([]Evidence, len(cls[k][ch]))
			for i, cl := range cls[k][ch] {
				ev[i] = evidenceOf(c, cl)
				studies[cl.Study] = true
			}
			sc.Evidence[k] = ev
		}
		sc.Studies = sortedSet(studies)
		res.Challenges = append(res.Challenges, sc)
	}
	return res, nil
}

// maxPairReads is the most (kernel, challenge) pairs pairClaims reads one
// by one; past it, it reads each kernel's "faces" claims at once (on
// PostgreSQL a read is a round trip).
const maxPairReads = 16

// pairClaims reads the "faces" claims of each kernel and challenge of chs:
// kernel -> challenge -> claims, sorted as Claims sorts them.
func pairClaims(ctx context.Context, c *Catalog, kernels, chs []string) (map[string]map[string][]graph.Claim, error) {
	out := map[string]map[string][]graph.Claim{}
	want := make(map[string]bool, len(chs))
	for _, ch := range chs {
		want[ch] = true
	}
	for _, k := range kernels {
		if out[k] != nil {
			continue
		}
		out[k] = map[string][]graph.Claim{}
		if len(chs)*len(kernels) <= maxPairReads {
			for _, ch := range chs {
				cls, err := c.G.Claims(ctx, graph.ClaimFilter{Subject: k, Relation: graph.RelFaces, Object: ch})
				if err != nil {
					return nil, err
				}
				out[k][ch] = cls
			}
			continue
		}
		cls, err := c.G.Claims(ctx, graph.ClaimFilter{Subject: k, Relation: graph.RelFaces})
		if err != nil {
			return nil, err
		}
		for _, cl := range cls {
			if want[cl.Object] {
				out[k][cl.Object] = append(out[k][cl.Object], cl)
			}
		}
	}
	return out, nil
}

// ChallengeKernel is one kernel that faces a challenge, with its evidence.
type ChallengeKernel struct {
	Kernel   string     `json:"kernel"`
	Name     string     `json:"name"`
	Evidence []Evidence `json:"evidence"`
}

// ChallengeKernels is the answer of KernelsFacing.
type ChallengeKernels struct {
	Challenge string            `json:"challenge"`
	Kernels   []ChallengeKernel `json:"kernels"`
}

// Tables implements Result.
func (r ChallengeKernels) Tables() []Table {
	t := Table{Columns: []string{"kernel", "name", "studies"}}
	for _, k := range r.Kernels {
		t.Rows = append(t.Rows, []string{k.Kernel, k.Name, join(studyList(k.Evidence))})
	}
	return []Table{t}
}

// StudyIDs implements Cited.
func (r ChallengeKernels) StudyIDs() []string {
	set := map[string]bool{}
	for _, k := range r.Kernels {
		for _, e := range k.Evidence {
			set[e.Study] = true
		}
	}
	return sortedSet(set)
}

// KernelsFacing lists the kernels that face challenge ch.
func KernelsFacing(ctx context.Context, c *Catalog, ch string) (ChallengeKernels, error) {
	res := ChallengeKernels{Challenge: ch, Kernels: []ChallengeKernel{}}
	if err := requireKind(ch, graph.KindChallenge); err != nil {
		return res, err
	}
	idx, err := facesIndex(ctx, c)
	if err != nil {
		return res, err
	}
	for _, k := range c.IDs(graph.KindKernel) {
		if ev := idx[k][ch]; len(ev) > 0 {
			res.Kernels = append(res.Kernels, ChallengeKernel{Kernel: k, Name: c.Name(k), Evidence: ev})
		}
	}
	return res, nil
}

// KernelPair is two kernels and the challenges both face.
type KernelPair struct {
	A          string   `json:"a"`
	B          string   `json:"b"`
	Shared     int      `json:"shared"`
	Challenges []string `json:"challenges"`
	Studies    []string `json:"studies"`
}

// PairRanking is the answer of SharedPairs.
type PairRanking struct {
	Pairs []KernelPair `json:"pairs"`
}

// Tables implements Result.
func (r PairRanking) Tables() []Table {
	t := Table{Columns: []string{"kernel a", "kernel b", "shared", "challenges", "studies"}}
	for _, p := range r.Pairs {
		t.Rows = append(t.Rows, []string{p.A, p.B, strconv.Itoa(p.Shared), join(p.Challenges), join(p.Studies)})
	}
	return []Table{t}
}

// StudyIDs implements Cited.
func (r PairRanking) StudyIDs() []string {
	set := map[string]bool{}
	for _, p := range r.Pairs {
		for _, s := range p.Studies {
			set[s] = true
		}
	}
	return sortedSet(set)
}

// SharedPairs ranks kernel pairs that share at least one challenge by the
// number they share (most first; ties by IDs).
func SharedPairs(ctx context.Context, c *Catalog) (PairRanking, error) {
	res := PairRanking{Pairs: []KernelPair{}}
	idx, err := facesIndex(ctx, c)
	if err != nil {
		return res, err
	}
	kernels := c.IDs(graph.KindKernel)
	// Each kernel's challenges in ID order, so that a pair's shared ones
	// are the merge of two short lists rather than a scan of every
	// challenge (200 kernels and 300 challenges took seconds).
	faced := map[string][]string{}
	for _, ch := range c.IDs(graph.KindChallenge) {
		for _, k := range kernels {
			if len(idx[k][ch]) > 0 {
				faced[k] = append(faced[k], ch)
			}
		}
	}
	for i, a := range kernels {
		for _, b := range kernels[i+1:] {
			p := KernelPair{A: a, B: b, Challenges: []string{}}
			studies := map[string]bool{}
			fa, fb := faced[a], faced[b]
			for x, y := 0, 0; x < len(fa) && y < len(fb); {
				switch ch := fa[x]; {
				case ch == fb[y]:
					p.Challenges = append(p.Challenges, ch)
					for _, e := range idx[a][ch] {
						studies[e.Study] = true
					}
					for _, e := range idx[b][ch] {
						studies[e.Study] = true
					}
					x++
					y++
				case graph.NodeLess(ch, fb[y]):
					x++
				default:
					y++
				}
			}
			if p.Shared = len(p.Challenges); p.Shared > 0 {
				p.Studies = sortedSet(studies)
				res.Pairs = append(res.Pairs, p)
			}
		}
	}
	sort.SliceStable(res.Pairs, func(i, j int) bool { return res.Pairs[i].Shared > res.Pairs[j].Shared })
	return res, nil
}

// EvidenceResult is the answer of EvidenceFor: the support for "Kernel
// faces Challenge".
type EvidenceResult struct {
	Kernel    string     `json:"kernel"`
	Challenge string     `json:"challenge"`
	Evidence  []Evidence `json:"evidence"`
}

// Tables implements Result.
func (r EvidenceResult) Tables() []Table {
	t := Table{Columns: []string{"study", "ref", "locator", "note", "flags"}}
	for _, e := range r.Evidence {
		t.Rows = append(t.Rows, []string{e.Study, e.Ref, e.Locator, e.Note, flagMark(e.Flags)})
	}
	return []Table{t}
}

// StudyIDs implements Cited.
func (r EvidenceResult) StudyIDs() []string { return studyList(r.Evidence) }

// EvidenceFor returns the studies, locators and notes behind "kernel
// faces challenge". No claim is an empty answer, not an error.
func EvidenceFor(ctx context.Context, c *Catalog, kernel, challenge string) (EvidenceResult, error) {
	res := EvidenceResult{Kernel: kernel, Challenge: challenge, Evidence: []Evidence{}}
	if err := requireKind(kernel, graph.KindKernel); err != nil {
		return res, err
	}
	if err := requireKind(challenge, graph.KindChallenge); err != nil {
		return res, err
	}
	cls, err := c.G.Claims(ctx, graph.ClaimFilter{Subject: kernel, Relation: graph.RelFaces, Object: challenge})
	if err != nil {
		return res, err
	}
	for _, cl := range cls {
		res.Evidence = append(res.Evidence, evidenceOf(c, cl))
	}
	return res, nil
}
