package loaders

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// The hostile-input corpus: every file of testdata/hostile, and the big
// ones generated below, is laid over the valid base data set under its own
// name (so a .bib file is read as BibTeX, a .yaml file as YAML) and loaded.
// Each must end, within a minute, in a data set or in positioned problems:
// no panic, no runaway memory, no problem line that echoes a huge input.
// The outcome of each case (loaded, or the number of problems and the
// first) is in testdata/hostile.golden (go test ./loaders -update).

// hostileGenerated are corpus cases too big to keep as files; with
// RUSTYKG_LONG=1 they are generated near the 8 MiB file limit.
func hostileGenerated(long bool) map[string][]byte {
	size := 512 << 10
	if long {
		size = MaxFileSize - 4096
	}
	var deep strings.Builder
	deep.WriteString("claims:\n")
	for i := range 500 { // a list in a mapping in a list ... 1,000 levels
		deep.WriteString(strings.Repeat("  ", 2*i+1) + "- k:\n")
	}
	var keys strings.Builder
	keys.WriteString("kernels:\n  - id: kernel:x\n    name: X\n    sources: [https://x.org]\n")
	for i := 0; keys.Len() < size/8; i++ {
		fmt.Fprintf(&keys, "    unknown%d: v\n", i)
	}
	var line strings.Builder
	line.WriteString("challenges: [")
	for i := 0; line.Len() < size; i++ {
		fmt.Fprintf(&line, "{id: challenge:g%d, name: G%d}, ", i, i)
	}
	line.WriteString("]\n")
	return map[string][]byte{
		"gen-yaml-deep-block.yaml":  []byte(deep.String()),
		"gen-size-huge-scalar.yaml": []byte("kernels:\n  - id: kernel:x\n    name: X\n    sources: [https://x.org]\n    description: " + strings.Repeat("word ", size/5) + "\n"),
		"gen-size-huge-key.yaml":    []byte(strings.Repeat("k", size) + ": v\n"),
		"gen-size-huge-id.yaml":     []byte("kernels:\n  - id: kernel:" + strings.Repeat("x", size) + "\n    name: X\n    sources: [https://x.org]\n"),
		"gen-size-many-keys.yaml":   []byte(keys.String()),
		"gen-size-long-line.yaml":   []byte(line.String()),
		"gen-size-over-limit.yaml":  []byte("# " + strings.Repeat("x", MaxFileSize) + "\n"),
		"gen-size-huge-field.bib":   []byte("@misc{zz2024, title = {" + strings.Repeat("Title ", size/6) + "}, year = 2024}\n"),
		"gen-size-huge-bib-key.bib": []byte("@misc{" + strings.Repeat("k", size) + ", title = {T}, year = 2024}\n"),
	}
}

// maxProblemLine is the longest problem line a case may produce: messages
// quote at most a short piece of the input.
const maxProblemLine = 600

func TestHostileCorpus(t *testing.T) {
	long := os.Getenv("RUSTYKG_LONG") != ""
	cases := hostileGenerated(long)
	ents, err := os.ReadDir(filepath.Join("testdata", "hostile"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join("testdata", "hostile", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		cases[e.Name()] = b
	}
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	var golden strings.Builder
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			fsys := baseFS(t, map[string]string{name: string(cases[name])})
			done := make(chan string, 1)
			go func() {
				defer func() {
					if r := recover(); r != nil {
						done <- fmt.Sprintf("PANIC: %v", r)
					}
				}()
				_, err := Load(fsys, "")
				done <- outcome(err)
			}()
			var got string
			select {
			case got = <-done:
			case <-time.After(time.Minute):
				t.Fatal("Load did not return within a minute")
			}
			for _, l := range strings.Split(got, "\n") {
				if len(l) > maxProblemLine {
					t.Errorf("a problem line of %d bytes: %.200s...", len(l), l)
				}
			}
			if strings.Contains(got, "PANIC") || strings.Contains(got, "goroutine ") {
				t.Errorf("panic or goroutine trace: %s", got)
			}
			fmt.Fprintf(&golden, "== %s\n%s", name, got)
		})
	}
	// The golden file holds the outcomes at the default sizes; with
	// RUSTYKG_LONG the generated cases are bigger and only the checks above
	// apply.
	if !long && (!t.Failed() || *update) {
		checkGolden(t, "hostile.golden", golden.String())
	}
}

// outcome is how a load ended: "loaded", or the problem count and the first
// problem (and the last, when it is a summary).
func outcome(err error) string {
	if err == nil {
		return "loaded\n"
	}
	var probs Problems
	if !errors.As(err, &probs) {
		return "error: " + err.Error() + "\n"
	}
	s := fmt.Sprintf("%d problem(s); first: %s\n", len(probs), probs[0])
	if len(probs) > 1 {
		s += fmt.Sprintf("last: %s\n", probs[len(probs)-1])
	}
	return s
}
