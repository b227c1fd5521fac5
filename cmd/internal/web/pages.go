package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"rustykg/graph"
	"rustykg/graph/viz"
	"rustykg/queries"
)

// homeBody is the home page: the data set, the review's method and its
// tables.
type homeBody struct {
	Review     ref
	ReviewNode graph.Node
	Method     []graph.Attr // the review's counts, databases, window, guideline
	RQs        []graph.Attr
	Criteria   []queries.Criterion // inclusion, then exclusion
	Counts     []kindCount
	Kernels    []ref
	Challenges []ref
	Tables     []reviewTable
	Diagram    diagram
}

// methodKeys are the review attributes of the method table, in order.
var methodKeys = []string{"guideline", "window", "database", "count.raw", "count.duplicates", "count.screened", "count.snowballed", "count.selected"}

// methodRank is the place of key in methodKeys, or -1.
func methodRank(key string) int {
	for i, k := range methodKeys {
		if k == key {
			return i
		}
	}
	return -1
}

// methodLabel names a review attribute for the method table.
func methodLabel(key string) string {
	switch key {
	case "count.raw":
		return "records found"
	case "count.duplicates":
		return "duplicates removed"
	case "count.screened":
		return "kept after screening"
	case "count.snowballed":
		return "added by snowballing"
	case "count.selected":
		return "studies selected"
	case "database":
		return "database searched"
	case "window":
		return "publication window"
	case "guideline":
		return "guideline followed"
	}
	return key
}

type kindCount struct {
	Kind  string
	Count int
}

type reviewTable struct {
	Title  string
	Column string // the row kind's heading
	Rows   []reviewRow
	OS     bool // Table 2 lists OS names
}

// reviewRow is a row of a review table with its studies as links named
// by their reference numbers ("[5]").
type reviewRow struct {
	queries.ReviewRow
	StudyRefs  []ref
	KernelRefs []ref
}

func (h *Handler) reviewRows(rows []queries.ReviewRow) []reviewRow {
	out := make([]reviewRow, len(rows))
	for i, r := range rows {
		out[i] = reviewRow{ReviewRow: r, KernelRefs: h.refs(r.Kernels)}
		for _, s := range r.Studies {
			rf := h.ref(s)
			if n := h.cfg.Catalog.Ref(s); n != "" {
				rf.Name = n
			}
			out[i].StudyRefs = append(out[i].StudyRefs, rf)
		}
	}
	return out
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cat := h.cfg.Catalog
	var b homeBody
	if id := cat.G.Review(); id != "" {
		b.Review = h.ref(id)
		if n, ok := cat.Node(id); ok {
			b.ReviewNode = n
			var method []graph.Attr
			for _, a := range n.Attrs {
				switch {
				case methodRank(a.Key) >= 0:
					method = append(method, a)
				case strings.HasPrefix(a.Key, "rq."):
					b.RQs = append(b.RQs, graph.Attr{Key: strings.TrimPrefix(a.Key, "rq."), Value: a.Value})
				}
			}
			// The method in its order: search, databases, counts as the
			// review's flow diagram has them.
			sort.SliceStable(method, func(i, j int) bool { return methodRank(method[i].Key) < methodRank(method[j].Key) })
			for _, a := range method {
				b.Method = append(b.Method, graph.Attr{Key: methodLabel(a.Key), Value: a.Value})
			}
			m, err := queries.ReviewMethod(ctx, cat)
			if err != nil {
				h.fail(w, r, err)
				return
			}
			b.Criteria = m.Criteria
		}
	}
	for _, k := range graph.Kinds {
		if n := len(cat.IDs(k)); n > 0 {
			b.Counts = append(b.Counts, kindCount{string(k), n})
		}
	}
	b.Kernels = h.refs(cat.IDs(graph.KindKernel))
	b.Challenges = h.refs(cat.IDs(graph.KindChallenge))
	t, err := queries.Tables(ctx, cat)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b.Tables = []reviewTable{
		{"Table 2: approaches (RQ1)", "Approach", h.reviewRows(t.Table2), true},
		{"Table 3: performance implications (RQ2)", "Implication", h.reviewRows(t.Table3), false},
		{"Table 4: challenges unique to Rust (RQ3)", "Challenge", h.reviewRows(t.Table4), false},
	}
	title := "rustykg: " + h.cfg.Source + " data set"
	h.render(w, r, http.StatusOK, "home", page{Title: title, Command: h.command("tables"), API: apiURL("tables", nil), Body: b})
}

