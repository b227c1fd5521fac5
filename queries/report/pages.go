package report

import (
	"sort"
	"strconv"
	"strings"

	"rustykg/graph"
)

// relOrder orders a kernel page's statements.
var relOrder = map[graph.Relation]int{graph.RelFollows: 0, graph.RelFaces: 1, graph.RelShows: 2, graph.RelExamines: 3}

func (b *builder) kernels() ([]*Section, error) {
	top := &Section{Anchor: "kernels", Title: "Kernels", Level: 2}
	ids := b.cat.IDs(graph.KindKernel)
	var items [][]Span
	for _, id := range ids {
		items = append(items, spans(b.node(id)))
	}
	top.add(para(text("One section per kernel: its approach, the challenges it faces, the performance implications it shows, the lessons of the studies that examine it, each with its evidence.")), list(items...))
	out := []*Section{top}
	for _, id := range ids {
		b.kernel = id
		out = append(out, b.kernelPage(id))
	}
	b.kernel = ""
	return out, nil
}

func (b *builder) kernelPage(id string) *Section {
	n, _ := b.cat.Node(id)
	s := &Section{Anchor: Anchor(id), Title: n.Name, Level: 3}
	if n.Description != "" {
		s.add(para(text(n.Description)))
	}
	var facts [][]Span
	fact := func(k string, v ...Span) {
		if len(v) > 0 && (v[0].Text != "" || len(v) > 1) {
			facts = append(facts, append(spans(strong(k+":"), text(" ")), v...))
		}
	}
	fact("ID", text(id))
	if len(n.Aliases) > 0 {
		fact("Also known as", text(strings.Join(n.Aliases, ", ")))
	}
	inReview := "no (beyond the review)"
	if n.InReview {
		inReview = "yes"
	}
	fact("Named by the review", text(inReview))
	for _, k := range [][2]string{{"design", "Design"}, {"licence", "Licence"}, {"first_release", "First release"}, {"status", "Status"}, {"organisation", "Organisation"}} {
		fact(k[1], text(n.Attr(k[0])))
	}
	if r := n.Attr("repository"); r != "" {
		fact("Repository", urlSpan(r))
	}
	for _, src := range n.Sources {
		fact("Source", urlSpan(src))
	}
	if len(n.Flags) > 0 {
		fact("Flags", text(strings.Join(n.Flags, ", ")))
	}
	s.add(list(facts...))

	var mine, lessons []graph.Claim
	examiners := map[string]bool{}
	for _, cl := range b.claims {
		if cl.Subject == id || (cl.Object == id && cl.Relation == graph.RelExamines) {
			mine = append(mine, cl)
		}
		if cl.Object == id && cl.Relation == graph.RelExamines {
			examiners[cl.Subject] = true
		}
	}
	for _, cl := range b.claims {
		if cl.Relation == graph.RelTeaches && examiners[cl.Subject] {
			lessons = append(lessons, cl)
		}
	}
	sort.SliceStable(mine, func(i, j int) bool {
		a, c := mine[i], mine[j]
		if relOrder[a.Relation] != relOrder[c.Relation] {
			return relOrder[a.Relation] < relOrder[c.Relation]
		}
		oa, oc := other(a, id), other(c, id)
		if oa != oc {
			return graph.NodeLess(oa, oc)
		}
		return graph.NodeLess(a.Study, c.Study)
	})
	st := &Table{Caption: "Approach, challenges, implications and studies of " + n.Name, Columns: []string{"statement", "with", "study", "locator", "note", "flags"}}
	for _, cl := range mine {
		rel := string(cl.Relation)
		if cl.Object == id {
			rel = "examined by"
		}
		st.add(cellText(rel), spans(b.node(other(cl, id))), spans(b.node(cl.Study)), cellText(cl.Locator), cellText(cl.Note), cellText(strings.Join(cl.Flags, ", ")))
	}
	if len(st.Rows) > 0 {
		s.add(tableBlock(st))
	} else {
		s.add(para(text("No statement about " + n.Name + " in the data set.")))
	}
	if len(lessons) == 0 {
		s.add(para(text("Lessons: no study that examines " + n.Name + " teaches a lesson in the data set.")))
		return s
	}
	lt := &Table{Caption: "Lessons of the studies that examine " + n.Name, Columns: []string{"lesson", "study", "locator", "note", "flags"}}
	for _, cl := range lessons {
		lt.add(cellText(b.cat.Name(cl.Object)), spans(b.node(cl.Study)), cellText(cl.Locator), cellText(cl.Note), cellText(strings.Join(cl.Flags, ", ")))
	}
	s.add(tableBlock(lt))
	return s
}

