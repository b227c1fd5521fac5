package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"rustykg/graph"
	"rustykg/graph/viz"
	"rustykg/queries"
)

// Options control what Build draws.
type Options struct {
	// Renderer draws the figures (PRISMA flow, shared challenges). Nil
	// builds a report without figures: each figure's place holds
	// NoFigures instead.
	Renderer viz.Renderer
	// FigureDir is the folder the Markdown names figure files in
	// ("report-figures" for report.md).
	FigureDir string
	// NoFigures is the sentence that stands in for a figure when Renderer
	// is nil.
	NoFigures string
	// MaxFigureNodes is the most nodes a diagram may have to be drawn
	// (DefaultMaxFigureNodes when 0): past it the picture is unreadable
	// and Graphviz takes minutes, so the tables stand alone.
	MaxFigureNodes int
	// DataHash is the data set's content hash (graph.ContentHash), which
	// the report names so that a reader can tell which data it shows; ""
	// leaves it out.
	DataHash string
}

// DefaultMaxFigureNodes is Options.MaxFigureNodes when it is 0.
const DefaultMaxFigureNodes = 150

// reviewFlags are the claim flags that record the review's own
// inconsistencies (as opposed to "inferred" and "outside-review").
var reviewFlags = []string{graph.FlagAsPrinted, graph.FlagLikelyMisattributed, graph.FlagNoCitedStudy, graph.FlagUnnamedInTable}

// builder assembles a Doc; it remembers every study the document links
// to, so that the bibliography lists exactly those.
type builder struct {
	ctx    context.Context
	cat    *queries.Catalog
	opts   Options
	claims []graph.Claim
	refs   map[string]string // "[n]" -> study ID
	cited  map[string]bool
	// citedIn: study -> the kernel sections that cite it.
	citedIn map[string]map[string]bool
	kernel  string // the kernel section being built, "" outside them
	figures int
}

// Build reads the data set behind cat and lays it out as a Doc (see the
// package doc).
func Build(ctx context.Context, cat *queries.Catalog, opts Options) (*Doc, error) {
	b := &builder{ctx: ctx, cat: cat, opts: opts, refs: map[string]string{}, cited: map[string]bool{}, citedIn: map[string]map[string]bool{}}
	var err error
	if b.claims, err = cat.G.Claims(ctx, graph.ClaimFilter{}); err != nil {
		return nil, err
	}
	for _, id := range cat.IDs(graph.KindStudy) {
		if r := cat.Ref(id); r != "" {
			b.refs[r] = id
		}
	}
	m, err := queries.ReviewMethod(ctx, cat)
	if err != nil {
		return nil, err
	}
	doc := &Doc{Title: "Rust in OS kernels: a report of the data set of " + m.Name}
	doc.Intro = []Block{b.intro(m)}
	steps := []func() ([]*Section, error){
		func() ([]*Section, error) { return b.method(m) },
		b.tables,
		b.matrix,
		b.shared,
		b.inconsistencies,
		b.kernels,
		b.otherClaims,
	}
	for _, step := range steps {
		ss, err := step()
		if err != nil {
			return nil, err
		}
		doc.Sections = append(doc.Sections, ss...)
	}
	doc.Sections = append(doc.Sections, b.bibliography())
	return doc, nil
}

func (b *builder) intro(m queries.Method) Block {
	in, out := 0, 0
	for _, id := range b.cat.IDs(graph.KindStudy) {
		if n, _ := b.cat.Node(id); n.InReview {
			in++
		} else {
			out++
		}
	}
	p := para(
		text(fmt.Sprintf("Drawn by rustykg from its data set: %d kernels, %d studies (%d included in the review ", len(b.cat.IDs(graph.KindKernel)), in+out, in)),
		b.node(m.Review),
		text(fmt.Sprintf(", %d beyond it) and %d claims. Every statement names the study that supports it and where in that study; study IDs link to the bibliography, kernel names to the kernel's section.", out, len(b.claims))),
	)
	if b.opts.DataHash != "" {
		p.Para = append(p.Para, text(" Content hash of the data set (rustykg --version): "+b.opts.DataHash+"."))
	}
	return p
}

// node is a span for a node: kernels link to their section, studies and
// the review to their bibliography entry (and are then cited), other
// nodes are their names.
func (b *builder) node(id string) Span {
	switch graph.KindOf(id) {
	case graph.KindKernel:
		if _, ok := b.cat.Node(id); ok {
			return link(b.cat.Name(id), "#"+Anchor(id))
		}
	case graph.KindStudy, graph.KindReview:
		if _, ok := b.cat.Node(id); ok {
			b.cite(id)
			label := id
			if r := b.cat.Ref(id); r != "" {
				label += " " + r
			}
			return link(label, "#"+Anchor(id))
		}
	}
	return text(b.cat.Name(id))
}