// nodeBody is a node's page.
type nodeBody struct {
	Node       graph.Node
	Attrs      []graph.Attr // without bibtex
	BibTeX     string
	Statements []statement
	Claim      *queries.ClaimResult
	Links      []link // other questions about this node
	Diagram    diagram
}

type statement struct {
	Direction string
	Relation  string
	Others    []ref // one node, or the subject and object of a supported claim
	Evidence  queries.Evidence
	Study     ref
	ClaimURL  string
}

type link struct {
	Text string
	URL  string
}

func (h *Handler) node(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cat := h.cfg.Catalog
	raw := r.PathValue("id")
	if graph.KindOf(raw) == graph.KindClaim {
		h.claim(w, r, raw)
		return
	}
	id := raw
	if _, ok := cat.Node(raw); !ok {
		h.notFound(w, r, raw, nil)
		return
	}
	res, err := queries.Show(ctx, cat, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b := nodeBody{Node: res.Node, BibTeX: res.Node.Attr("bibtex")}
	for _, a := range res.Node.Attrs {
		if a.Key != "bibtex" {
			b.Attrs = append(b.Attrs, a)
		}
	}
	for _, s := range res.Statements {
		st := statement{Direction: s.Direction, Relation: s.Relation, Evidence: s.Evidence, Study: h.ref(s.Evidence.Study), ClaimURL: nodeURL(s.Evidence.Claim)}
		if s.Direction == "supports" {
			subj, obj, _ := strings.Cut(s.Other, " -> ")
			st.Others = []ref{h.ref(subj), h.ref(obj)}
		} else {
			st.Others = []ref{h.ref(s.Other)}
		}
		b.Statements = append(b.Statements, st)
	}
	switch res.Node.Kind {
	case graph.KindKernel:
		b.Links = []link{
			{"Kernels with similar challenges", "/similar?" + url.Values{"k": {id}}.Encode()},
			{"Share challenges with other kernels", "/shared?" + url.Values{"k": {id}}.Encode()},
		}
	case graph.KindChallenge:
		b.Links = []link{{"Kernels that face it", "/shared?" + url.Values{"c": {id}}.Encode()}}
	}
	b.Diagram = h.showDiagram(ctx, id)
	title := res.Node.Name
	if title == "" {
		title = id
	}
	h.render(w, r, http.StatusOK, "node", page{
		Title:   fmt.Sprintf("%s (%s)", title, res.Node.Kind),
		Command: h.command("show", id),
		API:     apiURL("show", url.Values{"arg": {id}}),
		Body:    b,
	})
}

// showDiagram is the picture of a node's page: its neighbourhood, as
// "rustykg render --focus ID" draws it.
func (h *Handler) showDiagram(ctx context.Context, id string) diagram {
	return h.diagrams.get(ctx, "show\x00"+id, func(ctx context.Context) (*viz.Diagram, error) {
		return viz.Neighbourhood(ctx, h.cfg.Catalog, id, 1)
	})
}

// Warm draws the diagram of the first kernel's page, so that the
// renderer's cold start (go-graphviz compiles its WebAssembly on first
// use, about a second on a cold cache) is paid before the first request
// rather than by it. It returns when that drawing is done or ctx ends.
func (h *Handler) Warm(ctx context.Context) {
	if ids := h.cfg.Catalog.IDs(graph.KindKernel); len(ids) > 0 {
		h.showDiagram(ctx, ids[0])
	}
}

// claim shows one claim: a statement with its evidence.
func (h *Handler) claim(w http.ResponseWriter, r *http.Request, id string) {
	res, err := queries.ShowClaim(r.Context(), h.cfg.Catalog, id)
	if errors.Is(err, graph.ErrNotFound) || errors.Is(err, queries.ErrNoMatch) {
		h.notFound(w, r, id, err)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b := nodeBody{Node: graph.Node{ID: id, Kind: graph.KindClaim, Name: id}, Claim: &res}
	h.render(w, r, http.StatusOK, "node", page{
		Title:   "Claim " + id,
		Command: h.command("show", id),
		API:     apiURL("show", url.Values{"arg": {id}}),
		Body:    b,
	})
}

// sharedBody is the shared-challenges explorer.
type sharedBody struct {
	Kernels    []choice // the form's checkboxes
	Challenges []choice // the form's challenge list
	Selected   []ref
	Challenge  *ref
	Error      string
	Hint       string // what to do next when the form is half filled
	Shared     *queries.SharedResult
	Facing     *queries.ChallengeKernels
	Pairs      *queries.PairRanking
	Diagram    diagram
}

type choice struct {
	ref
	Checked bool
}

func (h *Handler) shared(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cat := h.cfg.Catalog
	q := r.URL.Query()
	ks, c := q["k"], strings.TrimSpace(q.Get("c"))
	var b sharedBody
	status := http.StatusOK
	var ids []string
	args := []string{"shared"}
	api := url.Values{}
	var err error
	switch {
	case len(ks) > MaxKernels:
		err = fmt.Errorf("%w: at most %d kernels at once, got %d", ErrBadRequest, MaxKernels, len(ks))
	case c != "" && len(ks) > 0:
		err = fmt.Errorf("%w: pick kernels or a challenge, not both", ErrBadRequest)
	case c != "":
		var id string
		if id, err = cat.Resolve(c, graph.KindChallenge); err == nil {
			rf := h.ref(id)
			b.Challenge = &rf
			args = append(args, "--challenge", id)
			api.Set("challenge", id)
			var res queries.ChallengeKernels
			if res, err = queries.KernelsFacing(ctx, cat, id); err == nil {
				b.Facing = &res
				b.Diagram = h.diagrams.get(ctx, "facing\x00"+id, func(ctx context.Context) (*viz.Diagram, error) {
					return viz.ChallengeKernels(ctx, cat, id)
				})
			}
		}
	case len(ks) == 1:
		ids, err = h.resolveAll(ks, graph.KindKernel)
		if err == nil {
			// The kernel pages link here with their kernel ticked: the
			// form, with a word on what is missing, not an error.
			b.Selected = h.refs(ids)
			b.Hint = b.Selected[0].Name + " is ticked: tick at least one more kernel to compare."
		}
	case len(ks) > 1:
		if ids, err = h.resolveAll(ks, graph.KindKernel); err == nil {
			b.Selected = h.refs(ids)
			args = append(args, ids...)
			api["arg"] = ids
			var res queries.SharedResult
			if res, err = queries.Shared(ctx, cat, ids); err == nil {
				b.Shared = &res
				b.Diagram = h.diagrams.get(ctx, "shared\x00"+strings.Join(ids, "\x00"), func(ctx context.Context) (*viz.Diagram, error) {
					return viz.SharedChallenges(ctx, cat, ids)
				})
			}
		}
	default:
		var res queries.PairRanking
		if res, err = queries.SharedPairs(ctx, cat); err == nil {
			b.Pairs = &res
		}
	}
	if err != nil {
		b.Error = err.Error()
		status = statusOf(err)
	}
	sel := map[string]bool{}
	for _, id := range ids {
		sel[id] = true
	}
	for _, id := range cat.IDs(graph.KindKernel) {
		b.Kernels = append(b.Kernels, choice{h.ref(id), sel[id]})
	}
	for _, id := range cat.IDs(graph.KindChallenge) {
		b.Challenges = append(b.Challenges, choice{h.ref(id), b.Challenge != nil && b.Challenge.ID == id})
	}
	title := "Shared challenges"
	if len(b.Selected) > 1 {
		names := make([]string, len(b.Selected))
		for i, s := range b.Selected {
			names[i] = s.Name
		}
		title = "Challenges shared by " + strings.Join(names, ", ")
	} else if b.Challenge != nil {
		title = "Kernels that face " + b.Challenge.Name
	}
	h.render(w, r, status, "shared", page{Title: title, Command: h.command(args...), API: apiURL("shared", api), Body: b})
}

// resolveAll resolves names leniently, as the CLI does; a node named
// twice is a bad request.
func (h *Handler) resolveAll(names []string, kinds ...graph.Kind) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		id, err := h.cfg.Catalog.Resolve(n, kinds...)
		if err != nil {
			return nil, err
		}
		if seen[id] {
			return nil, fmt.Errorf("%w: %s is named twice; give each node once", ErrBadRequest, id)
		}
		seen[id] = true
		out = append(out, id)
	}
	return out, nil
}

