package graph

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The read index is what the named queries read instead of walking the
// quads through Cayley's iterators: a handful of key-value buckets
// derived from the data set, written beside the quads in the same atomic
// load (bbolt: buckets of the same file, before the rename; SQL: a table of
// the same fresh schema, before the swap; memory: built in the process).
// Every backend stores the same bytes, so one reader (index.go) serves all.
//
//	meta   "schema" | "review" | "hash" | "quads"   -> the store record
//	node   ID                                       -> the node (encodeNode)
//	name   "n" 0 normalised-name 0 ID               -> ""  (also "c": compact form)
//	claim  claim ID                                 -> the claim (encodeClaim)
//	role   node 0 role 0 other-node 0 claim ID      -> the claim (role s: subject, o: object, t: study)
//	ref    node ID                                  -> its "ref" attribute (a study's number in the review)
//	stmt   relation 0 subject 0 object 0 study      -> ""  (every statement, "includes" too)
//	adj    node                                     -> its neighbours (the undirected projection
//	                                                   paths walk: every relation but "includes")
//	faces  "k" 0 subject 0 object                   -> the studies of the "faces" statements
//	                                                   subject faces object (encodeStrings, sorted)
//	       "c" 0 object 0 subject                   -> the number of objects subject faces (uvarint)
//
// A role entry holds the claim itself, not only its key: a node's claims
// are then one range of the file (or one range query), where reading
// them by ID from the claim bucket touches a page per claim (claim IDs
// are hashes). The ref bucket holds the few studies the review numbers,
// so printing "[12]" beside evidence needs no study node.
//
// The faces bucket is the kernel x challenge projection similar, shared and
// the matrix read: one row per pair instead of one per supporting study,
// and from a challenge straight to the kernels that face it.
//
// Keys sort bytewise, which for node IDs ("kind:slug") groups a kind's
// nodes in ID order, the order graph.NodeLess keeps within a kind.
const (
	bucketMeta  = "meta"
	bucketNode  = "node"
	bucketName  = "name"
	bucketClaim = "claim"
	bucketRole  = "role"
	bucketStmt  = "stmt"
	bucketAdj   = "adj"
	bucketFaces = "faces"
	bucketRef   = "ref"
)

// indexBuckets lists the buckets in the order they are written.
var indexBuckets = []string{bucketMeta, bucketNode, bucketName, bucketClaim, bucketRole, bucketStmt, bucketAdj, bucketFaces, bucketRef}

// Roles of a node in a claim (the role bucket).
const (
	roleSubject = "s"
	roleObject  = "o"
	roleStudy   = "t"
)

// ixEntry is one key and value of the index.
type ixEntry struct{ k, v []byte }

// indexData is a whole index: each bucket's entries, sorted by key, keys
// distinct.
type indexData map[string][]ixEntry

// maxNameKey is the longest name kept as it is in a name key; a longer
// one is keyed by its SHA-256 (PostgreSQL's B-tree refuses keys over about
// 2.7 KB, bbolt over 32 KB).
const maxNameKey = 256

// nameKey is the key part of a folded name.
func nameKey(s string) string {
	if len(s) <= maxNameKey {
		return s
	}
	h := sha256.Sum256([]byte(s))
	return "\x01" + hex.EncodeToString(h[:])
}

// buildIndex derives the whole read index of ds; meta is the store record
// (schema, review, hash, quads), written as it is.
func buildIndex(ds *Dataset, meta map[string]string) indexData {
	src := &indexSource{ds: ds, meta: meta}
	ix := indexData{}
	for _, b := range indexBuckets {
		ix[b] = src.bucket(b)
	}
	return ix
}

// indexSource derives the read index of a data set one bucket at a time:
// a writer holds one bucket's entries at once, not the whole index (at
// 10^5 studies about 3 million entries).
type indexSource struct {
	ds   *Dataset
	meta map[string]string
}

