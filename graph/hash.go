package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"iter"

	"github.com/cayleygraph/quad"
)

// ContentHash identifies the content of a data set: the SHA-256 of its
// quads in canonical form (Quads' deterministic order, one N-Quads line
// each), as "sha256:" and 64 hex digits. Two data sets that build the same
// graph have the same hash whatever their file layout, comments or key
// order; any change to a node, a claim or a flag changes it. Stores record
// it, and --version prints it.
func ContentHash(ds *Dataset) string {
	h, _ := hashSeq(QuadSeq(ds))
	return h
}

// ContentHashCount is ContentHash and QuadCount in one pass over the
// quads (an import needs both; at 10^5 studies a pass costs seconds).
func ContentHashCount(ds *Dataset) (hash string, quads int) {
	return hashSeq(QuadSeq(ds))
}

// QuadCount is len(Quads(ds)), without building them.
func QuadCount(ds *Dataset) int {
	n := 0
	for range QuadSeq(ds) {
		n++
	}
	return n
}

// hashSeq is the content hash of quads, and their number.
func hashSeq(quads iter.Seq[quad.Quad]) (string, int) {
	h := sha256.New()
	n := 0
	for q := range quads {
		h.Write([]byte(q.NQuad()))
		h.Write([]byte{'\n'})
		n++
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), n
}