// matrixBody is the heat map.
type matrixBody struct {
	RowKinds, ColKinds []choice
	Rows, Cols         string
	Columns            []ref
	Lines              []matrixLine
	Max                int
	Error              string
}

type matrixLine struct {
	Row   ref
	Cells []matrixCell
	Total int
}

type matrixCell struct {
	Count   int
	Class   string
	URL     string
	Studies string // the tooltip
}

func (h *Handler) matrix(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cat := h.cfg.Catalog
	q := r.URL.Query()
	rows, cols := q.Get("rows"), q.Get("cols")
	if rows == "" {
		rows = string(graph.KindKernel)
	}
	if cols == "" {
		cols = string(graph.KindChallenge)
	}
	b := matrixBody{Rows: rows, Cols: cols}
	for _, k := range queries.MatrixRowKinds {
		b.RowKinds = append(b.RowKinds, choice{ref{ID: string(k), Name: string(k)}, string(k) == rows})
	}
	for _, k := range queries.MatrixColKinds {
		b.ColKinds = append(b.ColKinds, choice{ref{ID: string(k), Name: string(k)}, string(k) == cols})
	}
	args := []string{"matrix"}
	api := url.Values{}
	if rows != string(graph.KindKernel) {
		args = append(args, "--rows", rows)
		api.Set("rows", rows)
	}
	if cols != string(graph.KindChallenge) {
		args = append(args, "--cols", cols)
		api.Set("cols", cols)
	}
	pg := page{Title: "Matrix: " + rows + " x " + cols, Command: h.command(args...), API: apiURL("matrix", api)}
	if !kindIn(queries.MatrixRowKinds, rows) || !kindIn(queries.MatrixColKinds, cols) {
		b.Error = "rows must be kernel, approach or study and cols challenge, implication or lesson"
		pg.Body = b
		h.render(w, r, http.StatusBadRequest, "matrix", pg)
		return
	}
	res, err := queries.Matrix(ctx, cat, graph.Kind(rows), graph.Kind(cols))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, c := range res.Columns {
		b.Columns = append(b.Columns, h.ref(c.ID))
	}
	for _, row := range res.Rows {
		for _, c := range row.Cells {
			b.Max = max(b.Max, c.Count)
		}
	}
	for _, row := range res.Rows {
		line := matrixLine{Row: h.ref(row.ID), Total: row.Total}
		for _, col := range res.Columns {
			c := res.Cell(row.ID, col.ID)
			mc := matrixCell{Count: c.Count, Class: heat(c.Count, b.Max), Studies: strings.Join(c.Studies, ", ")}
			if c.Count > 0 {
				mc.URL = evidenceURL(rows, cols, row.ID, col.ID)
			}
			line.Cells = append(line.Cells, mc)
		}
		b.Lines = append(b.Lines, line)
	}
	pg.Body = b
	h.render(w, r, http.StatusOK, "matrix", pg)
}

