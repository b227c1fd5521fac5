// Package graph holds rustykg's vocabulary (node kinds and relations), the
// typed model the loaders produce (Dataset, Node, Claim), and the store that
// keeps it: a Cayley quad store in which every statement carries its evidence.
//
// Node IDs are "kind:slug" and are stored as IRIs, never as plain strings:
//
//	<kernel:redox>  <rdf:type>   <rkg:Kernel>
//	<kernel:tock>   <rkg:faces>  <challenge:binary-size>  <study:ayers2022tighten>
//
// The fourth element of a statement (the quad label, N-Quads' named graph) is
// the study that supports it. Each claim is also reified as a node
// (<claim:…>) that holds the locator, the note and the flags, so that a query
// can return the evidence behind every answer:
//
//	<claim:3f2a…> <rkg:subject>          <kernel:tock>
//	<claim:3f2a…> <rkg:predicate>        <rkg:faces>
//	<claim:3f2a…> <rkg:object>           <challenge:binary-size>
//	<claim:3f2a…> <prov:wasDerivedFrom>  <study:ayers2022tighten>
//	<claim:3f2a…> <rkg:locator>          "Table 4"
//
// Build a graph from a Dataset and query it:
//
//	g, err := graph.Open(ctx, "memory", ds)
//	if err != nil { … }
//	defer g.Close()
//	claims, err := g.Claims(ctx, graph.ClaimFilter{Subject: "kernel:tock", Relation: graph.RelFaces})
package graph

import (
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
)

// Kind is the type of a node; it is also the prefix of its ID.
type Kind string

// The node kinds.
const (
	KindReview      Kind = "review"
	KindStudy       Kind = "study"
	KindKernel      Kind = "kernel"
	KindApproach    Kind = "approach"
	KindChallenge   Kind = "challenge"
	KindImplication Kind = "implication"
	KindCause       Kind = "cause"
	KindLesson      Kind = "lesson"
	KindClaim       Kind = "claim"
)

// Kinds lists the kinds of the domain (not claims) in display order.
var Kinds = []Kind{KindReview, KindStudy, KindKernel, KindApproach, KindChallenge, KindImplication, KindCause, KindLesson}

// ValidKind reports whether k is one of Kinds.
func ValidKind(k Kind) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Class is the rdf:type IRI of nodes of this kind, e.g. <rkg:Kernel>.
func (k Kind) Class() quad.IRI {
	s := string(k)
	if s == "" {
		return ""
	}
	return quad.IRI("rkg:" + strings.ToUpper(s[:1]) + s[1:])
}

// Relation names a statement between two nodes.
type Relation string

// The relations. Each one has fixed subject and object kinds (see Signature).
const (
	RelIncludes  Relation = "includes"  // review -> study
	RelExamines  Relation = "examines"  // study -> kernel
	RelFollows   Relation = "follows"   // kernel -> approach
	RelFaces     Relation = "faces"     // kernel -> challenge
	RelReports   Relation = "reports"   // study -> challenge | implication
	RelShows     Relation = "shows"     // kernel -> implication
	RelCausedBy  Relation = "causedBy"  // implication -> challenge | cause
	RelTeaches   Relation = "teaches"   // study -> lesson
	RelAddresses Relation = "addresses" // lesson -> challenge
	RelCites     Relation = "cites"     // study -> study
)

// Signature is the allowed subject and object kinds of a relation.
type Signature struct {
	Subjects []Kind
	Objects  []Kind
}

// Relations maps every relation to its signature. Claims in the data set may
// use any relation but RelIncludes, which the loader derives from the
// studies' in_review field.
var Relations = map[Relation]Signature{
	RelIncludes:  {[]Kind{KindReview}, []Kind{KindStudy}},
	RelExamines:  {[]Kind{KindStudy}, []Kind{KindKernel}},
	RelFollows:   {[]Kind{KindKernel}, []Kind{KindApproach}},
	RelFaces:     {[]Kind{KindKernel}, []Kind{KindChallenge}},
	RelReports:   {[]Kind{KindStudy}, []Kind{KindChallenge, KindImplication}},
	RelShows:     {[]Kind{KindKernel}, []Kind{KindImplication}},
	RelCausedBy:  {[]Kind{KindImplication}, []Kind{KindChallenge, KindCause}},
	RelTeaches:   {[]Kind{KindStudy}, []Kind{KindLesson}},
	RelAddresses: {[]Kind{KindLesson}, []Kind{KindChallenge}},
	RelCites:     {[]Kind{KindStudy}, []Kind{KindStudy}},
}

