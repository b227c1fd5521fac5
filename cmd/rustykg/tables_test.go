package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rustykg/data"
	"rustykg/queries"
)

// copyData writes the embedded data set to a temporary folder.
func copyData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(data.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(data.FS, p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func tablesJSON(t *testing.T, args ...string) queries.ReviewTables {
	t.Helper()
	out, errs, code := run(t, append(args, "tables", "--format", "json")...)
	if code != 0 {
		t.Fatalf("tables: exit %d: %s", code, errs)
	}
	var res queries.ReviewTables
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

type rowWant struct {
	papers int
	refs   string
	os     string
}

func rowsByID(rows []queries.ReviewRow) map[string]rowWant {
	m := map[string]rowWant{}
	for _, r := range rows {
		m[r.ID] = rowWant{r.Papers, strings.Join(r.Refs, " "), strings.Join(r.OSNames, ", ")}
	}
	return m
}

// TestTablesReproduceReview checks the review's Tables 2-4 as printed in
// the paper (Panter and Eisty 2024), recomputed from the claims.
func TestTablesReproduceReview(t *testing.T) {
	res := tablesJSON(t)
	check := func(name string, got map[string]rowWant, want map[string]rowWant) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: %d rows, want %d: %v", name, len(got), len(want), got)
		}
		for id, w := range want {
			if got[id] != w {
				t.Errorf("%s %s = %+v, want %+v", name, id, got[id], w)
			}
		}
	}
	check("table 2", rowsByID(res.Table2), map[string]rowWant{
		"approach:monolithic":  {4, "[16] [21] [26] [29]", "Linux"},
		"approach:microkernel": {5, "[5] [17] [18] [24] [25]", "Atmosphere, RedLeaf, Redox"},
		"approach:embedded":    {2, "[6] [31]", "Bern RTOS, Drone OS, HarSaRK, Hubris, Tock"},
		"approach:unikernel":   {4, "[3] [8] [12] [28]", "Hermit, Theseus"},
		"approach:exokernel":   {1, "[15]", "W-Kernel"},
	})
	check("table 3", rowsByID(res.Table3), map[string]rowWant{
		"implication:performance": {3, "[7] [14] [19]", ""},
		"implication:throughput":  {1, "[7]", ""},
		"implication:latency":     {1, "[6]", ""},
	})
	check("table 4", rowsByID(res.Table4), map[string]rowWant{
		"challenge:binary-size":      {1, "[2]", ""},
		"challenge:missing-features": {1, "[4]", ""},
		"challenge:soundness":        {1, "[11]", ""},
		"challenge:panics":           {2, "[4] [19]", ""},
		"challenge:ffi":              {2, "[13] [22]", ""},
	})
}

// TestTablesFollowClaims adds one claim to a copy of the data and checks
// that exactly the affected count changes.
func TestTablesFollowClaims(t *testing.T) {
	dir := copyData(t)
	before := tablesJSON(t, "--data", dir)
	extra := `
  - subject: kernel:tock
    relation: faces
    object: challenge:soundness
    study: study:culic2022lowlatency
    locator: Section 4
    note: Added by a test.
    table: 4
`
	f, err := os.OpenFile(filepath.Join(dir, "claims.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(extra); err != nil {
		t.Fatal(err)
	}
	f.Close()
	after := tablesJSON(t, "--data", dir)
	b, a := rowsByID(before.Table4), rowsByID(after.Table4)
	if b["challenge:soundness"].papers+1 != a["challenge:soundness"].papers {
		t.Errorf("soundness: %d papers before, %d after; want one more", b["challenge:soundness"].papers, a["challenge:soundness"].papers)
	}
	if a["challenge:soundness"].refs != "[6] [11]" {
		t.Errorf("soundness refs after = %q", a["challenge:soundness"].refs)
	}
	for id, w := range b {
		if id != "challenge:soundness" && a[id] != w {
			t.Errorf("%s changed: %+v -> %+v", id, w, a[id])
		}
	}
}

// TestHugeFile: a 10 MB data file is refused with its size, and nothing
// is printed.
func TestHugeFile(t *testing.T) {
	dir := copyData(t)
	big := strings.Repeat("# padding line of a huge data file ......................\n", 10<<20/58+1)
	if err := os.WriteFile(filepath.Join(dir, "huge.yaml"), []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := run(t, "--data", dir, "tables")
	if code != exitData || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	want := fmt.Sprintf("%s: file is %d bytes, over the 8388608-byte limit for a data file", filepath.Join(dir, "huge.yaml"), len(big))
	if !strings.Contains(errs, want) {
		t.Errorf("stderr %q does not contain %q", errs, want)
	}
}

// TestDataDirMissing: a missing folder is a read error (exit 3).
func TestDataDirMissing(t *testing.T) {
	_, errs, code := run(t, "--data", filepath.Join(t.TempDir(), "nope"), "tables")
	if code != exitData || !strings.Contains(errs, "no such file or directory") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}