// evidenceURL is the address of a matrix cell's evidence: the evidence
// command's page for kernel x challenge, the cell's studies otherwise.
func evidenceURL(rows, cols, row, col string) string {
	if rows == string(graph.KindKernel) && cols == string(graph.KindChallenge) {
		return "/evidence?" + url.Values{"kernel": {row}, "challenge": {col}}.Encode()
	}
	return "/evidence?" + url.Values{"rows": {rows}, "cols": {cols}, "row": {row}, "col": {col}}.Encode()
}

func kindIn(ks []graph.Kind, s string) bool {
	for _, k := range ks {
		if string(k) == s {
			return true
		}
	}
	return false
}

// evidenceBody is the evidence behind one statement or matrix cell.
type evidenceBody struct {
	Row, Col ref
	Relation string
	Evidence []evidenceRow
	Studies  []ref // a matrix cell's studies (no single claim)
	Error    string
}

type evidenceRow struct {
	queries.Evidence
	StudyRef ref
	ClaimURL string
}

func (h *Handler) evidence(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cat := h.cfg.Catalog
	q := r.URL.Query()
	var b evidenceBody
	if q.Has("kernel") || q.Has("challenge") {
		k, err := cat.Resolve(q.Get("kernel"), graph.KindKernel)
		var c string
		if err == nil {
			c, err = cat.Resolve(q.Get("challenge"), graph.KindChallenge)
		}
		if err != nil {
			b.Error = err.Error()
			h.render(w, r, statusOf(err), "evidence", page{Title: "Evidence", Command: h.command("evidence", q.Get("kernel"), q.Get("challenge")), Body: b})
			return
		}
		res, err := queries.EvidenceFor(ctx, cat, k, c)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		b.Row, b.Col, b.Relation = h.ref(k), h.ref(c), "faces"
		for _, e := range res.Evidence {
			b.Evidence = append(b.Evidence, evidenceRow{e, h.ref(e.Study), nodeURL(e.Claim)})
		}
		h.render(w, r, http.StatusOK, "evidence", page{
			Title:   fmt.Sprintf("Evidence: %s faces %s", b.Row.Name, b.Col.Name),
			Command: h.command("evidence", k, c),
			API:     apiURL("evidence", url.Values{"arg": {k, c}}),
			Body:    b,
		})
		return
	}
	rows, cols, row, col := q.Get("rows"), q.Get("cols"), q.Get("row"), q.Get("col")
	if !kindIn(queries.MatrixRowKinds, rows) || !kindIn(queries.MatrixColKinds, cols) || row == "" || col == "" {
		b.Error = "give kernel and challenge, or rows, cols, row and col of a matrix cell"
		h.render(w, r, http.StatusBadRequest, "evidence", page{Title: "Evidence", Command: h.command("evidence", "KERNEL", "CHALLENGE"), Body: b})
		return
	}
	res, err := queries.Matrix(ctx, cat, graph.Kind(rows), graph.Kind(cols))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	cell := res.Cell(row, col)
	b.Row, b.Col, b.Studies = h.ref(row), h.ref(col), h.refs(cell.Studies)
	h.render(w, r, http.StatusOK, "evidence", page{
		Title:   fmt.Sprintf("Evidence: %s and %s", b.Row.Name, b.Col.Name),
		Command: h.command("matrix", "--rows", rows, "--cols", cols, "--evidence"),
		API:     apiURL("matrix", url.Values{"rows": {rows}, "cols": {cols}}),
		Body:    b,
	})
}

