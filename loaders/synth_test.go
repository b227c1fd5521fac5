package loaders

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// synthFiles generates a valid data set of n studies in the shipped
// layout: review.yaml, studies.bib (one entry per study), studies.yaml
// (with descriptions), kernels.yaml (nk kernels, 300 challenges, 8
// approaches) and claims.yaml (three claims per study). At n = 19,000
// studies.bib and claims.yaml are close to the 8 MiB file limit; nk = 60,000
// makes kernels.yaml that large. The output depends on n only.
func synthFiles(n, nk int) map[string][]byte {
	nk, nc, na := max(20, nk), 300, 8
	var review, bib, studies, kernels, claims strings.Builder
	review.WriteString(`review:
  id: review:synth2024
  name: Synthetic review
  window: {from: "2019-01-01", to: "2024-04-01"}
  databases: [{name: ACM, hits: 1, query: q}]
  counts: {raw: 1, screened: 1, snowballed: 0, selected: 1}
  research_questions: [{id: RQ1, text: t}]
`)
	bib.WriteString("@misc{synth2024, title = {Synthetic review}, year = 2024}\n")
	studies.WriteString("studies:\n")
	kernels.WriteString("kernels:\n")
	for i := range nk {
		fmt.Fprintf(&kernels, "  - id: kernel:k%06d\n    name: Kernel number %d\n    in_review: %t\n    design: synthetic design %d\n    sources: [https://example.org/kernel/%d]\n", i, i, i%2 == 0, i, i)
	}
	kernels.WriteString("challenges:\n")
	for i := range nc {
		fmt.Fprintf(&kernels, "  - {id: challenge:c%04d, name: Challenge number %d, in_review: true}\n", i, i)
	}
	kernels.WriteString("approaches:\n")
	for i := range na {
		fmt.Fprintf(&kernels, "  - {id: approach:a%d, name: Approach number %d}\n", i, i)
	}
	claims.WriteString("claims:\n")
	for i := range na {
		fmt.Fprintf(&claims, "  - {subject: kernel:k%06d, relation: follows, object: approach:a%d, study: review:synth2024, locator: Table 2, note: synthetic, table: 2, flags: [no-cited-study]}\n", i, i)
	}
	for i := range n {
		key := fmt.Sprintf("s%06d", i)
		fmt.Fprintf(&bib, "@inproceedings{%s,\n  author    = {M{\\\"u}ller, Anna and {\\O}stergaard, Bo and Doe, John and Roe, Richard and Poe, Edgar Allan},\n  title     = {A study of {Rust} in kernels, number %d: safety, speed and the rest},\n  booktitle = {Proceedings of the Synthetic Conference on Operating Systems and Languages},\n  year      = {%d},\n  pages     = {%d--%d},\n  doi       = {10.1000/synth.%d},\n  publisher = {ACM},\n}\n\n", key, i, 2015+i%10, i%500+1, i%500+12, i)
		fmt.Fprintf(&studies, "  - id: study:%s\n    in_review: %t\n    ref: %d\n    description: >-\n      Synthetic study %d examines one kernel and reports what it faces; the text\n      is long enough to make this file about as large as the BibTeX file.\n    sources: [https://example.org/study/%d]\n", key, i%3 != 0, i+1, i, i)
		k, c1, c2 := i%nk, (i*7)%nc, (i*13+1)%nc
		fmt.Fprintf(&claims, "  - subject: study:%s\n    relation: examines\n    object: kernel:k%06d\n    study: study:%s\n    locator: Section 2\n    note: synthetic\n", key, k, key)
		fmt.Fprintf(&claims, "  - subject: kernel:k%06d\n    relation: faces\n    object: challenge:c%04d\n    study: study:%s\n    locator: Section 3\n    note: synthetic\n", k, c1, key)
		if c2 != c1 {
			fmt.Fprintf(&claims, "  - subject: kernel:k%06d\n    relation: faces\n    object: challenge:c%04d\n    study: study:%s\n    locator: Section 4\n    note: synthetic\n", k, c2, key)
		}
	}
	return map[string][]byte{
		"review.yaml":  []byte(review.String()),
		"studies.bib":  []byte(bib.String()),
		"studies.yaml": []byte(studies.String()),
		"kernels.yaml": []byte(kernels.String()),
		"claims.yaml":  []byte(claims.String()),
	}
}

// writeSynth writes synthFiles(n, nk) into dir.
func writeSynth(tb testing.TB, dir string, n, nk int) {
	tb.Helper()
	for name, b := range synthFiles(n, nk) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestWriteSynth writes a synthetic data set of $RUSTYKG_SYNTH studies
// (and kernels: "studies,kernels") into $RUSTYKG_SYNTH_DIR, for profiling
// the command line on it:
//
//	RUSTYKG_SYNTH=19000,60000 RUSTYKG_SYNTH_DIR=/tmp/big go test ./loaders -run TestWriteSynth
//	go run ./cmd/rustykg --data /tmp/big kernels
func TestWriteSynth(t *testing.T) {
	dir, n, nk := os.Getenv("RUSTYKG_SYNTH_DIR"), 0, 0
	if dir == "" {
		t.Skip("set RUSTYKG_SYNTH_DIR (and RUSTYKG_SYNTH, the number of studies) to write a synthetic data set")
	}
	if _, err := fmt.Sscanf(os.Getenv("RUSTYKG_SYNTH"), "%d,%d", &n, &nk); err != nil || n < 1 {
		t.Fatalf("RUSTYKG_SYNTH=%q: want a positive number of studies", os.Getenv("RUSTYKG_SYNTH"))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeSynth(t, dir, n, nk)
}
