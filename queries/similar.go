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
	idx, err := facesStudies(ctx, c)
	if err != nil {
		return res, err
	}
	mine := idx[kernel]
	res.Challenges = sortedKeys(mine)
	// Only kernels that share a challenge score above zero.
	cands := map[string]bool{}
	for k, chs := range idx {
		for ch := range chs {
			if _, ok := mine[ch]; ok && k != kernel {
				cands[k] = true
				break
			}
		}
	}
	// Rank by counts first; the lists and studies (most of the work when
	// thousands of kernels share a common challenge) only for those kept.
	for k := range cands {
		theirs := idx[k]
		s := SimilarKernel{Kernel: k}
		for ch := range theirs {
			if _, ok := mine[ch]; ok {
				s.intersect++
			}
		}
		s.unionLength = len(mine) + len(theirs) - s.intersect
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
	for i := range res.Similar {
		s := &res.Similar[i]
		theirs := idx[s.Kernel]
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

// facesStudies reads every "kernel faces challenge" statement once:
// kernel -> challenge -> supporting studies.
func facesStudies(ctx context.Context, c *Catalog) (map[string]map[string][]string, error) {
	cls, err := c.G.Statements(ctx, graph.RelFaces)
	if err != nil {
		return nil, err
	}
	idx := map[string]map[string][]string{}
	for _, cl := range cls {
		if idx[cl.Subject] == nil {
			idx[cl.Subject] = map[string][]string{}
		}
		idx[cl.Subject][cl.Object] = append(idx[cl.Subject][cl.Object], cl.Study)
	}
	return idx, nil
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
