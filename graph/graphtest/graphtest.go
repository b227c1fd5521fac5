// Package graphtest is the conformance suite every graph.Store backend
// must pass, in the manner of cayley's graph/graphtest: call Run from the
// backend's own test with a function that opens a fresh, empty store.
// Every check reads back from the store what it holds (each quad with its
// label, each node and claim by ID) and compares it with what was loaded,
// so a backend that drops labels, claims or flags fails.
//
//	func TestMemory(t *testing.T) {
//		graphtest.Run(t, func(t *testing.T) graph.Store {
//			st, err := graph.OpenStore(context.Background(), "memory")
//			if err != nil {
//				t.Fatal(err)
//			}
//			return st
//		})
//	}
package graphtest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"

	"rustykg/graph"
)

// Dataset is a small data set with every kind of statement the suite
// checks: node facts, a claim with flags and a table, the review's
// included studies, and a node whose text is hostile (quotes, HTML,
// newlines, non-ASCII).
func Dataset() *graph.Dataset {
	ds := &graph.Dataset{
		Review: "review:r2024",
		Nodes: []graph.Node{
			{ID: "review:r2024", Kind: graph.KindReview, Name: "R", InReview: true, Attrs: []graph.Attr{{Key: "count.selected", Value: "2"}}},
			{ID: "study:a2022", Kind: graph.KindStudy, Name: "A", InReview: true, Attrs: []graph.Attr{{Key: "ref", Value: "1"}, {Key: "title", Value: "A"}}},
			{ID: "study:b2023", Kind: graph.KindStudy, Name: "B", InReview: false},
			{ID: "kernel:k", Kind: graph.KindKernel, Name: `K "quoted" <b>tags</b> & \backslash` + "\nline two — ü", Aliases: []string{"Kay", "K OS"}, InReview: true,
				Sources: []string{"https://example.org/k"}, Flags: []string{graph.FlagAsPrinted}},
			{ID: "challenge:c", Kind: graph.KindChallenge, Name: "C"},
		},
		Claims: []graph.Claim{
			{Subject: "kernel:k", Relation: graph.RelFaces, Object: "challenge:c", Study: "study:a2022", Locator: "Table 4", Note: "n1", Table: 4, Flags: []string{graph.FlagInferred, graph.FlagOutsideReview}},
			{Subject: "kernel:k", Relation: graph.RelFaces, Object: "challenge:c", Study: "study:b2023", Locator: "§2", Note: "n2"},
			{Subject: "study:a2022", Relation: graph.RelExamines, Object: "kernel:k", Study: "study:a2022", Locator: "§1", Note: "n3"},
		},
	}
	for i := range ds.Claims {
		c := &ds.Claims[i]
		c.ID = graph.ClaimID(c.Subject, c.Relation, c.Object, c.Study)
	}
	ds.Sort()
	return ds
}

// Opener opens a new, empty store (or fails t).
type Opener func(t *testing.T) graph.Store

// A Check is one conformance check: nil when the store behaves, else an
// error saying how it does not. Checks never fail t themselves (t is for
// open and cleanups), so a test can assert that a broken store fails them.
type Check struct {
	Name string
	Run  func(ctx context.Context, t *testing.T, open Opener) error
}

// Run runs every check as a subtest; open must return a new, empty store
// each call.
func Run(t *testing.T, open Opener) {
	for _, c := range Checks() {
		t.Run(c.Name, func(t *testing.T) {
			if err := c.Run(context.Background(), t, open); err != nil {
				t.Error(err)
			}
		})
	}
}

// Checks is the suite.
func Checks() []Check {
	return []Check{
		{"Quads", checkQuads},
		{"RoundTrip", checkRoundTrip},
		{"ClaimFilter", checkClaimFilter},
		{"EvidenceInLabel", checkEvidenceInLabel},
		{"Record", checkRecord},
		{"NotFound", checkNotFound},
		{"LoadReplaces", checkLoadReplaces},
		{"CancelledLoadKeepsContents", checkCancelledLoad},
		{"Reopen", checkReopen},
		{"Closed", checkClosed},
		{"Index", checkIndex},
	}
}

func load(ctx context.Context, t *testing.T, open Opener, ds *graph.Dataset) (*graph.Graph, error) {
	g, err := graph.New(ctx, open(t), ds)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { g.Close() })
	return g, nil
}

