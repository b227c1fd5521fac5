package queries

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"rustykg/graph"
)

// SimilarKernel is one kernel compared with the query kernel: the Jaccard
// similarity of their challenge sets (|shared| / |union|), the shared
// challenges, the challenges only one of them faces, and the studies
// behind the shared ones (both kernels' evidence).
type SimilarKernel struct {
	Kernel      string   `json:"kernel"`
	Name        string   `json:"name"`
	Jaccard     float64  `json:"jaccard"`
	Shared      []string `json:"shared"`
	OnlyQuery   []string `json:"only_query"` // faced by the query kernel only
	OnlyThis    []string `json:"only_this"`  // faced by this kernel only
	Studies     []string `json:"studies"`
	intersect   int
	unionLength int
}

// SimilarResult is the answer of Similar.
type SimilarResult struct {
	Kernel     string          `json:"kernel"`
	Challenges []string        `json:"challenges"` // the query kernel's
	Similar    []SimilarKernel `json:"similar"`
}

// Tables implements Result.
func (r SimilarResult) Tables() []Table {
	t := Table{Columns: []string{"kernel", "name", "jaccard", "shared", "only " + graph.Slug(r.Kernel), "only this"}}
	for _, s := range r.Similar {
		t.Rows = append(t.Rows, []string{s.Kernel, s.Name, strconv.FormatFloat(s.Jaccard, 'f', 3, 64), join(s.Shared), join(s.OnlyQuery), join(s.OnlyThis)})
	}
	return []Table{t}
}

// StudyIDs implements Cited: the studies behind the shared challenges.
func (r SimilarResult) StudyIDs() []string {
	set := map[string]bool{}
	for _, s := range r.Similar {
		for _, st := range s.Studies {
			set[st] = true
		}
	}
	return sortedSet(set)
}

// Similar ranks the kernels that share at least one challenge with kernel
// by the Jaccard similarity of their challenge sets, most similar first
// (ties: more shared challenges first, then ID). top > 0 keeps the first
// top kernels. Similarities are compared as exact fractions, so the order
// never depends on floating-point rounding.
func Similar(ctx context.Context, c *Catalog, kernel string, top int) (SimilarResult, error) {
	res := SimilarResult{Kernel: kernel, Challenges: []string{}, Similar: []SimilarKernel{}}
	if err := requireKind(kernel, graph.KindKernel); err != nil {
		return res, err
	}
	if top < 0 {
		return res, fmt.Errorf("%w: --top must not be negative, got %d", ErrBadQuery, top)
	}
	// The query kernel's challenges, then from each the kernels that face
	// it with the size of their challenge sets: enough to rank, without
	// reading any other kernel's challenges (the faces projection).
	mine, err := facesOf(ctx, c, kernel)
	if err != nil {
		return res, err
	}
	res.Challenges = sortedKeys(mine)
	type cand struct{ intersect, size int }
	cands := map[string]*cand{}
	facing, err := c.G.FacingOfEach(ctx, res.Challenges)
	if err != nil {
		return res, err
	}
	for _, fs := range facing {
		for _, f := range fs {
			if f.Subject == kernel {
				continue
			}
			if cands[f.Subject] == nil {
				cands[f.Subject] = &cand{size: f.Objects}
			}
			cands[f.Subject].intersect++
		}
	}
	// Rank by counts first; the lists and studies (most of the work when
	// thousands of kernels share a common challenge) only for those kept.
	for k, cd := range cands {
		s := SimilarKernel{Kernel: k, intersect: cd.intersect}
		s.unionLength = len(mine) + cd.size - s.intersect
		res.Similar = append(res.Similar, s)
	}
	sort.Slice(res.Similar, func(i, j int) bool {
		a, b := res.Similar[i], res.Similar[j]
		// a.intersect/a.union > b.intersect/b.union, exactly.
		if l, r := a.intersect*b.unionLength, b.intersect*a.unionLength; l != r {
			return l > r
		}
		if a.intersect != b.intersect {
			return a.intersect > b.intersect
		}
		return a.Kernel < b.Kernel
	})
	if top > 0 && len(res.Similar) > top {
		res.Similar = res.Similar[:top]
	}
	kept := make([]string, len(res.Similar))
	for i, s := range res.Similar {
		kept[i] = s.Kernel
	}
	if err := c.Prefetch(ctx, kept); err != nil {
		return res, err
	}
	faced, err := facesOfAll(ctx, c, kept)
	if err != nil {
		return res, err
	}
	for i := range res.Similar {
		s := &res.Similar[i]
		theirs := faced[s.Kernel]
		s.Name, s.Shared, s.OnlyQuery, s.OnlyThis = c.Name(s.Kernel), []string{}, []string{}, []string{}
		studies := map[string]bool{}
		for _, ch := range res.Challenges {
			if ev, ok := theirs[ch]; ok {
				s.Shared = append(s.Shared, ch)
				for _, st := range mine[ch] {
					studies[st] = true
				}
				for _, st := range ev {
					studies[st] = true
				}
			} else {
				s.OnlyQuery = append(s.OnlyQuery, ch)
			}
		}
		for _, ch := range sortedKeys(theirs) {
			if _, ok := mine[ch]; !ok {
				s.OnlyThis = append(s.OnlyThis, ch)
			}
		}
		s.Jaccard = float64(s.intersect) / float64(s.unionLength)
		s.Studies = sortedSet(studies)
	}
	return res, nil
}

// facesOf reads the challenges kernel faces: challenge -> supporting
// studies.
func facesOf(ctx context.Context, c *Catalog, kernel string) (map[string][]string, error) {
	fs, err := c.G.FacedBy(ctx, kernel)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(fs))
	for _, f := range fs {
		out[f.Object] = f.Studies
	}
	return out, nil
}

// maxKernelReads is the most kernels facesOfAll reads by kernel (in one
// batch); past it, it reads every pair at once.
const maxKernelReads = 64

// facesOfAll is facesOf for each of kernels: kernel -> challenge ->
// supporting studies.
func facesOfAll(ctx context.Context, c *Catalog, kernels []string) (map[string]map[string][]string, error) {
	out := make(map[string]map[string][]string, len(kernels))
	if len(kernels) <= maxKernelReads {
		each, err := c.G.FacedByEach(ctx, kernels)
		if err != nil {
			return nil, err
		}
		for i, fs := range each {
			m := make(map[string][]string, len(fs))
			for _, f := range fs {
				m[f.Object] = f.Studies
			}
			out[kernels[i]] = m
		}
		return out, nil
	}
	for _, k := range kernels {
		out[k] = map[string][]string{}
	}
	fs, err := c.G.AllFaced(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		if m, ok := out[f.Subject]; ok {
			m[f.Object] = f.Studies
		}
	}
	return out, nil
}

// sortedKeys returns the keys of m in graph.NodeLess order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return graph.NodeLess(out[i], out[j]) })
	return out
}
