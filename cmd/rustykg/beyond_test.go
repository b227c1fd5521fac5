package main

import (
	"encoding/json"
	"reflect"
	"testing"

	"rustykg/queries"
)

func beyondJSON(t *testing.T, args ...string) queries.BeyondTables {
	t.Helper()
	out, errs, code := run(t, append(args, "tables", "--beyond", "--format", "json")...)
	if code != 0 {
		t.Fatalf("tables --beyond: exit %d: %s", code, errs)
	}
	var res queries.BeyondTables
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

func beyondRows(rows []queries.BeyondRow) map[string]queries.BeyondRow {
	m := map[string]queries.BeyondRow{}
	for _, r := range rows {
		m[r.ID] = r
	}
	return m
}

// TestTablesBeyondCountsNewStudy adds one study outside the review with a
// claim on Table 4's soundness row to a copy of the data: tables --beyond
// counts it as added in exactly that row, and the review's tables do not
// move.
func TestTablesBeyondCountsNewStudy(t *testing.T) {
	dir := copyData(t)
	reviewBefore := tablesJSON(t, "--data", dir)
	before := beyondJSON(t, "--data", dir)
	add := func(name, text string) { appendFile(t, dir, name, text) }
	add("studies.bib", "\n@misc{test2026new, author = {Doe, Jane}, title = {A New Study}, year = {2026}}\n")
	add("studies.yaml", "\n  - id: study:test2026new\n    in_review: false\n    sources: [https://example.org/new]\n")
	add("claims.yaml", `
  - subject: kernel:redox
    relation: faces
    object: challenge:soundness
    study: study:test2026new
    locator: Section 1
    note: Added by a test.
    flags: [outside-review]
`)
	if got := tablesJSON(t, "--data", dir); !reflect.DeepEqual(got, reviewBefore) {
		t.Errorf("the review's tables changed:\nbefore %+v\nafter  %+v", reviewBefore, got)
	}
	after := beyondJSON(t, "--data", dir)
	b, a := beyondRows(before.Table4), beyondRows(after.Table4)
	s := a["challenge:soundness"]
	if s.AddedPapers != b["challenge:soundness"].AddedPapers+1 || s.Papers != b["challenge:soundness"].Papers+1 || s.ReviewPapers != b["challenge:soundness"].ReviewPapers {
		t.Errorf("soundness: %+v -> %+v; want one more added paper", b["challenge:soundness"], s)
	}
	found := false
	for _, id := range s.Added {
		found = found || id == "study:test2026new"
	}
	if !found {
		t.Errorf("soundness added studies %v lack study:test2026new", s.Added)
	}
	for id, r := range b {
		if id != "challenge:soundness" && !reflect.DeepEqual(a[id], r) {
			t.Errorf("%s changed: %+v -> %+v", id, r, a[id])
		}
	}
	if !reflect.DeepEqual(before.Table2, after.Table2) || !reflect.DeepEqual(before.Table3, after.Table3) {
		t.Error("tables 2 or 3 changed")
	}
}
