// Package loaders reads a rustykg data set (YAML files, BibTeX files and
// extraction sheets (.csv) in one folder, see data/README.md, or data files
// from several folders given with Files) into a validated graph.Dataset,
// and N-Quads (nquads.go).
//
// Loading is all or nothing: every problem in every file is collected and
// returned together as Problems (which wraps ErrInvalid), those that keep a
// file from being read or parsed first, then shape and type errors, then
// references, each group sorted by file, line and column; no Dataset is
// returned while any problem remains. References to IDs that a broken file
// may define are counted in one last line, not listed.
//
// Only regular files are read (see read.go), each at most MaxFileSize and
// all together at most DefaultMaxDataSize unless MaxDataSize says more:
//
//	ds, err := loaders.LoadDir("big", loaders.MaxDataSize(64<<20))
//
//	ds, err := loaders.LoadDir("data")
//	var probs loaders.Problems
//	if errors.As(err, &probs) {
//		for _, p := range probs {
//			fmt.Println(p) // data/claims.yaml:12:14: claims[3].study: unknown study "study:nope"
//		}
//	}
package loaders

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"rustykg/graph"
)

// LoadDir loads the data set in dir; problem positions name dir/file.
func LoadDir(dir string, opts ...Option) (*graph.Dataset, error) {
	if dir == "" {
		return nil, fmt.Errorf("%w: no folder given", ErrRead)
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRead, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%w: %s is not a directory", ErrRead, dir)
	}
	return load(os.DirFS(dir), dir, dir, newOptions(opts))
}

// Load loads the data set at the root of fsys. Problem positions name
// prefix/file (or just file when prefix is empty).
func Load(fsys fs.FS, prefix string, opts ...Option) (*graph.Dataset, error) {
	return load(fsys, "", prefix, newOptions(opts))
}

// LoadFiles loads a data set made of the files given by Files (and
// Sheets, Bibliographies) alone, from any folders; problem positions name
// each file as given.
func LoadFiles(opts ...Option) (*graph.Dataset, error) {
	return load(noFiles{}, "", "", newOptions(opts))
}

// noFiles is an empty folder.
type noFiles struct{}

func (noFiles) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (noFiles) ReadDir(string) ([]fs.DirEntry, error) { return nil, nil }

func load(fsys fs.FS, osDir, prefix string, o options) (*graph.Dataset, error) {
	files, readProbs, err := readDataFiles(fsys, osDir, prefix, o)
	if err != nil {
		return nil, err
	}
	if files == nil && len(readProbs) > 0 {
		return nil, readProbs
	}
	l := &loader{byID: map[string]*def{}, rejected: map[string]bool{}, extra: map[string]bool{}, probs: readProbs, where: prefix, skip: o.skip, skippedBib: map[string]Pos{}, skippedAt: map[Pos]bool{}}
	if l.where == "" {
		l.where = "data set"
	}
	// Files are parsed concurrently (YAML parsing dominates the load), then
	// merged in name order, so the result and the problems do not depend
	// on scheduling.
	type parsed struct {
		*sourceFile
		recs  []*record
		rows  []*sheetRow
		bibs  *parsedBib
		probs Problems
	}
	all := make([]*parsed, len(files))
	var wg sync.WaitGroup
	// At most one file per CPU at a time: a file's parse tree is many
	// times its size and only what its records keep outlives the parse,
	// so parsing every file at once held every tree at once (1.9 GB of
	// live heap for 98 MB of files).
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, sf := range files {
		f := &parsed{sourceFile: sf}
		all[i] = f
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if f.bib {
				f.bibs = parseBib(f.shown, f.src)
				return
			}
			if f.sheet {
				f.rows = readSheet(f.shown, f.src, &f.probs)
				return
			}
			f.recs = readYAML(f.shown, f.src, &f.probs)
		})
	}
	wg.Wait()
	var yamlFiles int
	var bibs []BibEntry
	for _, f := range all {
		if f.bibs != nil {
			// With SkipInvalid an item with problems of its own is left
			// out; the file's other problems fail the load.
			entries, probs := f.bibs.entries, f.bibs.fileProbs
			if l.skip != nil {
				entries, probs = l.skipBibItems(f.bibs)
			} else {
				for _, it := range f.bibs.items {
					probs = append(probs, it.probs...)
				}
			}
			l.probs = append(l.probs, probs...)
			if len(probs) > 0 {
				l.partialBib = true
			}
			l.addBib(entries)
			if f.extra {
				for _, e := range entries {
					if l.bibPos[e.Key] == e.Pos { // not a duplicate key
						l.extra[e.Key] = true
					}
				}
			}
			bibs = append(bibs, entries...)
			continue
		}
		l.probs = append(l.probs, f.probs...)
		if f.sheet {
			l.sheets = append(l.sheets, f.rows...)
			continue
		}
		yamlFiles++
		if f.recs == nil && len(f.probs) > 0 {
			l.partial = true
		}
		l.records = append(l.records, f.recs...)
	}
	if len(readProbs) > 0 {
		l.partial, l.partialBib = true, true // a file was not read at all
	}
	if yamlFiles == 0 && len(l.probs) == 0 {
		return nil, Problems{{Pos: Pos{File: l.where}, Msg: "no .yaml data files found", stage: stageRead}}
	}
	ds := l.build()
	if l.skip != nil {
		l.reportSkipped()
	}
	// Entries that look like one work under two keys are reported, never
	// merged: both stay studies of their own.
	kept := bibs[:0:0]
	for _, e := range bibs {
		if !l.skippedAt[e.Pos] {
			kept = append(kept, e)
		}
	}
	l.warns = append(l.warns, BibDuplicates(kept)...)
	if l.skipped > 0 {
		l.probs = append(l.probs, Problem{Pos: Pos{File: l.where}, stage: stageSummary, Msg: fmt.Sprintf(
			"and %d reference(s) to ids or BibTeX keys of a file or record that did not load (fix the problems above first)", l.skipped)})
	}
	if len(l.probs) > 0 {
		return nil, l.probs.Sort().capped(l.where)
	}
	ds.Sort()
	ds.Warnings = l.warnings()
	return ds, nil
}