func (b *builder) cite(id string) {
	b.cited[id] = true
	if b.kernel != "" {
		if b.citedIn[id] == nil {
			b.citedIn[id] = map[string]bool{}
		}
		b.citedIn[id][b.kernel] = true
	}
}

// cell turns a printed cell of a query table into spans: when every
// word of it is a study, kernel or review ID or a reference number of the
// review ("[5]"), each becomes a link; otherwise it is text.
func (b *builder) cell(s string) []Span {
	if s == "" {
		return nil
	}
	var toks, seps []string
	rest := s
	for rest != "" {
		i := strings.IndexAny(rest, ", ")
		if i < 0 {
			toks, rest = append(toks, rest), ""
			break
		}
		j := i
		for j < len(rest) && (rest[j] == ',' || rest[j] == ' ') {
			j++
		}
		toks, seps, rest = append(toks, rest[:i]), append(seps, rest[i:j]), rest[j:]
	}
	ids := make([]string, len(toks))
	for i, t := range toks {
		if id, ok := b.refs[t]; ok {
			ids[i] = id
			continue
		}
		k := graph.KindOf(t)
		if _, ok := b.cat.Node(t); !ok || (k != graph.KindStudy && k != graph.KindKernel && k != graph.KindReview) {
			return cellText(s)
		}
		ids[i] = t
	}
	var out []Span
	for i, t := range toks {
		if i > 0 {
			out = append(out, text(seps[i-1]))
		}
		if _, isRef := b.refs[t]; isRef {
			b.cite(ids[i])
			out = append(out, link(t, "#"+Anchor(ids[i])))
			continue
		}
		out = append(out, b.node(ids[i]))
	}
	return out
}

// queryTable lays out a query's printed table, linking what cell links.
func (b *builder) queryTable(t queries.Table) *Table {
	out := &Table{Caption: t.Title, Columns: t.Columns}
	for _, r := range t.Rows {
		row := make([][]Span, len(r))
		for i, c := range r {
			row[i] = b.cell(c)
		}
		out.add(row...)
	}
	return out
}

// draw renders DOT to a sanitized SVG figure, or stands in for it.
func (b *builder) draw(file, caption, alt string, src []byte) (Block, error) {
	if b.opts.Renderer == nil {
		return para(text(caption + ": " + b.opts.NoFigures)), nil
	}
	out, err := viz.DrawDOT(b.ctx, b.opts.Renderer, src, "svg")
	if err != nil {
		return Block{}, fmt.Errorf("figure %s: %w", file, err)
	}
	b.figures++
	svg, err := SanitizeSVG(out, fmt.Sprintf("fig%d-", b.figures))
	if err != nil {
		return Block{}, fmt.Errorf("figure %s: %w", file, err)
	}
	return figure(&Figure{File: file, Caption: fmt.Sprintf("Figure %d: %s", b.figures, caption), Alt: alt, SVG: svg, Dir: b.opts.FigureDir}), nil
}

func (b *builder) method(m queries.Method) ([]*Section, error) {
	s := &Section{Anchor: "method", Title: "Method of the review", Level: 2}
	intro := []Span{text("The review "), b.node(m.Review)}
	if m.Guideline != "" {
		intro = append(intro, text(" follows the guidelines of "+m.Guideline))
	}
	intro = append(intro, text("."))
	if m.Window != "" {
		intro = append(intro, text(" Search window: "+m.Window+"."))
	}
	s.add(para(intro...))
	if len(m.Questions) > 0 {
		s.add(para(strong("Research questions")))
		var items [][]Span
		for _, q := range m.Questions {
			items = append(items, spans(strong(q.ID+":"), text(" "+q.Text)))
		}
		s.add(list(items...))
	}
	dbs := &Table{Caption: "Databases and search strings", Columns: []string{"database", "hits", "search string"}}
	for _, d := range m.Databases {
		dbs.add(cellText(d.Name), cellText(strconv.Itoa(d.Hits)), cellText(d.Query))
	}
	s.add(tableBlock(dbs))
	s.add(b.criteria(m)...)

	p := &Section{Anchor: "prisma", Title: "PRISMA 2020 flow", Level: 3}
	src, err := viz.PRISMA(m)
	if err != nil {
		return nil, err
	}
	fig, err := b.draw("prisma.svg", "PRISMA 2020 flow diagram of the review's selection", "PRISMA 2020 flow diagram", src)
	if err != nil {
		return nil, err
	}
	p.add(fig)
	flow := &Table{Caption: "The numbers of the flow diagram", Columns: []string{"stage", "n", "from review.yaml"}}
	row := func(stage string, c queries.Count, from string) {
		if c.Known {
			flow.add(cellText(stage), cellText(strconv.Itoa(c.Value)), cellText(from))
		}
	}
	for _, d := range m.Databases {
		flow.add(cellText("Records identified: "+d.Name), cellText(strconv.Itoa(d.Hits)), cellText("databases[].hits"))
	}
	row("Records identified from databases", m.Raw, "counts.raw")
	row("Duplicate records removed", m.Duplicates, "counts.duplicates")
	if m.Duplicates.Known {
		row("Records screened", m.Records(), "counts.raw - counts.duplicates (derived)")
	} else {
		row("Records screened", m.Records(), "counts.raw (derived; no duplicates reported)")
	}
	row("Records excluded", m.Excluded(), "records screened - counts.screened (derived)")
	row("Papers kept after screening", m.Screened, "counts.screened")
	row("Studies added by snowballing", m.Snowballed, "counts.snowballed")
	row("Studies included", m.Selected, "counts.selected")
	p.add(tableBlock(flow))
	return []*Section{s, p}, nil
}