// storedQuads reads every quad of qs back as N-Quads lines, sorted.
func storedQuads(ctx context.Context, qs cgraph.QuadStore) ([]string, error) {
	var out []string
	err := iterator.Iterate(ctx, qs.QuadsAllIterator()).Each(func(r cgraph.Ref) error {
		q, err := qs.Quad(r)
		if err != nil {
			return err
		}
		out = append(out, q.NQuad())
		return nil
	})
	sort.Strings(out)
	return out, err
}

// checkQuads: the store holds exactly the data set's quads, each with its
// label, plus the store record.
func checkQuads(ctx context.Context, t *testing.T, open Opener) error {
	ds := Dataset()
	g, err := load(ctx, t, open, ds)
	if err != nil {
		return err
	}
	got, err := storedQuads(ctx, g.QuadStore())
	if err != nil {
		return err
	}
	var want []string
	for _, q := range graph.Quads(ds) {
		want = append(want, q.NQuad())
	}
	want = dedup(want)
	var data []string
	records := 0
	for _, l := range got {
		if strings.HasSuffix(l, " <rkg:store> .") {
			records++
			continue
		}
		data = append(data, l)
	}
	if d := diff(data, want); d != "" {
		return fmt.Errorf("stored quads differ from the loaded ones:\n%s", d)
	}
	if records == 0 && isPersistent(g) {
		return errors.New("the store holds no record (schema version, content hash)")
	}
	return nil
}

// checkRoundTrip: every node and every claim reads back equal, by ID.
func checkRoundTrip(ctx context.Context, t *testing.T, open Opener) error {
	ds := Dataset()
	g, err := load(ctx, t, open, ds)
	if err != nil {
		return err
	}
	nodes, err := g.AllNodes(ctx)
	if err != nil {
		return err
	}
	var errs []error
	got := map[string]graph.Node{}
	for _, n := range nodes {
		got[n.ID] = n
	}
	for _, w := range ds.Nodes {
		n, ok := got[w.ID]
		if !ok {
			errs = append(errs, fmt.Errorf("node %s is missing", w.ID))
			continue
		}
		if !reflect.DeepEqual(norm(n), norm(w)) {
			errs = append(errs, fmt.Errorf("node %s:\n got %+v\nwant %+v", w.ID, n, w))
		}
		one, err := g.Node(ctx, w.ID)
		if err != nil || !reflect.DeepEqual(one, n) {
			errs = append(errs, fmt.Errorf("Node(%s) = %+v, %v; AllNodes gave %+v", w.ID, one, err, n))
		}
		delete(got, w.ID)
	}
	for id := range got {
		errs = append(errs, fmt.Errorf("node %s was never loaded", id))
	}
	claims, err := g.Claims(ctx, graph.ClaimFilter{})
	if err != nil {
		return err
	}
	errs = append(errs, sameClaims(claims, ds.Claims))
	return errors.Join(errs...)
}

// sameClaims compares claims by ID, field by field.
func sameClaims(got, want []graph.Claim) error {
	var errs []error
	byID := map[string]graph.Claim{}
	for _, c := range got {
		byID[c.ID] = c
	}
	for _, w := range want {
		c, ok := byID[w.ID]
		if !ok {
			errs = append(errs, fmt.Errorf("claim %s (%s %s %s, %s) is missing", w.ID, w.Subject, w.Relation, w.Object, w.Study))
			continue
		}
		if !reflect.DeepEqual(normClaim(c), normClaim(w)) {
			errs = append(errs, fmt.Errorf("claim %s:\n got %+v\nwant %+v", w.ID, c, w))
		}
		delete(byID, w.ID)
	}
	for id := range byID {
		errs = append(errs, fmt.Errorf("claim %s was never loaded", id))
	}
	return errors.Join(errs...)
}

