package loaders

import (
	"fmt"
	"strings"
	"unicode"
)

// BibDuplicates finds entries that are probably the same work under two
// keys, as exports from Zotero, JabRef or Google Scholar often hold: the
// same DOI (compared case-insensitively, without a https://doi.org/
// prefix) or the same normalised title (letters and digits only, case
// folded). Each later entry is reported at its position, naming the
// earlier one; nothing is merged: the caller decides.
func BibDuplicates(entries []BibEntry) Problems {
	var probs Problems
	byDOI := map[string]BibEntry{}
	byTitle := map[string]BibEntry{}
	for _, e := range entries {
		if doi, ok := e.Field("doi"); ok {
			if d := normDOI(doi); d != "" {
				if first, seen := byDOI[d]; seen {
					probs = append(probs, Problem{Pos: e.Pos, Field: e.Key + ".doi",
						Msg: fmt.Sprintf("same DOI %s as %s (%s): a duplicate?", d, first.Key, first.Pos)})
				} else {
					byDOI[d] = e
				}
			}
		}
		if title, ok := e.Field("title"); ok {
			if t := normTitle(title); t != "" {
				if first, seen := byTitle[t]; seen {
					probs = append(probs, Problem{Pos: e.Pos, Field: e.Key + ".title",
						Msg: fmt.Sprintf("same title as %s (%s): a duplicate?", first.Key, first.Pos)})
				} else {
					byTitle[t] = e
				}
			}
		}
	}
	return probs.Sort()
}

func normDOI(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

func normTitle(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