// criteria lays out the review's inclusion and exclusion criteria, each
// with where the review states it, or says that review.yaml records none.
func (b *builder) criteria(m queries.Method) []Block {
	inconsistencies := []Span{text(" What the data set notes about the review's selection is under "), link("Inconsistencies of the review", "#inconsistencies"), text(".")}
	if len(m.Criteria) == 0 {
		return []Block{para(append([]Span{strong("Selection criteria."), text(" The data set records the search window and the guideline above (review.yaml); it holds no inclusion or exclusion criteria of its own, so none are listed here.")}, inconsistencies...)...)}
	}
	t := &Table{Caption: "Inclusion and exclusion criteria", Columns: []string{"criterion", "kind", "text", "locator"}}
	for _, c := range m.Criteria {
		t.add(cellText(c.ID), cellText(c.Kind), cellText(c.Text), cellText(c.Locator))
	}
	intro := para(append([]Span{strong("Selection criteria."), text(" The review's inclusion and exclusion criteria as review.yaml records them (in our words), each with where the review states them.")}, inconsistencies...)...)
	return []Block{intro, tableBlock(t)}
}

func (b *builder) tables() ([]*Section, error) {
	rt, err := queries.Tables(b.ctx, b.cat)
	if err != nil {
		return nil, err
	}
	bt, err := queries.Beyond(b.ctx, b.cat)
	if err != nil {
		return nil, err
	}
	printed := &Section{Anchor: "tables-review", Title: "Tables 2-4 as the review prints them", Level: 2}
	printed.add(para(text("Recomputed from the claims that carry the review's table number (rustykg tables); reference numbers are the review's and link to the bibliography.")))
	for _, t := range rt.Tables() {
		printed.add(tableBlock(b.queryTable(t)))
	}
	beyond := &Section{Anchor: "tables-beyond", Title: "Tables 2-4 with the studies beyond the review", Level: 2}
	beyond.add(para(text("The same tables over every study (rustykg tables --beyond): the review's counts and references stay as printed; the studies outside the review are added, with the rows the review does not have.")))
	for _, t := range bt.Tables() {
		beyond.add(tableBlock(b.queryTable(t)))
	}
	return []*Section{printed, beyond}, nil
}

func (b *builder) matrix() ([]*Section, error) {
	m, err := queries.Matrix(b.ctx, b.cat, graph.KindKernel, graph.KindChallenge)
	if err != nil {
		return nil, err
	}
	s := &Section{Anchor: "matrix", Title: "Kernels and challenges", Level: 2}
	s.add(para(text("A cell is the number of studies that support \"the kernel faces the challenge\" (rustykg matrix); the last column and row count the marks. Only kernels and challenges with a mark are listed.")))
	t := &Table{Caption: "Kernel x challenge", Columns: []string{"kernel"}}
	for _, c := range m.Columns {
		t.Columns = append(t.Columns, c.Name)
	}
	t.Columns = append(t.Columns, "total")
	for _, r := range m.Rows {
		row := [][]Span{{b.node(r.ID)}}
		for _, c := range m.Columns {
			cl := m.Cell(r.ID, c.ID)
			if cl.Count == 0 {
				row = append(row, nil)
			} else {
				row = append(row, cellText(strconv.Itoa(cl.Count)))
			}
		}
		t.add(append(row, cellText(strconv.Itoa(r.Total)))...)
	}
	tot := [][]Span{{strong("total")}}
	for _, c := range m.Columns {
		tot = append(tot, cellText(strconv.Itoa(c.Total)))
	}
	t.add(append(tot, cellText(strconv.Itoa(m.Total)))...)
	s.add(tableBlock(t))
	return []*Section{s}, nil
}

