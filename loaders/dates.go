package loaders

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Dates in a data set: the review's search window (from, to: YYYY-MM-DD),
// a kernel's first_release (a year, a YYYY-MM or YYYY-MM-DD date, or a
// short phrase such as "before 2015", which is not checked), and a BibTeX
// entry's year (four digits, or "n.d." for an undated page) and biblatex date (YYYY, YYYY-MM or
// YYYY-MM-DD). A value that looks like a date must be a real one.

// noDate is the year of an undated source, as bibliographies write it.
const noDate = "n.d."

// Years outside this range are taken for typing mistakes.
const minYear, maxYear = 1900, 2100

var (
	yearRE     = regexp.MustCompile(`^[0-9]{4}$`)
	dateLikeRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{1,2}(-[0-9]{1,2})?$`)
)

func validYear(s string) bool {
	if !yearRE.MatchString(s) {
		return false
	}
	y, _ := strconv.Atoi(s)
	return minYear <= y && y <= maxYear
}

// checkDate returns "" when s is YYYY, YYYY-MM or YYYY-MM-DD naming a real
// day (month), else a message.
func checkDate(s string) string {
	if validYear(s) {
		return ""
	}
	layout := "2006-01-02"
	if len(s) == 7 {
		layout = "2006-01"
	}
	t, err := time.Parse(layout, s)
	if err != nil || !dateLikeRE.MatchString(s) {
		return fmt.Sprintf("%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s)
	}
	if t.Year() < minYear || t.Year() > maxYear {
		return fmt.Sprintf("%q: the year is outside %d to %d", s, minYear, maxYear)
	}
	return ""
}

// checkRelease checks a first_release value: one that starts like a year
// or a date must be one; a phrase is left alone.
func checkRelease(s string) string {
	switch {
	case yearRE.MatchString(s) && !validYear(s):
		return fmt.Sprintf("%q: the year is outside %d to %d", s, minYear, maxYear)
	case dateLikeRE.MatchString(s):
		return checkDate(s)
	}
	return ""
}

// date reads a required YYYY-MM-DD field of r; a problem is reported when it
// is not a real day.
func (l *loader) date(r *record, key string) (time.Time, bool) {
	s := r.str(key)
	if s == "" {
		return time.Time{}, false // missing or of the wrong type: reported by the shape check
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil || !dateLikeRE.MatchString(s) {
		l.shapeProblem(r.posOf(key), r.field(key), "%q is not a date (YYYY-MM-DD, a real day)", s)
		return time.Time{}, false
	}
	return t, true
}

// fieldPos is the position of a BibTeX entry's field, or of the entry.
func fieldPos(e BibEntry, name string) Pos {
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Pos
		}
	}
	return e.Pos
}
