package graph

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, norm, compact string }{
		{"Redox OS", "redox os", "redoxos"},
		{"  RUST  for_Linux ", "rust for linux", "rustforlinux"},
		{"rust-for-linux", "rust for linux", "rustforlinux"},
		{"Micro-kernel", "micro kernel", "microkernel"},
		{"G1 10", "g1 10", "g110"},
		{"G11 0", "g11 0", "g110"},
		{"C++", "c++", "c++"},
		{"C interop / FFI", "c interop ffi", "cinteropffi"},
		{"Linux kernel v6.1+", "linux kernel v6 1+", "linuxkernelv61+"},
		{"-._/", "", ""},
		{"Tock\x1b[2J", "tock 2j", "tock2j"},
	} {
		if got := Normalize(c.in); got != c.norm {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.norm)
		}
		if got := Compact(c.in); got != c.compact {
			t.Errorf("Compact(%q) = %q, want %q", c.in, got, c.compact)
		}
	}
}

func TestShorten(t *testing.T) {
	if got := Shorten("abc", 3); got != "abc" {
		t.Errorf("Shorten kept %q", got)
	}
	if got, want := Shorten("äbcdef", 2), "äb... (4 more bytes)"; got != want {
		t.Errorf("Shorten = %q, want %q", got, want)
	}
	if got, want := Quote(strings.Repeat("x", 100)+"\x1b"), `"`+strings.Repeat("x", 64)+`... (37 more bytes)"`; got != want {
		t.Errorf("Quote = %s, want %s", got, want)
	}
}

// FuzzNormalize: Normalize is idempotent, has no leading, trailing or
// double spaces, and Compact has none at all.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Redox OS", " a--b ", "G1 10", "\x00\xff", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Errorf("Normalize(%q) = %q, not idempotent: %q", s, n, Normalize(n))
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Errorf("Normalize(%q) = %q", s, n)
		}
		if c := Compact(s); strings.Contains(c, " ") {
			t.Errorf("Compact(%q) = %q", s, c)
		}
		if q := Shorten(s, 10); utf8.RuneCountInString(s) > 10 && !strings.Contains(q, "more bytes") {
			t.Errorf("Shorten(%q) = %q", s, q)
		}
	})
}