// checkClaimFilter: each filter selects exactly the claims it names.
func checkClaimFilter(ctx context.Context, t *testing.T, open Opener) error {
	ds := Dataset()
	g, err := load(ctx, t, open, ds)
	if err != nil {
		return err
	}
	var errs []error
	for _, f := range []graph.ClaimFilter{
		{Subject: "kernel:k"},
		{Relation: graph.RelFaces},
		{Object: "kernel:k"},
		{Study: "study:b2023"},
		{Subject: "kernel:k", Study: "study:a2022"},
		{Subject: "kernel:k", Object: "challenge:c"},
		{Subject: "kernel:k", Object: "challenge:nope"},
		{Object: "challenge:c", Relation: graph.RelFaces, Study: "study:b2023"},
		{ID: ds.Claims[0].ID},
		{ID: "claim:000000000000"},
		{Subject: "kernel:nope"},
	} {
		var want []graph.Claim
		for _, c := range ds.Claims {
			if (f.ID == "" || c.ID == f.ID) && (f.Subject == "" || c.Subject == f.Subject) && (f.Relation == "" || c.Relation == f.Relation) &&
				(f.Object == "" || c.Object == f.Object) && (f.Study == "" || c.Study == f.Study) {
				want = append(want, c)
			}
		}
		got, err := g.Claims(ctx, f)
		if err != nil {
			errs = append(errs, fmt.Errorf("Claims(%+v): %w", f, err))
			continue
		}
		if err := sameClaims(got, want); err != nil {
			errs = append(errs, fmt.Errorf("Claims(%+v): %w", f, err))
		}
	}
	inc, err := g.Included(ctx)
	if err != nil || !reflect.DeepEqual(inc, []string{"study:a2022"}) {
		errs = append(errs, fmt.Errorf("Included = %v, %v; want [study:a2022]", inc, err))
	}
	return errors.Join(errs...)
}

// checkEvidenceInLabel: each statement read from the store carries its
// study as the label.
func checkEvidenceInLabel(ctx context.Context, t *testing.T, open Opener) error {
	ds := Dataset()
	g, err := load(ctx, t, open, ds)
	if err != nil {
		return err
	}
	qs := g.QuadStore()
	var errs []error
	for _, c := range ds.Claims {
		want := "<" + c.Subject + "> <" + string(c.Relation.IRI()) + "> <" + c.Object + "> <" + c.Study + "> ."
		found := false
		err := iterator.Iterate(ctx, qs.QuadsAllIterator()).Each(func(r cgraph.Ref) error {
			q, err := qs.Quad(r)
			if err == nil && q.NQuad() == want {
				found = true
			}
			return err
		})
		if err != nil {
			return err
		}
		if !found {
			errs = append(errs, fmt.Errorf("claim %s: no statement %s in the store", c.ID, want))
		}
	}
	return errors.Join(errs...)
}

// checkRecord: the store records the schema version, the content hash and
// the review; a graph attached to the store reads them back.
func checkRecord(ctx context.Context, t *testing.T, open Opener) error {
	ds := Dataset()
	st := open(t)
	g, err := graph.New(ctx, st, ds)
	if err != nil {
		return err
	}
	defer g.Close()
	want := graph.StoreInfo{Schema: graph.SchemaVersion, ContentHash: graph.ContentHash(ds), Review: ds.Review, Quads: len(graph.Quads(ds))}
	if g.Info() != want {
		return fmt.Errorf("Info after load = %+v, want %+v", g.Info(), want)
	}
	if st.URI() == "memory" {
		return nil // nothing reopens a memory store: it keeps no record
	}
	// Read back from the store, not from what New remembers.
	g2, err := graph.Attach(ctx, st)
	if err != nil {
		return fmt.Errorf("attach after load: %w", err)
	}
	if g2.Info() != want {
		return fmt.Errorf("record read from the store = %+v, want %+v", g2.Info(), want)
	}
	return nil
}

func checkNotFound(ctx context.Context, t *testing.T, open Opener) error {
	g, err := load(ctx, t, open, Dataset())
	if err != nil {
		return err
	}
	if _, err := g.Node(ctx, "kernel:nope"); !errors.Is(err, graph.ErrNotFound) {
		return fmt.Errorf("Node(kernel:nope) error = %v, want ErrNotFound", err)
	}
	return nil
}

func checkLoadReplaces(ctx context.Context, t *testing.T, open Opener) error {
	st := open(t)
	defer st.Close()
	ds := Dataset()
	if err := st.Load(ctx, graph.Quads(ds), graph.LoadOptions{}); err != nil {
		return err
	}
	ds.Claims = ds.Claims[:1]
	if err := st.Load(ctx, graph.Quads(ds), graph.LoadOptions{BatchSize: 3}); err != nil {
		return err
	}
	got, err := storedQuads(ctx, st.QuadStore())
	if err != nil {
		return err
	}
	var want []string
	for _, q := range graph.Quads(ds) {
		want = append(want, q.NQuad())
	}
	if d := diff(got, dedup(want)); d != "" {
		return fmt.Errorf("after a second Load (batches of 3):\n%s", d)
	}
	return nil
}

