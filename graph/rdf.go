package graph

import "github.com/cayleygraph/quad"

// RDF is a set of quads read from an RDF file (loaders.LoadNQuadsFile),
// named here so that the faces (cmd, serve) can hold, load and count them
// without talking to Cayley's types themselves.
type RDF = []quad.Quad

// RDFCounts returns how many distinct subjects, predicates and graph names
// (labels) qs has.
func RDFCounts(qs RDF) (subjects, predicates, graphs int) {
	s, p, g := map[quad.Value]bool{}, map[quad.Value]bool{}, map[quad.Value]bool{}
	for _, q := range qs {
		s[q.Subject] = true
		p[q.Predicate] = true
		if q.Label != nil {
			g[q.Label] = true
		}
	}
	return len(s), len(p), len(g)
}
