package graph

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/cayleygraph/quad"
)

// ContentHash identifies the content of a data set: the SHA-256 of its
// quads in canonical form (Quads' deterministic order, one N-Quads line
// each), as "sha256:" and 64 hex digits. Two data sets that build the same
// graph have the same hash whatever their file layout, comments or key
// order; any change to a node, a claim or a flag changes it. Stores record
// it, and --version prints it.
func ContentHash(ds *Dataset) string { return hashQuads(Quads(ds)) }

func hashQuads(qs []quad.Quad) string {
	h := sha256.New()
	for _, q := range qs {
		h.Write([]byte(q.NQuad()))
		h.Write([]byte{'\n'})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
