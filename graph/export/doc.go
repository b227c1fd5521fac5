// Package export writes rustykg's knowledge graph (a graph.Dataset, whole
// or a selection) in formats other tools read: N-Quads and JSON-LD for RDF
// and SPARQL users, GraphML for NetworkX and Gephi, and CSV (a nodes file
// and an edges file in one zip) for spreadsheets.
//
// # IRIs
//
// Inside rustykg node IDs and predicates are compact ("kernel:redox",
// "rkg:faces", "schema:name"). On export every one of them becomes an
// absolute IRI under one base, Base (https://w3id.org/rustykg/):
//
//	kernel:redox           <https://w3id.org/rustykg/kernel/redox>
//	claim:7938a392ab06     <https://w3id.org/rustykg/claim/7938a392ab06>
//	rkg:faces, rkg:Kernel  <https://w3id.org/rustykg/vocab#faces>, <…vocab#Kernel>
//
// Established vocabularies are used where they have the term: rdf:type,
// schema:name, skos:altLabel (aliases), dcterms:title, dcterms:creator,
// dcterms:date, dcterms:description, dcterms:source, dcterms:isPartOf,
// bibo:doi, bibo:pages, prov:wasDerivedFrom and the others in Prefixes.
// Sources and URLs are absolute already; characters an IRI may not hold
// (space, <, >, ", {, }, |, ^, `, \ and controls) are percent-encoded.
//
// # Provenance
//
// The fourth element of a quad, its graph name, is the study that supports
// the statement (the review itself for what only its tables assert); node
// facts are in the default graph. Each claim is also a node of its own
// (rdf:type rkg:Claim) with rkg:subject, rkg:predicate, rkg:object,
// prov:wasDerivedFrom (the study), rkg:locator, rkg:note, rkg:reviewTable
// and rkg:flag, so locator, note and flags survive every export:
//
//	<…/kernel/tock> <…vocab#faces> <…/challenge/binary-size> <…/study/ayers2022tighten> .
//	<…/claim/0f…> <http://www.w3.org/ns/prov#wasDerivedFrom> <…/study/ayers2022tighten> <…/study/ayers2022tighten> .
//
// Literals are plain strings, except rkg:inReview (xsd:boolean) and
// rkg:reviewTable (xsd:integer). A study's authors are one dcterms:creator
// literal, "Last, First; Last, First", in the order of the paper.
//
// # Formats
//
//   - N-Quads: one quad a line, lines sorted and distinct (WriteNQuads).
//   - JSON-LD: the same quads, with an inline @context (never a remote
//     one): node facts at the top level of "@graph", each study's
//     statements in a named graph whose "@id" is the study (WriteJSONLD).
//   - GraphML: the projection (one edge per ordered pair of nodes, parallel
//     statements merged) with typed attributes (WriteGraphML).
//   - CSV: a zip holding nodes.csv and edges.csv, columns named the way
//     Gephi's import expects (WriteCSV).
//
// Every writer's output is deterministic: the same data set gives the same
// bytes.
//
//	ds, err := export.FromGraph(ctx, g, nil) // the whole graph
//	if err != nil { … }
//	err = export.WriteNQuads(os.Stdout, ds)
package export