func checkCancelledLoad(ctx context.Context, t *testing.T, open Opener) error {
	st := open(t)
	defer st.Close()
	ds := Dataset()
	if err := st.Load(ctx, graph.Quads(ds), graph.LoadOptions{}); err != nil {
		return err
	}
	before, err := storedQuads(ctx, st.QuadStore())
	if err != nil {
		return err
	}
	// Cancelled after the first batch of two quads.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	other := Dataset()
	other.Claims = other.Claims[:1]
	err = st.Load(cctx, graph.Quads(other), graph.LoadOptions{BatchSize: 2, Progress: func(int) { cancel() }})
	if err == nil {
		return errors.New("Load with a context cancelled mid-way succeeded")
	}
	if st.QuadStore() == nil {
		return errors.New("store emptied by a failed Load")
	}
	after, err := storedQuads(ctx, st.QuadStore())
	if err != nil {
		return err
	}
	if d := diff(after, before); d != "" {
		return fmt.Errorf("store changed by a cancelled Load:\n%s", d)
	}
	return nil
}

// checkReopen: a persistent store, opened again by its URI, holds the
// graph (memory stores skip it: they hold nothing across opens).
func checkReopen(ctx context.Context, t *testing.T, open Opener) error {
	ds := Dataset()
	st := open(t)
	if st.URI() == "memory" {
		st.Close()
		return nil
	}
	g, err := graph.New(ctx, st, ds)
	if err != nil {
		return err
	}
	uri := st.URI()
	g.Close()
	st2, err := graph.OpenStore(ctx, uri)
	if err != nil {
		return fmt.Errorf("reopen %s: %w", uri, err)
	}
	g2, err := graph.Attach(ctx, st2)
	if err != nil {
		return fmt.Errorf("attach %s: %w", uri, err)
	}
	defer g2.Close()
	claims, err := g2.Claims(ctx, graph.ClaimFilter{})
	if err != nil {
		return err
	}
	if err := sameClaims(claims, ds.Claims); err != nil {
		return fmt.Errorf("after reopening: %w", err)
	}
	if g2.Info().ContentHash != graph.ContentHash(ds) || g2.Review() != ds.Review {
		return fmt.Errorf("after reopening: record %+v", g2.Info())
	}
	return nil
}

func checkClosed(ctx context.Context, t *testing.T, open Opener) error {
	st := open(t)
	if err := st.Close(); err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return fmt.Errorf("second Close: %w", err)
	}
	if err := st.Load(ctx, nil, graph.LoadOptions{}); !errors.Is(err, graph.ErrClosed) {
		return fmt.Errorf("Load after Close = %v, want ErrClosed", err)
	}
	if st.QuadStore() != nil {
		return errors.New("QuadStore after Close is not nil")
	}
	return nil
}

func isPersistent(g *graph.Graph) bool { return g.URI() != "memory" }

// diff lists the lines only in got and only in want (both sorted).
func diff(got, want []string) string {
	g, w := map[string]bool{}, map[string]bool{}
	for _, l := range got {
		g[l] = true
	}
	for _, l := range want {
		w[l] = true
	}
	var b strings.Builder
	n := 0
	for _, l := range want {
		if !g[l] && n < 10 {
			fmt.Fprintf(&b, "  missing: %s\n", l)
			n++
		}
	}
	for _, l := range got {
		if !w[l] && n < 20 {
			fmt.Fprintf(&b, "  extra:   %s\n", l)
			n++
		}
	}
	return b.String()
}

func dedup(ls []string) []string {
	sort.Strings(ls)
	out := ls[:0]
	for i, l := range ls {
		if i == 0 || l != ls[i-1] {
			out = append(out, l)
		}
	}
	return out
}

func normClaim(c graph.Claim) graph.Claim {
	if len(c.Flags) == 0 {
		c.Flags = nil
	}
	return c
}

// norm makes nil and empty lists compare equal.
func norm(n graph.Node) graph.Node {
	if len(n.Aliases) == 0 {
		n.Aliases = nil
	}
	if len(n.Attrs) == 0 {
		n.Attrs = nil
	}
	if len(n.Sources) == 0 {
		n.Sources = nil
	}
	if len(n.Flags) == 0 {
		n.Flags = nil
	}
	return n
}

