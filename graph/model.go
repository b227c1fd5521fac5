package graph

import (
	"crypto/sha1"
	"encoding/hex"
	"sort"
)

// Attr is one attribute of a node (a licence, a DOI, a first release).
type Attr struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Node is one entity of the graph: a kernel, a study, a challenge, ...
type Node struct {
	ID          string   `json:"id"`
	Kind        Kind     `json:"kind"`
	Name        string   `json:"name"`
	Aliases     []string `json:"aliases,omitempty"`
	Description string   `json:"description,omitempty"`
	// InReview is true for studies the review includes and for kernels,
	// approaches, challenges, implications and lessons it names.
	InReview bool `json:"in_review"`
	// Attrs are sorted by key, then value; a key may repeat (a set).
	// Ordered lists (a study's authors) are one value joined with "; ".
	Attrs []Attr `json:"attrs,omitempty"`
	// Sources are the URLs the node's facts come from.
	Sources []string `json:"sources,omitempty"`
	// Flags mark the node's discrepancies (e.g. "as-printed").
	Flags []string `json:"flags,omitempty"`
}

// Attr returns the first value of the attribute key, or "".
func (n Node) Attr(key string) string {
	for _, a := range n.Attrs {
		if a.Key == key {
			return a.Value
		}
	}
	return ""
}

// Claim is one statement with its evidence: Subject Relation Object, as
// Study says at Locator. Note is our own paraphrase; Flags mark statements
// recorded as the review prints them although they look wrong.
type Claim struct {
	ID       string   `json:"id"`
	Subject  string   `json:"subject"`
	Relation Relation `json:"relation"`
	Object   string   `json:"object"`
	Study    string   `json:"study"`
	Locator  string   `json:"locator"`
	Note     string   `json:"note"`
	// Table is the review's table (2, 3 or 4) that prints this mapping, or 0.
	Table int      `json:"table,omitempty"`
	Flags []string `json:"flags,omitempty"`
}

// HasFlag reports whether the claim carries flag f.
func (c Claim) HasFlag(f string) bool {
	for _, x := range c.Flags {
		if x == f {
			return true
		}
	}
	return false
}

// ClaimID is the stable ID of the statement (subject, relation, object,
// study): editing a note or locator keeps the ID.
func ClaimID(subject string, rel Relation, object, study string) string {
	h := sha1.Sum([]byte(subject + "\x00" + string(rel) + "\x00" + object + "\x00" + study))
	return "claim:" + hex.EncodeToString(h[:6])
}

// Flags a claim or node may carry.
const (
	// FlagAsPrinted: recorded as the review prints it, although it looks wrong.
	FlagAsPrinted = "as-printed"
	// FlagNoCitedStudy: the review asserts it (e.g. an OS name in a table)
	// without citing a study for it; the claim's study is the review.
	FlagNoCitedStudy = "no-cited-study"
	// FlagUnnamedInTable: the review counts the study under the approach but
	// does not print the kernel's name in the table.
	FlagUnnamedInTable = "unnamed-in-table"
	// FlagLikelyMisattributed: the cited study does not seem to contain it.
	FlagLikelyMisattributed = "likely-misattributed"
	// FlagInferred: derived by us from the cited study rather than stated
	// by the review.
	FlagInferred = "inferred"
	// FlagOutsideReview: evidence from beyond the review (living review).
	FlagOutsideReview = "outside-review"
)

// KnownFlags lists the flags the loaders accept, sorted.
var KnownFlags = []string{FlagAsPrinted, FlagInferred, FlagLikelyMisattributed, FlagNoCitedStudy, FlagOutsideReview, FlagUnnamedInTable}

// The kinds of the review's selection criteria. Each prefixes attributes of
// the review node: "inclusion.IC1" holds the criterion's text and
// "inclusion.IC1" + CriterionLocator where the review states it.
const (
	CriterionInclusion = "inclusion"
	CriterionExclusion = "exclusion"
	CriterionLocator   = ".locator"
)

// CriterionKinds lists the criterion kinds, inclusion first.
var CriterionKinds = []string{CriterionInclusion, CriterionExclusion}

// Dataset is a complete, validated data set: what the loaders produce and
// what Open stores. Nodes and Claims are sorted by ID.
type Dataset struct {
	Nodes  []Node  `json:"nodes"`
	Claims []Claim `json:"claims"`
	// Review is the ID of the review the tables reproduce.
	Review string `json:"review"`
	// Warnings are the loaders' findings that do not stop loading (a
	// source URL that is a proxy, for one), as "file:line:col: field: msg".
	Warnings []string `json:"-"`
}

// Sort puts nodes and claims in ID order and sorts their lists.
func (d *Dataset) Sort() {
	sort.Slice(d.Nodes, func(i, j int) bool { return d.Nodes[i].ID < d.Nodes[j].ID })
	sort.Slice(d.Claims, func(i, j int) bool { return d.Claims[i].ID < d.Claims[j].ID })
	for i := range d.Nodes {
		sort.Strings(d.Nodes[i].Aliases)
		sort.Strings(d.Nodes[i].Sources)
		sort.Strings(d.Nodes[i].Flags)
		sortAttrs(d.Nodes[i].Attrs)
	}
	for i := range d.Claims {
		sort.Strings(d.Claims[i].Flags)
	}
}

// sortAttrs orders attributes by key, then value: a quad store keeps no
// insertion order, so a multi-valued attribute is a set.
func sortAttrs(as []Attr) {
	sort.Slice(as, func(i, j int) bool {
		if as[i].Key != as[j].Key {
			return as[i].Key < as[j].Key
		}
		return as[i].Value < as[j].Value
	})
}

// NodeLess orders node IDs by kind (in Kinds order), then by ID.
func NodeLess(a, b string) bool {
	ka, kb := kindRank(KindOf(a)), kindRank(KindOf(b))
	if ka != kb {
		return ka < kb
	}
	return a < b
}

func kindRank(k Kind) int {
	for i, x := range Kinds {
		if x == k {
			return i
		}
	}
	return len(Kinds)
}