// maxIDLen is the longest node ID accepted (the shipped ones are under 40
// bytes).
const maxIDLen = 200

// def is one defined node with where it was defined.
type def struct {
	node graph.Node
	pos  Pos
	rec  *record
}

type loader struct {
	probs   Problems
	records []*record
	bib     map[string]BibEntry // by key
	bibPos  map[string]Pos
	byID    map[string]*def
	used    map[string]bool // bib keys claimed by a study or the review
	extra   map[string]bool // bib keys of the files given by Bibliographies
	// partial is set when a YAML file could not be read or parsed at all,
	// partialBib when a .bib file had problems (an entry it could not read
	// is missing): checks that need every definition (orphan BibTeX
	// entries) are skipped, and a reference to an unknown ID (or key) is
	// counted in skipped rather than reported, so one syntax error does not
	// drown in its consequences.
	partial, partialBib bool
	skipped             int
	rejected            map[string]bool // ids of records rejected for a bad id
	where               string          // the data set, for problems about it as a whole
	warns               Problems        // not errors: see sources.go
	sheets              []*sheetRow     // the rows of the extraction sheets
	skip                func(Skipped)   // SkipInvalid
	skippedBib          map[string]Pos  // keys of BibTeX entries SkipInvalid left out, at their '@'
	skippedAt           map[Pos]bool    // their positions
	skippedRecs         []Skipped       // records left out, for reportSkipped
	misses              int             // names in sheets that resolved to no one node
}

func (l *loader) addBib(entries []BibEntry) {
	if l.bib == nil {
		l.bib, l.bibPos = map[string]BibEntry{}, map[string]Pos{}
	}
	for _, e := range entries {
		if first, dup := l.bibPos[e.Key]; dup {
			if first.File != e.Pos.File { // duplicates within a file are reported by the parser
				l.skipBib(e, func() {
					l.probs = append(l.probs, Problem{Pos: e.Pos, Field: e.Key, Msg: "duplicate BibTeX key (first at " + first.String() + ")"})
				})
			}
			continue
		}
		l.bib[e.Key] = e
		l.bibPos[e.Key] = e.Pos
	}
}