// checkIndex: the reads the named queries make through the read index
// (statements, neighbours, names, nodes by ID, claim ID prefixes) give
// what the data set says, and the index verifies against it.
func checkIndex(ctx context.Context, t *testing.T, open Opener) error {
	ds := Dataset()
	g, err := load(ctx, t, open, ds)
	if err != nil {
		return err
	}
	var errs []error
	sts, err := g.Statements(ctx, graph.RelFaces, graph.RelIncludes)
	if err != nil {
		return err
	}
	var got []string
	for _, s := range sts {
		got = append(got, s.Subject+" "+string(s.Relation)+" "+s.Object+" "+s.Study)
	}
	sort.Strings(got)
	want := []string{
		"kernel:k faces challenge:c study:a2022",
		"kernel:k faces challenge:c study:b2023",
		"review:r2024 includes study:a2022 review:r2024",
	}
	if !reflect.DeepEqual(got, want) {
		errs = append(errs, fmt.Errorf("Statements(faces, includes) = %q, want %q", got, want))
	}
	adj, err := g.Adjacent(ctx, []string{"kernel:k", "challenge:c", "review:r2024", "kernel:nope"})
	if err != nil {
		return err
	}
	wantAdj := map[string][]string{
		"kernel:k":     {"study:a2022", "challenge:c"}, // sorted by NodeLess; "includes" is no edge
		"challenge:c":  {"kernel:k"},
		"review:r2024": nil,
		"kernel:nope":  nil,
	}
	if !reflect.DeepEqual(adj, wantAdj) {
		errs = append(errs, fmt.Errorf("Adjacent = %q, want %q", adj, wantAdj))
	}
	byID, err := g.NodesByID(ctx, []string{"kernel:k", "kernel:nope", "kernel:k", "challenge:c"})
	if err != nil {
		return err
	}
	if len(byID) != 2 || byID["kernel:k"].ID != "kernel:k" || byID["challenge:c"].Name != "C" {
		errs = append(errs, fmt.Errorf("NodesByID = %+v, want kernel:k and challenge:c", byID))
	}
	// More keys than a backend reads in one batch (PostgreSQL: 10,000),
	// with the hits and a repeated key in different batches and keys an
	// array literal must escape.
	many := []string{"kernel:k", `kernel:a"b\c,{d} e`}
	for i := 0; len(many) < 25000; i++ {
		many = append(many, fmt.Sprintf("kernel:nope%05d", i))
	}
	many = append(many, "challenge:c", "kernel:k")
	byID, err = g.NodesByID(ctx, many)
	if err != nil {
		return err
	}
	if len(byID) != 2 || byID["kernel:k"].ID != "kernel:k" || byID["challenge:c"].Name != "C" {
		errs = append(errs, fmt.Errorf("NodesByID of %d IDs = %d nodes, want kernel:k and challenge:c", len(many), len(byID)))
	}
	ids, err := g.IDs(ctx, graph.KindStudy)
	if err != nil || !reflect.DeepEqual(ids, []string{"study:a2022", "study:b2023"}) {
		errs = append(errs, fmt.Errorf("IDs(study) = %q, %v", ids, err))
	}
	r := g.Resolver(ctx)
	for in, want := range map[string]string{
		"Kay": "kernel:k", " k-OS ": "kernel:k", "KOS": "kernel:k", "a2022": "study:a2022",
		"kernel:Kay": "kernel:k", "study:b2023": "study:b2023",
	} {
		res, err := r.Resolve(in)
		if err != nil || res.ID != want {
			errs = append(errs, fmt.Errorf("Resolve(%q) = %+v, %v; want %s", in, res, err, want))
		}
	}
	if res, err := r.Resolve("kay", graph.KindChallenge); err != nil || res.ID != "" {
		errs = append(errs, fmt.Errorf("Resolve(kay, challenge) = %+v, %v; want a miss", res, err))
	}
	if res, err := r.Resolve("a202"); err != nil || res.ID != "" || len(res.Suggestions) == 0 || res.Suggestions[0] != "study:a2022" {
		errs = append(errs, fmt.Errorf("Resolve(a202) = %+v, %v; want a miss suggesting study:a2022", res, err))
	}
	cls, err := g.ClaimsWithPrefix(ctx, "claim:")
	if err != nil {
		return err
	}
	errs = append(errs, sameClaims(cls, ds.Claims))
	refs, err := g.Refs(ctx)
	if err != nil || !reflect.DeepEqual(refs, map[string]string{"study:a2022": "1"}) {
		errs = append(errs, fmt.Errorf("Refs = %v, %v; want study:a2022 numbered 1", refs, err))
	}
	m, err := g.Verify(ctx, ds)
	if err != nil {
		return err
	}
	if !m.OK() {
		errs = append(errs, fmt.Errorf("Verify after load: %+v", m))
	}
	errs = append(errs, checkFaces(ctx, t, open))
	return errors.Join(errs...)
}

