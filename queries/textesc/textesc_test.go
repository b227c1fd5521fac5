package textesc

import "testing"

func TestVisible(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Redox OS", "Redox OS"},
		{"Tock\u202e", `Tock\u202e`},
		{"a\x1b[2Jb", `a\x1b[2Jb`},
		{"\u2066x\u2069", `\u2066x\u2069`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"αβγ עברית", "αβγ עברית"},
		{`back\slash`, `back\slash`},
	}
	for _, c := range cases {
		if got := Visible(c.in); got != c.want {
			t.Errorf("Visible(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestVisibleText(t *testing.T) {
	in := "@article{k,\n\ttitle = {A\u202eB\x1b[2J},\r\n}"
	want := "@article{k,\n\ttitle = {A\\u202eB\\x1b[2J},\\x0d\n}"
	if got := VisibleText(in); got != want {
		t.Errorf("VisibleText(%q) = %q, want %q", in, got, want)
	}
}
