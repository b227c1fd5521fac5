package main

import (
	"bytes"
	"strings"
	"testing"

	"rustykg/queries"
)

// TestWriteTextAlign: columns are as wide as their widest cell, two spaces
// apart, the last cell unpadded, trailing spaces trimmed; a cell wider than
// maxAlign is printed whole and pushes only its own row.
func TestWriteTextAlign(t *testing.T) {
	long := strings.Repeat("s", maxAlign+40)
	for _, tc := range []struct {
		name string
		t    queries.Table
		want []string
	}{
		{
			name: "aligned",
			t: queries.Table{Columns: []string{"id", "name", "n"}, Rows: [][]string{
				{"a", "Alpha", "1"},
				{"bbb", "B", ""},
				{"c", "", "3"},
			}},
			want: []string{
				"ID   NAME   N",
				"a    Alpha  1",
				"bbb  B",
				"c           3",
			},
		},
		{
			name: "wide cell",
			t: queries.Table{Columns: []string{"id", "studies", "n"}, Rows: [][]string{
				{"a", "x", "1"},
				{"b", long, "2"},
				{"c", strings.Repeat("y", maxAlign), "3"},
			}},
			want: []string{
				"ID  STUDIES" + strings.Repeat(" ", maxAlign-len("STUDIES")+2) + "N",
				"a   x" + strings.Repeat(" ", maxAlign-1+2) + "1",
				"b   " + long + "  2",
				"c   " + strings.Repeat("y", maxAlign) + "  3",
			},
		},
		{
			name: "escaped cells count as printed",
			t: queries.Table{Columns: []string{"a", "b"}, Rows: [][]string{
				{"x\u202ey", "1"},
				{"zz", "2"},
			}},
			want: []string{
				"A         B",
				`x\u202ey  1`,
				"zz        2",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeText(&b, tc.t, len(tc.t.Rows), heldRows(tc.t), false); err != nil {
				t.Fatal(err)
			}
			want := strings.Join(tc.want, "\n") + "\n"
			if b.String() != want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), want)
			}
		})
	}
}
