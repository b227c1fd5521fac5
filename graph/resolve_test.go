package graph

import (
	"strings"
	"testing"
)

func TestNameIndexResolve(t *testing.T) {
	ix := NewNameIndex([]Node{
		{ID: "kernel:redox", Name: "Redox", Aliases: []string{"Redox OS"}},
		{ID: "kernel:foo-os", Name: "Foo OS"},
		{ID: "kernel:fooos", Name: "FooOS"},
		{ID: "approach:microkernel", Name: "Microkernel"},
		{ID: "challenge:ffi", Name: "C interop / FFI"},
	})
	for _, c := range []struct {
		in    string
		kinds []Kind
		want  string // the ID, or the message of the miss
	}{
		{"kernel:redox", nil, "kernel:redox"},
		{"redox", nil, "kernel:redox"},
		{" REDOX-os ", nil, "kernel:redox"},
		{"kernel:Redox OS", nil, "kernel:redox"},
		{"Micro-kernel", []Kind{KindApproach}, "approach:microkernel"},
		{"c interop ffi", nil, "challenge:ffi"},
		{"Foo OS", nil, "kernel:foo-os"},
		{"F-O-O-O-S", nil, `"F-O-O-O-S" could be kernel:foo-os, kernel:fooos`},
		{"redoks", []Kind{KindKernel}, `no kernel matches "redoks"; did you mean kernel:redox?`},
		{"challenge:ffi", []Kind{KindKernel}, `no kernel matches "challenge:ffi": challenge:ffi is a challenge, not a kernel`},
		{"approach:redox", []Kind{KindKernel}, `no kernel matches "approach:redox"; did you mean kernel:redox?`},
		{"", nil, `no node matches ""`},
		{strings.Repeat("x", 5000), nil, `no node matches "` + strings.Repeat("x", MaxQuoted) + `... (4936 more bytes)"`},
	} {
		r := ix.Resolve(c.in, c.kinds...)
		got := r.ID
		if got == "" {
			got = r.Miss(c.in)
		}
		if got != c.want {
			t.Errorf("Resolve(%q, %v) = %s, want %s", c.in, c.kinds, got, c.want)
		}
	}
}