// similarBody ranks kernels by shared challenges.
type similarBody struct {
	Kernels []choice
	Kernel  *ref
	Result  *queries.SimilarResult
	Error   string
}

func (h *Handler) similar(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cat := h.cfg.Catalog
	k := strings.TrimSpace(r.URL.Query().Get("k"))
	var b similarBody
	status := http.StatusOK
	pg := page{Title: "Similar kernels", Command: h.command("similar", "KERNEL")}
	var id string
	if k != "" {
		var err error
		if id, err = cat.Resolve(k, graph.KindKernel); err != nil {
			b.Error, status = err.Error(), statusOf(err)
		} else {
			res, err := queries.Similar(ctx, cat, id, 10)
			if err != nil {
				h.fail(w, r, err)
				return
			}
			rf := h.ref(id)
			b.Kernel, b.Result = &rf, &res
			pg.Title = "Kernels similar to " + rf.Name
			pg.Command = h.command("similar", id)
			pg.API = apiURL("similar", url.Values{"arg": {id}})
		}
	}
	for _, kid := range cat.IDs(graph.KindKernel) {
		b.Kernels = append(b.Kernels, choice{h.ref(kid), kid == id})
	}
	pg.Body = b
	h.render(w, r, status, "similar", pg)
}

// pathBody is the chain of statements between two nodes.
type pathBody struct {
	From, To string // as typed
	Result   *queries.PathResult
	Steps    []pathStep
	Error    string
	Diagram  diagram
}