// bucket returns the entries of bucket b, sorted by key, keys distinct.
func (src *indexSource) bucket(b string) []ixEntry {
	ds := src.ds
	var es []ixEntry
	put := func(k string, v []byte) { es = append(es, ixEntry{[]byte(k), v}) }
	nodes := make(map[string]bool, len(ds.Nodes))
	for _, n := range ds.Nodes {
		nodes[n.ID] = true
	}
	// claims calls fn with each complete claim once, flags sorted.
	claims := func(fn func(c Claim)) {
		seen := make(map[string]bool, len(ds.Claims))
		for _, c := range ds.Claims {
			if seen[c.ID] || c.ID == "" || c.Subject == "" || c.Relation == "" || c.Object == "" || c.Study == "" {
				continue
			}
			seen[c.ID] = true
			fn(c)
		}
	}
	switch b {
	case bucketMeta:
		for k, v := range src.meta {
			put(k, []byte(v))
		}
	case bucketNode, bucketName:
		seen := make(map[string]bool, len(ds.Nodes))
		for _, n := range ds.Nodes {
			if seen[n.ID] {
				continue
			}
			seen[n.ID] = true
			if b == bucketNode {
				put(n.ID, encodeNode(nil, canonicalNode(n)))
				continue
			}
			for _, s := range nodeNames(n) {
				if s != "" {
					put("n\x00"+nameKey(s)+"\x00"+n.ID, nil)
					put("c\x00"+nameKey(strings.ReplaceAll(s, " ", ""))+"\x00"+n.ID, nil)
				}
			}
		}
	case bucketClaim:
		claims(func(c Claim) {
			c.Flags = sortedDistinct(c.Flags)
			put(c.ID, encodeClaim(nil, c))
		})
	case bucketRole:
		claims(func(c Claim) {
			c.Flags = sortedDistinct(c.Flags)
			v := encodeClaim(nil, c)
			put(roleKey(c.Subject, roleSubject, c.Object, c.ID), v)
			put(roleKey(c.Object, roleObject, c.Subject, c.ID), v)
			put(roleKey(c.Study, roleStudy, c.Subject, c.ID), v)
		})
	case bucketRef:
		// What the node bucket's copy of the study says (its first node
		// of an ID, attributes in canonical order).
		seen := make(map[string]bool, len(ds.Nodes))
		for _, n := range ds.Nodes {
			if seen[n.ID] {
				continue
			}
			seen[n.ID] = true
			if n.Attr("ref") == "" {
				continue
			}
			put(n.ID, []byte(canonicalNode(n).Attr("ref")))
		}
	case bucketStmt:
		claims(func(c Claim) {
			put(string(c.Relation)+"\x00"+c.Subject+"\x00"+c.Object+"\x00"+c.Study, nil)
		})
		if ds.Review != "" {
			for _, n := range ds.Nodes {
				if n.Kind == KindStudy && n.InReview {
					put(string(RelIncludes)+"\x00"+ds.Review+"\x00"+n.ID+"\x00"+ds.Review, nil)
				}
			}
		}
	case bucketAdj:
		adj := map[string]map[string]bool{}
		link := func(a, b string) {
			if adj[a] == nil {
				adj[a] = map[string]bool{}
			}
			adj[a][b] = true
		}
		claims(func(c Claim) {
			if c.Relation != RelIncludes && c.Subject != c.Object && nodes[c.Subject] && nodes[c.Object] {
				link(c.Subject, c.Object)
				link(c.Object, c.Subject)
			}
		})
		for id, set := range adj {
			ns := make([]string, 0, len(set))
			for n := range set {
				ns = append(ns, n)
			}
			sortNodes(ns)
			put(id, encodeStrings(nil, ns))
		}
	case bucketFaces:
		// subject -> object -> studies, as the distinct "faces" statements
		// (the stmt bucket's keys) give them.
		studies := map[string]map[string][]string{}
		claims(func(c Claim) {
			if c.Relation != RelFaces {
				return
			}
			if studies[c.Subject] == nil {
				studies[c.Subject] = map[string][]string{}
			}
			studies[c.Subject][c.Object] = append(studies[c.Subject][c.Object], c.Study)
		})
		for s, objs := range studies {
			n := binary.AppendUvarint(nil, uint64(len(objs)))
			for o, sts := range objs {
				put(facesKey(s, o), encodeStrings(nil, sortedDistinct(sts)))
				put(facingKey(o, s), n)
			}
		}
	}
	sort.Slice(es, func(i, j int) bool { return bytes.Compare(es[i].k, es[j].k) < 0 })
	return slices.CompactFunc(es, func(a, b ixEntry) bool { return bytes.Equal(a.k, b.k) })
}

// facesKey is the faces key of "subject faces object"; facingKey the
// key that lists subject under object.
func facesKey(subject, object string) string  { return "k\x00" + subject + "\x00" + object }
func facingKey(object, subject string) string { return "c\x00" + object + "\x00" + subject }

func roleKey(node, role, other, claim string) string {
	return node + "\x00" + role + "\x00" + other + "\x00" + claim
}

// storeMeta is the meta bucket of a persistent store's index.
func storeMeta(info StoreInfo) map[string]string {
	return map[string]string{
		"schema": strconv.Itoa(info.Schema),
		"review": info.Review,
		"hash":   info.ContentHash,
		"quads":  strconv.Itoa(info.Quads),
	}
}

// canonicalNode is n as the quads store it: lists sorted and distinct
// (identical quads are one quad).
func canonicalNode(n Node) Node {
	n.Aliases = sortedDistinct(n.Aliases)
	n.Sources = sortedDistinct(n.Sources)
	n.Flags = sortedDistinct(n.Flags)
	as := append([]Attr(nil), n.Attrs...)
	sortAttrs(as)
	n.Attrs = slices.Compact(as)
	return n
}

