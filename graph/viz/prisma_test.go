package viz

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"rustykg/queries"
)

// prismaMethod is a method with a name and a database full of what DOT
// and SVG must escape.
func prismaMethod(dups bool) queries.Method {
	m := queries.Method{
		Review: "review:x", Name: `Mini "review" <b>&</b> \ end`,
		Databases: []queries.Database{{Name: "ACM\nDigital <Library> & \"Co\"", Hits: 30}, {Name: "IEEE", Hits: 12}},
		Raw:       queries.Count{Value: 42, Known: true}, Screened: queries.Count{Value: 9, Known: true},
		Snowballed: queries.Count{Value: 3, Known: true}, Selected: queries.Count{Value: 12, Known: true},
	}
	if dups {
		m.Duplicates = queries.Count{Value: 5, Known: true}
	}
	return m
}

// TestPRISMA: the flow diagram's DOT is the golden file; native dot draws
// it, and the SVG's text holds every number, the derived ones included,
// and the names as they are. Without duplicates there is no duplicates box.
func TestPRISMA(t *testing.T) {
	src, err := PRISMA(prismaMethod(true))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden", "prisma.dot")
	if *update {
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
	} else if want, err := os.ReadFile(path); err != nil || !bytes.Equal(src, want) {
		t.Errorf("DOT differs from %s (go test ./graph/viz -update if intended; %v)\n%s", path, err, src)
	}
	noDups, err := PRISMA(prismaMethod(false))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(noDups, []byte(`"duplicates"`)) {
		t.Error("a duplicates box with no duplicates reported")
	}
	if _, err := PRISMA(queries.Method{Review: "review:x"}); err == nil {
		t.Error("PRISMA drew a review with no counts")
	}

	dot := requireTool(t, "dot", "graphviz")
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = bytes.NewReader(src)
	svg, err := cmd.Output()
	if err != nil {
		t.Fatalf("dot -Tsvg: %v", err)
	}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	var texts []string
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			inText = x.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, string(x))
			}
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"(n = 42)", "(n = 5)", "(n = 37)", "(n = 28)", "(n = 9)", "(n = 3)", "(n = 12)",
		"Digital <Library> & \"Co\" (n = 30)", "IEEE (n = 12)", `Mini "review" <b>&</b> \ end`} {
		if !strings.Contains(all, want) {
			t.Errorf("the drawn flow lacks %q:\n%s", want, all)
		}
	}
}
