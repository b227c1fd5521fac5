package graph

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names are looked up leniently, in two steps (see queries.Catalog.Resolve):
//
//   - Normalize folds case and turns every run of spaces and punctuation
//     into one space, trimmed at both ends: "Rust-for-Linux", "rust for
//     linux" and " RUST  for_linux " are all "rust for linux". Word breaks
//     stay, so "G1 10" and "G11 0" remain two names.
//   - Compact also drops those breaks ("g110"): "Micro-kernel" finds the
//     slug "microkernel". It is tried only when Normalize finds nothing,
//     and a compact form shared by several nodes is reported as ambiguous.
//
// Two nodes may not share a normalised slug, name or alias within a kind
// (the loaders refuse it); they may share a compact form.

// Normalize folds a name for lenient matching: lower case, each run of
// spaces and punctuation one space, none at the ends. Symbols (+, #, $)
// are kept: "C++" and "C" stay apart.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	sep := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsControl(r) {
			sep = b.Len() > 0
			continue
		}
		if sep {
			b.WriteByte(' ')
			sep = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Compact is Normalize without the word breaks: "Micro-kernel" and
// "microkernel" are both "microkernel".
func Compact(s string) string {
	return strings.ReplaceAll(Normalize(s), " ", "")
}

// EditDistance is the Levenshtein distance between a and b, in runes.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Shorten cuts s to at most n runes for a message, marking the cut with
// the number of bytes left out: an argument of 120 KB is quoted as its
// first n runes.
func Shorten(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	return fmt.Sprintf("%s... (%d more bytes)", s[:cut], len(s)-cut)
}

// MaxQuoted is the longest part of a user's argument that Quote keeps, in
// runes.
const MaxQuoted = 64

// Quote quotes what a user typed for an error message: Go syntax (control
// characters escaped) and at most MaxQuoted runes.
func Quote(s string) string {
	return fmt.Sprintf("%q", Shorten(s, MaxQuoted))
}