func sortedDistinct(xs []string) []string {
	if len(xs) == 0 {
		return nil
	}
	out := append([]string(nil), xs...)
	sort.Strings(out)
	return slices.Compact(out)
}

// The record encoding: strings as uvarint length and bytes, lists as a
// uvarint count and their elements, integers as varints.

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func encodeStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}

func encodeNode(b []byte, n Node) []byte {
	b = appendString(b, n.ID)
	b = appendString(b, string(n.Kind))
	b = appendString(b, n.Name)
	b = encodeStrings(b, n.Aliases)
	b = appendString(b, n.Description)
	if n.InReview {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(n.Attrs)))
	for _, a := range n.Attrs {
		b = appendString(b, a.Key)
		b = appendString(b, a.Value)
	}
	b = encodeStrings(b, n.Sources)
	return encodeStrings(b, n.Flags)
}

func encodeClaim(b []byte, c Claim) []byte {
	for _, s := range []string{c.ID, c.Subject, string(c.Relation), c.Object, c.Study, c.Locator, c.Note} {
		b = appendString(b, s)
	}
	b = binary.AppendVarint(b, int64(c.Table))
	return encodeStrings(b, c.Flags)
}

// errBadRecord: an index record does not decode (a damaged store).
var errBadRecord = errors.New("damaged index record")

// decoder reads the record encoding; the first error sticks. It copies
// the record into one string once, and the strings it decodes are slices
// of that copy: one allocation per record, not one per field.
type decoder struct {
	b   string
	err error
}

func newDecoder(b []byte) *decoder { return &decoder{b: string(b)} }

// uint reads an unsigned varint (encoding/binary's format).
func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	var v uint64
	for i := 0; i < len(d.b) && i < binary.MaxVarintLen64; i++ {
		c := d.b[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break // overflows 64 bits
			}
			d.b = d.b[i+1:]
			return v | uint64(c)<<(7*i)
		}
		v |= uint64(c&0x7f) << (7 * i)
	}
	d.err = errBadRecord
	return 0
}

// int reads a signed (zig-zag) varint (encoding/binary's format).
func (d *decoder) int() int64 {
	u := d.uint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (d *decoder) str() string {
	n := d.uint()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.b)) {
		d.err = errBadRecord
		return ""
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

func (d *decoder) strs() []string {
	n := d.uint()
	if d.err != nil || n == 0 {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = errBadRecord
		return nil
	}
	out := make([]string, 0, n)
	for i := uint64(0); i < n && d.err == nil; i++ {
		out = append(out, d.str())
	}
	return out
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.err = errBadRecord
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func decodeNode(b []byte) (Node, error) {
	d := newDecoder(b)
	n := Node{ID: d.str(), Kind: Kind(d.str()), Name: d.str(), Aliases: d.strs(), Description: d.str()}
	n.InReview = d.byte() == 1
	if na := d.uint(); na > 0 && na <= uint64(len(d.b)) {
		n.Attrs = make([]Attr, 0, na)
		for i := uint64(0); i < na && d.err == nil; i++ {
			n.Attrs = append(n.Attrs, Attr{Key: d.str(), Value: d.str()})
		}
	} else if na > 0 {
		d.err = errBadRecord
	}
	n.Sources = d.strs()
	n.Flags = d.strs()
	if d.err == nil && len(d.b) != 0 {
		d.err = errBadRecord
	}
	return n, d.err
}

func decodeClaim(b []byte) (Claim, error) {
	d := newDecoder(b)
	c := Claim{ID: d.str(), Subject: d.str(), Relation: Relation(d.str()), Object: d.str(), Study: d.str(), Locator: d.str(), Note: d.str()}
	c.Table = int(d.int())
	c.Flags = d.strs()
	if d.err == nil && len(d.b) != 0 {
		d.err = errBadRecord
	}
	return c, d.err
}

func decodeStrings(b []byte) ([]string, error) {
	d := newDecoder(b)
	ss := d.strs()
	if d.err == nil && len(d.b) != 0 {
		d.err = errBadRecord
	}
	return ss, d.err
}

// countStrings is the number of strings encodeStrings wrote in b (the
// length of decodeStrings'), reading nothing but that number.
func countStrings(b []byte) (int, error) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) { // each string takes a byte at least
		return 0, errBadRecord
	}
	return int(n), nil
}

// decodeNodeName is the name of an encoded node (decodeNode's Name),
// reading only the head of the record: ID, kind and name.
func decodeNodeName(b []byte) (string, error) {
	var s []byte
	for range 3 {
		n, w := binary.Uvarint(b)
		if w <= 0 || n > uint64(len(b)-w) {
			return "", errBadRecord
		}
		s, b = b[w:w+int(n)], b[w+int(n):]
	}
	return string(s), nil
}