// evidence lists studies with their locators: "study:x [n] (locator)".
func (b *builder) evidence(ev []queries.Evidence) []Span {
	var out []Span
	for i, e := range ev {
		if i > 0 {
			out = append(out, text("; "))
		}
		out = append(out, b.node(e.Study), text(" ("+e.Locator+")"))
	}
	return out
}

func (b *builder) shared() ([]*Section, error) {
	s := &Section{Anchor: "shared", Title: "Shared challenges", Level: 2}
	s.add(para(text("The challenges two or more kernels face, each kernel with the studies that say so and where (rustykg shared --challenge C).")))
	t := &Table{Caption: "Challenges faced by more than one kernel", Columns: []string{"challenge", "kernel", "evidence"}}
	shared, err := queries.SharedBy(b.ctx, b.cat)
	if err != nil {
		return nil, err
	}
	for _, ks := range shared {
		for _, k := range ks.Kernels {
			t.add(cellText(b.cat.Name(ks.Challenge)), spans(b.node(k.Kernel)), b.evidence(k.Evidence))
		}
	}
	s.add(tableBlock(t))
	pairs, err := queries.SharedPairs(b.ctx, b.cat)
	if err != nil {
		return nil, err
	}
	pt := &Table{Caption: "Kernel pairs by the number of challenges they share (rustykg shared)", Columns: []string{"kernel", "kernel", "shared", "challenges", "studies"}}
	for _, p := range pairs.Pairs {
		var names []string
		for _, c := range p.Challenges {
			names = append(names, b.cat.Name(c))
		}
		pt.add(spans(b.node(p.A)), spans(b.node(p.B)), cellText(strconv.Itoa(p.Shared)), cellText(strings.Join(names, ", ")), b.cell(strings.Join(p.Studies, ", ")))
	}
	s.add(tableBlock(pt))
	d, err := viz.SharedPairs(b.ctx, b.cat)
	if err != nil {
		return nil, err
	}
	limit := b.opts.MaxFigureNodes
	if limit == 0 {
		limit = DefaultMaxFigureNodes
	}
	if len(d.Nodes) > limit {
		s.add(para(text(fmt.Sprintf("The figure of the kernels that share a challenge is not drawn: its %d nodes are more than one picture can show (at most %d); the tables above list them.", len(d.Nodes), limit))))
		return []*Section{s}, nil
	}
	src, err := viz.DOT(d, viz.Options{})
	if err != nil {
		return nil, err
	}
	fig, err := b.draw("shared.svg", "kernels that share a challenge with another kernel (rustykg render shared)", "Kernels and the challenges they share", src)
	if err != nil {
		return nil, err
	}
	s.add(fig)
	return []*Section{s}, nil
}

func (b *builder) claimRow(t *Table, cl graph.Claim) {
	t.add(spans(b.node(cl.Subject)), cellText(string(cl.Relation)), spans(b.node(cl.Object)), spans(b.node(cl.Study)), cellText(cl.Locator), cellText(cl.Note), cellText(strings.Join(cl.Flags, ", ")))
}

func (b *builder) inconsistencies() ([]*Section, error) {
	m, err := queries.ReviewMethod(b.ctx, b.cat)
	if err != nil {
		return nil, err
	}
	s := &Section{Anchor: "inconsistencies", Title: "Inconsistencies of the review", Level: 2}
	if len(m.Notes) > 0 {
		s.add(para(text("What the data set records about the review's own text (review.yaml's notes):")))
		var items [][]Span
		for _, n := range m.Notes {
			items = append(items, cellText(n))
		}
		s.add(list(items...))
	}
	t := &Table{Caption: "Claims recorded as the review prints them (flags " + strings.Join(reviewFlags, ", ") + ")", Columns: []string{"subject", "relation", "object", "study", "locator", "note", "flags"}}
	for _, cl := range b.claims {
		for _, f := range reviewFlags {
			if cl.HasFlag(f) {
				b.claimRow(t, cl)
				break
			}
		}
	}
	s.add(tableBlock(t))
	g, err := queries.Gaps(b.ctx, b.cat)
	if err != nil {
		return nil, err
	}
	s.add(para(text("What the evidence does not cover (rustykg gaps):")))
	for _, gt := range g.Tables() {
		if len(gt.Rows) == 0 {
			s.add(para(text(gt.Title + ": none.")))
			continue
		}
		s.add(tableBlock(b.queryTable(gt)))
	}
	return []*Section{s}, nil
}