type pathStep struct {
	N          int
	From, To   ref
	Statements []pathStatement
}

type pathStatement struct {
	Subject, Object ref
	Relation        string
	Evidence        evidenceRow
}

func (h *Handler) path(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cat := h.cfg.Catalog
	q := r.URL.Query()
	b := pathBody{From: q.Get("from"), To: q.Get("to")}
	pg := page{Title: "Path between two nodes", Command: h.command("path", "A", "B")}
	status := http.StatusOK
	if b.From != "" || b.To != "" {
		ids, err := h.resolveAll([]string{b.From, b.To})
		if err != nil {
			b.Error, status = err.Error(), statusOf(err)
		} else {
			res, err := queries.Path(ctx, cat, ids[0], ids[1])
			if err != nil {
				h.fail(w, r, err)
				return
			}
			b.Result = &res
			for i, s := range res.Steps {
				ps := pathStep{N: i + 1, From: h.ref(s.From), To: h.ref(s.To)}
				for _, st := range s.Statements {
					ps.Statements = append(ps.Statements, pathStatement{h.ref(st.Subject), h.ref(st.Object), string(st.Relation),
						evidenceRow{st.Evidence, h.ref(st.Evidence.Study), nodeURL(st.Evidence.Claim)}})
				}
				b.Steps = append(b.Steps, ps)
			}
			b.Diagram = h.diagrams.get(ctx, "path\x00"+ids[0]+"\x00"+ids[1], func(ctx context.Context) (*viz.Diagram, error) {
				return viz.Path(ctx, cat, ids[0], ids[1])
			})
			pg.Title = "Path from " + cat.Name(ids[0]) + " to " + cat.Name(ids[1])
			pg.Command = h.command("path", ids[0], ids[1])
			pg.API = apiURL("path", url.Values{"arg": ids})
		}
	}
	pg.Body = b
	h.render(w, r, status, "path", pg)
}

// gapsBody is what the evidence does not cover.
type gapsBody struct {
	Result queries.GapsResult
}

func (h *Handler) gaps(w http.ResponseWriter, r *http.Request) {
	res, err := queries.Gaps(r.Context(), h.cfg.Catalog)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "gaps", page{Title: "Gaps in the evidence", Command: h.command("gaps"), API: apiURL("gaps", nil), Body: gapsBody{res}})
}

// searchBody is a search that found no single node.
type searchBody struct {
	Query       string
	Hits        []ref // several nodes have the name
	Suggestions []ref // the nearest IDs
	Error       string
}