// RelationNames returns the relation names, sorted.
func RelationNames() []string {
	out := make([]string, 0, len(Relations))
	for r := range Relations {
		out = append(out, string(r))
	}
	sort.Strings(out)
	return out
}

// IRI is the predicate IRI of the relation, e.g. <rkg:faces>.
func (r Relation) IRI() quad.IRI { return quad.IRI("rkg:" + string(r)) }

// Predicates used for node attributes and claim nodes. Established
// vocabularies are used where one has the term; they are kept as compact
// IRIs in the store and expanded only on export.
const (
	PredType     = quad.IRI("rdf:type")
	PredName     = quad.IRI("schema:name")
	PredAlias    = quad.IRI("rkg:alias")
	PredDesc     = quad.IRI("dcterms:description")
	PredSource   = quad.IRI("dcterms:source")
	PredInReview = quad.IRI("rkg:inReview")
	PredFlag     = quad.IRI("rkg:flag")

	PredClaimSubject   = quad.IRI("rkg:subject")
	PredClaimPredicate = quad.IRI("rkg:predicate")
	PredClaimObject    = quad.IRI("rkg:object")
	PredClaimStudy     = quad.IRI("prov:wasDerivedFrom")
	PredClaimLocator   = quad.IRI("rkg:locator")
	PredClaimNote      = quad.IRI("rkg:note")
	PredClaimTable     = quad.IRI("rkg:reviewTable")
)

// attrTerms maps attribute keys to established vocabulary terms; other
// keys live under rkg:.
var attrTerms = map[string]quad.IRI{
	"title":        "dcterms:title",
	"authors":      "dcterms:creator",
	"year":         "dcterms:date",
	"doi":          "bibo:doi",
	"url":          "schema:url",
	"venue":        "dcterms:isPartOf",
	"pages":        "bibo:pages",
	"publisher":    "dcterms:publisher",
	"repository":   "schema:codeRepository",
	"licence":      "schema:license",
	"organisation": "schema:maintainer",
}

// AttrIRI is the predicate IRI of a node attribute.
func AttrIRI(key string) quad.IRI {
	if iri, ok := attrTerms[key]; ok {
		return iri
	}
	return quad.IRI("rkg:" + key)
}

// attrKey is the inverse of AttrIRI; ok is false for IRIs that are not
// attributes.
func attrKey(p quad.IRI) (string, bool) {
	for k, iri := range attrTerms {
		if iri == p {
			return k, true
		}
	}
	if s := string(p); strings.HasPrefix(s, "rkg:") {
		return s[len("rkg:"):], true
	}
	return "", false
}

// KindOf returns the kind prefix of an ID ("kernel" for "kernel:redox").
func KindOf(id string) Kind {
	if i := strings.IndexByte(id, ':'); i > 0 {
		return Kind(id[:i])
	}
	return ""
}

// Slug returns the part of an ID after the kind ("redox" for "kernel:redox").
func Slug(id string) string {
	if i := strings.IndexByte(id, ':'); i >= 0 {
		return id[i+1:]
	}
	return id
}

// ValidSlug reports whether s is a well-formed slug: lower-case ASCII
// letters, digits and the separators '-', '_' and '.', starting with a
// letter or digit.
func ValidSlug(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case (r == '-' || r == '_' || r == '.') && i > 0:
		default:
			return false
		}
	}
	return true
}

// AttrKey is the inverse of AttrIRI: the attribute key of a predicate IRI,
// or false for an IRI that is not an attribute.
func AttrKey(p quad.IRI) (string, bool) { return attrKey(p) }