// problem reports a problem found by a cross-check: a reference, a
// duplicate, a rule over several records.
func (l *loader) problem(pos Pos, field, format string, args ...any) {
	l.probs = append(l.probs, Problem{Pos: pos, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// shapeProblem reports a problem in the values of one record (an ID's form,
// a URL, a date, a flag): sorted with the type errors, before references.
func (l *loader) shapeProblem(pos Pos, field, format string, args ...any) {
	l.probs = append(l.probs, Problem{Pos: pos, Field: field, Msg: fmt.Sprintf(format, args...), stage: stageShape})
}

// sectionKinds maps entity sections to the kind their IDs must have.
var sectionKinds = map[string]graph.Kind{
	"review":       graph.KindReview,
	"studies":      graph.KindStudy,
	"kernels":      graph.KindKernel,
	"approaches":   graph.KindApproach,
	"challenges":   graph.KindChallenge,
	"implications": graph.KindImplication,
	"causes":       graph.KindCause,
	"lessons":      graph.KindLesson,
}

func (l *loader) build() *graph.Dataset {
	ds := &graph.Dataset{}
	l.used = map[string]bool{}
	var claims []*record
	var reviews []*def
	if l.skip != nil {
		l.screenBib()
	}
	for _, r := range l.records {
		if r.section == "claims" {
			claims = append(claims, r)
			continue
		}
		d := l.entity(r)
		if d == nil {
			continue
		}
		if d.node.Kind == graph.KindReview {
			reviews = append(reviews, d)
		}
	}
	switch {
	case len(reviews) == 0 && len(l.probs) == 0:
		l.problem(Pos{File: l.firstFile()}, "review", "the data set has no review section")
	case len(reviews) > 1:
		for _, d := range reviews[1:] {
			l.problem(d.pos, "review", "a data set holds one review; %s is already defined at %s", reviews[0].node.ID, reviews[0].pos)
		}
	}
	if len(reviews) > 0 {
		ds.Review = reviews[0].node.ID
	}
	for _, key := range sortedBibKeys(l.bib) {
		switch {
		case l.used[key]:
		case l.extra[key]:
			e := l.bib[key]
			if l.skipBib(e, func() { l.bibStudy(key) }) {
				if d := l.byID[string(graph.KindStudy)+":"+strings.ToLower(key)]; d != nil && d.rec == nil && d.pos == e.Pos {
					delete(l.byID, d.node.ID)
				}
			}
		case !l.partial:
			l.skipBib(l.bib[key], func() {
				l.problem(l.bibPos[key], key, "BibTeX entry has no study in the YAML files (add `- id: study:%s` to a studies section)", key)
			})
		}
	}
	l.checkNames()
	l.checkRefs()
	seenClaim := map[string]Pos{}
	for _, r := range claims {
		if c, ok := l.claim(r, seenClaim); ok {
			ds.Claims = append(ds.Claims, c)
		}
	}
	ds.Claims = append(ds.Claims, l.sheetClaims(seenClaim)...)
	for _, d := range l.byID {
		ds.Nodes = append(ds.Nodes, d.node)
	}
	return ds
}

func (l *loader) firstFile() string {
	if len(l.records) > 0 {
		return l.records[0].file
	}
	return "data set"
}

// entity checks one node record and registers it.
func (l *loader) entity(r *record) *def {
	kind := sectionKinds[r.section]
	id := r.str("id")
	if id == "" {
		return nil // reported as missing or empty by checkMapping
	}
	idPos := r.posOf("id")
	ok := true
	if len(id) > maxIDLen {
		l.shapeProblem(idPos, r.field("id"), "id is %d bytes long; at most %d", len(id), maxIDLen)
		ok = false
	} else if graph.KindOf(id) != kind {
		l.shapeProblem(idPos, r.field("id"), "%q must start with %q", id, string(kind)+":")
		ok = false
	} else if !graph.ValidSlug(graph.Slug(id)) {
		l.shapeProblem(idPos, r.field("id"), "%q: the part after %q must be lower-case letters, digits, '-', '_' or '.'", id, string(kind)+":")
		ok = false
	}
	if first, dup := l.byID[id]; dup {
		l.problem(idPos, r.field("id"), "duplicate id %s (first defined at %s)", id, first.pos)
		return nil
	}
	n := graph.Node{
		ID:          id,
		Kind:        kind,
		Name:        strings.TrimSpace(r.str("name")),
		Aliases:     r.strs("aliases"),
		Description: strings.TrimSpace(r.str("description")),
		InReview:    r.boolean("in_review"),
		Sources:     r.strs("sources"),
		Flags:       r.strs("flags"),
	}
	l.checkFlags(r, n.Flags)
	l.checkSources(r, n.Sources)
	switch kind {
	case graph.KindKernel:
		for _, k := range []string{"design", "repository", "licence", "first_release", "status", "organisation"} {
			if v := strings.TrimSpace(r.str(k)); v != "" {
				n.Attrs = append(n.Attrs, graph.Attr{Key: k, Value: v})
			}
		}
		if v := strings.TrimSpace(r.str("first_release")); v != "" {
			if msg := checkRelease(v); msg != "" {
				l.shapeProblem(r.posOf("first_release"), r.field("first_release"), "%s", msg)
			}
		}
		if repo := r.str("repository"); repo != "" && !isURL(repo) {
			l.shapeProblem(r.posOf("repository"), r.field("repository"), "%q is not an http(s) URL", repo)
		}
	case graph.KindStudy:
		n.InReview = r.boolean("in_review")
		if ref, ok := r.integer("ref"); ok {
			if ref < 1 {
				l.shapeProblem(r.posOf("ref"), r.field("ref"), "reference number must be positive, not %d", ref)
			}
			n.Attrs = append(n.Attrs, graph.Attr{Key: "ref", Value: strconv.Itoa(ref)})
		}
		if ok {
			l.studyBib(r, &n)
		}
	case graph.KindReview:
		n.InReview = true
		l.reviewAttrs(r, &n)
		if ok {
			l.studyBib(r, &n)
		}
	}
	if !ok {
		l.rejected[id] = true
		return nil
	}
	d := &def{node: n, pos: idPos, rec: r}
	l.byID[id] = d
	return d
}

// bibStudy makes a study of its own, outside the review, of an entry of a
// file given by Bibliographies that no YAML study names: study:KEY, KEY in
// lower case (Zotero's and JabRef's keys have capitals; the entry, key as
// written, is kept in the bibtex attribute). A key that is no ID once
// lower-cased, or whose ID is already taken, is refused.
func (l *loader) bibStudy(key string) {
	e := l.bib[key]
	l.used[key] = true
	id := string(graph.KindStudy) + ":" + strings.ToLower(key)
	switch {
	case len(id) > maxIDLen:
		l.shapeProblem(e.Pos, key, "BibTeX key is %d bytes long; a study id is at most %d", len(id), maxIDLen)
		return
	case !graph.ValidSlug(strings.ToLower(key)):
		l.shapeProblem(e.Pos, key, "BibTeX key %q cannot name a study: it must be letters, digits, '-', '_' or '.' (starting with a letter or digit)", key)
		return
	}
	if first, dup := l.byID[id]; dup {
		if first.rec == nil && first.pos.File == e.Pos.File {
			return // keys one but for case in one file: reported by the parser
		}
		l.problem(e.Pos, key, "BibTeX key %q is the study %s, already defined at %s: two entries, one key", key, id, first.pos)
		return
	}
	n := graph.Node{ID: id, Kind: graph.KindStudy}
	l.fillBib(key, e, &n)
	l.byID[id] = &def{node: n, pos: e.Pos}
}

// studyBib fills a study's (or the review's) bibliographic attributes from
// the BibTeX entry whose key is its slug.
func (l *loader) studyBib(r *record, n *graph.Node) {
	key := graph.Slug(n.ID)
	e, ok := l.bib[key]
	if at, skipped := l.skippedBib[key]; !ok && skipped {
		l.problem(r.posOf("id"), r.field("id"), "its BibTeX entry %s (%s) was skipped as invalid (--skip-invalid); fix the entry", key, at)
		return
	}
	if !ok {
		if l.partialBib {
			l.skipped++ // the entry may be one the parser could not read
			return
		}
		l.problem(r.posOf("id"), r.field("id"), "no BibTeX entry with key %q in any .bib file", key)
		return
	}
	l.used[key] = true
	l.fillBib(key, e, n)
}

// fillBib fills n's bibliographic attributes (and its name, when it has
// none) from the entry e.
func (l *loader) fillBib(key string, e BibEntry, n *graph.Node) {
	l.checkBib(key, e)
	title, _ := e.Field("title")
	if n.Name == "" {
		n.Name = title
	}
	add := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			n.Attrs = append(n.Attrs, graph.Attr{Key: k, Value: v})
		}
	}
	add("title", title)
	add("bibtype", e.Type)
	if a, ok := e.Field("author"); ok {
		add("authors", strings.Join(Authors(rawField(e, "author", a)), "; "))
	}
	year, _ := e.Field("year")
	add("year", year)
	for _, f := range []string{"booktitle", "journal", "howpublished"} {
		if v, ok := e.Field(f); ok {
			add("venue", v)
			break
		}
	}
	for _, f := range []string{"pages", "doi", "url", "publisher", "volume", "number", "series"} {
		v, _ := e.Field(f)
		add(f, v)
	}
	l.warnBibURL(e, key)
	add("bibtex", FormatBibEntry(e))
}

// checkBib reports what a study's entry lacks or gets wrong: title,
// author (but in @misc), year and date.
func (l *loader) checkBib(key string, e BibEntry) {
	if title, _ := e.Field("title"); title == "" {
		l.problem(e.Pos, key+".title", "BibTeX entry has no title")
	}
	if _, ok := e.Field("author"); !ok && e.Type != "misc" {
		l.problem(e.Pos, key+".author", "BibTeX entry has no author")
	}
	year, _ := e.Field("year")
	if year == "" {
		l.problem(e.Pos, key+".year", "BibTeX entry has no year")
	} else if !validYear(year) && year != noDate {
		l.shapeProblem(fieldPos(e, "year"), key+".year", "year %q is not a year (four digits, 1900 to 2100, or %q for an undated page)", year, noDate)
	}
	if d, ok := e.Field("date"); ok {
		if msg := checkDate(d); msg != "" {
			l.shapeProblem(fieldPos(e, "date"), key+".date", "%s", msg)
		}
	}
}

// skipBib runs check on the BibTeX entry e (see skipping); when e is
// skipped, its key is no longer an entry: a study naming it is told so.
func (l *loader) skipBib(e BibEntry, check func()) bool {
	if !l.skipping(SkippedBibEntry, e.Pos, check) {
		return false
	}
	l.skippedAt[e.Pos] = true
	if l.bibPos[e.Key] == e.Pos {
		delete(l.bib, e.Key)
		delete(l.bibPos, e.Key)
		l.skippedBib[e.Key] = e.Pos
	}
	return true
}

// screenBib leaves out, before the YAML studies are built, each BibTeX
// entry that a study or the review names and that has problems of its
// own (SkipInvalid): the study is then an error that says so.
func (l *loader) screenBib() {
	named := map[string]bool{}
	for _, r := range l.records {
		if r.section == "studies" || r.section == "review" {
			named[graph.Slug(r.str("id"))] = true
		}
	}
	for _, key := range sortedBibKeys(l.bib) {
		if e := l.bib[key]; named[key] {
			l.skipBib(e, func() { l.checkBib(key, e) })
		}
	}
}

func (l *loader) reviewAttrs(r *record, n *graph.Node) {
	add := func(k, v string) { n.Attrs = append(n.Attrs, graph.Attr{Key: k, Value: v}) }
	if g := r.str("guideline"); g != "" {
		add("guideline", g)
	}
	for _, w := range r.sub("window") {
		from, fromOK := l.date(w, "from")
		to, toOK := l.date(w, "to")
		if fromOK && toOK && to.Before(from) {
			l.shapeProblem(w.posOf("to"), w.field("to"), "the window ends (%s) before it starts (%s)", w.str("to"), w.str("from"))
		}
		add("window", w.str("from")+" to "+w.str("to"))
	}
	total := 0
	for _, db := range r.sub("databases") {
		hits, _ := db.integer("hits")
		total += hits
		add("database", fmt.Sprintf("%s: %d hits", db.str("name"), hits))
		add("query", db.str("name")+": "+db.str("query"))
	}
	for _, c := range r.sub("counts") {
		get := func(k string) int { v, _ := c.integer(k); return v }
		for _, k := range []string{"raw", "duplicates", "screened", "snowballed", "selected"} {
			if _, ok := c.fields[k]; ok {
				add("count."+k, strconv.Itoa(get(k)))
			}
		}
		if raw := get("raw"); raw != total && len(r.sub("databases")) > 0 {
			l.shapeProblem(c.posOf("raw"), c.field("raw"), "raw count %d is not the sum of the databases' hits (%d)", raw, total)
		}
		if s, sb, sel := get("screened"), get("snowballed"), get("selected"); s+sb != sel {
			l.shapeProblem(c.posOf("selected"), c.field("selected"), "selected count %d is not screened + snowballed (%d + %d)", sel, s, sb)
		}
	}
	l.numbered(r.sub("research_questions"), "research question", "RQ1", map[string]Pos{}, func(q *record, id string) {
		add("rq."+id, q.str("text"))
	})
	l.criteria(r, add)
	for _, note := range r.strs("notes") {
		add("note", note)
	}
}

// criteria adds the review's inclusion and exclusion criteria to its node:
// "inclusion.IC1" holds a criterion's text, "inclusion.IC1.locator" where
// the review states it (graph.CriterionKinds; queries.ReviewMethod reads
// them back). An ID names one criterion across both lists.
func (l *loader) criteria(r *record, add func(k, v string)) {
	seen := map[string]Pos{}
	for _, kind := range graph.CriterionKinds {
		l.numbered(r.sub(kind+"_criteria"), "criterion", "IC1, EC2", seen, func(c *record, id string) {
			add(kind+"."+id, strings.TrimSpace(c.str("text")))
			add(kind+"."+id+graph.CriterionLocator, strings.TrimSpace(c.str("locator")))
		})
	}
}

// numbered calls add for each item whose "id" is valid (validNumberedID)
// and not in seen, and reports the others, naming them what (example
// shows the form). seen, shared by lists whose IDs must differ, maps an
// ID to where it first stood.
func (l *loader) numbered(items []*record, what, example string, seen map[string]Pos, add func(item *record, id string)) {
	for _, c := range items {
		if _, ok := c.fields["id"]; !ok {
			continue // missing or of the wrong type: reported already
		}
		id := c.str("id")
		if !validNumberedID(id) {
			l.shapeProblem(c.posOf("id"), c.field("id"), "%s ID %q is not upper-case letters and a number without a leading zero (%s)", what, id, example)
			continue
		}
		if first, dup := seen[id]; dup {
			l.shapeProblem(c.posOf("id"), c.field("id"), "%s %s repeated (first at %s)", what, id, first)
			continue
		}
		seen[id] = c.posOf("id")
		add(c, id)
	}
}

// validNumberedID reports whether id is upper-case ASCII letters and a
// number without a leading zero (RQ1, IC1, EC12): a research question's or
// criterion's ID is part of attribute keys, and so of predicate IRIs, and
// they are ordered by the number.
func validNumberedID(id string) bool {
	i := 0
	for i < len(id) && id[i] >= 'A' && id[i] <= 'Z' {
		i++
	}
	if i == 0 || i == len(id) || id[i] == '0' {
		return false
	}
	for _, c := range []byte(id[i:]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (l *loader) checkFlags(r *record, flags []string) {
	for i, f := range flags {
		if !known(graph.KnownFlags, f) {
			l.shapeProblem(r.posOf("flags"), fmt.Sprintf("%s[%d]", r.field("flags"), i), "unknown flag %q (known: %s)", f, strings.Join(graph.KnownFlags, ", "))
		}
	}
}

func (l *loader) checkSources(r *record, srcs []string) {
	l.warnSources(r, srcs)
	for i, s := range srcs {
		if !isURL(s) {
			l.shapeProblem(r.posOf("sources"), fmt.Sprintf("%s[%d]", r.field("sources"), i), "%q is not an http(s) URL", s)
		}
	}
}

// claim checks one claim record against the defined nodes.
func (l *loader) claim(r *record, seen map[string]Pos) (graph.Claim, bool) {
	c := graph.Claim{
		Subject:  r.str("subject"),
		Relation: graph.Relation(r.str("relation")),
		Object:   r.str("object"),
		Study:    r.str("study"),
		Locator:  strings.TrimSpace(r.str("locator")),
		Note:     strings.TrimSpace(r.str("note")),
		Flags:    r.strs("flags"),
	}
	c.Table, _ = r.integer("table")
	n := len(l.probs)
	l.checkFlags(r, c.Flags)
	sig, relOK := graph.Relations[c.Relation]
	switch {
	case c.Relation == "":
	case !relOK:
		l.shapeProblem(r.posOf("relation"), r.field("relation"), "unknown relation %q (known: %s)", c.Relation, strings.Join(claimRelations(), ", "))
	case c.Relation == graph.RelIncludes:
		l.shapeProblem(r.posOf("relation"), r.field("relation"), "%q is derived from the studies' in_review field; it cannot be claimed", c.Relation)
		relOK = false
	}
	l.ref(r, "subject", c.Subject, relOK, sig.Subjects)
	l.ref(r, "object", c.Object, relOK, sig.Objects)
	if relOK && c.Subject != "" && c.Subject == c.Object {
		l.shapeProblem(r.posOf("object"), r.field("object"), "a claim links %s to itself (%s %s %s)", c.Subject, c.Subject, c.Relation, c.Object)
	}
	if c.Study != "" {
		d, ok := l.byID[c.Study]
		switch {
		case !ok && l.followOn(c.Study):
		case !ok:
			l.problem(r.posOf("study"), r.field("study"), "unknown study %q%s", c.Study, l.suggest(c.Study))
		case d.node.Kind != graph.KindStudy && d.node.Kind != graph.KindReview:
			l.problem(r.posOf("study"), r.field("study"), "%q is %s, not a study or the review", c.Study, graph.Article(string(d.node.Kind)))
		}
		if c.HasFlag(graph.FlagNoCitedStudy) && ok && d.node.Kind != graph.KindReview {
			l.problem(r.posOf("flags"), r.field("flags"), "flag %q needs the review as the claim's study, not %s", graph.FlagNoCitedStudy, c.Study)
		}
	}
	if _, ok := r.fields["table"]; ok && relOK {
		if msg := tableFits(c); msg != "" {
			l.shapeProblem(r.posOf("table"), r.field("table"), "%s", msg)
		}
	}
	if len(l.probs) > n {
		return c, false
	}
	c.ID = graph.ClaimID(c.Subject, c.Relation, c.Object, c.Study)
	if first, dup := seen[c.ID]; dup {
		l.problem(r.pos, r.field(""), "duplicate claim %s %s %s by %s (first at %s)", c.Subject, c.Relation, c.Object, c.Study, first)
		return c, false
	}
	seen[c.ID] = r.pos
	return c, true
}

// tableFits checks that a claim may feed the review table it names.
func tableFits(c graph.Claim) string {
	ok := false
	switch c.Table {
	case 2:
		ok = c.Relation == graph.RelFollows
	case 3:
		ok = (c.Relation == graph.RelShows || c.Relation == graph.RelReports) && graph.KindOf(c.Object) == graph.KindImplication
	case 4:
		ok = (c.Relation == graph.RelFaces || c.Relation == graph.RelReports) && graph.KindOf(c.Object) == graph.KindChallenge
	default:
		return fmt.Sprintf("the review has tables 2, 3 and 4 of mappings, not %d", c.Table)
	}
	if !ok {
		want := map[int]string{2: "a follows claim", 3: "a shows or reports claim to an implication", 4: "a faces or reports claim to a challenge"}[c.Table]
		return fmt.Sprintf("table %d holds %s; this is %s %s", c.Table, want, c.Relation, graph.KindOf(c.Object))
	}
	return ""
}

func (l *loader) ref(r *record, key, id string, relOK bool, kinds []graph.Kind) {
	if id == "" {
		return
	}
	d, ok := l.byID[id]
	if !ok {
		if l.followOn(id) {
			return
		}
		l.problem(r.posOf(key), r.field(key), "unknown id %q%s", id, l.suggest(id))
		return
	}
	if relOK && !knownKind(kinds, d.node.Kind) {
		names := make([]string, len(kinds))
		for i, k := range kinds {
			names[i] = string(k)
		}
		l.problem(r.posOf(key), r.field(key), "%s %s must be %s for relation %s, not %s", key, id, graph.Article(strings.Join(names, " or ")), r.str("relation"), graph.Article(string(d.node.Kind)))
	}
}

// followOn reports whether an unknown id is a follow-on of another
// problem: the id of a record rejected for its own problems, or any id
// while a file could not be read or parsed. Such references are counted,
// not reported one by one.
func (l *loader) followOn(id string) bool {
	if l.partial || l.rejected[id] {
		l.skipped++
		return true
	}
	return false
}

// suggest names the closest defined IDs of the same kind, if any.
func (l *loader) suggest(id string) string {
	var best []string
	bestD := 1 << 30
	for other := range l.byID {
		if graph.KindOf(other) != graph.KindOf(id) {
			continue
		}
		d := graph.EditDistance(id, other)
		switch {
		case d < bestD:
			best, bestD = []string{other}, d
		case d == bestD:
			best = append(best, other)
		}
	}
	if len(best) == 0 || bestD > len(id)/2 {
		return ""
	}
	sort.Strings(best)
	if len(best) > 3 {
		best = best[:3]
	}
	return " (did you mean " + strings.Join(best, ", ") + "?)"
}

func claimRelations() []string {
	var out []string
	for _, r := range graph.RelationNames() {
		if r != string(graph.RelIncludes) {
			out = append(out, r)
		}
	}
	return out
}

func known(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func knownKind(list []graph.Kind, k graph.Kind) bool {
	for _, x := range list {
		if x == k {
			return true
		}
	}
	return false
}

func isURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\n")
}

func sortedBibKeys(m map[string]BibEntry) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return sortStrings(keys)
}

func sortStrings(s []string) []string {
	sort.Strings(s)
	return s
}

// rawField is the field as written (braces kept, so a braced corporate
// author stays one name), or value when there is no raw text.
func rawField(e BibEntry, name, value string) string {
	for _, f := range e.Fields {
		if f.Name == name && f.Raw != "" {
			return f.Raw
		}
	}
	return value
}

// checkNames reports a name or alias that would make lenient lookup
// ambiguous: one that matches, once normalised, another node's slug, name
// or alias.
func (l *loader) checkNames() {
	owner := map[string]string{} // normalised name -> node ID
	ids := make([]string, 0, len(l.byID))
	for id := range l.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids { // slugs first: an exact slug always wins
		owner[string(graph.KindOf(id))+":"+graph.Normalize(graph.Slug(id))] = id
	}
	for _, id := range ids {
		d := l.byID[id]
		for i, name := range append([]string{d.node.Name}, d.node.Aliases...) {
			key := string(d.node.Kind) + ":" + graph.Normalize(name)
			if name == "" {
				continue
			}
			if other, ok := owner[key]; ok && other != id {
				if d.rec == nil || l.byID[other].rec == nil {
					// A study of an imported .bib file with the title of
					// another: reported by BibDuplicates as a warning,
					// never merged; a lookup by the title lists both.
					continue
				}
				pos, field := l.namePos(d, i, name)
				what := "alias"
				if i == 0 {
					what = "name"
				}
				l.problem(pos, field, "%s %q of %s is also the slug, name or alias of %s; lookups by it would be ambiguous", what, name, id, other)
				continue
			}
			owner[key] = id
		}
	}
}

// namePos is where name, the node's name (i == 0) or an alias, is
// written: the field that holds it (kernels[1].name, kernels[1].aliases[0]),
// or, for a study whose name is its BibTeX title, the record's title.
func (l *loader) namePos(d *def, i int, name string) (Pos, string) {
	r := d.rec
	if i == 0 {
		if _, ok := r.fields["name"]; ok {
			return r.posOf("name"), r.field("name")
		}
		return d.pos, r.field("") + " (title)"
	}
	if n, ok := r.fields["aliases"]; ok {
		for j, a := range n.Content {
			if a.Value == name {
				return Pos{File: r.file, Line: a.Line, Col: a.Column}, fmt.Sprintf("%s[%d]", r.field("aliases"), j)
			}
		}
	}
	return d.pos, r.field("aliases")
}

// checkRefs reports two studies with the same reference number.
func (l *loader) checkRefs() {
	seen := map[string]string{}
	ids := make([]string, 0, len(l.byID))
	for id := range l.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		d := l.byID[id]
		ref := d.node.Attr("ref")
		if d.node.Kind != graph.KindStudy || ref == "" {
			continue
		}
		if other, ok := seen[ref]; ok {
			l.problem(d.rec.posOf("ref"), d.rec.field("ref"), "reference number %s is already used by %s", ref, other)
			continue
		}
		seen[ref] = id
	}
}