// otherClaims lists the statements the kernel pages do not show (what
// studies report and teach, what lessons address, what implications are
// caused by, ...), so that every claim of the data set is in the report
// with its study and locator.
func (b *builder) otherClaims() ([]*Section, error) {
	s := &Section{Anchor: "other-statements", Title: "Lessons, causes and other statements", Level: 2}
	s.add(para(text("Every statement the kernel sections do not show: what studies report and teach, which challenges lessons address, what causes implications, each with its study and locator.")))
	t := &Table{Columns: []string{"subject", "relation", "object", "study", "locator", "note", "flags"}}
	var rest []graph.Claim
	for _, cl := range b.claims {
		if _, onPage := relOrder[cl.Relation]; onPage && (graph.KindOf(cl.Subject) == graph.KindKernel || graph.KindOf(cl.Object) == graph.KindKernel) {
			continue
		}
		rest = append(rest, cl)
	}
	sort.SliceStable(rest, func(i, j int) bool {
		a, c := rest[i], rest[j]
		if a.Relation != c.Relation {
			return a.Relation < c.Relation
		}
		if a.Subject != c.Subject {
			return graph.NodeLess(a.Subject, c.Subject)
		}
		if a.Object != c.Object {
			return graph.NodeLess(a.Object, c.Object)
		}
		return graph.NodeLess(a.Study, c.Study)
	})
	for _, cl := range rest {
		b.claimRow(t, cl)
	}
	s.add(tableBlock(t))
	return []*Section{s}, nil
}

// other is the node at the other end of cl from id.
func other(cl graph.Claim, id string) string {
	if cl.Subject == id {
		return cl.Object
	}
	return cl.Subject
}

// urlSpan links an http(s) URL; anything else stays text.
func urlSpan(u string) Span {
	if safeURL(u) {
		return link(u, u)
	}
	return text(u)
}

// safeURL reports whether u is an absolute http(s) URL, the only links
// the report takes from the data.
func safeURL(u string) bool {
	l := strings.ToLower(u)
	return (strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")) && !strings.ContainsAny(u, " \t\r\n")
}

func (b *builder) bibliography() *Section {
	s := &Section{Anchor: "bibliography", Title: "Bibliography", Level: 2}
	s.add(para(text("Every study the report cites, from the data set's BibTeX; the number in brackets is the review's reference number.")))
	ids := make([]string, 0, len(b.cited))
	for id := range b.cited {
		ids = append(ids, id)
	}
	rank := func(id string) (int, int) {
		if graph.KindOf(id) == graph.KindReview {
			return 0, 0
		}
		n, _ := b.cat.Node(id)
		if r, err := strconv.Atoi(n.Attr("ref")); err == nil {
			return 1, r
		}
		return 2, 0
	}
	sort.Slice(ids, func(i, j int) bool {
		gi, ri := rank(ids[i])
		gj, rj := rank(ids[j])
		if gi != gj {
			return gi < gj
		}
		if ri != rj {
			return ri < rj
		}
		return ids[i] < ids[j]
	})
	var items [][]Span
	for _, id := range ids {
		items = append(items, b.entry(id))
	}
	s.add(list(items...))
	return s
}

// entry is one bibliography entry.
func (b *builder) entry(id string) []Span {
	n, _ := b.cat.Node(id)
	label := id
	if r := b.cat.Ref(id); r != "" {
		label = r + " " + id
	}
	out := spans(Span{Text: label, Anchor: Anchor(id), Strong: true}, text(": "))
	var parts []string
	if a := n.Attr("authors"); a != "" {
		parts = append(parts, a)
	}
	if y := n.Attr("year"); y != "" {
		parts = append(parts, "("+y+")")
	}
	title := n.Attr("title")
	if title == "" {
		title = n.Name
	}
	out = append(out, text(strings.Join(parts, " ")+". "+title+"."))
	if v := n.Attr("venue"); v != "" {
		out = append(out, text(" "+v+"."))
	}
	if p := n.Attr("pages"); p != "" {
		out = append(out, text(" Pages "+p+"."))
	}
	if d := n.Attr("doi"); d != "" {
		out = append(out, text(" DOI "), link(d, "https://doi.org/"+d), text("."))
	} else if u := n.Attr("url"); u != "" {
		out = append(out, text(" "), urlSpan(u), text("."))
	}
	switch {
	case graph.KindOf(id) == graph.KindReview:
		out = append(out, text(" The review this data set reproduces."))
	case n.InReview:
		out = append(out, text(" Included in the review."))
	default:
		out = append(out, text(" Beyond the review."))
	}
	if ks := b.citedIn[id]; len(ks) > 0 {
		kids := make([]string, 0, len(ks))
		for k := range ks {
			kids = append(kids, k)
		}
		sort.Slice(kids, func(i, j int) bool { return graph.NodeLess(kids[i], kids[j]) })
		out = append(out, text(" Cited for: "))
		for i, k := range kids {
			if i > 0 {
				out = append(out, text(", "))
			}
			out = append(out, link(b.cat.Name(k), "#"+Anchor(k)))
		}
		out = append(out, text("."))
	}
	return out
}