// checkFaces: the faces projection (FacedBy, FacedByEach, AllFaced,
// FacingOfEach) holds what the "faces" claims say, grouped by pair, on a
// data set with two kernels sharing a challenge and a claim repeated.
func checkFaces(ctx context.Context, t *testing.T, open Opener) error {
	ds := Dataset()
	ds.Nodes = append(ds.Nodes,
		graph.Node{ID: "kernel:k2", Kind: graph.KindKernel, Name: "K2"},
		graph.Node{ID: "challenge:d", Kind: graph.KindChallenge, Name: "D"})
	for _, c := range []graph.Claim{
		{Subject: "kernel:k2", Relation: graph.RelFaces, Object: "challenge:c", Study: "study:b2023"},
		{Subject: "kernel:k2", Relation: graph.RelFaces, Object: "challenge:d", Study: "study:b2023"},
		{Subject: "kernel:k2", Relation: graph.RelFaces, Object: "challenge:d", Study: "study:a2022"},
		{Subject: "kernel:k2", Relation: graph.RelFaces, Object: "challenge:d", Study: "study:a2022", Note: "again"},
	} {
		c.ID = graph.ClaimID(c.Subject, c.Relation, c.Object, c.Study)
		ds.Claims = append(ds.Claims, c)
	}
	ds.Sort()
	g, err := load(ctx, t, open, ds)
	if err != nil {
		return err
	}
	var errs []error
	all, err := g.AllFaced(ctx)
	if err != nil {
		return err
	}
	wantAll := []graph.Faced{
		{Subject: "kernel:k", Object: "challenge:c", Studies: []string{"study:a2022", "study:b2023"}},
		{Subject: "kernel:k2", Object: "challenge:c", Studies: []string{"study:b2023"}},
		{Subject: "kernel:k2", Object: "challenge:d", Studies: []string{"study:a2022", "study:b2023"}},
	}
	if !reflect.DeepEqual(all, wantAll) {
		errs = append(errs, fmt.Errorf("AllFaced = %+v, want %+v", all, wantAll))
	}
	by, err := g.FacedBy(ctx, "kernel:k2")
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(by, wantAll[1:]) {
		errs = append(errs, fmt.Errorf("FacedBy(kernel:k2) = %+v, want %+v", by, wantAll[1:]))
	}
	if by, err := g.FacedBy(ctx, "kernel:nope"); err != nil || len(by) != 0 {
		errs = append(errs, fmt.Errorf("FacedBy(kernel:nope) = %+v, %v; want none", by, err))
	}
	// Several objects at once, in no particular order, one of them twice
	// and one faced by nobody; and none at all.
	objects := []string{"challenge:d", "challenge:none", "challenge:c", "challenge:d"}
	wantFacing := [][]graph.Facing{
		{{Subject: "kernel:k2", Objects: 2}},
		nil,
		{{Subject: "kernel:k", Objects: 1}, {Subject: "kernel:k2", Objects: 2}},
		{{Subject: "kernel:k2", Objects: 2}},
	}
	facing, err := g.FacingOfEach(ctx, objects)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(facing, wantFacing) {
		errs = append(errs, fmt.Errorf("FacingOfEach(%q) = %+v, want %+v", objects, facing, wantFacing))
	}
	if facing, err := g.FacingOfEach(ctx, nil); err != nil || len(facing) != 0 {
		errs = append(errs, fmt.Errorf("FacingOfEach(none) = %+v, %v; want none", facing, err))
	}
	subjects := []string{"kernel:k2", "kernel:nope", "kernel:k"}
	wantBy := [][]graph.Faced{wantAll[1:], nil, wantAll[:1]}
	if by, err := g.FacedByEach(ctx, subjects); err != nil || !reflect.DeepEqual(by, wantBy) {
		errs = append(errs, fmt.Errorf("FacedByEach(%q) = %+v, %v; want %+v", subjects, by, err, wantBy))
	}
	return errors.Join(errs...)
}