// search resolves the query as the CLI resolves a name: one node
// redirects to its page; several, or none, are listed.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	cat := h.cfg.Catalog
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	b := searchBody{Query: q}
	pg := page{Title: "Search", Command: h.command("show", "NAME"), Search: q}
	if q == "" {
		pg.Body = b
		h.render(w, r, http.StatusOK, "search", pg)
		return
	}
	pg.Title = "Search: " + q
	pg.Command = h.command("show", q)
	id, err := cat.Resolve(q)
	if err == nil {
		http.Redirect(w, r, nodeURL(id), http.StatusSeeOther)
		return
	}
	var nm *queries.NoMatchError
	switch {
	case errors.As(err, &nm):
		b.Suggestions = h.refs(nm.Suggestions)
	case errors.Is(err, queries.ErrAmbiguous):
		for _, k := range graph.Kinds {
			if id, err := cat.Resolve(q, k); err == nil {
				b.Hits = append(b.Hits, h.ref(id))
			}
		}
	}
	b.Error = err.Error()
	pg.Body = b
	h.render(w, r, http.StatusNotFound, "search", pg)
}

// errorBody is the error page.
type errorBody struct {
	Message     string
	Suggestions []ref
}

// notFound answers 404 for a node that does not exist, with the nearest
// IDs the resolver suggests.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request, id string, err error) {
	b := errorBody{Message: fmt.Sprintf("There is no node %s in the %s data set.", id, h.cfg.Source)}
	var nm *queries.NoMatchError
	switch got, rerr := h.cfg.Catalog.Resolve(id); {
	case rerr == nil && got != id:
		b.Suggestions = []ref{h.ref(got)} // a name or slug of a node: its page
	case errors.As(rerr, &nm):
		b.Suggestions = h.refs(nm.Suggestions)
	}
	if err != nil && !errors.Is(err, graph.ErrNotFound) {
		b.Message += " " + err.Error()
	}
	h.render(w, r, http.StatusNotFound, "error", page{Title: "Not found: " + id, Command: h.command("show", id), Body: b})
}

func (h *Handler) notFoundPage(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusNotFound, "error", page{Title: "Not found", Command: "rustykg help",
		Body: errorBody{Message: "This address is not a page of the explorer."}})
}

// fail answers an error a query returned.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	h.render(w, r, statusOf(err), "error", page{Title: "Error", Command: "rustykg help", Body: errorBody{Message: err.Error()}})
}

// statusOf maps an error to an HTTP status, as exit.go maps it to an
// exit code.
func statusOf(err error) int {
	switch {
	case errors.Is(err, ErrBadRequest), errors.Is(err, queries.ErrBadQuery):
		return http.StatusBadRequest
	case errors.Is(err, ErrNotFound), errors.Is(err, queries.ErrNoMatch), errors.Is(err, queries.ErrAmbiguous), errors.Is(err, graph.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// apiBody is the API's index page.
type apiBody struct {
	Commands []APICommand
}

func (h *Handler) apiIndex(w http.ResponseWriter, r *http.Request) {
	if h.cfg.API == nil {
		h.notFoundPage(w, r)
		return
	}
	cmds := append([]APICommand(nil), h.cfg.APICommands...)
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].Name < cmds[j].Name })
	h.render(w, r, http.StatusOK, "api", page{Title: "JSON API", Command: "rustykg COMMAND ARGS --format json", Body: apiBody{cmds}})
}

// api answers /api/COMMAND with the command's JSON.
func (h *Handler) api(w http.ResponseWriter, r *http.Request) {
	if h.cfg.API == nil {
		h.notFoundPage(w, r)
		return
	}
	out, err := h.cfg.API(r.Context(), r.PathValue("command"), r.URL.Query())
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if err != nil {
		status := statusOf(err)
		msg, _ := json.Marshal(err.Error())
		w.WriteHeader(status)
		fmt.Fprintf(w, "{\n  \"error\": %s,\n  \"status\": %s\n}\n", msg, strconv.Itoa(status))
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(out)
	}
}
