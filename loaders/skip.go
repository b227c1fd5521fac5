package loaders

// Skipping invalid records (rustykg --skip-invalid). Strictly, one bad
// record fails the whole load. With SkipInvalid, a record whose problems
// are its own is left out instead and handed to the caller with every
// problem it has, and the rest loads. A record is an extraction sheet's
// row or an item of a BibTeX file (an entry, or an @string, @preamble or
// stray '@'). Problems that are not one record's still fail the load: a
// YAML file's, a sheet's header or quoting, a BibTeX file whose reading
// stopped early (an unterminated @comment swallows the rest of the file;
// over 1,000 problems end the reading), invalid UTF-8 outside any entry.
//
//	ds, err := loaders.Load(data.FS, "", loaders.Bibliographies("refs.bib"),
//		loaders.SkipInvalid(func(s loaders.Skipped) {
//			for _, p := range s.Problems {
//				fmt.Println("skipped", p) // refs.bib:13:1: noTitle2031.title: BibTeX entry has no title
//			}
//		}))

import (
	"sort"
	"strings"
)

// Kinds of skipped records, as Skipped.Kind names them.
const (
	SkippedSheetRow   = "sheet row"
	SkippedBibEntry   = "BibTeX entry"
	SkippedNQuadsLine = "N-Quads line" // ReadNQuads's Skip reports lines one problem at a time
)

// Skipped is one record that SkipInvalid left out of a load.
type Skipped struct {
	Kind     string   // SkippedSheetRow or SkippedBibEntry
	Pos      Pos      // where the record starts: the row, the entry's '@'
	Problems Problems // why, sorted; at least one
}

// SkipInvalid makes the load leave out each record (an extraction
// sheet's row, an item of a BibTeX file) that has problems of its own,
// calling skip with it, instead of failing (--skip-invalid). Problems of
// the YAML files, and of a sheet or BibTeX file as a whole, still fail the
// load (see the comment at the top of skip.go). A YAML study whose BibTeX
// entry was skipped is an error that says so.
func SkipInvalid(skip func(Skipped)) Option {
	return func(o *options) { o.skip = skip }
}

// skipping runs check, which reports the problems of one record to
// l.probs. With SkipInvalid, a record with problems is left out: its
// problems go to the skip function as one Skipped, l.probs is as before,
// its warnings are dropped, and skipping returns true. Without, the
// problems stay and skipping returns false.
func (l *loader) skipping(kind string, pos Pos, check func()) bool {
	n, w := len(l.probs), len(l.warns)
	check()
	if len(l.probs) == n || l.skip == nil {
		return false
	}
	l.skipRecord(kind, pos, l.probs[n:])
	l.probs, l.warns = l.probs[:n], l.warns[:w] // a record left out warns of nothing
	return true
}

// skipRecord keeps a record's problems (a copy, sorted) for reportSkipped.
func (l *loader) skipRecord(kind string, pos Pos, probs Problems) {
	l.skippedRecs = append(l.skippedRecs, Skipped{Kind: kind, Pos: pos, Problems: append(Problems(nil), probs...).Sort()})
}

// reportSkipped hands the skipped records to l.skip in file order (by
// file, line and column), whether or not the load then succeeds.
func (l *loader) reportSkipped() {
	sort.SliceStable(l.skippedRecs, func(i, j int) bool {
		a, b := l.skippedRecs[i].Pos, l.skippedRecs[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	for _, s := range l.skippedRecs {
		l.skip(s)
	}
	l.skippedRecs = nil
}

// skipBibItems leaves out the items of a parsed BibTeX file that have
// problems of their own, reporting each as one Skipped (its problems'
// fields prefixed with the entry's key where the reader knew it), and
// returns the entries kept and the file's other problems, which still
// fail the load.
func (l *loader) skipBibItems(b *parsedBib) ([]BibEntry, Problems) {
	drop := map[int]bool{}
	for _, it := range b.items {
		if len(it.probs) == 0 {
			continue
		}
		probs := make(Problems, len(it.probs))
		for i, p := range it.probs {
			if it.key != "" && p.Field != it.key && !strings.HasPrefix(p.Field, it.key+".") {
				p.Field = strings.TrimSuffix(it.key+"."+p.Field, ".")
			}
			probs[i] = p
		}
		l.skipRecord(SkippedBibEntry, it.pos, probs)
		if it.entry >= 0 {
			drop[it.entry] = true
		}
		if it.key != "" {
			l.skippedBib[it.key] = it.pos
		}
	}
	var kept []BibEntry
	for i, e := range b.entries {
		if !drop[i] {
			kept = append(kept, e)
		}
	}
	return kept, b.fileProbs
}
